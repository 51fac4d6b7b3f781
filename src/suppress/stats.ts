import type { SuppressionEntry } from '../store/types';
import { domainKeyOf } from '../util/address';

export interface SuppressionStats {
  total: number;
  byReason: Map<string, number>;
  byBounce: Map<string, number>;
  bySource: Map<string, number>;
  byDomain: Map<string, number>;
  /** Entries that expire within the horizon, by day of expiry (YYYY-MM-DD). */
  expiringSoon: Map<string, number>;
  permanent: number;
}

/** Tallies every entry of a scan in one pass. */
export async function collectStats(entries: AsyncIterable<SuppressionEntry>, now: number, horizonMs: number): Promise<SuppressionStats> {
  const stats: SuppressionStats = {
    total: 0, byReason: new Map(), byBounce: new Map(), bySource: new Map(), byDomain: new Map(),
    expiringSoon: new Map(), permanent: 0,
  };
  for await (const e of entries) {
    stats.total += 1;
    bump(stats.byReason, e.reason);
    bump(stats.byBounce, e.bounce);
    bump(stats.bySource, e.source);
    bump(stats.byDomain, domainKeyOf(e.key).slice(1));
    if (e.expiresAt === null) stats.permanent += 1;
    else if (e.expiresAt <= now + horizonMs) bump(stats.expiringSoon, new Date(e.expiresAt).toISOString().slice(0, 10));
  }
  return stats;
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Largest counts first, ties by name; `limit` keeps the head. */
export function ranked(map: Map<string, number>, limit = Infinity): [string, number][] {
  return [...map].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit);
}
