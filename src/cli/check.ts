import type { Command } from 'commander';
import { encodeEntry } from '../suppress/io';
import { withSuppression } from './context';
import { expiryText } from './suppression';

/** `check ADDRESS`: exit status 0 suppressed, 1 not suppressed, 2 error (the store's answer unknown included). */
export function registerCheckCommand(program: Command): void {
  program
    .command('check <address>')
    .description('Whether an address is suppressed, and why (exit 0 suppressed, 1 not, 2 error)')
    .option('--json', 'print the answer and the entry as JSON')
    .action(async (address: string, opts: { json?: boolean }, cmd: Command) => {
      process.exitCode = 2;
      const result = await withSuppression(cmd, { writes: false }, ({ policy }) => policy.check(address));
      if (opts.json) {
        const entry = result.status === 'suppressed' ? JSON.parse(encodeEntry(result.entry, 'jsonl')) : null;
        const error = 'error' in result ? result.error : undefined;
        console.log(JSON.stringify({ address, status: result.status, entry, error }));
      } else if (result.status === 'suppressed') {
        const e = result.entry;
        const scope = e.key.startsWith('@') ? ` (whole domain ${e.key.slice(1)})` : '';
        console.log(`${address}: suppressed${scope}: ${e.reason}, ${e.bounce} bounce, source ${e.source}, ${expiryText(e.expiresAt)}`);
        if (e.reply) console.log(`  last reply: ${e.reply}`);
      } else if (result.status === 'invalid' || result.status === 'unknown') {
        console.error(`bounceguard check: ${result.error}`);
      } else {
        console.log(`${address}: not suppressed${result.status === 'allowlisted' ? ' (allowlisted)' : ''}`);
      }
      process.exitCode = { suppressed: 0, clear: 1, allowlisted: 1, invalid: 2, unknown: 2 }[result.status];
    });
}
