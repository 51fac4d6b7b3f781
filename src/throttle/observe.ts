import type { Observation } from './pace';

/** How far back this process looks at its own sends and replies to size a cut. */
export const OBSERVE_WINDOW_MS = 10_000;
/**
 * Fewer replies, or replies over a shorter time, say too little about the accepted rate: replies
 * to a burst all arrive at once and show the destination's burst allowance, not its rate.
 */
export const MIN_REPLY_SAMPLE = 5;
export const MIN_REPLY_SPAN_MS = 2_000;
const MAX_EVENTS = 10_000;

/** Timestamped events within a sliding window, bounded in memory. */
class EventWindow {
  private times: number[] = [];
  private flags: boolean[] = [];

  push(at: number, flag: boolean): void {
    this.times.push(at);
    this.flags.push(flag);
    if (this.times.length > MAX_EVENTS) this.dropBefore(this.times[this.times.length - MAX_EVENTS]);
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

/**
 * What this process sent to each destination and what came back, kept in memory only: recording
 * every send and delivery in a shared store would cost a write per message. With several workers
 * each sees its share only, so cuts err on the slow side and quiet-time raises make up for it.
 */
export class Observations {
  private sends = new Map<string, EventWindow>();
  private replies = new Map<string, EventWindow>();

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

/** A burst within one instant counts as one second's worth, not as an infinite rate. */
function span(w: EventWindow, now: number): number {
  return Math.max(1000, now - (w.oldest ?? now));
}

function trustworthy(w: EventWindow, now: number): boolean {
  return w.size >= MIN_REPLY_SAMPLE && now - (w.oldest ?? now) >= MIN_REPLY_SPAN_MS;
}

function windowOf(map: Map<string, EventWindow>, key: string): EventWindow {
  let w = map.get(key);
  if (!w) map.set(key, (w = new EventWindow()));
  return w;
}
