import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryStore, SqliteStore, type SuppressionStore } from '../../src/store';
import { parseThrottleConfig } from '../../src/throttle/config';
import { ThrottleController } from '../../src/throttle/controller';
import { newPaceState, type PaceState } from '../../src/throttle/pace';
import { SharedPaceStore } from '../../src/throttle/store-adapter';

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;

const BACKENDS: Array<{ name: string; open(dir: string, now: () => number): SuppressionStore }> = [
  { name: 'memory', open: (_dir, now) => new MemoryStore(now) },
  { name: 'sqlite', open: (dir, now) => new SqliteStore({ path: path.join(dir, 'pace.db'), now }) },
];

const paced = (rate: number): PaceState => ({ ...newPaceState(), rate, lastSignalAt: T0, lastSignalRule: 'google.unusual-rate' });

for (const backend of BACKENDS) {
  describe(`SharedPaceStore over ${backend.name}`, () => {
    let t: number;
    let dir: string;
    let inner: SuppressionStore;
    const clock = () => t;

    beforeEach(() => {
      t = T0;
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-pace-'));
      inner = backend.open(dir, clock);
    });
    afterEach(async () => {
      await inner.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('round-trips a pace under the throttle: prefix and lists it', async () => {
      const store = new SharedPaceStore(inner, clock);
      await store.save('provider:google', paced(3), HOUR);
      await store.save('domain:example.org', paced(1), null);
      expect(await store.load('provider:google')).toEqual(paced(3));
      expect(await inner.getState('throttle:provider:google')).toEqual(paced(3));
      expect(await store.load('domain:nowhere.example')).toBeNull();
      expect(await store.keys()).toEqual(['domain:example.org', 'provider:google']);
    });

    it('forgets a pace after its ttl, and drops it from the listing once the index entry expires too', async () => {
      const store = new SharedPaceStore(inner, clock);
      await store.save('provider:google', paced(3), HOUR);
      t += HOUR + 1;
      expect(await store.load('provider:google')).toBeNull();
      t += HOUR;
      expect(await store.keys()).toEqual([]);
    });

    it('keeps listing a key whose state is saved again and again, with few index writes', async () => {
      let indexWrites = 0;
      const setState = inner.setState.bind(inner);
      inner.setState = (key, value, ttl) => {
        if (key === 'throttle:index') indexWrites++;
        return setState(key, value, ttl);
      };
      const store = new SharedPaceStore(inner, clock);
      for (let i = 0; i < 600; i++) {
        await store.save('provider:google', paced(3), HOUR);
        t += 10_000;
      }
      // 100 minutes of saves with a one-hour ttl: the index was extended about once per ttl.
      expect(indexWrites).toBeLessThanOrEqual(3);
      t += HOUR - 1;
      expect(await store.keys()).toEqual(['provider:google']);
    });

    it('puts back a key another process dropped from the index', async () => {
      const a = new SharedPaceStore(inner, clock);
      const b = new SharedPaceStore(inner, clock);
      await a.save('provider:google', paced(3), HOUR);
      await inner.setState('throttle:index', {}, null);
      await b.save('domain:example.org', paced(1), HOUR);
      t += 11_000;
      await a.save('provider:google', paced(3), HOUR);
      expect(await a.keys()).toEqual(['domain:example.org', 'provider:google']);
    });

    it('is what the controller lists in its status', async () => {
      const ctl = new ThrottleController({ config: parseThrottleConfig({}), store: new SharedPaceStore(inner, clock), now: clock });
      const gmail = ctl.destinationOf({ recipientDomain: 'gmail.com', mx: 'gmail-smtp-in.l.google.com' });
      const throttled = {
        code: 421, enhanced: '4.7.28', reason: 'speeding', bounce: 'soft', suppress: false, throttle: true, provider: 'google', rule: 'google.unusual-rate',
      } as const;
      expect(await ctl.onOutcome(gmail, throttled)).toEqual([expect.objectContaining({ kind: 'cut', dest: 'provider:google' })]);
      const status = await ctl.status();
      expect(status).toEqual([expect.objectContaining({ key: 'provider:google', lastSignalRule: 'google.unusual-rate' })]);
      expect(status[0].rate).toBeGreaterThan(0);
    });
  });
}
