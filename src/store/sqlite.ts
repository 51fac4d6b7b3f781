import Database from 'better-sqlite3';
import { isLive, mergeEntry, scanLimit } from './merge';
import { signalMethods, type SignalStore } from './signal-types';
import { SqliteSignals } from './sqlite-signals';
import type { Clock, PurgeCounts, ScanFilter, StateWrite, SuppressionEntry, SuppressionStore } from './types';

export interface SqliteStoreOptions {
  path: string;
  /** How long a writer waits for another process's write lock before failing. */
  busyTimeoutMs?: number;
  now?: Clock;
}

interface Row {
  key: string;
  reason: string;
  bounce: string;
  source: string;
  code: number | null;
  enhanced: string | null;
  reply: string | null;
  provider: string | null;
  first_seen: number;
  last_seen: number;
  count: number;
  expires_at: number | null;
}

interface FilterParams {
  now: number;
  reason: string | null;
  source: string | null;
  domain: string | null;
  since: number | null;
  until: number | null;
  contains: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS suppression (
  key TEXT PRIMARY KEY, reason TEXT NOT NULL, bounce TEXT NOT NULL, source TEXT NOT NULL,
  code INTEGER, enhanced TEXT, reply TEXT, provider TEXT,
  first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, count INTEGER NOT NULL, expires_at INTEGER
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS soft_bounce (
  recipient TEXT NOT NULL, message_id TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (recipient, message_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER) WITHOUT ROWID;
`;
const LIVE = '(expires_at IS NULL OR expires_at > @now)';
// One statement for every filter: an absent condition is bound as NULL. lower_js lowercases like the
// memory store (SQLite's lower() knows only ASCII).
const SELECTED = `${LIVE} AND (@reason IS NULL OR reason = @reason) AND (@source IS NULL OR source = @source)
  AND (@domain IS NULL OR substr(key, -length(@domain)) = @domain)
  AND (@since IS NULL OR last_seen >= @since) AND (@until IS NULL OR last_seen < @until)
  AND (@contains IS NULL OR instr(lower_js(key), @contains) > 0)`;
// Positional parameters: binding by name costs a third of the import rate.
const COLUMNS = '?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?';
const PAGE = 1000;

/**
 * Opens the file in WAL mode with the schema. Workers that start together open one new file at
 * once, and SQLite reports some of those collisions (the switch to WAL, the schema) as busy at
 * once, without waiting out its busy timeout: the whole open is tried again until that timeout ends.
 */
function openDatabase(file: string, busyTimeoutMs: number): Database.Database {
  const deadline = Date.now() + busyTimeoutMs;
  for (;;) {
    const db = new Database(file);
    try {
      db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      // A bounded cache and no memory map: Haraka's resident memory must not grow with the file
      // (throttle state for every new destination, a large list); the OS page cache still serves reads.
      db.pragma('cache_size = -16384');
      db.pragma('mmap_size = 0');
      db.exec(SCHEMA);
      return db;
    } catch (err) {
      db.close();
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw err;
      Atomics.wait(OPEN_PAUSE, 0, 0, OPEN_RETRY_MS);
    }
  }
}

/** A synchronous pause between tries (a constructor cannot wait asynchronously). */
const OPEN_PAUSE = new Int32Array(new SharedArrayBuffer(4));
const OPEN_RETRY_MS = 20;

/** The signal operations come from SqliteSignals, assigned in the constructor. */
export interface SqliteStore extends SignalStore {}

/** The default backend: one file shared by every Haraka worker on the host (WAL, busy timeout). */
export class SqliteStore implements SuppressionStore {
  private readonly db: Database.Database;
  private readonly now: Clock;
  private readonly sql;
  private readonly upsertMany: (entries: SuppressionEntry[]) => SuppressionEntry[];
  private readonly signals: SqliteSignals;

  constructor(opts: SqliteStoreOptions) {
    this.now = opts.now ?? Date.now;
    try {
      this.db = openDatabase(opts.path, Math.max(0, Math.floor(opts.busyTimeoutMs ?? 1000)));
      this.db.function('lower_js', { deterministic: true }, (text: unknown) => String(text).toLowerCase());
    } catch (err) {
      throw new Error(`cannot open the SQLite suppression store ${opts.path}: ${(err as Error).message}`, { cause: err });
    }
    this.sql = this.prepare();
    this.signals = new SqliteSignals(this.db, this.now);
    Object.assign(this, signalMethods(this.signals));
    // IMMEDIATE takes the write lock before reading, so two workers merging into one key cannot interleave.
    this.upsertMany = this.db.transaction((entries: SuppressionEntry[]) => entries.map((e) => this.upsert(e))).immediate;
  }

  private prepare() {
    const db = this.db;
    return {
      get: db.prepare<{ key: string; now: number }, Row>(`SELECT * FROM suppression WHERE key = @key AND ${LIVE}`),
      getAny: db.prepare<[string], Row>('SELECT * FROM suppression WHERE key = ?'),
      getMany: db.prepare<{ keys: string; now: number }, Row>(
        `SELECT * FROM suppression WHERE key IN (SELECT value FROM json_each(@keys)) AND ${LIVE}`,
      ),
      write: db.prepare(`INSERT OR REPLACE INTO suppression VALUES (${COLUMNS})`),
      insertNew: db.prepare(`INSERT INTO suppression VALUES (${COLUMNS}) ON CONFLICT (key) DO NOTHING`),
      remove: db.prepare<[string], { expires_at: number | null }>('DELETE FROM suppression WHERE key = ? RETURNING expires_at'),
      page: db.prepare<FilterParams & { after: string; limit: number }, Row>(
        `SELECT * FROM suppression WHERE key > @after AND ${SELECTED} ORDER BY key LIMIT @limit`,
      ),
      count: db.prepare<FilterParams, { n: number }>(`SELECT count(*) AS n FROM suppression WHERE ${SELECTED}`),
      addSoft: db.prepare('INSERT OR REPLACE INTO soft_bounce VALUES (?, ?, ?)'),
      pruneSoft: db.prepare('DELETE FROM soft_bounce WHERE recipient = ? AND at <= ?'),
      countSoft: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM soft_bounce WHERE recipient = ?'),
      resetSoft: db.prepare('DELETE FROM soft_bounce WHERE recipient = ?'),
      listSoft: db.prepare<[string], { at: number }>('SELECT at FROM soft_bounce WHERE recipient = ? ORDER BY at'),
      getState: db.prepare<{ key: string; now: number }, { value: string }>(
        `SELECT value FROM state WHERE key = @key AND ${LIVE}`,
      ),
      setState: db.prepare('INSERT OR REPLACE INTO state VALUES (?, ?, ?)'),
      purgeEntries: db.prepare('DELETE FROM suppression WHERE expires_at <= ?'),
      purgeSoft: db.prepare('DELETE FROM soft_bounce WHERE at <= ?'),
      purgeState: db.prepare('DELETE FROM state WHERE expires_at <= ?'),
    };
  }

  async get(key: string): Promise<SuppressionEntry | null> {
    const row = this.sql.get.get({ key, now: this.now() });
    return row ? fromRow(row) : null;
  }

  async getMany(keys: string[]): Promise<Map<string, SuppressionEntry>> {
    const found = new Map<string, SuppressionEntry>();
    if (keys.length === 0) return found;
    for (const row of this.sql.getMany.all({ keys: JSON.stringify(keys), now: this.now() })) found.set(row.key, fromRow(row));
    return found;
  }

  async put(entry: SuppressionEntry): Promise<SuppressionEntry> {
    return this.upsertMany([entry])[0];
  }

  async remove(key: string): Promise<boolean> {
    const removed = this.sql.remove.get(key);
    return removed !== undefined && isLive({ expiresAt: removed.expires_at }, this.now());
  }

  async importMany(entries: SuppressionEntry[]): Promise<number> {
    return this.upsertMany(entries).length;
  }

  async *scan(filter: ScanFilter = {}): AsyncIterable<SuppressionEntry> {
    let after = filter.after ?? '';
    let left = scanLimit(filter);
    while (left > 0) {
      const limit = Math.min(PAGE, left);
      const rows = this.sql.page.all({ ...this.params(filter), after, limit });
      for (const row of rows) yield fromRow(row);
      if (rows.length < limit) return;
      left -= rows.length;
      after = rows[rows.length - 1].key;
    }
  }

  async count(filter: ScanFilter = {}): Promise<number> {
    return this.sql.count.get(this.params(filter))?.n ?? 0;
  }

  async recordSoftBounce(recipient: string, messageId: string, at: number, windowMs: number): Promise<number> {
    const record = this.db.transaction(() => {
      this.sql.addSoft.run(recipient, messageId, at);
      this.sql.pruneSoft.run(recipient, at - windowMs);
      return this.sql.countSoft.get(recipient)?.n ?? 0;
    });
    return record.immediate();
  }

  async resetSoftBounces(recipient: string): Promise<void> {
    this.sql.resetSoft.run(recipient);
  }

  async getSoftBounces(recipient: string): Promise<number[]> {
    return this.sql.listSoft.all(recipient).map((r) => r.at);
  }

  async getState<T = unknown>(key: string): Promise<T | null> {
    const row = this.sql.getState.get({ key, now: this.now() });
    return row ? (JSON.parse(row.value) as T) : null;
  }

  async setState(key: string, value: unknown, ttlMs: number | null): Promise<void> {
    this.sql.setState.run(key, JSON.stringify(value), ttlMs === null ? null : this.now() + ttlMs);
  }

  async setStates(writes: StateWrite[]): Promise<void> {
    const now = this.now();
    this.db.transaction(() => {
      for (const w of writes) this.sql.setState.run(w.key, JSON.stringify(w.value), w.ttlMs === null ? null : now + w.ttlMs);
    })();
  }

  async purge(softBounceWindowMs: number): Promise<PurgeCounts> {
    const now = this.now();
    // No index on expires_at: it would slow every write for the sake of an occasional scan.
    return this.db.transaction(() => ({
      entries: this.sql.purgeEntries.run(now).changes,
      softBounces: this.sql.purgeSoft.run(now - softBounceWindowMs).changes,
      // Expired window counters are state too.
      states: this.sql.purgeState.run(now).changes + this.signals.purge(),
    })).immediate();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private params(f: ScanFilter): FilterParams {
    return {
      now: this.now(),
      reason: f.reason ?? null,
      source: f.source ?? null,
      domain: f.domain ? `@${f.domain}` : null,
      since: f.since ?? null,
      until: f.until ?? null,
      contains: f.contains ? f.contains.toLowerCase() : null,
    };
  }

  private upsert(entry: SuppressionEntry): SuppressionEntry {
    // Most imported keys are new: one statement, and the merge only for keys already there.
    if (this.sql.insertNew.run(values(entry)).changes === 1) return entry;
    const stored = this.sql.getAny.get(entry.key);
    const merged = mergeEntry(stored ? fromRow(stored) : null, entry, this.now());
    this.sql.write.run(values(merged));
    return merged;
  }
}

function fromRow(row: Row): SuppressionEntry {
  return {
    key: row.key,
    reason: row.reason as SuppressionEntry['reason'],
    bounce: row.bounce as SuppressionEntry['bounce'],
    source: row.source as SuppressionEntry['source'],
    code: row.code,
    enhanced: row.enhanced,
    reply: row.reply,
    provider: row.provider,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    count: row.count,
    expiresAt: row.expires_at,
  };
}

function values(e: SuppressionEntry): unknown[] {
  return [e.key, e.reason, e.bounce, e.source, e.code, e.enhanced, e.reply, e.provider, e.firstSeen, e.lastSeen, e.count, e.expiresAt];
}
