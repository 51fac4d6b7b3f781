/** Rates as operators write them in bounceguard.ini, parsed once at config load. */

const RATE_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600 };

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
