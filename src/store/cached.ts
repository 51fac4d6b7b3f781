import { isLive } from './merge';
import { signalMethods, type SignalStore } from './signal-types';
import type { Clock, PurgeCounts, ScanFilter, StateWrite, SuppressionEntry, SuppressionStore } from './types';

export interface CacheOptions {
  /** Most lookups remembered; the oldest goes first. */
  maxEntries: number;
  /** How long a lookup is trusted: another worker's or host's change shows after at most this. */
  ttlMs: number;
  now?: Clock;
}

interface Remembered {
  entry: SuppressionEntry | null;
  until: number;
}

/** The signal operations go straight to the inner store (assigned in the constructor). */
export interface CachedStore extends SignalStore {}

/**
 * A bounded, short-lived cache of lookups (found and not found) in front of a store, for the
 * delivery path: a busy relay asks about the same recipients again and again, and a remembered
 * answer also holds while the store is slow or down. Writes through this store drop the key they
 * touch, so this process sees its own changes at once; an expiry is honoured even inside the TTL.
 * A lookup that overlapped a write is not remembered: it may have read what the write replaced.
 */
export class CachedStore implements SuppressionStore {
  private readonly remembered = new Map<string, Remembered>();
  private readonly now: Clock;
  /** Bumped when a write starts and when it ends. */
  private writes = 0;

  constructor(private readonly inner: SuppressionStore, private readonly opts: CacheOptions) {
    this.now = opts.now ?? Date.now;
    Object.assign(this, signalMethods(inner));
  }

  async get(key: string): Promise<SuppressionEntry | null> {
    const now = this.now();
    const known = this.recall(key, now);
    if (known !== undefined) return known;
    const writes = this.writes;
    const entry = await this.inner.get(key);
    if (writes === this.writes) this.remember(key, entry, now);
    return entry;
  }

  async getMany(keys: string[]): Promise<Map<string, SuppressionEntry>> {
    const now = this.now();
    const found = new Map<string, SuppressionEntry>();
    const missing: string[] = [];
    for (const key of keys) {
      const known = this.recall(key, now);
      if (known === undefined) missing.push(key);
      else if (known !== null) found.set(key, known);
    }
    if (missing.length === 0) return found;
    const writes = this.writes;
    let fetched: Map<string, SuppressionEntry>;
    try {
      fetched = await this.inner.getMany(missing);
    } catch (err) {
      // A suppression already known is still an answer (the address's own, or its domain's).
      if (found.size > 0) return found;
      throw err;
    }
    for (const key of missing) {
      const entry = fetched.get(key) ?? null;
      if (writes === this.writes) this.remember(key, entry, now);
      if (entry) found.set(key, entry);
    }
    return found;
  }

  put(entry: SuppressionEntry): Promise<SuppressionEntry> {
    return this.writing([entry.key], () => this.inner.put(entry));
  }

  remove(key: string): Promise<boolean> {
    return this.writing([key], () => this.inner.remove(key));
  }

  importMany(entries: SuppressionEntry[]): Promise<number> {
    return this.writing(entries.map((e) => e.key), () => this.inner.importMany(entries));
  }

  scan(filter?: ScanFilter): AsyncIterable<SuppressionEntry> {
    return this.inner.scan(filter);
  }

  count(filter?: ScanFilter): Promise<number> {
    return this.inner.count(filter);
  }

  getSoftBounces(recipient: string): Promise<number[]> {
    return this.inner.getSoftBounces(recipient);
  }

  recordSoftBounce(recipient: string, messageId: string, at: number, windowMs: number): Promise<number> {
    return this.inner.recordSoftBounce(recipient, messageId, at, windowMs);
  }

  resetSoftBounces(recipient: string): Promise<void> {
    return this.inner.resetSoftBounces(recipient);
  }

  getState<T = unknown>(key: string): Promise<T | null> {
    return this.inner.getState<T>(key);
  }

  setState(key: string, value: unknown, ttlMs: number | null): Promise<void> {
    return this.inner.setState(key, value, ttlMs);
  }

  setStates(writes: StateWrite[]): Promise<void> {
    return this.inner.setStates(writes);
  }

  purge(softBounceWindowMs: number): Promise<PurgeCounts> {
    return this.inner.purge(softBounceWindowMs);
  }

  close(): Promise<void> {
    this.remembered.clear();
    return this.inner.close();
  }

  /** Forgets the keys before and after the write, and marks lookups in flight as overlapping it. */
  private async writing<T>(keys: string[], write: () => Promise<T>): Promise<T> {
    const forget = () => {
      this.writes += 1;
      for (const key of keys) this.remembered.delete(key);
    };
    forget();
    try {
      return await write();
    } finally {
      forget();
    }
  }

  /** The remembered answer (a copy), null for a remembered "not there", undefined when unknown or stale. */
  private recall(key: string, now: number): SuppressionEntry | null | undefined {
    const r = this.remembered.get(key);
    if (!r) return undefined;
    if (r.until <= now || (r.entry !== null && !isLive(r.entry, now))) {
      this.remembered.delete(key);
      return undefined;
    }
    return r.entry === null ? null : { ...r.entry };
  }

  private remember(key: string, entry: SuppressionEntry | null, now: number): void {
    if (this.opts.maxEntries <= 0) return;
    if (this.remembered.size >= this.opts.maxEntries) {
      const oldest = this.remembered.keys().next().value;
      if (oldest !== undefined) this.remembered.delete(oldest);
    }
    this.remembered.set(key, { entry: entry === null ? null : { ...entry }, until: now + this.opts.ttlMs });
  }
}
