import os from 'node:os';
import { InvalidArgumentError } from 'commander';

/** `--jobs N`: threads to spread a large input over. */
export function jobsOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('expected a whole number from 1 to 64');
  return n;
}

/**
 * Threads a large input uses by default: the CPU cores not already busy (one-minute load average),
 * at least one. Each thread warms up on its own, which only pays where a core would otherwise idle.
 */
export function defaultJobs(): number {
  const cores = os.availableParallelism();
  return Math.max(1, Math.min(cores, Math.round(cores - os.loadavg()[0])));
}
