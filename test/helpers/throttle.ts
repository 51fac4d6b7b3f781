import type { Outcome } from '../../src/classify/types';
import type { PaceState } from '../../src/throttle/pace';
import { MemoryPaceStore } from '../../src/throttle/store';

/** Gmail's answer to a sender going too fast, as the classifier reports it. */
export const throttled: Outcome = {
  code: 421, enhanced: '4.7.28', reason: 'speeding', bounce: 'soft', suppress: false, throttle: true,
  provider: 'google', rule: 'google.unusual-rate',
};

export const delivered: Outcome = {
  code: 250, enhanced: '2.0.0', reason: 'delivered', bounce: 'none', suppress: false, throttle: false,
  provider: null, rule: 'delivered',
};

/** The memory store, counting its writes. */
export class CountingStore extends MemoryPaceStore {
  saves = 0;
  override async save(key: string, state: PaceState, ttlMs: number | null): Promise<void> {
    this.saves++;
    return super.save(key, state, ttlMs);
  }
}
