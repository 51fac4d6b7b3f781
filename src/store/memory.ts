import { isLive, matchesFilter, mergeEntry, scanLimit } from './merge';
import { MemorySignals } from './memory-signals';
import { signalMethods, type SignalStore } from './signal-types';
import type { Clock, PurgeCounts, ScanFilter, StateWrite, SuppressionEntry, SuppressionStore } from './types';

interface StateValue {
  json: string;
  expiresAt: number | null;
}

/** The signal operations come from MemorySignals, assigned in the constructor. */
export interface MemoryStore extends SignalStore {}

/** The reference backend: one process, nothing persisted. Every other backend must behave like it. */
export class MemoryStore implements SuppressionStore {
  private readonly entries = new Map<string, SuppressionEntry>();
  private readonly softBounces = new Map<string, Map<string, number>>();
  private readonly state = new Map<string, StateValue>();

  constructor(private readonly now: Clock = Date.now) {
    Object.assign(this, signalMethods(new MemorySignals(now)));
  }

  async get(key: string): Promise<SuppressionEntry | null> {
    return this.live(key);
  }

  async getMany(keys: string[]): Promise<Map<string, SuppressionEntry>> {
    const found = new Map<string, SuppressionEntry>();
    for (const key of keys) {
      const entry = this.live(key);
      if (entry) found.set(key, entry);
    }
    return found;
  }

  async put(entry: SuppressionEntry): Promise<SuppressionEntry> {
    const merged = mergeEntry(this.entries.get(entry.key) ?? null, entry, this.now());
    this.entries.set(entry.key, merged);
    return { ...merged };
  }

  async remove(key: string): Promise<boolean> {
    const existed = this.live(key) !== null;
    this.entries.delete(key);
    return existed;
  }

  async importMany(entries: SuppressionEntry[]): Promise<number> {
    for (const entry of entries) await this.put(entry);
    return entries.length;
  }

  async *scan(filter: ScanFilter = {}): AsyncIterable<SuppressionEntry> {
    let left = scanLimit(filter);
    const after = filter.after;
    const keys = [...this.entries.keys()].filter((k) => after === undefined || k > after).sort();
    for (const key of keys) {
      if (left <= 0) return;
      const entry = this.live(key);
      if (entry && matchesFilter(entry, filter)) {
        left -= 1;
        yield entry;
      }
    }
  }

  async count(filter: ScanFilter = {}): Promise<number> {
    let n = 0;
    for (const key of [...this.entries.keys()]) {
      const entry = this.live(key);
      if (entry && matchesFilter(entry, filter)) n += 1;
    }
    return n;
  }

  async recordSoftBounce(recipient: string, messageId: string, at: number, windowMs: number): Promise<number> {
    const messages = this.softBounces.get(recipient) ?? new Map<string, number>();
    messages.set(messageId, at);
    for (const [id, seen] of messages) if (seen <= at - windowMs) messages.delete(id);
    this.softBounces.set(recipient, messages);
    return messages.size;
  }

  async resetSoftBounces(recipient: string): Promise<void> {
    this.softBounces.delete(recipient);
  }

  async getSoftBounces(recipient: string): Promise<number[]> {
    return [...(this.softBounces.get(recipient)?.values() ?? [])].sort((a, b) => a - b);
  }

  async getState<T = unknown>(key: string): Promise<T | null> {
    const value = this.state.get(key);
    if (!value || !isLive(value, this.now())) return null;
    return JSON.parse(value.json) as T;
  }

  async setState(key: string, value: unknown, ttlMs: number | null): Promise<void> {
    this.state.set(key, { json: JSON.stringify(value), expiresAt: ttlMs === null ? null : this.now() + ttlMs });
  }

  async setStates(writes: StateWrite[]): Promise<void> {
    for (const w of writes) await this.setState(w.key, w.value, w.ttlMs);
  }

  async purge(softBounceWindowMs: number): Promise<PurgeCounts> {
    const now = this.now();
    const counts = { entries: 0, softBounces: 0, states: 0 };
    for (const [key, entry] of this.entries) if (!isLive(entry, now) && this.entries.delete(key)) counts.entries += 1;
    for (const [key, value] of this.state) if (!isLive(value, now) && this.state.delete(key)) counts.states += 1;
    for (const [recipient, messages] of this.softBounces) {
      for (const [id, at] of messages) if (at <= now - softBounceWindowMs && messages.delete(id)) counts.softBounces += 1;
      if (messages.size === 0) this.softBounces.delete(recipient);
    }
    return counts;
  }

  async close(): Promise<void> {
    this.entries.clear();
  }

  private live(key: string): SuppressionEntry | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (isLive(entry, this.now())) return { ...entry };
    this.entries.delete(key);
    return null;
  }
}
