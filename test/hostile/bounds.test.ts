import { describe, expect, it } from 'vitest';
import { MAX_OBSERVED_DESTINATIONS, Observations } from '../../src/throttle/observe';
import { newPaceState } from '../../src/throttle/pace';
import { MemoryPaceStore } from '../../src/throttle/store';

const T0 = 1_700_000_000_000;
const KEYS = 200_000;

/** Issue 13: every in-memory structure keyed by outside input stays bounded over a 200,000-key stream. */
describe('memory stays bounded over 200,000 destinations', () => {
  it('throttle observations keep at most MAX_OBSERVED_DESTINATIONS windows each for sends and replies', () => {
    const o = new Observations();
    for (let i = 0; i < KEYS; i++) {
      const key = `domain:d${i}.example`;
      o.noteSend(key, T0 + i);
      for (let r = 0; r < 5; r++) o.noteReply(key, false, T0 + i);
    }
    expect(o.size).toBeLessThanOrEqual(2 * MAX_OBSERVED_DESTINATIONS);
    expect(o.size).toBeGreaterThan(0);
    // The most recent destinations are still known; the oldest are forgotten.
    expect(o.observe(`domain:d${KEYS - 1}.example`, T0 + KEYS).sendRate).not.toBeNull();
    expect(o.observe('domain:d0.example', T0 + KEYS).sendRate).toBeNull();
  }, 60_000);

  it('a destination fed but never observed keeps only its recent events', () => {
    const o = new Observations();
    for (let i = 0; i < 100_000; i++) o.noteSend('domain:busy.example', T0 + i * 10);
    const window = (o as unknown as { sends: { get(k: string): { size: number } } }).sends.get('domain:busy.example');
    expect(window.size).toBeLessThanOrEqual(3_000);
  });

  it('the memory pace store sweeps expired entries nobody reads again', async () => {
    let t = T0;
    const store = new MemoryPaceStore(() => t);
    for (let i = 0; i < KEYS; i++) {
      await store.save(`domain:d${i}.example`, newPaceState(), 1000);
      t += 1;
    }
    expect((store as unknown as { entries: Map<string, unknown> }).entries.size).toBeLessThan(5_000);
  }, 60_000);
});
