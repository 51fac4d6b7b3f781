import type { ScanFilter, Source, SuppressionEntry } from './types';

const OPERATOR_SOURCES: ReadonlySet<Source> = new Set(['manual', 'import']);

/**
 * How much an entry's decision weighs: an operator's decision outranks any evidence, and permanent
 * evidence outranks evidence that expires (an escalation, a missing domain).
 */
export function strength(entry: Pick<SuppressionEntry, 'source' | 'expiresAt'>): number {
  if (OPERATOR_SOURCES.has(entry.source)) return 2;
  return entry.expiresAt === null ? 1 : 0;
}

export function isLive(entry: Pick<SuppressionEntry, 'expiresAt'>, now: number): boolean {
  return entry.expiresAt === null || entry.expiresAt > now;
}

/**
 * Merges new evidence into a stored entry. History (first/last seen, count) always accumulates;
 * the decision (reason, source, expiry, reply...) is replaced only by evidence at least as strong,
 * so a manual or imported entry is never downgraded by a later bounce.
 */
export function mergeEntry(stored: SuppressionEntry | null, incoming: SuppressionEntry, now: number): SuppressionEntry {
  if (!stored || !isLive(stored, now)) return { ...incoming };
  const decision = strength(incoming) >= strength(stored) ? incoming : stored;
  return {
    ...decision,
    key: stored.key,
    firstSeen: Math.min(stored.firstSeen, incoming.firstSeen),
    lastSeen: Math.max(stored.lastSeen, incoming.lastSeen),
    count: stored.count + incoming.count,
  };
}

/** Whether an entry is selected by a filter, apart from its `after` cursor and `limit`. */
export function matchesFilter(entry: SuppressionEntry, filter: ScanFilter = {}): boolean {
  if (filter.reason && entry.reason !== filter.reason) return false;
  if (filter.source && entry.source !== filter.source) return false;
  if (filter.domain && !entry.key.endsWith(`@${filter.domain}`)) return false;
  if (filter.since !== undefined && entry.lastSeen < filter.since) return false;
  if (filter.until !== undefined && entry.lastSeen >= filter.until) return false;
  if (filter.contains && !entry.key.toLowerCase().includes(filter.contains.toLowerCase())) return false;
  return true;
}

/** The most a scan may still return: Infinity without a limit. */
export function scanLimit(filter: ScanFilter = {}): number {
  return filter.limit === undefined ? Infinity : Math.max(0, Math.floor(filter.limit));
}
