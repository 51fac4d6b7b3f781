import type { Overrides } from './override';
import type { PaceState } from './pace';

/**
 * Where paces live. Shared stores (redis, sqlite) give every worker and host one pace per
 * destination; the memory store is per process. Saves are whole-state, last writer wins: two
 * workers booking the same instant may both send, a bounded overshoot the next signal corrects,
 * and a worker's report lost that way is written again a second later.
 */
export interface PaceStateStore {
  load(key: string): Promise<PaceState | null>;
  /** ttlMs: the state may be forgotten after this long without a save; null keeps it. */
  save(key: string, state: PaceState, ttlMs: number | null): Promise<void>;
  /** Every key with a live state, for status listings. */
  keys(): Promise<string[]>;
  /** The operators' overrides (override.ts), one record for every destination. */
  loadOverrides(): Promise<Overrides>;
  saveOverrides(overrides: Overrides): Promise<void>;
}

/** Per-process store for tests and single-process Haraka; expiry read against the injected clock. */
export class MemoryPaceStore implements PaceStateStore {
  private entries = new Map<string, { json: string; expiresAt: number | null }>();
  private overrides = '{}';
  private sweepAt = 1024;

  constructor(private readonly now: () => number) {}

  async load(key: string): Promise<PaceState | null> {
    const e = this.live(key);
    return e ? (JSON.parse(e.json) as PaceState) : null;
  }

  async save(key: string, state: PaceState, ttlMs: number | null): Promise<void> {
    // JSON round trip: callers must never share objects with the store, as with a real backend.
    this.entries.set(key, { json: JSON.stringify(state), expiresAt: ttlMs === null ? null : this.now() + ttlMs });
    if (this.entries.size >= this.sweepAt) this.sweep();
  }

  /** Drops expired entries of keys nobody reads again; runs when the map has doubled since the last sweep. */
  private sweep(): void {
    for (const key of this.entries.keys()) this.live(key);
    this.sweepAt = Math.max(1024, this.entries.size * 2);
  }

  async keys(): Promise<string[]> {
    return [...this.entries.keys()].filter((k) => this.live(k)).sort();
  }

  async loadOverrides(): Promise<Overrides> {
    return JSON.parse(this.overrides) as Overrides;
  }

  async saveOverrides(overrides: Overrides): Promise<void> {
    this.overrides = JSON.stringify(overrides);
  }

  private live(key: string) {
    const e = this.entries.get(key);
    if (e && e.expiresAt !== null && e.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }
}
