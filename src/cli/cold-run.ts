import v8 from 'node:v8';

/**
 * `parse-dsn` and `classify` spend most of their time on a first pass over code and regular
 * expressions that then run only a few hundred times in all (a log repeats its replies; the classifier
 * answers a repeated one from its cache). Two V8 settings fit such a run better than the defaults;
 * both are flags V8 reads as it runs, set before the command loads its modules, and the whole
 * process (worker threads too) shares them.
 */
export function tuneForColdRun(): void {
  // V8's optimising compiler four times less eager: compiling code optimised that then ran a few
  // hundred times cost more than it saved (CPU time over 1,068 emails 0.66 -> 0.45 s on one thread).
  v8.setFlagsFromString(`--interrupt-budget=${COLD_RUN_INTERRUPT_BUDGET}`);
  // Each regular expression compiled once, straight to machine code: V8's default compiles each to
  // bytecode, peephole-optimises it and, after one run, compiles it again to machine code (the same
  // 1,068 emails took 390-430 ms instead of 450-500, best of 7; 200,000 lines of classify, with both
  // settings, median CPU 1,195 -> 1,085 ms, 10 runs each in turn). Zero runs before tier-up, not
  // `--no-regexp-tier-up`: turned off while the process runs, that made V8 call a regex it had
  // compiled to bytecode before as machine code, and crash (test/cli/cold-run.test.ts).
  v8.setFlagsFromString('--regexp-tier-up-ticks=0');
  v8.setFlagsFromString('--no-regexp-peephole-optimization');
}

/** Four times V8's default (67,584 in Node 20). */
const COLD_RUN_INTERRUPT_BUDGET = 270_336;
