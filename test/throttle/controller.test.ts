import { beforeEach, describe, expect, it } from 'vitest';
import { parseThrottleConfig } from '../../src/throttle/config';
import { ThrottleController } from '../../src/throttle/controller';
import type { Ticket } from '../../src/throttle/pace';
import { MemoryPaceStore, type PaceStateStore } from '../../src/throttle/store';
import { CountingStore, delivered, throttled } from '../helpers/throttle';

const T0 = 1_700_000_000_000;
const GMAIL = { recipientDomain: 'gmail.com', mx: 'gmail-smtp-in.l.google.com' };

describe('ThrottleController', () => {
  let t: number;
  let store: CountingStore;
  const make = (throttle: Record<string, unknown> = {}, s: PaceStateStore = store) =>
    // Slow start has its own tests (slow-start.test.ts): these start from an unpaced destination.
    new ThrottleController({ config: parseThrottleConfig({ throttle: { slow_start: 'none', ...throttle } }), store: s, now: () => t });

  beforeEach(() => {
    t = T0;
    store = new CountingStore(() => t);
  });

  it('costs no store write for an unthrottled destination', async () => {
    const ctl = make();
    const dest = ctl.destinationOf(GMAIL);
    for (let i = 0; i < 10; i++) expect(await ctl.reserve(dest)).toEqual({ sendNow: true, waitMs: 0, changes: [] });
    expect(await ctl.onOutcome(dest, delivered)).toEqual([]);
    expect(store.saves).toBe(0);
  });

  it('cuts at the first signal, from what this process sent, and reports the change once', async () => {
    const ctl = make({ decrease_factor: 0.5, start_rate: 'auto' });
    const dest = ctl.destinationOf(GMAIL);
    for (let i = 0; i < 40; i++) await ctl.reserve(dest);
    t += 500;
    const changes = await ctl.onOutcome(dest, throttled);
    expect(changes).toEqual([expect.objectContaining({ dest: 'provider:google', kind: 'cut', from: null, to: 20 })]);
    expect(await ctl.onOutcome(dest, throttled)).toEqual([]);
    const reservation = await ctl.reserve(dest);
    expect(reservation).toMatchObject({ sendNow: true, waitMs: 50, changes: [] });
  });

  /**
   * Sends 600 messages through the controllers (message i through controller i mod n) to a
   * destination accepting 4/s: every reply above that is a throttle signal.
   */
  async function deliverAll(ctls: ThrottleController[]): Promise<{ refused: number; tookS: number; left: number }> {
    const dest = ctls[0].destinationOf(GMAIL);
    const accepted: number[] = [];
    const sentAt: number[] = [];
    const pending = new Map<number, { ticket: Ticket | null; dueAt: number }>();
    for (let i = 0; i < 600; i++) pending.set(i, { ticket: null, dueAt: T0 });
    for (t = T0; t < T0 + 300_000; t += 100) {
      for (const [id, m] of pending) {
        if (m.dueAt > t) continue;
        const ctl = ctls[id % ctls.length];
        const r = await ctl.reserve(dest, m.ticket);
        if (!r.sendNow) {
          pending.set(id, { ticket: r.ticket, dueAt: t + r.delaySeconds * 1000 });
          continue;
        }
        const at = t + r.waitMs;
        // Slots held in the hook make `at` out of order: only the second before it counts.
        const recent = accepted.filter((a) => a > at - 1000 && a <= at).length;
        pending.delete(id);
        if (recent < 4) {
          accepted.push(at);
          await ctl.onOutcome(dest, delivered);
        } else {
          pending.set(id, { ticket: null, dueAt: t + 1000 });
          await ctl.onOutcome(dest, throttled);
        }
        sentAt.push(at);
      }
      if (!pending.size) break;
    }
    return { refused: sentAt.length - accepted.length, tookS: (accepted[accepted.length - 1] - T0) / 1000, left: pending.size };
  }

  it('converges the sending rate on what the destination accepts', async () => {
    const run = await deliverAll([make({ increase_every: '5s', increase_step: '0.5/s' })]);
    expect(run.left).toBe(0);
    expect(run.refused).toBeLessThan(60);
    expect(run.tookS).toBeLessThan((600 / 4) * 1.3);
  });

  it('converges on the destination\'s rate when workers share the pace, each seeing its share only', async () => {
    // Sized from one worker's share, a cut would land near half the accepted rate.
    const shared = new MemoryPaceStore(() => t);
    const workers = ['w1', 'w2'].map((worker) => new ThrottleController({
      config: parseThrottleConfig({ throttle: { increase_every: '5s', increase_step: '0.5/s' } }), store: shared, now: () => t, worker,
    }));
    const run = await deliverAll(workers);
    expect(run.left).toBe(0);
    expect(run.refused).toBeLessThan(60);
    expect(run.tookS).toBeLessThan((600 / 4) * 1.3);
  });

  it('adds its figures to a paced destination about once a second, and sizes cuts from every worker\'s', async () => {
    const shared = new CountingStore(() => t);
    const [a, b] = ['a', 'b'].map((worker) => new ThrottleController({
      config: parseThrottleConfig({ throttle: { start_rate: '10/s', increase_every: '1h' } }), store: shared, now: () => t, worker,
    }));
    const dest = a.destinationOf(GMAIL);
    await a.onOutcome(dest, throttled);
    await Promise.all([a.reserve(dest), b.reserve(dest)]);
    const before = shared.saves;
    // Each worker sends 3/s, all accepted: 6/s in all, over 5 s.
    for (let i = 0; i < 50; i++, t += 100) {
      for (const ctl of i % 10 < 3 ? [a, b] : []) {
        await ctl.reserve(dest, { slotAt: t, epoch: 1 });
        await ctl.onOutcome(dest, delivered);
      }
    }
    expect(shared.saves - before).toBeLessThanOrEqual(2 * 6);
    // Past the cool-down: cut to what both accepted, where what a saw alone would make it 3/s.
    const [cut, ...more] = await a.onOutcome(dest, throttled);
    expect(more).toEqual([]);
    expect(cut).toMatchObject({ kind: 'cut', from: 10 });
    expect(cut.to).toBeCloseTo(6, 0);
  });

  it('shares one pace between controllers on one store, as workers on Redis do', async () => {
    const shared = new MemoryPaceStore(() => t);
    const a = make({ start_rate: '2/s' }, shared);
    const b = make({ start_rate: '2/s' }, shared);
    await a.onOutcome(a.destinationOf(GMAIL), throttled);
    const other = b.destinationOf({ recipientDomain: 'googlemail.com', mx: 'alt1.gmail-smtp-in.l.google.com' });
    const answers = [];
    for (const ctl of [a, b, a, b, a]) answers.push(await ctl.reserve(ctl === a ? ctl.destinationOf(GMAIL) : other));
    expect(answers.map((r) => (r.sendNow ? `now+${r.waitMs}` : `delay ${r.delaySeconds}`))).toEqual([
      'now+500', 'now+1000', 'now+1500', 'now+2000', 'delay 1',
    ]);
  });

  it('serialises concurrent reservations of one destination: no slot is handed out twice', async () => {
    const ctl = make({ start_rate: '10/s' });
    const dest = ctl.destinationOf(GMAIL);
    await ctl.onOutcome(dest, throttled);
    const all = await Promise.all(Array.from({ length: 30 }, () => ctl.reserve(dest)));
    const waits = all.map((r) => (r.sendNow ? r.waitMs : -1)).filter((w) => w >= 0);
    // 10/s: one slot every 100 ms from the cut; the 2 s hold window takes 20 of them, the rest wait.
    expect(waits.sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) * 100));
    expect(all.filter((r) => !r.sendNow)).toHaveLength(10);
  });

  it('raises and releases lazily, reporting each change from the call that notices it', async () => {
    const ctl = make({ start_rate: '1/s', increase_step: '1/s', increase_every: '10s', release_after: '1m' });
    const dest = ctl.destinationOf(GMAIL);
    await ctl.onOutcome(dest, throttled);
    t += 25_000;
    expect((await ctl.reserve(dest)).changes).toEqual([expect.objectContaining({ kind: 'raise', from: 1, to: 3 })]);
    const [status] = await ctl.status();
    expect(status).toMatchObject({
      key: 'provider:google', rate: 3, lastSignalAt: T0, lastSignalRule: 'google.unusual-rate',
      nextRaiseAt: T0 + 30_000, releaseAt: T0 + 60_000,
    });
    t = T0 + 60_000;
    expect((await ctl.reserve(dest)).changes).toEqual([expect.objectContaining({ kind: 'release', from: 3, to: null })]);
  });

  it('leaves a disabled destination alone', async () => {
    const ctl = make({ enabled: false });
    const dest = ctl.destinationOf(GMAIL);
    expect(await ctl.onOutcome(dest, throttled)).toEqual([]);
    expect(await ctl.reserve(dest)).toMatchObject({ sendNow: true });
    expect(store.saves).toBe(0);
  });

  it('tells a message too old to hold again by max_age', () => {
    const ctl = make({ max_age: '1h' });
    const dest = ctl.destinationOf(GMAIL);
    t = T0 + 3_600_000;
    expect(ctl.isTooOld(dest, T0)).toBe(false);
    expect(ctl.isTooOld(dest, T0 - 1)).toBe(true);
  });

  it('turns store failures into Errors naming the destination, with the cause', async () => {
    const down = new Error('ECONNREFUSED');
    const broken: PaceStateStore = {
      load: () => Promise.reject(down), save: () => Promise.reject(down), keys: () => Promise.reject(down),
      loadOverrides: () => Promise.resolve({}), saveOverrides: () => Promise.reject(down),
    };
    const ctl = make({}, broken);
    const dest = ctl.destinationOf(GMAIL);
    const err = await ctl.reserve(dest).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('throttle: could not load the pace of provider:google');
    expect((err as Error).cause).toBe(down);
    // A failure does not jam the per-destination lock for the next caller.
    await expect(ctl.reserve(dest)).rejects.toThrow(/could not load/);
  });

  it('keeps paces in the store with a TTL that outlives what still matters', async () => {
    const ctl = make({ start_rate: '1/s', release_after: '10m', max_delay: '30s' });
    await ctl.onOutcome(ctl.destinationOf(GMAIL), throttled);
    t += 10 * 60_000 + 29_000;
    expect(await store.keys()).toEqual(['provider:google']);
    t += 2_000;
    expect(await store.keys()).toEqual([]);
  });
});
