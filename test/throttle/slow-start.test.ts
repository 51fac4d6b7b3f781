import { beforeEach, describe, expect, it } from 'vitest';
import { parseThrottleConfig } from '../../src/throttle/config';
import { ThrottleController, type Reservation } from '../../src/throttle/controller';
import type { Destination } from '../../src/throttle/destination';
import { roundSize } from '../../src/throttle/slow-start';
import { CountingStore, delivered as accepted, throttled } from '../helpers/throttle';

const T0 = 1_700_000_000_000;
const NEW_DOMAIN = { recipientDomain: 'example.org', mx: 'mx.example.org' };

describe('slow start', () => {
  let t: number;
  let store: CountingStore;
  const controller = (throttle: Record<string, unknown> = {}) =>
    new ThrottleController({ config: parseThrottleConfig({ throttle }), store, now: () => t, worker: `w${Math.random()}` });

  /** Reserves n sends at the current instant. */
  async function reserveMany(ctl: ThrottleController, dest: Destination, n: number): Promise<Reservation[]> {
    const out: Reservation[] = [];
    for (let i = 0; i < n; i++) out.push(await ctl.reserve(dest));
    return out;
  }
  const immediate = (rs: Reservation[]) => rs.filter((r) => r.sendNow && r.waitMs === 0).length;

  async function acceptAll(ctl: ThrottleController, dest: Destination, n: number) {
    const changes = [];
    for (let i = 0; i < n; i++) changes.push(...(await ctl.onOutcome(dest, accepted)));
    return changes;
  }

  beforeEach(() => {
    t = T0;
    store = new CountingStore(() => t);
  });

  it('lets a round go at once to a new destination, holds the rest, and doubles when the round comes back accepted', async () => {
    const ctl = controller();
    const dest = ctl.destinationOf(NEW_DOMAIN);
    expect(roundSize(2)).toBe(3);
    const first = await reserveMany(ctl, dest, 4);
    expect(immediate(first)).toBe(3);
    expect(first[3]).toMatchObject({ sendNow: true, waitMs: 500 });
    t += 50;
    expect(await acceptAll(ctl, dest, 2)).toEqual([]);
    expect(await acceptAll(ctl, dest, 1)).toEqual([expect.objectContaining({ kind: 'raise', from: 2, to: 4, reason: 'slow start: 3 replies accepted at 2/s' })]);
    // The next round (a second's worth at 4/s, plus one) goes at once.
    expect(immediate(await reserveMany(ctl, dest, 6))).toBe(roundSize(4));
  });

  it('doubles up to slow_start_until, then leaves the destination unpaced and costs about one store write a minute', async () => {
    const ctl = controller({ slow_start: '2/s', slow_start_until: '16/s' });
    const dest = ctl.destinationOf(NEW_DOMAIN);
    const rates: (number | null)[] = [];
    for (let rate = 2; rate < 16; rate *= 2) {
      await reserveMany(ctl, dest, roundSize(rate));
      t += 20;
      rates.push(...(await acceptAll(ctl, dest, roundSize(rate))).map((c) => c.to));
    }
    expect(rates).toEqual([4, 8, null]);
    const saves = store.saves;
    // A minute of mail, ten a second: one write refreshes when the destination was last used.
    for (let i = 0; i < 600; i++) {
      t += 100;
      expect(await ctl.reserve(dest)).toEqual({ sendNow: true, waitMs: 0, changes: [] });
      await ctl.onOutcome(dest, accepted);
    }
    expect(store.saves - saves).toBe(1);
  });

  it('ends at the first throttle signal: the pace is kept but sent evenly, and cut by a signal a second later', async () => {
    const ctl = controller({ decrease_factor: 0.7, cooldown: '5s' });
    const dest = ctl.destinationOf(NEW_DOMAIN);
    await reserveMany(ctl, dest, 3);
    t += 50;
    await acceptAll(ctl, dest, 3);
    await reserveMany(ctl, dest, 5);
    t += 50;
    await acceptAll(ctl, dest, 2);
    const ended = await ctl.onOutcome(dest, throttled);
    expect(ended).toEqual([expect.objectContaining({ kind: 'cut', from: 4, to: 4, reason: expect.stringMatching(/^slow start ended/) })]);
    expect(await acceptAll(ctl, dest, 50)).toEqual([]);
    // Evenly: one at once, the next a quarter second later.
    const rs = await reserveMany(ctl, dest, 2);
    expect(rs.map((r) => r.sendNow && r.waitMs)).toEqual([250, 500]);
    t += 500;
    expect(await ctl.onOutcome(dest, throttled)).toEqual([]);
    t += 500;
    // A second of replies is too little to measure what the destination accepts: the full factor.
    expect(await ctl.onOutcome(dest, throttled)).toEqual([expect.objectContaining({ kind: 'cut', from: 4, to: 2.8 })]);
  });

  it('paces at the ceiling when it is below slow_start_until', async () => {
    const ctl = controller({ ceiling: '5/s' });
    const dest = ctl.destinationOf(NEW_DOMAIN);
    await reserveMany(ctl, dest, 3);
    await acceptAll(ctl, dest, 3);
    await reserveMany(ctl, dest, 5);
    expect(await acceptAll(ctl, dest, 5)).toEqual([expect.objectContaining({ kind: 'raise', from: 4, to: 5 })]);
    expect(await acceptAll(ctl, dest, 50)).toEqual([]);
    expect((await ctl.status())[0].rate).toBe(5);
  });

  it('starts slowly again after slow_start_after without sends, but not while mail keeps going', async () => {
    const ctl = controller({ slow_start_until: '4/s', slow_start_after: '10m' });
    const dest = ctl.destinationOf(NEW_DOMAIN);
    await reserveMany(ctl, dest, 3);
    expect(await acceptAll(ctl, dest, 3)).toEqual([expect.objectContaining({ kind: 'release', to: null })]);
    // Busy for an hour, a message every 30 s: still unpaced.
    for (let i = 0; i < 120; i++) {
      t += 30_000;
      expect(await ctl.reserve(dest)).toMatchObject({ sendNow: true, waitMs: 0 });
    }
    t += 10 * 60_000;
    expect(immediate(await reserveMany(ctl, dest, 4))).toBe(3);
  });

  it('survives a restart: a new process over the same store keeps the pace and does not burst', async () => {
    const before = controller();
    const dest = before.destinationOf(NEW_DOMAIN);
    await reserveMany(before, dest, 3);
    await before.onOutcome(dest, throttled);
    const paced = (await before.status())[0].rate!;
    t += 5_000;
    const after = controller();
    const rs = await reserveMany(after, after.destinationOf(NEW_DOMAIN), 4);
    expect(immediate(rs)).toBe(1);
    expect(rs[1]).toMatchObject({ sendNow: true, waitMs: Math.round(1000 / paced) });
    expect((await after.status())[0].rate).toBe(paced);
  });

  it('releases a pace after release_after without a signal into a slow start from that pace, up to unpaced', async () => {
    const ctl = controller({ release_after: '1h', slow_start_until: '10/s', start_rate: '3/s', slow_start: 'none' });
    const dest = ctl.destinationOf(NEW_DOMAIN);
    expect(await ctl.onOutcome(dest, throttled)).toEqual([expect.objectContaining({ kind: 'cut', to: 3 })]);
    // The same store read with slow start on (as after an operator turned it on and reloaded).
    const withSlowStart = controller({ release_after: '1h', slow_start_until: '10/s' });
    const again = withSlowStart.destinationOf(NEW_DOMAIN);
    t += 3_600_000;
    const released = await withSlowStart.reserve(again);
    expect(released.changes).toEqual([expect.objectContaining({ kind: 'release', from: 3, to: 3, reason: 'no throttle signal for 3600s: slow start from here' })]);
    expect(immediate([released, ...(await reserveMany(withSlowStart, again, 4))])).toBe(roundSize(3));
    t += 100;
    const changes = await acceptAll(withSlowStart, again, roundSize(3) + roundSize(6));
    expect(changes.map((c) => [c.kind, c.to])).toEqual([['raise', 6], ['release', null]]);
  });

  it('shares slow start between workers: accepted replies seen by either count toward the round', async () => {
    const [a, b] = [controller(), controller()];
    const dest = a.destinationOf(NEW_DOMAIN);
    await reserveMany(a, dest, 2);
    await reserveMany(b, dest, 1);
    await acceptAll(a, dest, 2);
    expect(await acceptAll(b, dest, 1)).toEqual([expect.objectContaining({ kind: 'raise', from: 2, to: 4 })]);
  });

  it('reads an unpaced destination from the store about once a second, and learns of another worker\'s cut within it', async () => {
    const [a, b] = [controller({ slow_start: 'none' }), controller({ slow_start: 'none' })];
    const dest = a.destinationOf(NEW_DOMAIN);
    let reads = 0;
    const load = store.load.bind(store);
    store.load = (key) => { reads++; return load(key); };
    for (let i = 0; i < 20; i++) {
      t += 100;
      await a.reserve(dest);
    }
    expect(reads).toBe(2);
    await b.onOutcome(dest, throttled);
    expect(await a.reserve(dest)).toMatchObject({ sendNow: true, waitMs: 0 });
    t += 1_000;
    expect(immediate(await reserveMany(a, dest, 3))).toBe(1);
    // Its own cut it knows at once.
    const other = a.destinationOf({ recipientDomain: 'other.example' });
    await a.reserve(other);
    await a.onOutcome(other, throttled);
    expect(immediate(await reserveMany(a, other, 2))).toBe(0);
  });

  it('is off with slow_start=none: a new destination is unpaced and costs no store write', async () => {
    const ctl = controller({ slow_start: 'none' });
    const dest = ctl.destinationOf(NEW_DOMAIN);
    expect(immediate(await reserveMany(ctl, dest, 20))).toBe(20);
    expect(await store.keys()).toEqual([]);
  });
});
