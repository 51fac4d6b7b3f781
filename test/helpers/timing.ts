/**
 * Doubling-ratio timing for linear-time tests (issue 13): how much longer a call takes each time its
 * input doubles. Linear code gives about 2, quadratic about 4. Built for a shared, loaded machine:
 * time is this process's CPU time, not the wall clock (time spent waiting for a core is not work);
 * the input is doubled twice (n and 4n) and the ratio taken per doubling, which halves the noise
 * in it; every sample repeats the call until it lasts long enough to time; samples of the two sizes
 * alternate, so a burst of load hits both; and the fastest sample of each is kept, not an average
 * (noise only ever adds time, so the minimum is the steadiest estimate of the work itself).
 */
export function fastestMs(fn: () => unknown, runs = 5): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) best = Math.min(best, timeMs(fn));
  return best;
}

function timeMs(fn: () => unknown): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Shortest sample worth timing: timer resolution and scheduling noise are far below it. */
const MIN_SAMPLE_MS = 20;

/** (time of `fn(make(4n))` / time of `fn(make(n))`) ^ 1/2: the growth of the time per doubling of the input. */
export function doublingRatio<T>(make: (n: number) => T, fn: (input: T) => unknown, n: number, runs = 5): number {
  const small = make(n);
  const large = make(4 * n);
  const once = Math.max(fastestMs(() => fn(small), 2), 0.001);
  const reps = Math.max(1, Math.ceil(MIN_SAMPLE_MS / once));
  const repeated = (input: T) => () => {
    for (let i = 0; i < reps; i++) fn(input);
  };
  let bestSmall = Infinity;
  let bestLarge = Infinity;
  for (let i = 0; i < runs; i++) {
    bestSmall = Math.min(bestSmall, timeMs(repeated(small)));
    bestLarge = Math.min(bestLarge, timeMs(repeated(large)));
  }
  return Math.sqrt(bestLarge / bestSmall);
}

/** Linear with slack: each doubling of the input may at most triple the time (quadratic code quadruples it). */
export const LINEAR_RATIO = 3;

/**
 * The doubling ratio, measured again (up to three times in all) while it is over LINEAR_RATIO: a burst
 * of load can push one measurement of linear code over, while quadratic code fails every time.
 */
export function settledRatio<T>(make: (n: number) => T, fn: (input: T) => unknown, n: number): number {
  let best = Infinity;
  for (let attempt = 0; attempt < 3 && best >= LINEAR_RATIO; attempt++) best = Math.min(best, doublingRatio(make, fn, n));
  return best;
}
