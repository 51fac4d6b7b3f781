/** Adds `fields` (name to amount) to the counters under `key`. */
export interface CounterAdd {
  key: string;
  fields: Record<string, number>;
}

/** One item of a bounded log, with its sequence number (1, 2, ... per stream, never reused). */
export interface LogItem {
  seq: number;
  item: string;
}

/**
 * The generic operations operator signals need from a store, shared by every worker and host that
 * uses it: bucketed counters (rolling windows), a bounded append-only log (the event outbox) and a
 * lease (one background sender or evaluator at a time).
 */
export interface SignalStore {
  /** Adds to counters atomically for every writer; each key touched expires `ttlMs` after this write. */
  addCounters(adds: CounterAdd[], ttlMs: number): Promise<void>;
  /** The live counters of each key, in order; `{}` for a key with none. */
  getCounters(keys: string[]): Promise<Record<string, number>[]>;
  /**
   * Appends items to a stream; beyond `maxLen` items the oldest are dropped. Resolves to the
   * sequence number of the last item appended (the stream's latest).
   */
  appendLog(stream: string, items: string[], maxLen: number): Promise<number>;
  /** Up to `limit` items after sequence `afterSeq`, oldest first. A gap before the first says items were dropped. */
  readLog(stream: string, afterSeq: number, limit: number): Promise<LogItem[]>;
  /** The newest sequence number of the stream, 0 when nothing was ever appended. */
  lastLogSeq(stream: string): Promise<number>;
  /** Takes a free or expired lease, or renews one `owner` holds; resolves to whether `owner` holds it now. */
  acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean>;
}

/** The signal operations of `impl`, bound, to assign onto a store that delegates them. */
export function signalMethods(impl: SignalStore): SignalStore {
  return {
    addCounters: impl.addCounters.bind(impl),
    getCounters: impl.getCounters.bind(impl),
    appendLog: impl.appendLog.bind(impl),
    readLog: impl.readLog.bind(impl),
    lastLogSeq: impl.lastLogSeq.bind(impl),
    acquireLease: impl.acquireLease.bind(impl),
  };
}
