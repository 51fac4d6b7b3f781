import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { PACKAGE_ROOT } from '../config/reader';
import { registerCheckCommand } from './check';
import { registerClassifyCommand } from './classify';
import { registerConfigCommand } from './config';
import { CliError } from './context';
import { registerInstallCommand } from './install-command';
import { out, quietOnClosedPipe } from './output';
import { registerParseDsnCommand } from './parse-dsn';
import { registerSignalsCommands } from './signals';
import { registerSuppressionCommand } from './suppression';
import { registerThrottleCommand } from './throttle';

/**
 * Builds the `bounceguard` program; each command lives in its own file and registers itself. Only
 * commander and the command files load here: a command loads what it uses when it runs.
 */
export function buildProgram(): Command {
  const program = new Command('bounceguard')
    .description('Classify SMTP replies and bounces, and look after the suppression list')
    .version(packageVersion(), '-V, --version')
    .option('-c, --config <dir>', 'Haraka directory (or its config/ folder) to read bounceguard config from')
    // Before the commands are added, so that they inherit it: usage errors exit 2, and say what was wrong
    // in one line with where to read more, not the whole help.
    .exitOverride()
    .configureOutput({ outputError: () => undefined });
  registerClassifyCommand(program);
  registerParseDsnCommand(program);
  registerSuppressionCommand(program);
  registerCheckCommand(program);
  registerInstallCommand(program);
  registerThrottleCommand(program);
  registerSignalsCommands(program);
  registerConfigCommand(program);
  return program;
}

function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  quietOnClosedPipe();
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    await out.flush();
  } catch (err) {
    await out.flush();
    if (err instanceof CliError) {
      console.error(`bounceguard: ${err.message}`);
      return err.exitCode;
    }
    if (err instanceof CommanderError) return usageError(err, program, argv);
    throw err;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}

/** Help and --version end with 0; a usage error is one line, a pointer to the help, and status 2. */
function usageError(err: CommanderError, program: Command, argv: string[]): number {
  if (err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
  const words = commandPath(program, argv.slice(2));
  console.error(`bounceguard: ${err.message.replace(/^error: /, '')}\n(see: bounceguard ${[...words, '--help'].join(' ')})`);
  return err.exitCode === 1 ? 2 : err.exitCode;
}

/** The (sub)command words the arguments name, for the help pointer. */
function commandPath(program: Command, args: string[]): string[] {
  const words: string[] = [];
  let cmd = program;
  for (const arg of args) {
    const next = cmd.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (!next) continue;
    words.push(arg);
    cmd = next;
  }
  return words;
}
