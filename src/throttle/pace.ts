/**
 * The pace of one destination as plain data, and the pure transitions over it: cut on throttle
 * signals, raise on quiet time, release, and booking of send slots. Times are epoch ms, rates msg/s.
 */
import type { PaceSettings } from './config';
import { formatRate } from './units';

/** Stored per destination (JSON), shared by every worker and host that share the store. */
export interface PaceState {
  /** Messages per second; null: unthrottled. */
  rate: number | null;
  lastSignalAt: number | null;
  lastSignalRule: string | null;
  lastChangeAt: number | null;
  lastCutAt: number | null;
  /** Signals counted toward the trigger: since the last cut's cool-down, within the trigger window. */
  signals: number[];
  /** When the next send slot becomes free. */
  nextSlotAt: number;
  /** Bumped at every cut, so slots booked at the faster pace no longer count. */
  epoch: number;
  /**
   * Each worker's latest observation, by worker id: a worker sees only its own share of the mail,
   * so a cut is sized from their sum. Absent in states saved before workers reported.
   */
  seen?: Record<string, WorkerReport>;
  /** In slow start: replies accepted since the pace last doubled. Absent: not in slow start. */
  slowStart?: number;
  /** When a send was last booked (refreshed now and then while unpaced). Absent in older states. */
  activeAt?: number;
}

/** One worker's observation as it last wrote it into the shared state. */
export interface WorkerReport extends Observation {
  at: number;
}

export type ChangeKind = 'cut' | 'raise' | 'release';

/** One change of pace, returned once so that the caller logs it once. */
export interface PaceChange {
  dest: string;
  kind: ChangeKind;
  from: number | null;
  to: number | null;
  at: number;
  reason: string;
  rule: string | null;
}

/** A booked send slot; the caller keeps it with the message and hands it back on the next attempt. */
export interface Ticket {
  slotAt: number;
  epoch: number;
}

/** sendNow: go after waiting waitMs (under a second or two, see max_hold); else DELAY delaySeconds. */
export type Booking =
  | { sendNow: true; waitMs: number; ticket?: Ticket }
  | { sendNow: false; delaySeconds: number; ticket: Ticket | null };

/** What was seen of the destination lately (one worker's, or every worker's summed); sizes cuts. */
export interface Observation {
  /** Messages sent per second, or null when nothing was sent. */
  sendRate: number | null;
  /** Replies per second that were not throttle signals, or null on too small a sample. */
  acceptedRate: number | null;
}

/** The first pace when nothing is configured or observed (e.g. another worker did the sending). */
export const FALLBACK_START_RATE = 1;

export function newPaceState(): PaceState {
  return {
    rate: null, lastSignalAt: null, lastSignalRule: null, lastChangeAt: null, lastCutAt: null,
    signals: [], nextSlotAt: 0, epoch: 0,
  };
}

export interface Step {
  state: PaceState;
  change: PaceChange | null;
}

/** Applies what quiet time since the last signal or change has earned: release, or else raises. */
export function applyQuiet(dest: string, state: PaceState, s: PaceSettings, now: number): Step {
  if (state.rate === null || state.slowStart !== undefined) return { state, change: null };
  const lastSignal = state.lastSignalAt ?? state.lastChangeAt ?? now;
  if (s.releaseAfterMs !== null && now - lastSignal >= s.releaseAfterMs) return release(dest, state, s, now, lastSignal);
  const since = Math.max(lastSignal, state.lastChangeAt ?? lastSignal);
  // Only time spent sending earns raises: a pace nobody tried says nothing about a faster one, and
  // a pace remembered over a restart or a quiet night must not come back as a burst.
  const until = state.activeAt === undefined ? now : Math.min(now, Math.max(since, state.activeAt) + s.increaseEveryMs);
  const steps = Math.floor((until - since) / s.increaseEveryMs);
  if (steps < 1) return { state, change: null };
  const raised = capped(raise(state.rate, steps, s), s);
  if (raised <= state.rate) return { state, change: null };
  // The cadence stays anchored to the signal, however late this runs.
  const next = { ...state, rate: raised, lastChangeAt: since + steps * s.increaseEveryMs };
  const reason = `quiet for ${seconds(now - since)}`;
  return { state: next, change: change(dest, 'raise', state.rate, raised, now, reason, null) };
}

/**
 * A long quiet ends the pace. With slow start on, the released pace is where a new slow start
 * begins: it doubles while every reply is accepted, instead of the destination getting every
 * queued message at once.
 */
function release(dest: string, state: PaceState, s: PaceSettings, now: number, lastSignal: number): Step {
  const reason = `no throttle signal for ${seconds(now - lastSignal)}`;
  const base = { ...state, lastChangeAt: now, signals: [] };
  if (s.slowStartRate !== null && state.rate !== null && state.rate < s.slowStartUntil) {
    return { state: { ...base, slowStart: 0 }, change: change(dest, 'release', state.rate, state.rate, now, `${reason}: slow start from here`, null) };
  }
  return { state: { ...base, rate: null }, change: change(dest, 'release', state.rate, null, now, reason, null) };
}

/** Counts one throttle signal; cuts when the trigger fires outside the cool-down. Ends any slow start. */
export function applySignal(
  dest: string, state: PaceState, s: PaceSettings, now: number, rule: string, seen: Observation,
): Step {
  const noted = { ...state, lastSignalAt: now, lastSignalRule: rule, slowStart: undefined };
  if (state.slowStart !== undefined && state.rate !== null) return endSlowStart(dest, noted, state.rate, s, now, rule);
  if (state.lastCutAt !== null && now - state.lastCutAt < s.cooldownMs) {
    // Signals within the cool-down answer mail sent at the old pace: they prove nothing about the
    // new one. The accepted rate is a measurement, not a reaction to single replies: when it is
    // far below the new pace, the last cut was not deep enough, whatever the cool-down says.
    const accepted = seen.acceptedRate;
    if (accepted === null || state.rate === null || accepted >= state.rate * s.decreaseFactor) return { state: noted, change: null };
    return cutTo(dest, noted, now, capped(Math.max(s.floor, accepted), s), `accepted only ${formatRate(accepted)} (last: ${rule})`, rule);
  }
  const signals = [...state.signals.filter((t) => now - t < s.triggerWindowMs), now].slice(-s.triggerCount);
  if (signals.length < s.triggerCount) return { state: { ...noted, signals }, change: null };
  const reason = `${signals.length} throttle signal${signals.length > 1 ? 's' : ''} (last: ${rule})`;
  return cutTo(dest, noted, now, cutRate(state.rate, s, seen), reason, rule);
}

/**
 * The first signal of a slow start answers its last round, sent at once: it says the destination's
 * burst allowance ran out, not that the pace is too fast. So the pace stays, sent evenly from now
 * on; if it is too fast after all, a signal after a short cool-down cuts it as usual.
 */
function endSlowStart(dest: string, state: PaceState, rate: number, s: PaceSettings, now: number, rule: string): Step {
  // The burst's own replies are in within a second; a signal after that answers the even pace.
  const lastCutAt = now - Math.max(0, s.cooldownMs - SLOW_START_SETTLE_MS);
  const next = { ...state, signals: [], lastCutAt, lastChangeAt: now, epoch: state.epoch + 1, nextSlotAt: now + 1000 / rate };
  return { state: next, change: change(dest, 'cut', rate, rate, now, `slow start ended by a throttle signal (${rule}): paced evenly`, rule) };
}

function cutTo(dest: string, state: PaceState, now: number, to: number, reason: string, rule: string): Step {
  const cut = { ...state, signals: [], lastCutAt: now };
  if (to === state.rate) return { state: cut, change: null };
  const next = { ...cut, rate: to, lastChangeAt: now, epoch: state.epoch + 1, nextSlotAt: now + 1000 / to };
  return { state: next, change: change(dest, 'cut', state.rate, to, now, reason, rule) };
}

/**
 * The pace after a cut: the current pace (or, unthrottled, start_rate when set, else what was sent)
 * times decrease_factor, and no more than the rate the destination recently accepted. While the
 * sender is far above the hidden limit, the accepted rate is the limit itself: one cut lands near
 * it instead of the many a fixed factor would need, each costing a cool-down of refused mail.
 * When the destination accepted nearly the whole pace, the pace was just above its limit (a
 * quiet-time raise probing upward): the cut lands just under what it accepted instead, since the
 * full factor would then run well below the limit until raises climb back.
 */
export function cutRate(rate: number | null, s: PaceSettings, seen: Observation): number {
  let to: number;
  if (rate !== null) to = rate * s.decreaseFactor;
  else if (s.startRate !== null) to = s.startRate;
  else if (seen.sendRate !== null) to = seen.sendRate * s.decreaseFactor;
  else to = FALLBACK_START_RATE;
  const accepted = seen.acceptedRate;
  if (accepted !== null) to = rate !== null && accepted >= to ? Math.max(to, Math.min(rate, accepted) * JUST_UNDER) : Math.min(to, accepted);
  return capped(Math.max(s.floor, to), s);
}

/** Where a cut lands under a pace the destination nearly all accepted. */
export const JUST_UNDER = 0.9;

/**
 * Decides one send attempt. Slots are spaced 1/rate apart with no credit for idle time, so the pace
 * holds even for a queue that was waiting. Slots are booked only up to max_delay ahead: a DELAY
 * cannot be shortened once given, so booking further would keep a raise from taking effect.
 */
export function book(state: PaceState, s: PaceSettings, now: number, ticket: Ticket | null): { state: PaceState; booking: Booking } {
  if (state.rate === null) return { state, booking: { sendNow: true, waitMs: 0 } };
  if (ticket && ticket.epoch === state.epoch) return { state, booking: toSlot(ticket.slotAt - now, state.rate, s, ticket) };
  // Slow start lets a second's worth go at once (a few messages to a new destination are not held),
  // and books no further than the hook holds: its pace doubles within seconds, and a DELAY given
  // at the slower pace could not be taken back.
  const ramping = state.slowStart !== undefined;
  const slot = Math.max(now, state.nextSlotAt - (ramping ? SLOW_START_BURST_MS : 0));
  if (slot - now <= (ramping ? holdMs(state.rate, s) : s.maxDelayMs)) {
    const booked = { slotAt: slot, epoch: state.epoch };
    const next = { ...state, nextSlotAt: Math.max(now, state.nextSlotAt) + 1000 / state.rate, activeAt: now };
    // Sending again after a pause longer than a raise period: the raise cadence starts over.
    if (!ramping && state.activeAt !== undefined && now - state.activeAt > s.increaseEveryMs) next.lastChangeAt = now;
    return { state: next, booking: toSlot(slot - now, state.rate, s, booked) };
  }
  // Not booked: come back when this slot would be half-way into the booking horizon. Sooner makes
  // every waiting message poll each second; later leaves the booked slots run dry before it returns.
  const retryMs = ramping ? 0 : slot - now - s.maxDelayMs / 2;
  return { state, booking: { sendNow: false, delaySeconds: delaySeconds(retryMs, s), ticket: null } };
}

/** How long after slow start ends signals still answer its last round rather than the even pace. */
export const SLOW_START_SETTLE_MS = 1000;

/** How much of a second's worth of sends slow start lets go at once. */
export const SLOW_START_BURST_MS = 1000;

/**
 * Haraka releases delayed mail on a one-second tick, so DELAYs alone send a pace of R/s as one
 * clump of R each second, which a destination counting short bursts refuses. A slot less than
 * the hold window ahead is waited for in the hook instead; a later one gets a DELAY that brings
 * the message back before its slot (tick included) when the window is 2s, so it goes on time.
 * The window shrinks at high paces so that about max_held sends wait at once: each holds one of
 * Haraka's delivery slots, which other destinations need too.
 */
function toSlot(aheadMs: number, rate: number, s: PaceSettings, ticket: Ticket): Booking {
  const hold = holdMs(rate, s);
  const waitMs = Math.max(0, Math.round(aheadMs));
  if (aheadMs <= hold) return waitMs > 0 ? { sendNow: true, waitMs, ticket } : { sendNow: true, waitMs };
  return { sendNow: false, delaySeconds: delaySeconds(aheadMs - hold, s), ticket };
}

function holdMs(rate: number, s: PaceSettings): number {
  return Math.min(s.maxHoldMs, (s.maxHeld * 1000) / rate);
}

/** Whole seconds, at least 1, at most max_delay, and finite whatever the input (Haraka and NaN: see docs). */
export function delaySeconds(ms: number, s: PaceSettings): number {
  const max = Math.max(1, Math.ceil(s.maxDelayMs / 1000));
  if (!Number.isFinite(ms)) return max;
  return Math.min(max, Math.max(1, Math.ceil(ms / 1000)));
}

/** When quiet time will next raise the pace, or null when it will not (unthrottled, at the ceiling). */
export function nextRaiseAt(state: PaceState, s: PaceSettings): number | null {
  if (state.rate === null || state.slowStart !== undefined || (s.ceiling !== null && state.rate >= s.ceiling)) return null;
  const lastSignal = state.lastSignalAt ?? state.lastChangeAt ?? 0;
  return Math.max(lastSignal, state.lastChangeAt ?? lastSignal) + s.increaseEveryMs;
}

/** When quiet time will release the destination, or null. */
export function releaseAt(state: PaceState, s: PaceSettings): number | null {
  if (state.rate === null || state.slowStart !== undefined || s.releaseAfterMs === null) return null;
  return (state.lastSignalAt ?? state.lastChangeAt ?? 0) + s.releaseAfterMs;
}

export function describeChange(c: PaceChange): string {
  return `throttle ${c.dest}: ${c.kind} ${formatRate(c.from)} -> ${formatRate(c.to)}: ${c.reason}`;
}

/** Beyond this a pace means nothing (and Infinity would not survive JSON): no MTA sends faster. */
export const MAX_PACE = 10_000;

function raise(rate: number, steps: number, s: PaceSettings): number {
  const step = s.increaseStep;
  const raised = 'percent' in step ? rate * (1 + step.percent / 100) ** steps : rate + steps * step.perSecond;
  return Math.min(raised, MAX_PACE);
}

function capped(rate: number, s: PaceSettings): number {
  return s.ceiling === null ? rate : Math.min(rate, s.ceiling);
}

export function change(dest: string, kind: ChangeKind, from: number | null, to: number | null, at: number, reason: string, rule: string | null): PaceChange {
  return { dest, kind, from, to, at, reason, rule };
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)}s`;
}
