import { describe, expect, it } from 'vitest';
import { parseThrottleConfig, type PaceSettings } from '../../src/throttle/config';
import {
  FALLBACK_START_RATE, JUST_UNDER, MAX_PACE, applyQuiet, applySignal, book, cutRate, delaySeconds, newPaceState, nextRaiseAt, releaseAt,
  type Observation, type PaceState, type Ticket,
} from '../../src/throttle/pace';

const T0 = 1_700_000_000_000;
const D = 'provider:google';
const nothingSeen: Observation = { sendRate: null, acceptedRate: null };

function settings(throttle: Record<string, unknown> = {}): PaceSettings {
  return parseThrottleConfig({ throttle }).defaults;
}

function paced(rate: number, at = T0, over: Partial<PaceState> = {}): PaceState {
  return { ...newPaceState(), rate, lastSignalAt: at, lastChangeAt: at, lastCutAt: at, nextSlotAt: at, epoch: 1, ...over };
}

const signal = (state: PaceState, s: PaceSettings, at: number, seen = nothingSeen) =>
  applySignal(D, state, s, at, 'google.unusual-rate', seen);

describe('cuts', () => {
  const s = settings({ decrease_factor: 0.5, floor: '1/s', cooldown: '5s' });

  it('cut a known pace multiplicatively and report the change once, with its rule', () => {
    const { state, change } = signal(paced(8), s, T0 + 10_000);
    expect(state.rate).toBe(4);
    expect(change).toMatchObject({ dest: D, kind: 'cut', from: 8, to: 4, rule: 'google.unusual-rate', at: T0 + 10_000 });
    expect(change!.reason).toMatch(/1 throttle signal \(last: google.unusual-rate\)/);
    expect(state.epoch).toBe(2);
  });

  it('stop at the floor, and say nothing when the pace does not move', () => {
    let state = paced(3);
    const rates: number[] = [];
    for (let i = 1; i <= 4; i++) {
      const step = signal(state, s, T0 + i * 6_000);
      state = step.state;
      rates.push(state.rate!);
      if (i === 4) expect(step.change).toBeNull();
    }
    expect(rates).toEqual([1.5, 1, 1, 1]);
  });

  it('never go above the ceiling', () => {
    const capped = settings({ ceiling: '2/s', floor: '1/s' });
    expect(cutRate(null, capped, { sendRate: 100, acceptedRate: null })).toBe(2);
  });

  describe('from unthrottled', () => {
    it('start at start_rate when set', () => {
      expect(cutRate(null, settings({ start_rate: '20/s' }), { sendRate: 500, acceptedRate: null })).toBe(20);
    });

    it('else cut the observed send rate', () => {
      expect(cutRate(null, s, { sendRate: 60, acceptedRate: null })).toBe(30);
    });

    it('else start at the fallback, never below the floor', () => {
      expect(cutRate(null, s, nothingSeen)).toBe(Math.max(1, FALLBACK_START_RATE));
      expect(cutRate(null, settings({ floor: '5/s' }), nothingSeen)).toBe(5);
    });
  });

  it('go no higher than the rate the destination was seen to accept', () => {
    expect(cutRate(60, s, { sendRate: 60, acceptedRate: 5.5 })).toBe(5.5);
    expect(cutRate(null, s, { sendRate: 60, acceptedRate: 5.5 })).toBe(5.5);
    // A pace the destination nearly all accepted was just above its limit: land just under what it accepted.
    expect(cutRate(10, s, { sendRate: 10, acceptedRate: 9 })).toBeCloseTo(9 * JUST_UNDER, 10);
    expect(cutRate(10, s, { sendRate: 10, acceptedRate: 12 })).toBeCloseTo(10 * JUST_UNDER, 10);
    expect(cutRate(10, s, { sendRate: 10, acceptedRate: 4 })).toBe(4);
    expect(cutRate(10, s, { sendRate: 10, acceptedRate: 0 })).toBe(1);
  });
});

describe('triggers and cool-down', () => {
  it('with trigger_count=1 the first signal cuts an unthrottled destination', () => {
    const { state, change } = signal(newPaceState(), settings(), T0, { sendRate: 10, acceptedRate: null });
    expect(state.rate).toBe(7);
    expect(change).toMatchObject({ from: null, to: 7 });
    expect(state.nextSlotAt).toBe(T0 + 1000 / 7);
  });

  it('with N signals in a window, cuts at the Nth and not before', () => {
    const s = settings({ trigger_count: 3, trigger_window: '60s' });
    let state = newPaceState();
    for (const [at, cuts] of [[0, false], [20_000, false], [40_000, true]] as const) {
      const step = signal(state, s, T0 + at);
      state = step.state;
      expect(step.change !== null).toBe(cuts);
    }
  });

  it('forgets signals older than the window', () => {
    const s = settings({ trigger_count: 2, trigger_window: '60s' });
    const first = signal(newPaceState(), s, T0).state;
    expect(signal(first, s, T0 + 60_000).change).toBeNull();
    expect(signal(first, s, T0 + 59_999).change).not.toBeNull();
  });

  it('cuts within the cool-down only when the measured accepted rate shows the last cut was far too shallow', () => {
    const s = settings({ cooldown: '5s', decrease_factor: 0.7, floor: '1/s' });
    const shallow = signal(paced(100), s, T0 + 2_000, { sendRate: 100, acceptedRate: 6 });
    expect(shallow.state.rate).toBe(6);
    expect(shallow.change).toMatchObject({ kind: 'cut', from: 100, to: 6, reason: 'accepted only 6/s (last: google.unusual-rate)' });
    expect(shallow.state.lastCutAt).toBe(T0 + 2_000);
    // Close to the pace: an ordinary reply to mail sent before the cut, ignored.
    expect(signal(paced(10), s, T0 + 2_000, { sendRate: 10, acceptedRate: 7.5 }).change).toBeNull();
    expect(signal(paced(10), s, T0 + 2_000, { sendRate: 10, acceptedRate: 0.1 }).state.rate).toBe(1);
  });

  it('ignores signals during the cool-down for cutting, but they still hold off raises', () => {
    const s = settings({ cooldown: '5s', trigger_count: 1 });
    const during = signal(paced(10), s, T0 + 4_999);
    expect(during.change).toBeNull();
    expect(during.state.rate).toBe(10);
    expect(during.state.lastSignalAt).toBe(T0 + 4_999);
    expect(during.state.signals).toEqual([]);
    expect(signal(paced(10), s, T0 + 5_000).state.rate).toBe(7);
  });
});

describe('recovery', () => {
  const s = settings({ increase_step: '0.5/s', increase_every: '10s', release_after: '1h' });

  it('raises by the step after each quiet period, anchored on the signal however late it runs', () => {
    expect(applyQuiet(D, paced(2), s, T0 + 9_999).change).toBeNull();
    const once = applyQuiet(D, paced(2), s, T0 + 10_000);
    expect(once.state.rate).toBe(2.5);
    expect(once.change).toMatchObject({ kind: 'raise', from: 2, to: 2.5, reason: 'quiet for 10s' });
    const late = applyQuiet(D, paced(2), s, T0 + 35_000);
    expect(late.state.rate).toBe(3.5);
    expect(late.state.lastChangeAt).toBe(T0 + 30_000);
    expect(nextRaiseAt(late.state, s)).toBe(T0 + 40_000);
  });

  it('raises by a share of the pace when the step is a percentage, up to a sane maximum', () => {
    const pct = settings({ increase_step: '10%', increase_every: '10s', release_after: 0 });
    expect(applyQuiet(D, paced(20), pct, T0 + 20_000).state.rate).toBeCloseTo(24.2, 10);
    expect(applyQuiet(D, paced(20), pct, T0 + 365 * 86_400_000).state.rate).toBe(MAX_PACE);
  });

  it('stops at the ceiling and then has no next raise', () => {
    const capped = settings({ increase_step: '1/s', ceiling: '3/s' });
    const { state } = applyQuiet(D, paced(2), capped, T0 + 100_000);
    expect(state.rate).toBe(3);
    expect(nextRaiseAt(state, capped)).toBeNull();
    expect(applyQuiet(D, state, capped, T0 + 200_000).change).toBeNull();
  });

  it('releases the destination after release_after without signals', () => {
    const off = settings({ increase_step: '0.5/s', increase_every: '10s', release_after: '1h', slow_start: 'none' });
    const state = paced(2);
    expect(releaseAt(state, off)).toBe(T0 + 3_600_000);
    const { state: released, change } = applyQuiet(D, state, off, T0 + 3_600_000);
    expect(released.rate).toBeNull();
    expect(change).toMatchObject({ kind: 'release', from: 2, to: null, reason: 'no throttle signal for 3600s' });
    expect(book(released, off, T0 + 3_600_000, null).booking).toEqual({ sendNow: true, waitMs: 0 });
  });

  it('with slow start on, releases into a slow start from the released pace (a pace at or above its end goes unpaced)', () => {
    const { state: released, change } = applyQuiet(D, paced(2), s, T0 + 3_600_000);
    expect([released.rate, released.slowStart]).toEqual([2, 0]);
    expect(change).toMatchObject({ kind: 'release', from: 2, to: 2, reason: 'no throttle signal for 3600s: slow start from here' });
    expect(releaseAt(released, s)).toBeNull();
    expect(nextRaiseAt(released, s)).toBeNull();
    expect(applyQuiet(D, paced(60), s, T0 + 3_600_000).state.rate).toBeNull();
  });

  it('raises only for time spent sending: a pace left idle is remembered as it was, and its cadence starts over', () => {
    const idle = paced(2, T0, { activeAt: T0 + 5_000 });
    // One period after the last send is earned; the hour after it is not.
    const later = applyQuiet(D, idle, s, T0 + 1_800_000);
    expect(later.state.rate).toBe(2.5);
    const resumed = book(later.state, s, T0 + 1_800_000, null).state;
    expect(resumed.lastChangeAt).toBe(T0 + 1_800_000);
    expect(applyQuiet(D, resumed, s, T0 + 1_809_999).change).toBeNull();
    expect(applyQuiet(D, resumed, s, T0 + 1_810_000).state.rate).toBe(3);
  });

  it('never releases with release_after=0, and does nothing for an unthrottled destination', () => {
    const never = settings({ release_after: 0, ceiling: '3/s' });
    expect(applyQuiet(D, paced(3), never, T0 + 86_400_000).state.rate).toBe(3);
    const idle = newPaceState();
    expect(applyQuiet(D, idle, s, T0).state).toBe(idle);
  });
});

describe('booking send slots', () => {
  const s = settings({ max_delay: '30s', max_hold: '2s', max_held: 20 });

  it('lets everything through when unthrottled', () => {
    expect(book(newPaceState(), s, T0, null).booking).toEqual({ sendNow: true, waitMs: 0 });
  });

  it('spaces sends 1/rate apart, holding in the hook within the hold window, and gives DELAYs beyond it', () => {
    let state = paced(2, T0);
    const bookings = [];
    for (let i = 0; i < 6; i++) {
      const r = book(state, s, T0, null);
      state = r.state;
      bookings.push(r.booking);
    }
    // A message waiting in the hook keeps its slot's ticket, to check for a cut before it goes.
    expect(bookings.slice(0, 5)).toEqual([0, 500, 1000, 1500, 2000].map((waitMs) =>
      (waitMs ? { sendNow: true, waitMs, ticket: { slotAt: T0 + waitMs, epoch: 1 } } : { sendNow: true, waitMs })));
    expect(bookings[5]).toEqual({ sendNow: false, delaySeconds: 1, ticket: { slotAt: T0 + 2500, epoch: 1 } });
  });

  it('gives no credit for idle time: a queue that waited does not burst', () => {
    const state = paced(1, T0, { nextSlotAt: T0 - 60_000 });
    const first = book(state, s, T0, null);
    expect(first.booking).toEqual({ sendNow: true, waitMs: 0 });
    expect(book(first.state, s, T0, null).booking).toMatchObject({ sendNow: true, waitMs: 1000 });
  });

  it('honours a ticket of the current pace without booking again, so the message comes back before its slot', () => {
    const state = paced(0.1, T0, { nextSlotAt: T0 + 25_000 });
    const { state: after, booking } = book(state, s, T0, null);
    if (booking.sendNow) throw new Error('expected a DELAY');
    // Back at the latest one Haraka tick after the DELAY: still before the slot, within the hold.
    expect(booking.delaySeconds).toBe(23);
    const back = T0 + booking.delaySeconds * 1000 + 999;
    const again = book(after, s, back, booking.ticket);
    expect(again.state).toBe(after);
    expect(again.booking).toEqual({ sendNow: true, waitMs: T0 + 25_000 - back, ticket: booking.ticket });
    expect(book(after, s, T0 + 26_000, booking.ticket).booking).toEqual({ sendNow: true, waitMs: 0 });
  });

  it('voids tickets booked before a cut', () => {
    const ticket: Ticket = { slotAt: T0 + 10_000, epoch: 1 };
    const cut = signal(paced(10), settings({ decrease_factor: 0.5 }), T0 + 9_000).state;
    expect([cut.rate, cut.epoch]).toEqual([5, 2]);
    const r = book(cut, s, T0 + 10_000, ticket);
    // Booked afresh at the new pace: the next slot is one new interval after this one.
    expect(r.state.nextSlotAt).toBe(T0 + 10_000 + 200);
    expect(r.booking).toEqual({ sendNow: true, waitMs: 0 });
  });

  it('does not book beyond max_delay and brings such messages back when the slot is half-way in', () => {
    const state = paced(1, T0, { nextSlotAt: T0 + 50_000 });
    const { state: after, booking } = book(state, s, T0, null);
    expect(after).toBe(state);
    expect(booking).toEqual({ sendNow: false, delaySeconds: 30, ticket: null });
    const near = paced(1, T0, { nextSlotAt: T0 + 40_000 });
    expect(book(near, s, T0, null).booking).toEqual({ sendNow: false, delaySeconds: 25, ticket: null });
  });

  it('shrinks the hold window at high paces so that about max_held sends wait at once', () => {
    let state = paced(100, T0);
    let held = 0;
    for (let i = 0; i < 100; i++) {
      const r = book(state, s, T0, null);
      state = r.state;
      if (r.booking.sendNow) held++;
    }
    expect(held).toBe(21);
  });

  it('with max_hold=0 only sends whose slot has come go at once', () => {
    const noHold = settings({ max_hold: 0 });
    const first = book(paced(2, T0), noHold, T0, null);
    expect(first.booking).toEqual({ sendNow: true, waitMs: 0 });
    expect(book(first.state, noHold, T0, null).booking).toMatchObject({ sendNow: false, delaySeconds: 1 });
  });

  it('always answers a finite whole DELAY of at least 1 second, at most max_delay', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 2_000; i++) {
      const rate = 10 ** (random() * 6 - 4);
      const now = T0 + random() * 1e7;
      const state = paced(rate, T0, { nextSlotAt: T0 + random() * 2e7, epoch: 1 });
      const ticket = random() < 0.3 ? { slotAt: now + (random() - 0.5) * 1e6, epoch: 1 } : null;
      const { booking } = book(state, s, now, ticket);
      if (booking.sendNow) {
        expect(booking.waitMs).toBeGreaterThanOrEqual(0);
        expect(booking.waitMs).toBeLessThanOrEqual(s.maxHoldMs);
      } else {
        expect(Number.isInteger(booking.delaySeconds)).toBe(true);
        expect(booking.delaySeconds).toBeGreaterThanOrEqual(1);
        expect(booking.delaySeconds).toBeLessThanOrEqual(30);
      }
    }
  });

  it('turns junk durations into a bounded whole DELAY', () => {
    for (const ms of [NaN, Infinity, -Infinity, -5, 0, 0.1]) {
      const d = delaySeconds(ms, s);
      expect(Number.isInteger(d) && d >= 1 && d <= 30).toBe(true);
    }
    expect(delaySeconds(1_001, s)).toBe(2);
  });
});
