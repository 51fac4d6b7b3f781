/** Rates and durations as operators write them in bounceguard.ini, parsed once at config load. */

const RATE_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600 };
const DURATION_UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * `N/s`, `N/m` or `N/h` (N may have decimals) to messages per second. A bare number is refused:
 * whether `5` means per second or per hour is exactly the ambiguity an operator should not leave.
 */
export function parseRate(value: unknown): number {
  const text = String(value).trim();
  const m = /^(\d+(?:\.\d+)?)\s*\/\s*([smh])$/i.exec(text);
  if (!m) throw new Error(`"${text}" is not a rate: write N/s, N/m or N/h (e.g. 5/s, 120/m)`);
  const perSecond = Number(m[1]) / RATE_UNITS[m[2].toLowerCase()];
  if (!(perSecond > 0)) throw new Error(`"${text}" is not a rate: it must be above zero`);
  return perSecond;
}

/** `N` (seconds), `Ns`, `Nm`, `Nh` or `Nd` to milliseconds. */
export function parseDuration(value: unknown): number {
  const text = String(value).trim();
  const m = /^(\d+(?:\.\d+)?)\s*([smhd]?)$/i.exec(text);
  if (!m) throw new Error(`"${text}" is not a duration: write seconds or N followed by s, m, h or d (e.g. 30s, 5m)`);
  return Math.round(Number(m[1]) * DURATION_UNITS[(m[2] || 's').toLowerCase()]);
}

/** A rate for people: the largest unit that keeps the figure at 1 or more. */
export function formatRate(perSecond: number | null): string {
  if (perSecond === null) return 'unthrottled';
  if (perSecond >= 1) return `${round(perSecond)}/s`;
  if (perSecond * 60 >= 1) return `${round(perSecond * 60)}/m`;
  return `${round(perSecond * 3600)}/h`;
}

function round(n: number): string {
  return String(Math.round(n * 100) / 100);
}
