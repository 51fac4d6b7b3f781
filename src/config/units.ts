/** Durations and sizes as operators write them in the ini files and on the command line. */

export type DurationUnit = 'ms' | 's' | 'm' | 'h' | 'd';

const DURATION_MS: Record<DurationUnit, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const SIZE_BYTES: Record<string, number> = { b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/**
 * `50ms`, `30s`, `5m`, `2h`, `7d` to milliseconds. A bare number is in `bare`, the unit the key's
 * name or documentation gives (`timeout_ms=50`, `escalate_window_days=7`, `cooldown=5`).
 */
export function parseDuration(value: unknown, bare: DurationUnit = 's'): number {
  const text = String(value).trim();
  const m = /^(\d+(?:\.\d+)?)\s*(ms|[smhd])?$/i.exec(text);
  if (!m) throw new Error(`"${text}" is not a duration: write a number followed by ms, s, m, h or d (e.g. 50ms, 30s, 5m)`);
  return Math.round(Number(m[1]) * DURATION_MS[(m[2]?.toLowerCase() as DurationUnit | undefined) ?? bare]);
}

/** `512`, `64KB`, `10MB`, `1GB` (powers of 1024; a bare number is bytes) to bytes. */
export function parseSize(value: unknown): number {
  const text = String(value).trim();
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?b?)$/i.exec(text);
  if (!m) throw new Error(`"${text}" is not a size: write bytes or a number followed by KB, MB or GB (e.g. 10MB)`);
  return Math.round(Number(m[1]) * SIZE_BYTES[m[2].toLowerCase() || 'b']);
}
