import { LRUCache } from 'lru-cache';
import type { Observation, PaceState } from './pace';

/** How far back a worker looks at its own sends and replies, and how long its report counts. */
export const OBSERVE_WINDOW_MS = 10_000;
/**
 * Fewer replies, or replies over a shorter time, say too little about the accepted rate: replies
 * to a burst all arrive at once and show the destination's burst allowance, not its rate.
 */
export const MIN_REPLY_SAMPLE = 5;
export const MIN_REPLY_SPAN_MS = 2_000;
const MAX_EVENTS = 10_000;
/**
 * Destinations remembered per process: the busiest ones. Mail to a long tail of domains must not
 * grow memory with every domain ever seen; a destination evicted or idle for two windows has
 * nothing left to say anyway (its events would have dropped out of the window).
 */
export const MAX_OBSERVED_DESTINATIONS = 10_000;
const IDLE_MS = 2 * OBSERVE_WINDOW_MS;

/** Timestamped events within a sliding window, bounded in memory. */
class EventWindow {
  private times: number[] = [];
  private flags: boolean[] = [];

  push(at: number, flag: boolean): void {
    this.times.push(at);
    this.flags.push(flag);
    if (this.times.length > MAX_EVENTS) this.dropBefore(this.times[this.times.length - MAX_EVENTS]);
    // Dropped in bulk, once a whole window is stale: a key that is fed but never observed stays small.
    else if (this.times[0] < at - IDLE_MS) this.dropBefore(at - OBSERVE_WINDOW_MS);
  }

  dropBefore(at: number): void {
    let i = 0;
    while (i < this.times.length && this.times[i] < at) i++;
    if (i === 0) return;
    this.times.splice(0, i);
    this.flags.splice(0, i);
  }

  get size(): number {
    return this.times.length;
  }

  get oldest(): number | null {
    return this.times.length ? this.times[0] : null;
  }

  countFlagged(): number {
    return this.flags.filter(Boolean).length;
  }
}

/** A worker reports on a paced destination about this often: one store write a second. */
export const REPORT_EVERY_MS = 1_000;

/**
 * What this process sent to each destination and what came back, kept in memory: recording every
 * send and delivery in a shared store would cost a write per message. With several workers each
 * sees its share only, so each adds its figures to a paced destination's state about once a second
 * (withReport) and cuts are sized from the sum (combined).
 */
export class Observations {
  private sends = boundedWindows();
  private replies = boundedWindows();

  /** Destinations remembered (sends or replies): never more than twice MAX_OBSERVED_DESTINATIONS. */
  get size(): number {
    return this.sends.size + this.replies.size;
  }

  noteSend(key: string, now: number): void {
    windowOf(this.sends, key).push(now, false);
  }

  noteReply(key: string, throttled: boolean, now: number): void {
    windowOf(this.replies, key).push(now, !throttled);
  }

  observe(key: string, now: number): Observation {
    const sends = this.sends.get(key);
    sends?.dropBefore(now - OBSERVE_WINDOW_MS);
    const replies = this.replies.get(key);
    replies?.dropBefore(now - OBSERVE_WINDOW_MS);
    const sendRate = sends?.size ? (sends.size * 1000) / span(sends, now) : null;
    const acceptedRate = replies && trustworthy(replies, now) ? (replies.countFlagged() * 1000) / span(replies, now) : null;
    return { sendRate, acceptedRate };
  }
}

/**
 * The state with this worker's observation in it, and reports older than the window dropped (a
 * worker that stopped sending no longer adds to the sum).
 */
export function withReport(state: PaceState, worker: string, seen: Observation, now: number): PaceState {
  const others = Object.entries(state.seen ?? {}).filter(([id, r]) => id !== worker && now - r.at < OBSERVE_WINDOW_MS);
  return { ...state, seen: Object.fromEntries([...others, [worker, { ...seen, at: now }]]) };
}

/**
 * What every worker that reported within the window saw, summed: the destination's total. The
 * accepted rate is unknown while any worker that sent cannot tell yet: a partial sum would
 * understate it and cut too deep.
 */
export function combined(state: PaceState, now: number): Observation {
  const reports = Object.values(state.seen ?? {}).filter((r) => now - r.at < OBSERVE_WINDOW_MS);
  const sending = reports.filter((r) => r.sendRate !== null);
  const accepted = sending.some((r) => r.acceptedRate === null) ? [] : reports.map((r) => r.acceptedRate);
  return { sendRate: sum(sending.map((r) => r.sendRate)), acceptedRate: sum(accepted) };
}

function sum(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
}

/** A burst within one instant counts as one second's worth, not as an infinite rate. */
function span(w: EventWindow, now: number): number {
  return Math.max(1000, now - (w.oldest ?? now));
}

function trustworthy(w: EventWindow, now: number): boolean {
  return w.size >= MIN_REPLY_SAMPLE && now - (w.oldest ?? now) >= MIN_REPLY_SPAN_MS;
}

function boundedWindows(): LRUCache<string, EventWindow> {
  return new LRUCache<string, EventWindow>({ max: MAX_OBSERVED_DESTINATIONS, ttl: IDLE_MS, updateAgeOnGet: true });
}

function windowOf(map: LRUCache<string, EventWindow>, key: string): EventWindow {
  let w = map.get(key);
  if (!w) map.set(key, (w = new EventWindow()));
  return w;
}
