import { InvalidArgumentError, type Command } from 'commander';
import { parseSize } from '../config/units';
import { tuneForColdRun } from './cold-run';
import { jobsOption } from './options';
import type { ParseDsnOptions } from './parse-dsn-run';

export function registerParseDsnCommand(program: Command): void {
  program
    .command('parse-dsn')
    .description('parse bounce messages (DSN, vendor bounce texts, ARF complaints, auto-replies): one JSON line a message')
    .argument('<paths...>', 'message files, directories of them (a Maildir: cur/ and new/), mbox files with --mbox; "-" reads stdin')
    .option('--mbox', 'files (and stdin) are mailboxes of many messages; each line names file#N')
    .option('--max-bytes <n>', 'skip messages larger than this, e.g. 10MB (reported as an error; default 10MB)', sizeOption)
    .option('-j, --jobs <n>', 'threads to parse on (default: the CPU cores not busy, for 1,000 messages or more)', jobsOption)
    .option('--record', 'apply the suppression policy to every recipient, in the configured store (source dsn or arf)')
    .option('--verify', 'with --record, believe only reports that answer mail we sent: a valid signed return path or a recorded message (the default when bounceguard-returnpath.ini has keys)')
    .option('--no-verify', 'with --record, believe every report (mailboxes only you can write to)')
    .action(async (paths: string[], opts: ParseDsnOptions, cmd: Command) => {
      tuneForColdRun();
      const { runParseDsn } = await import('./parse-dsn-run');
      await runParseDsn(paths, opts, cmd);
    });
}

function sizeOption(value: string): number {
  let n: number;
  try {
    n = parseSize(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
  if (n <= 0) throw new InvalidArgumentError('must be above zero');
  return n;
}
