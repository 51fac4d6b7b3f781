import { matchesFilter, mergeEntry, scanLimit } from './merge';
import { RedisSignals } from './redis-signals';
import { signalMethods, type SignalStore } from './signal-types';
import type { Clock, PurgeCounts, ScanFilter, StateWrite, SuppressionEntry, SuppressionStore } from './types';

/**
 * The few client features used. Raw commands keep the store working with both the `redis` v5 client
 * it creates and a v4 client shared by haraka-plugin-redis.
 */
export interface RedisLike {
  sendCommand(args: string[]): Promise<unknown>;
  readonly isReady: boolean;
}

export interface RedisStoreOptions {
  /** An already connected client to share (haraka-plugin-redis); not closed by the store. */
  client?: RedisLike;
  url?: string;
  /** Prepended to every key, so several deployments can share one Redis. */
  prefix?: string;
  now?: Clock;
}

// Compare-and-set: the merge runs in the caller, the write only lands if nobody wrote in between.
// The key joins the ordered index (KEYS[2], a sorted set read by lexical range) in the same step.
const CAS = `local cur = redis.call('GET', KEYS[1])
if (cur or '') ~= ARGV[1] then return 0 end
if ARGV[3] == '' then redis.call('SET', KEYS[1], ARGV[2]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
redis.call('ZADD', KEYS[2], 0, ARGV[4])
return 1`;
const REMOVE = `local cur = redis.call('GET', KEYS[1])
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return cur`;
// Entries leave by TTL and leave their index member behind; a member goes only while its entry is
// still absent, so a write racing the clean-up keeps its place.
const PRUNE = `for _, member in ipairs(ARGV) do
  if redis.call('EXISTS', KEYS[2] .. member) == 0 then redis.call('ZREM', KEYS[1], member) end
end
return 0`;
const SOFT = `redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return redis.call('ZCARD', KEYS[1])`;
const BATCH = 1000;

/** The signal operations come from RedisSignals, assigned in the constructor. */
export interface RedisStore extends SignalStore {}

/** The shared backend: many workers and hosts use one Redis; entries expire by Redis TTL. */
export class RedisStore implements SuppressionStore {
  private readonly now: Clock;
  private readonly prefix: string;
  private readonly closeClient: () => Promise<void>;
  private indexReady = false;

  /** `close` ends the client when the store owns it; a shared client is left alone. */
  constructor(
    private readonly client: RedisLike,
    opts: { prefix?: string; now?: Clock; close?: () => Promise<void> } = {},
  ) {
    this.prefix = opts.prefix ?? 'bounceguard:';
    this.now = opts.now ?? Date.now;
    this.closeClient = opts.close ?? (async () => undefined);
    Object.assign(this, signalMethods(new RedisSignals((args) => this.cmd(args), this.prefix, this.now)));
  }

  async get(key: string): Promise<SuppressionEntry | null> {
    return this.decode((await this.cmd(['GET', this.entryKey(key)])) as string | null);
  }

  async getMany(keys: string[]): Promise<Map<string, SuppressionEntry>> {
    const found = new Map<string, SuppressionEntry>();
    if (keys.length === 0) return found;
    const values = (await this.cmd(['MGET', ...keys.map((k) => this.entryKey(k))])) as (string | null)[];
    values.forEach((value, i) => {
      const entry = this.decode(value);
      if (entry) found.set(keys[i], entry);
    });
    return found;
  }

  async put(entry: SuppressionEntry): Promise<SuppressionEntry> {
    for (;;) {
      const raw = (await this.cmd(['GET', this.entryKey(entry.key)])) as string | null;
      const merged = await this.tryWrite(raw, entry);
      if (merged) return merged;
    }
  }

  async remove(key: string): Promise<boolean> {
    const raw = (await this.cmd(['EVAL', REMOVE, '2', this.entryKey(key), this.indexKey(), key])) as string | null;
    return this.decode(raw) !== null;
  }

  async importMany(entries: SuppressionEntry[]): Promise<number> {
    for (let i = 0; i < entries.length; i += BATCH) {
      const batch = entries.slice(i, i + BATCH);
      const raws = (await this.cmd(['MGET', ...batch.map((e) => this.entryKey(e.key))])) as (string | null)[];
      // Commands issued in one tick are pipelined by the client; a lost race falls back to put().
      const written = await Promise.all(batch.map((e, j) => this.tryWrite(raws[j], e)));
      for (let j = 0; j < batch.length; j += 1) if (!written[j]) await this.put(batch[j]);
    }
    return entries.length;
  }

  async *scan(filter: ScanFilter = {}): AsyncIterable<SuppressionEntry> {
    let left = scanLimit(filter);
    for await (const entry of this.indexed(filter.after)) {
      if (left <= 0) return;
      if (!matchesFilter(entry, filter)) continue;
      left -= 1;
      yield entry;
    }
  }

  async count(filter: ScanFilter = {}): Promise<number> {
    let n = 0;
    for await (const entry of this.indexed(undefined)) if (matchesFilter(entry, filter)) n += 1;
    return n;
  }

  async recordSoftBounce(recipient: string, messageId: string, at: number, windowMs: number): Promise<number> {
    const args = [String(at), messageId, String(at - windowMs), String(Math.max(1, Math.ceil(windowMs)))];
    return Number(await this.cmd(['EVAL', SOFT, '1', this.softKey(recipient), ...args]));
  }

  async resetSoftBounces(recipient: string): Promise<void> {
    await this.cmd(['DEL', this.softKey(recipient)]);
  }

  async getSoftBounces(recipient: string): Promise<number[]> {
    const flat = (await this.cmd(['ZRANGE', this.softKey(recipient), '0', '-1', 'WITHSCORES'])) as string[];
    return flat.filter((_, i) => i % 2 === 1).map(Number);
  }

  async getState<T = unknown>(key: string): Promise<T | null> {
    const raw = (await this.cmd(['GET', `${this.prefix}st:${key}`])) as string | null;
    if (raw === null) return null;
    // The expiry travels with the value so that readers agree with the injected clock, not only Redis's.
    const state = JSON.parse(raw) as { value: T; expiresAt: number | null };
    return state.expiresAt === null || state.expiresAt > this.now() ? state.value : null;
  }

  async setState(key: string, value: unknown, ttlMs: number | null): Promise<void> {
    const expiresAt = ttlMs === null ? null : this.now() + ttlMs;
    const args = ['SET', `${this.prefix}st:${key}`, JSON.stringify({ value, expiresAt })];
    if (ttlMs !== null) args.push('PX', String(Math.max(1, Math.ceil(ttlMs))));
    await this.cmd(args);
  }

  /** Issued together, the client pipelines them. */
  async setStates(writes: StateWrite[]): Promise<void> {
    await Promise.all(writes.map((w) => this.setState(w.key, w.value, w.ttlMs)));
  }

  /**
   * Entries, soft bounces and state all carry a TTL: Redis has already deleted what expired. Only
   * the index members of expired entries are left, and a full scan prunes those.
   */
  async purge(): Promise<PurgeCounts> {
    for await (const entry of this.indexed(undefined)) void entry;
    return { entries: 0, softBounces: 0, states: 0 };
  }

  async close(): Promise<void> {
    await this.closeClient();
  }

  /** Every live entry from the key after `after` on, in key order, a batch at a time. */
  private async *indexed(after: string | undefined): AsyncIterable<SuppressionEntry> {
    await this.ensureIndex();
    let from = after === undefined ? '-' : `(${after}`;
    for (;;) {
      const keys = (await this.cmd(['ZRANGEBYLEX', this.indexKey(), from, '+', 'LIMIT', '0', String(BATCH)])) as string[];
      if (keys.length === 0) return;
      const values = (await this.cmd(['MGET', ...keys.map((k) => this.entryKey(k))])) as (string | null)[];
      const gone = keys.filter((_, i) => values[i] === null);
      if (gone.length > 0) await this.cmd(['EVAL', PRUNE, '2', this.indexKey(), this.entryKey(''), ...gone]);
      for (const value of values) {
        const entry = this.decode(value);
        if (entry) yield entry;
      }
      if (keys.length < BATCH) return;
      from = `(${keys[keys.length - 1]}`;
    }
  }

  /**
   * Builds the ordered index once for entries written before it existed (an older version's store);
   * every write since keeps it, so the marker is set only after all older keys are in.
   */
  private async ensureIndex(): Promise<void> {
    const marker = `${this.indexKey()}:built`;
    if (this.indexReady || (await this.cmd(['EXISTS', marker])) === 1) {
      this.indexReady = true;
      return;
    }
    const prefix = this.entryKey('');
    let cursor = '0';
    do {
      const [next, keys] = (await this.cmd(['SCAN', cursor, 'MATCH', `${globEscape(prefix)}*`, 'COUNT', String(BATCH)])) as [string, string[]];
      cursor = next;
      if (keys.length > 0) await this.cmd(['ZADD', this.indexKey(), ...keys.flatMap((k) => ['0', k.slice(prefix.length)])]);
    } while (cursor !== '0');
    await this.cmd(['SET', marker, '1']);
    this.indexReady = true;
  }

  private async tryWrite(raw: string | null, entry: SuppressionEntry): Promise<SuppressionEntry | null> {
    const merged = mergeEntry(this.decode(raw), entry, this.now());
    const ttl = merged.expiresAt === null ? '' : String(Math.max(1, merged.expiresAt - this.now()));
    const args = ['EVAL', CAS, '2', this.entryKey(entry.key), this.indexKey(), raw ?? '', JSON.stringify(merged), ttl, entry.key];
    return Number(await this.cmd(args)) === 1 ? merged : null;
  }

  private async cmd(args: string[]): Promise<unknown> {
    if (!this.client.isReady) throw new Error('redis is not connected');
    return this.client.sendCommand(args);
  }

  private decode(raw: string | null): SuppressionEntry | null {
    if (raw === null) return null;
    const entry = JSON.parse(raw) as SuppressionEntry;
    return entry.expiresAt === null || entry.expiresAt > this.now() ? entry : null;
  }

  private indexKey(): string {
    return `${this.prefix}index`;
  }

  private entryKey(key: string): string {
    return `${this.prefix}e:${key}`;
  }

  private softKey(recipient: string): string {
    return `${this.prefix}sb:${recipient}`;
  }
}

/**
 * Opens a Redis store on a shared client, or on an own client that reconnects in the background.
 * Commands fail at once while disconnected (no offline queue), so the resilient wrapper can spool them.
 */
export function openRedisStore(opts: RedisStoreOptions): { store: RedisStore; ready: Promise<void> } {
  if (opts.client) return { store: new RedisStore(opts.client, opts), ready: Promise.resolve() };
  // Required here: the client's modules cost more to load than most commands take to run.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createClient } = require('redis') as typeof import('redis');
  const client = createClient({
    url: opts.url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000) },
  });
  // Outages are reported by the resilient wrapper; without a listener an error event would crash the process.
  client.on('error', () => undefined);
  const ready = client.connect().then(() => undefined);
  const close = async () => {
    if (client.isOpen) client.destroy();
  };
  return { store: new RedisStore(client as unknown as RedisLike, { ...opts, close }), ready };
}

function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
