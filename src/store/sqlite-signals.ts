import type Database from 'better-sqlite3';
import type { CounterAdd, LogItem, SignalStore } from './signal-types';
import type { Clock } from './types';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS counter (
  key TEXT NOT NULL, field TEXT NOT NULL, value REAL NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (key, field)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS log (stream TEXT NOT NULL, seq INTEGER NOT NULL, item TEXT NOT NULL, PRIMARY KEY (stream, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS log_seq (stream TEXT PRIMARY KEY, last INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lease (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
`;

/** Signal operations on the SQLite file every worker of the host shares; writes take the write lock first. */
export class SqliteSignals implements SignalStore {
  private readonly sql;
  private readonly add: (adds: CounterAdd[], ttlMs: number) => void;
  private readonly append: (stream: string, items: string[], maxLen: number) => number;
  private readonly lease: (name: string, owner: string, ttlMs: number) => boolean;

  constructor(db: Database.Database, private readonly now: Clock) {
    db.exec(SCHEMA);
    this.sql = {
      // An expired counter starts again from the amount added.
      add: db.prepare(`INSERT INTO counter VALUES (@key, @field, @by, @expires) ON CONFLICT (key, field) DO UPDATE SET
        value = CASE WHEN expires_at > @now THEN value + @by ELSE @by END, expires_at = @expires`),
      touch: db.prepare('UPDATE counter SET expires_at = ? WHERE key = ? AND expires_at > ?'),
      get: db.prepare<[string, number], { field: string; value: number }>('SELECT field, value FROM counter WHERE key = ? AND expires_at > ?'),
      last: db.prepare<[string], { last: number }>('SELECT last FROM log_seq WHERE stream = ?'),
      setLast: db.prepare('INSERT OR REPLACE INTO log_seq VALUES (?, ?)'),
      push: db.prepare('INSERT INTO log VALUES (?, ?, ?)'),
      trim: db.prepare('DELETE FROM log WHERE stream = ? AND seq <= ?'),
      read: db.prepare<[string, number, number], LogItem>('SELECT seq, item FROM log WHERE stream = ? AND seq > ? ORDER BY seq LIMIT ?'),
      getLease: db.prepare<[string], { owner: string; expires_at: number }>('SELECT owner, expires_at FROM lease WHERE name = ?'),
      setLease: db.prepare('INSERT OR REPLACE INTO lease VALUES (?, ?, ?)'),
      purge: db.prepare('DELETE FROM counter WHERE expires_at <= ?'),
    };
    this.add = db.transaction((adds: CounterAdd[], ttlMs: number) => {
      const now = this.now();
      const expires = now + ttlMs;
      for (const { key, fields } of adds) {
        for (const [field, by] of Object.entries(fields)) this.sql.add.run({ key, field, by, expires, now });
        this.sql.touch.run(expires, key, now);
      }
    }).immediate;
    this.append = db.transaction((stream: string, items: string[], maxLen: number) => {
      let last = this.sql.last.get(stream)?.last ?? 0;
      for (const item of items) this.sql.push.run(stream, (last += 1), item);
      this.sql.setLast.run(stream, last);
      this.sql.trim.run(stream, last - maxLen);
      return last;
    }).immediate;
    this.lease = db.transaction((name: string, owner: string, ttlMs: number) => {
      const now = this.now();
      const held = this.sql.getLease.get(name);
      if (held && held.owner !== owner && held.expires_at > now) return false;
      this.sql.setLease.run(name, owner, now + ttlMs);
      return true;
    }).immediate;
  }

  async addCounters(adds: CounterAdd[], ttlMs: number): Promise<void> {
    if (adds.length > 0) this.add(adds, ttlMs);
  }

  async getCounters(keys: string[]): Promise<Record<string, number>[]> {
    const now = this.now();
    return keys.map((key) => Object.fromEntries(this.sql.get.all(key, now).map((r) => [r.field, r.value])));
  }

  async appendLog(stream: string, items: string[], maxLen: number): Promise<number> {
    return this.append(stream, items, maxLen);
  }

  async readLog(stream: string, afterSeq: number, limit: number): Promise<LogItem[]> {
    return this.sql.read.all(stream, afterSeq, limit);
  }

  async lastLogSeq(stream: string): Promise<number> {
    return this.sql.last.get(stream)?.last ?? 0;
  }

  async acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.lease(name, owner, ttlMs);
  }

  /** Deletes expired counters; resolves to how many rows went. */
  purge(): number {
    return this.sql.purge.run(this.now()).changes;
  }
}
