import type { Command } from 'commander';
import { harakaDirOf } from './context';

/**
 * `config check`: validates every bounceguard file of the Haraka directory as the plugins would
 * read it, prints every problem, and exits 1 when there is any (2: no such Haraka directory).
 */
export function registerConfigCommand(program: Command): void {
  const config = program.command('config').description("bounceguard's configuration files");
  config
    .command('check')
    .description("validate every bounceguard config file (exit 0 valid, 1 problems found, 2 not a Haraka directory)")
    .action(async (_opts: unknown, cmd: Command) => {
      const { CONFIG_FILES, describeProblem, openIniReader, readConfig } = await import('../config');
      const dir = harakaDirOf(cmd);
      const { problems } = readConfig(openIniReader(dir), dir);
      for (const p of problems) console.log(describeProblem(p));
      if (problems.length) {
        console.log(`${problems.length} problem${problems.length > 1 ? 's' : ''} in ${dir}/config`);
        process.exitCode = 1;
      } else {
        console.log(`${dir}/config: ${CONFIG_FILES.join(', ')} are valid`);
      }
    });
}
