import type { CounterAdd, LogItem, SignalStore } from './signal-types';
import type { Clock } from './types';

interface Counters {
  fields: Record<string, number>;
  expiresAt: number;
}

interface Stream {
  items: LogItem[];
  last: number;
}

/** Sweep expired counters after this many writes, so that the map stays bounded by what is live. */
const SWEEP_EVERY = 1000;

/** The reference signal operations: one process, nothing persisted. */
export class MemorySignals implements SignalStore {
  private readonly counters = new Map<string, Counters>();
  private readonly streams = new Map<string, Stream>();
  private readonly leases = new Map<string, { owner: string; expiresAt: number }>();
  private writes = 0;

  constructor(private readonly now: Clock) {}

  async addCounters(adds: CounterAdd[], ttlMs: number): Promise<void> {
    const now = this.now();
    for (const { key, fields } of adds) {
      const current = this.live(key, now) ?? {};
      for (const [field, by] of Object.entries(fields)) current[field] = (current[field] ?? 0) + by;
      this.counters.set(key, { fields: current, expiresAt: now + ttlMs });
    }
    this.writes += 1;
    if (this.writes % SWEEP_EVERY === 0) this.sweep(now);
  }

  async getCounters(keys: string[]): Promise<Record<string, number>[]> {
    const now = this.now();
    return keys.map((key) => ({ ...(this.live(key, now) ?? {}) }));
  }

  async appendLog(stream: string, items: string[], maxLen: number): Promise<number> {
    const s = this.streams.get(stream) ?? { items: [], last: 0 };
    for (const item of items) s.items.push({ seq: (s.last += 1), item });
    if (s.items.length > maxLen) s.items.splice(0, s.items.length - maxLen);
    this.streams.set(stream, s);
    return s.last;
  }

  async readLog(stream: string, afterSeq: number, limit: number): Promise<LogItem[]> {
    const items = this.streams.get(stream)?.items ?? [];
    return items.filter((i) => i.seq > afterSeq).slice(0, limit).map((i) => ({ ...i }));
  }

  async lastLogSeq(stream: string): Promise<number> {
    return this.streams.get(stream)?.last ?? 0;
  }

  async acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const held = this.leases.get(name);
    if (held && held.owner !== owner && held.expiresAt > now) return false;
    this.leases.set(name, { owner, expiresAt: now + ttlMs });
    return true;
  }

  private live(key: string, now: number): Record<string, number> | null {
    const c = this.counters.get(key);
    if (!c) return null;
    if (c.expiresAt > now) return c.fields;
    this.counters.delete(key);
    return null;
  }

  private sweep(now: number): void {
    for (const [key, c] of this.counters) if (c.expiresAt <= now) this.counters.delete(key);
  }
}
