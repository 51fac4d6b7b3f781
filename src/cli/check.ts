import type { Command } from 'commander';
import { checkRecord, checkTarget, type CheckAnswer, type Escalation } from '../suppress/check';
import { CliError, withSuppression } from './context';
import { readLines } from './lines';
import { expiryText, out } from './output';

const EXIT = { suppressed: 0, clear: 1, allowlisted: 1, invalid: 2, unknown: 2 } as const;

/**
 * `check ADDRESS...` (or addresses a line on stdin): exit status 0 when every one is suppressed,
 * 1 when one is not, 2 on an error (the store's answer unknown included).
 */
export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .argument('[addresses...]', 'addresses, or @domain for the whole-domain entry; none or "-": one a line on stdin')
    .description('Whether addresses are suppressed, and why (exit 0 all suppressed, 1 one not, 2 error)')
    .option('--json', 'one JSON object an address: the answer, the entry, soft bounces counted toward escalation')
    .action(async (addresses: string[], opts: { json?: boolean }, cmd: Command) => {
      process.exitCode = 2;
      let worst = 0;
      let checked = 0;
      await withSuppression(cmd, { writes: false }, async (ctx) => {
        for await (const address of addressesOf(addresses)) {
          const answer = await checkTarget(ctx, address);
          checked += 1;
          worst = Math.max(worst, EXIT[answer.status]);
          await (opts.json ? printJson(address, answer) : printText(address, answer, ctx.config.escalateWindowMs));
        }
      });
      if (checked === 0) throw new CliError('no address to check: name them, or give one a line on stdin');
      process.exitCode = worst;
    });
}

async function* addressesOf(args: string[]): AsyncIterable<string> {
  if (args.length > 0 && !(args.length === 1 && args[0] === '-')) {
    yield* args;
    return;
  }
  for await (const line of readLines(process.stdin)) {
    const text = line.text.trim();
    if (text && !text.startsWith('#')) yield text;
  }
}

function printJson(address: string, answer: CheckAnswer): Promise<void> | void {
  return out.line(JSON.stringify(checkRecord(address, answer)));
}

async function printText(address: string, answer: CheckAnswer, windowMs: number): Promise<void> {
  if (answer.status === 'suppressed') {
    const e = answer.entry;
    const scope = e.key.startsWith('@') && !address.trim().startsWith('@') ? ` (whole domain ${e.key.slice(1)})` : '';
    await out.line(`${address}: suppressed${scope}: ${e.reason}, ${e.bounce} bounce, source ${e.source}, ${expiryText(e.expiresAt)}`);
    if (e.reply) await out.line(`  last reply: ${e.reply}`);
  } else if (answer.status === 'invalid' || answer.status === 'unknown') {
    await out.flush();
    console.error(`bounceguard check: ${address}: ${answer.error}`);
  } else if (answer.status === 'allowlisted') {
    await out.line(`${address}: not suppressed (allowlisted)`);
  } else {
    await out.line(`${address}: not suppressed${escalationText(answer.escalation ?? null, windowMs)}`);
  }
}

function escalationText(e: Escalation | null, windowMs: number): string {
  if (!e) return '';
  const days = Math.round((windowMs / 86_400_000) * 10) / 10;
  return `; soft bounces counted toward escalation: ${e.counted} of ${e.of} within ${days} days (the oldest leaves the window ${new Date(e.windowEndsAt).toISOString()})`;
}
