import { withDeadline } from '../util/budget';
import { Spool, type SpoolOp } from './spool';
import type { Clock, CounterAdd, LogItem, PurgeCounts, ScanFilter, StateWrite, SuppressionEntry, SuppressionStore } from './types';

export type LogLevel = 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, message: string) => void;

/** The store did not answer in time or failed; `spooled` says a write was kept for replay. */
export class StoreUnavailableError extends Error {
  constructor(
    message: string,
    readonly spooled: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

export interface ResilientOptions {
  /** Longest a caller waits for the store. */
  timeoutMs: number;
  spoolPath: string;
  /** How often a down store is probed (and the spool replayed). */
  probeIntervalMs: number;
  log?: Logger;
  now?: Clock;
}

/**
 * Wraps any backend so that mail flow never waits on it: every call has a time budget, a failure
 * switches to "down" (reads fail fast, writes go to the spool) until a probe finds the store back
 * and replays the spool in order. Each switch is logged once.
 */
export class ResilientStore implements SuppressionStore {
  private down = false;
  private timer: NodeJS.Timeout | null = null;
  private replaying: Promise<boolean> | null = null;
  /** Writes neither the store nor the spool took since the store went down. */
  private lost = 0;
  private readonly spool: Spool;
  private readonly log: Logger;
  private readonly now: Clock;

  constructor(
    private readonly inner: SuppressionStore,
    private readonly opts: ResilientOptions,
  ) {
    this.spool = new Spool(opts.spoolPath);
    this.log = opts.log ?? (() => undefined);
    this.now = opts.now ?? Date.now;
    // Writes left by an earlier run (or a crashed worker) go in before any new one.
    if (this.spool.pending()) {
      this.down = true;
      this.startProbing();
      void this.probe();
    }
  }

  get isDown(): boolean {
    return this.down;
  }

  get(key: string): Promise<SuppressionEntry | null> {
    return this.read(() => this.inner.get(key));
  }

  getMany(keys: string[]): Promise<Map<string, SuppressionEntry>> {
    return this.read(() => this.inner.getMany(keys));
  }

  getState<T = unknown>(key: string): Promise<T | null> {
    return this.read(() => this.inner.getState<T>(key));
  }

  scan(filter?: ScanFilter): AsyncIterable<SuppressionEntry> {
    return this.inner.scan(filter);
  }

  /** Like scan, outside the time budget: a count of a large list is maintenance, not mail flow. */
  count(filter?: ScanFilter): Promise<number> {
    return this.inner.count(filter);
  }

  put(entry: SuppressionEntry): Promise<SuppressionEntry> {
    return this.write({ op: 'put', entry }, () => this.inner.put(entry));
  }

  remove(key: string): Promise<boolean> {
    return this.write({ op: 'remove', key }, () => this.inner.remove(key));
  }

  importMany(entries: SuppressionEntry[]): Promise<number> {
    return this.write({ op: 'importMany', entries }, () => this.inner.importMany(entries));
  }

  getSoftBounces(recipient: string): Promise<number[]> {
    return this.read(() => this.inner.getSoftBounces(recipient));
  }

  recordSoftBounce(recipient: string, messageId: string, at: number, windowMs: number): Promise<number> {
    const op: SpoolOp = { op: 'recordSoftBounce', recipient, messageId, at, windowMs };
    return this.write(op, () => this.inner.recordSoftBounce(recipient, messageId, at, windowMs));
  }

  resetSoftBounces(recipient: string): Promise<void> {
    return this.write({ op: 'resetSoftBounces', recipient }, () => this.inner.resetSoftBounces(recipient));
  }

  setState(key: string, value: unknown, ttlMs: number | null): Promise<void> {
    const expiresAt = ttlMs === null ? null : this.now() + ttlMs;
    return this.write({ op: 'setState', key, value, expiresAt }, () => this.inner.setState(key, value, ttlMs));
  }

  setStates(writes: StateWrite[]): Promise<void> {
    const now = this.now();
    const states = writes.map((w) => ({ key: w.key, value: w.value, expiresAt: w.ttlMs === null ? null : now + w.ttlMs }));
    return this.write({ op: 'setStates', states }, () => this.inner.setStates(writes));
  }

  /** Window counters and events are kept in the spool while the store is down, like every write. */
  addCounters(adds: CounterAdd[], ttlMs: number): Promise<void> {
    return this.write({ op: 'addCounters', adds, ttlMs }, () => this.inner.addCounters(adds, ttlMs));
  }

  appendLog(stream: string, items: string[], maxLen: number): Promise<number> {
    return this.write({ op: 'appendLog', stream, items, maxLen }, () => this.inner.appendLog(stream, items, maxLen));
  }

  getCounters(keys: string[]): Promise<Record<string, number>[]> {
    return this.read(() => this.inner.getCounters(keys));
  }

  readLog(stream: string, afterSeq: number, limit: number): Promise<LogItem[]> {
    return this.read(() => this.inner.readLog(stream, afterSeq, limit));
  }

  lastLogSeq(stream: string): Promise<number> {
    return this.read(() => this.inner.lastLogSeq(stream));
  }

  acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.read(() => this.inner.acquireLease(name, owner, ttlMs));
  }

  /** Maintenance goes straight to the store: no time budget, nothing spooled. */
  purge(softBounceWindowMs: number): Promise<PurgeCounts> {
    return this.inner.purge(softBounceWindowMs);
  }

  /** Tries the store now and replays the spool; resolves to true when the store is up and the spool empty. */
  probe(): Promise<boolean> {
    this.replaying ??= this.replay().finally(() => {
      this.replaying = null;
    });
    return this.replaying;
  }

  async close(): Promise<void> {
    this.stopProbing();
    await this.inner.close();
  }

  private async read<T>(call: () => Promise<T>): Promise<T> {
    if (this.down) throw new StoreUnavailableError('suppression store is down', false);
    try {
      return await this.withBudget(call);
    } catch (err) {
      this.markDown(err);
      throw new StoreUnavailableError(`suppression store unavailable: ${(err as Error).message}`, false, { cause: err });
    }
  }

  private async write<T>(op: SpoolOp, call: () => Promise<T>): Promise<T> {
    let failure: unknown;
    if (!this.down) {
      try {
        return await this.withBudget(call);
      } catch (err) {
        this.markDown(err);
        failure = err;
      }
    }
    const why = failure ? `suppression store unavailable (${(failure as Error).message})` : 'suppression store is down';
    try {
      this.spool.append(op);
    } catch (err) {
      // Counted and said as lost: a write the spool did not take must never look replayed later.
      this.lost += 1;
      if (this.lost === 1) this.log('error', `bounceguard: ${why} and ${(err as Error).message}: write lost (the next ones are counted until the store is back)`);
      throw new StoreUnavailableError(`${why}, write lost: ${(err as Error).message}`, false, { cause: err });
    }
    throw new StoreUnavailableError(`${why}, write spooled`, true, failure ? { cause: failure } : undefined);
  }

  private withBudget<T>(call: () => Promise<T>): Promise<T> {
    const ms = this.opts.timeoutMs;
    return withDeadline(call(), ms, () => new Error(`no answer within ${ms} ms`));
  }

  private markDown(err: unknown): void {
    if (this.down) return;
    this.down = true;
    const message = (err as Error)?.message ?? String(err);
    this.log('warn', `suppression store unavailable (${message}): lookups answer unknown, writes are spooled to ${this.spool.file}`);
    this.startProbing();
  }

  private async replay(): Promise<boolean> {
    try {
      await this.withBudget(() => this.inner.get('@probe.invalid'));
      const { applied, unreadable } = await this.spool.drain((op) => this.withBudget(() => this.apply(op)));
      if (unreadable > 0) this.log('error', `suppression spool ${this.spool.file}: skipped ${unreadable} unreadable lines`);
      const lost = this.lost ? `; ${this.lost} writes were lost (the spool ${this.spool.file} could not be written)` : '';
      if (this.down || applied > 0) this.log(this.lost ? 'error' : 'info', `suppression store is back: replayed ${applied} spooled writes${lost}`);
      this.lost = 0;
      this.down = false;
      this.stopProbing();
      return true;
    } catch {
      return false;
    }
  }

  private async apply(op: SpoolOp): Promise<void> {
    switch (op.op) {
      case 'put': await this.inner.put(op.entry); return;
      case 'remove': await this.inner.remove(op.key); return;
      case 'importMany': await this.inner.importMany(op.entries); return;
      case 'recordSoftBounce': await this.inner.recordSoftBounce(op.recipient, op.messageId, op.at, op.windowMs); return;
      case 'resetSoftBounces': await this.inner.resetSoftBounces(op.recipient); return;
      case 'setState': return this.replayState(op.key, op.value, op.expiresAt);
      case 'setStates': for (const s of op.states) await this.replayState(s.key, s.value, s.expiresAt); return;
      case 'addCounters': return this.inner.addCounters(op.adds, op.ttlMs);
      case 'appendLog': await this.inner.appendLog(op.stream, op.items, op.maxLen); return;
    }
  }

  private async replayState(key: string, value: unknown, expiresAt: number | null): Promise<void> {
    if (expiresAt === null) return this.inner.setState(key, value, null);
    const ttl = expiresAt - this.now();
    if (ttl > 0) await this.inner.setState(key, value, ttl);
  }

  private startProbing(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.probe(), this.opts.probeIntervalMs);
    this.timer.unref();
  }

  private stopProbing(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
