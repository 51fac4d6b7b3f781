import { Command } from 'commander';
import { registerClassifyCommand } from './classify';
import { registerParseDsnCommand } from './parse-dsn';
import { registerSuppressionCommand } from './suppression';
import { registerCheckCommand } from './check';
import { registerInstallCommand } from './install';
import { registerThrottleCommand } from './throttle';
import { registerSignalsCommands } from './signals';

/** Builds the `bounceguard` program; each command lives in its own file and registers itself. */
export function buildProgram(): Command {
  const program = new Command('bounceguard')
    .description('Classify SMTP replies and bounces, and look after the suppression list')
    .option('-c, --config <dir>', 'Haraka directory (or its config/ folder) to read bounceguard config from')
    .showHelpAfterError()
    // Before the commands are added, so that they inherit it: usage errors must exit 2, not 1.
    .exitOverride();
  registerClassifyCommand(program);
  registerParseDsnCommand(program);
  registerSuppressionCommand(program);
  registerCheckCommand(program);
  registerInstallCommand(program);
  registerThrottleCommand(program);
  registerSignalsCommands(program);
  return program;
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    const code = (err as { exitCode?: number }).exitCode;
    if (typeof code === 'number') return code === 1 ? 2 : code;
    throw err;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}
