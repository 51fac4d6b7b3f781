import type { Bounce, Reason } from '../classify/types';
import type { SignalStore } from './signal-types';

export type { CounterAdd, LogItem, SignalStore } from './signal-types';

/** Where a suppression came from. `manual` and `import` are operator decisions; the rest is evidence. */
export const SOURCES = ['smtp', 'dsn', 'arf', 'manual', 'import', 'escalation'] as const;
export type Source = (typeof SOURCES)[number];

/** One suppression list entry. Times are epoch milliseconds. */
export interface SuppressionEntry {
  /** Normalised `local@domain`, or `@domain` for a whole domain. */
  key: string;
  reason: Reason;
  bounce: Bounce;
  source: Source;
  code: number | null;
  enhanced: string | null;
  /** The remote reply, truncated. */
  reply: string | null;
  provider: string | null;
  firstSeen: number;
  lastSeen: number;
  count: number;
  /** null: permanent. */
  expiresAt: number | null;
}

/** Which entries a scan or count selects. Every backend returns them in key order. */
export interface ScanFilter {
  /** Only entries of this domain (address entries and the domain entry itself). */
  domain?: string;
  reason?: Reason;
  source?: Source;
  /** Paging cursor: only keys after this one (the last key of the previous page). */
  after?: string;
  /** Only entries last seen at or after this time (epoch ms). */
  since?: number;
  /** Only entries last seen before this time (epoch ms). */
  until?: number;
  /** Only keys containing this text, compared case-insensitively. */
  contains?: string;
  /** At most this many entries. */
  limit?: number;
}

/**
 * The narrow part of a store that is about no suppression: small JSON values by key, each with its
 * own expiry, and the signal operations (counters, a bounded log, leases). Throttle paces, alert
 * windows and the webhook outbox live here, so that every worker and host sharing the store shares them.
 */
export interface StateStore extends SignalStore {
  getState<T = unknown>(key: string): Promise<T | null>;
  /** ttlMs: the value may be forgotten after this long; null keeps it. */
  setState(key: string, value: unknown, ttlMs: number | null): Promise<void>;
  /** Several values at once: one transaction (SQLite) or one pipeline (Redis) instead of one a value. */
  setStates(writes: StateWrite[]): Promise<void>;
}

export interface StateWrite {
  key: string;
  value: unknown;
  ttlMs: number | null;
}

/**
 * The one interface every backend implements: the suppression operations over the key/state part.
 * Expired entries are never returned. `put` merges with what is stored (see merge.ts), atomically
 * for every writer of the same store.
 */
export interface SuppressionStore extends StateStore {
  get(key: string): Promise<SuppressionEntry | null>;
  /** Only the keys that have a live entry appear in the result. */
  getMany(keys: string[]): Promise<Map<string, SuppressionEntry>>;
  /** Upserts with merge; resolves to the entry as now stored. */
  put(entry: SuppressionEntry): Promise<SuppressionEntry>;
  /** Resolves to true when an entry was removed. */
  remove(key: string): Promise<boolean>;
  /** Many entries at once, merged like `put`; resolves to the number written. */
  importMany(entries: SuppressionEntry[]): Promise<number>;
  /** Every live entry matching the filter, in key order. */
  scan(filter?: ScanFilter): AsyncIterable<SuppressionEntry>;
  /** How many live entries match the filter; `after` and `limit` are ignored (the total for paging). */
  count(filter?: ScanFilter): Promise<number>;
  /** Records a soft bounce of one message; resolves to the distinct messages bounced within the window. */
  recordSoftBounce(recipient: string, messageId: string, at: number, windowMs: number): Promise<number>;
  resetSoftBounces(recipient: string): Promise<void>;
  /**
   * When each message counted toward escalation last soft-bounced, oldest first: the state `check`
   * shows. May include bounces older than the window until the next record or purge drops them.
   */
  getSoftBounces(recipient: string): Promise<number[]>;
  /**
   * Deletes what can never be read again: expired entries and state, and soft bounces older than
   * the window. Maintenance, for a scheduled CLI run: it may scan the whole store.
   */
  purge(softBounceWindowMs: number): Promise<PurgeCounts>;
  close(): Promise<void>;
}

/** What purge deleted. Redis deletes by TTL as things expire, so it reports zeros. */
export interface PurgeCounts {
  entries: number;
  softBounces: number;
  states: number;
}

/** The clock stores read expiry against; injected in tests. */
export type Clock = () => number;
