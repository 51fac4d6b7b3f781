import v8 from 'node:v8';
import { InvalidArgumentError, type Command } from 'commander';
import { parseSize } from '../config/units';
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
      lessEagerOptimisation();
      const { runParseDsn } = await import('./parse-dsn-run');
      await runParseDsn(paths, opts, cmd);
    });
}

/**
 * A parse-dsn run spends most of its time on its first pass over the parser's code, much of which
 * runs only a few hundred times in all: V8 compiling it with its optimising compiler at the default
 * eagerness cost more than the optimised code saved (`npm run bench:cli-sisimai`: CPU time over
 * 1,068 emails 0.66 -> 0.45 s on one thread; a 200,000-line classify gained nothing, so only here).
 * Set before the parser loads, so that its functions get the larger budget; the flag is one V8
 * reads as it runs, and the whole process (workers too) shares it.
 */
function lessEagerOptimisation(): void {
  v8.setFlagsFromString(`--interrupt-budget=${PARSE_DSN_INTERRUPT_BUDGET}`);
  // Regular expressions the same way: most of the parser's and the rules' hundreds run on a handful of
  // lines in all, and V8's default compiles each twice (to bytecode, then, after one run, to machine
  // code), with a peephole pass over the bytecode. Straight to machine code, once: the same 1,068 emails
  // took 390-430 ms instead of 450-500 (best of 7, `node --no-regexp-tier-up --no-regexp-peephole-optimization`),
  // and callgrind counted 4-5% fewer instructions.
  v8.setFlagsFromString('--no-regexp-tier-up');
  v8.setFlagsFromString('--no-regexp-peephole-optimization');
}

/** Four times V8's default (67,584 in Node 20). */
const PARSE_DSN_INTERRUPT_BUDGET = 270_336;

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
