/**
 * Slow start, as TCP does it: a destination with no recent history gets a low pace whose round
 * (the sends it lets go at once: a second's worth, see book) doubles, with the pace, each time a
 * whole round comes back accepted; until the first throttle signal (then the usual cut and
 * quiet-time raises take over) or slow_start_until (then it goes unpaced). Rounds are clocked by
 * the replies, not by the clock: a destination that accepts at once ramps up within a few round
 * trips, one that answers slowly gets the pace itself.
 */
import type { PaceSettings } from './config';
import { change, newPaceState, SLOW_START_BURST_MS, type PaceState, type Step } from './pace';
import { formatRate } from './units';

/**
 * No recent history: nothing stored, or unpaced (or still starting) and nothing sent for
 * slow_start_after. A paced destination keeps its pace however long it was quiet: that pace is
 * what the destination was last seen to accept.
 */
export function isFresh(state: PaceState | null, s: PaceSettings, now: number): boolean {
  if (s.slowStartRate === null) return false;
  if (!state) return true;
  if (state.rate !== null && state.slowStart === undefined) return false;
  return state.activeAt === undefined || now - state.activeAt >= s.slowStartAfterMs;
}

/** The state of a destination starting slowly; signals still counting toward a cut are kept. */
export function startSlowly(state: PaceState | null, s: PaceSettings, now: number): PaceState {
  const base = state ?? newPaceState();
  return {
    ...base, rate: s.slowStartRate, slowStart: 0, nextSlotAt: now, activeAt: now, lastChangeAt: now,
    lastCutAt: null, epoch: base.epoch + 1,
  };
}

/** The sends slow start lets go at once at this pace, and the accepted replies that double it. */
export function roundSize(rate: number): number {
  return Math.floor((rate * SLOW_START_BURST_MS) / 1000) + 1;
}

/** Counts one accepted reply during slow start; a whole round accepted doubles the pace. */
export function applyAccepted(dest: string, state: PaceState, s: PaceSettings, now: number): Step {
  if (state.slowStart === undefined || state.rate === null) return { state, change: null };
  const accepted = state.slowStart + 1;
  if (accepted < roundSize(state.rate)) return { state: { ...state, slowStart: accepted }, change: null };
  const reason = `slow start: ${accepted} replies accepted at ${formatRate(state.rate)}`;
  const doubled = state.rate * 2;
  if (s.ceiling !== null && s.ceiling <= s.slowStartUntil && doubled >= s.ceiling) {
    const next = { ...state, rate: s.ceiling, slowStart: undefined, lastChangeAt: now };
    return { state: next, change: change(dest, 'raise', state.rate, s.ceiling, now, `${reason}: at the ceiling`, null) };
  }
  if (doubled >= s.slowStartUntil) {
    const next = { ...state, rate: null, slowStart: undefined, lastChangeAt: now, signals: [] };
    return { state: next, change: change(dest, 'release', state.rate, null, now, `${reason}: unpaced from ${formatRate(s.slowStartUntil)}`, null) };
  }
  // The next round may go at once, as the first did.
  const next = { ...state, rate: doubled, slowStart: 0, lastChangeAt: now, nextSlotAt: now };
  return { state: next, change: change(dest, 'raise', state.rate, doubled, now, reason, null) };
}
