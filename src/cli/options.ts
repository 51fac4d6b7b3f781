import { InvalidArgumentError } from 'commander';

/** `--jobs N`: threads to spread a large input over. */
export function jobsOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('expected a whole number from 1 to 64');
  return n;
}
