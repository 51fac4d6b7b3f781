import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory';
import { parseThrottleConfig } from '../../src/throttle/config';
import { ThrottleController } from '../../src/throttle/controller';
import { OVERRIDE_RECHECK_MS, PAUSE_RECHECK_SECONDS } from '../../src/throttle/override';
import { SharedPaceStore } from '../../src/throttle/store-adapter';
import { throttled } from '../helpers/throttle';

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;
const GMAIL = { recipientDomain: 'gmail.com', mx: 'gmail-smtp-in.l.google.com' };

/** Two workers (controllers) over one shared store, and the CLI's controller beside them. */
describe('operator overrides of a pace (throttle set / pause / release)', () => {
  let t: number;
  let shared: MemoryStore;
  const make = () => new ThrottleController({
    config: parseThrottleConfig({ throttle: { slow_start: 'none' } }), store: new SharedPaceStore(shared, () => t), now: () => t,
  });

  beforeEach(() => {
    t = T0;
    shared = new MemoryStore(() => t);
  });

  it('a pause reaches every worker within the recheck and holds each message a few seconds at a time', async () => {
    const [w1, w2, cli] = [make(), make(), make()];
    const dest = w1.destinationOf(GMAIL);
    expect(await w1.reserve(dest)).toMatchObject({ sendNow: true });
    expect(await w2.reserve(dest)).toMatchObject({ sendNow: true });
    await cli.setOverride(dest, { kind: 'pause', until: null, at: t });
    // Each worker may go on for at most the recheck interval on what it read before.
    t += OVERRIDE_RECHECK_MS;
    for (const w of [w1, w2]) expect(await w.reserve(dest)).toEqual({ sendNow: false, delaySeconds: PAUSE_RECHECK_SECONDS, ticket: null, changes: [] });
    t += HOUR;
    expect(await w1.reserve(dest)).toMatchObject({ sendNow: false });
    await cli.release(dest);
    t += OVERRIDE_RECHECK_MS;
    for (const w of [w1, w2]) expect(await w.reserve(dest)).toMatchObject({ sendNow: true, waitMs: 0 });
  });

  it('a pause for a while ends by itself, and its last hold is no longer than what is left', async () => {
    const [w, cli] = [make(), make()];
    const dest = w.destinationOf(GMAIL);
    await cli.setOverride(dest, { kind: 'pause', until: t + 2500, at: t });
    expect(await w.reserve(dest)).toMatchObject({ sendNow: false, delaySeconds: 3 });
    t += 2500;
    expect(await w.reserve(dest)).toMatchObject({ sendNow: true });
  });

  it('a fixed pace is booked as given, and throttle signals neither cut it nor does quiet raise it', async () => {
    const [w, cli] = [make(), make()];
    const dest = w.destinationOf(GMAIL);
    await cli.setOverride(dest, { kind: 'set', rate: 2, until: t + HOUR, at: t });
    t += OVERRIDE_RECHECK_MS;
    const slots = [];
    for (let i = 0; i < 4; i += 1) slots.push(await w.reserve(dest));
    expect(slots.map((r) => (r.sendNow ? r.waitMs : -1))).toEqual([0, 500, 1000, 1500]);
    await w.onOutcome(dest, throttled);
    await w.onOutcome(dest, throttled);
    t += 10 * 60_000;
    const [status] = await cli.status();
    expect(status).toMatchObject({ key: 'provider:google', rate: 2, override: { kind: 'set', rate: 2 }, nextRaiseAt: null, releaseAt: T0 + HOUR });
    expect(await w.reserve(dest)).toMatchObject({ sendNow: true, waitMs: 0 });
  });

  it('a worker that cannot read the overrides fails like one that cannot read the pace, and reads them again next time', async () => {
    const store = new SharedPaceStore(shared, () => t);
    const down = new Error('ECONNREFUSED');
    let failing = true;
    const flaky = Object.assign(Object.create(store) as SharedPaceStore, {
      loadOverrides: () => (failing ? Promise.reject(down) : store.loadOverrides()),
    });
    const w = new ThrottleController({ config: parseThrottleConfig({ throttle: { slow_start: 'none' } }), store: flaky, now: () => t });
    const dest = w.destinationOf(GMAIL);
    await expect(w.reserve(dest)).rejects.toMatchObject({ message: "throttle: could not load the operators' overrides", cause: down });
    failing = false;
    expect(await w.reserve(dest)).toMatchObject({ sendNow: true });
  });

  it('release lifts the override and ends the adaptive pace with it', async () => {
    const [w, cli] = [make(), make()];
    const dest = w.destinationOf(GMAIL);
    await cli.setOverride(dest, { kind: 'set', rate: 0.1, until: null, at: t });
    await cli.release(dest);
    t += OVERRIDE_RECHECK_MS;
    expect(await w.reserve(dest)).toEqual({ sendNow: true, waitMs: 0, changes: [] });
    expect(await cli.status()).toEqual([expect.objectContaining({ key: 'provider:google', rate: null, override: null })]);
  });
});
