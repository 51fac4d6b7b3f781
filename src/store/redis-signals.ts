import type { CounterAdd, LogItem, SignalStore } from './signal-types';
import type { Clock } from './types';

type Cmd = (args: string[]) => Promise<unknown>;

// The expiry travels in the hash (field _exp) so that every reader agrees with the injected clock;
// Redis's own TTL only cleans up. ARGV: now, expiresAt, ttl, then per key: field count, field, amount...
const ADD = `local now, exp, i = tonumber(ARGV[1]), ARGV[2], 4
for k = 1, #KEYS do
  local e = tonumber(redis.call('HGET', KEYS[k], '_exp') or '0')
  if e <= now then redis.call('DEL', KEYS[k]) end
  local n = tonumber(ARGV[i]); i = i + 1
  for f = 1, n do redis.call('HINCRBY', KEYS[k], ARGV[i], ARGV[i + 1]); i = i + 2 end
  redis.call('HSET', KEYS[k], '_exp', exp)
  redis.call('PEXPIRE', KEYS[k], ARGV[3])
end
return 1`;
// Members are "seq item" so that equal items stay distinct; the score is the sequence number.
const APPEND = `local last = redis.call('INCRBY', KEYS[2], #ARGV - 1)
local first = last - (#ARGV - 1)
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], first + i - 1, (first + i - 1) .. ' ' .. ARGV[i]) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', last - tonumber(ARGV[1]))
return last`;
// The lease value is "expiresAt owner", read against the caller's clock.
const LEASE = `local cur = redis.call('GET', KEYS[1])
if cur then
  local sp = string.find(cur, ' ')
  local exp, owner = tonumber(string.sub(cur, 1, sp - 1)), string.sub(cur, sp + 1)
  if owner ~= ARGV[1] and exp > tonumber(ARGV[2]) then return 0 end
end
redis.call('SET', KEYS[1], (tonumber(ARGV[2]) + tonumber(ARGV[3])) .. ' ' .. ARGV[1], 'PX', ARGV[3])
return 1`;

/** Signal operations on a shared Redis: every worker and host sees the same counters, log and leases. */
export class RedisSignals implements SignalStore {
  constructor(private readonly cmd: Cmd, private readonly prefix: string, private readonly now: Clock) {}

  async addCounters(adds: CounterAdd[], ttlMs: number): Promise<void> {
    if (adds.length === 0) return;
    const now = this.now();
    const ttl = String(Math.max(1, Math.ceil(ttlMs)));
    const args: string[] = [String(now), String(now + ttlMs), ttl];
    for (const { fields } of adds) {
      const entries = Object.entries(fields);
      args.push(String(entries.length), ...entries.flatMap(([f, by]) => [f, String(Math.round(by))]));
    }
    await this.cmd(['EVAL', ADD, String(adds.length), ...adds.map((a) => this.counterKey(a.key)), ...args]);
  }

  async getCounters(keys: string[]): Promise<Record<string, number>[]> {
    const now = this.now();
    return Promise.all(keys.map(async (key) => {
      const flat = (await this.cmd(['HGETALL', this.counterKey(key)])) as string[] | Record<string, string>;
      const pairs = Array.isArray(flat) ? pairsOf(flat) : Object.entries(flat);
      const fields = Object.fromEntries(pairs.map(([f, v]) => [f, Number(v)]));
      const exp = fields._exp ?? 0;
      delete fields._exp;
      return exp > now ? fields : {};
    }));
  }

  async appendLog(stream: string, items: string[], maxLen: number): Promise<number> {
    if (items.length === 0) return this.lastLogSeq(stream);
    return Number(await this.cmd(['EVAL', APPEND, '2', this.logKey(stream), this.seqKey(stream), String(maxLen), ...items]));
  }

  async readLog(stream: string, afterSeq: number, limit: number): Promise<LogItem[]> {
    const members = (await this.cmd(['ZRANGEBYSCORE', this.logKey(stream), `(${afterSeq}`, '+inf', 'LIMIT', '0', String(limit)])) as string[];
    return members.map((m) => {
      const sp = m.indexOf(' ');
      return { seq: Number(m.slice(0, sp)), item: m.slice(sp + 1) };
    });
  }

  async lastLogSeq(stream: string): Promise<number> {
    return Number((await this.cmd(['GET', this.seqKey(stream)])) ?? 0);
  }

  async acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const ttl = String(Math.max(1, Math.ceil(ttlMs)));
    return Number(await this.cmd(['EVAL', LEASE, '1', `${this.prefix}lease:${name}`, owner, String(this.now()), ttl])) === 1;
  }

  private counterKey(key: string): string {
    return `${this.prefix}ct:${key}`;
  }

  private logKey(stream: string): string {
    return `${this.prefix}log:${stream}`;
  }

  private seqKey(stream: string): string {
    return `${this.prefix}logseq:${stream}`;
  }
}

function pairsOf(flat: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
  return pairs;
}
