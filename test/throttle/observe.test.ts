import { describe, expect, it } from 'vitest';
import { MIN_REPLY_SAMPLE, MIN_REPLY_SPAN_MS, OBSERVE_WINDOW_MS, Observations } from '../../src/throttle/observe';

const T0 = 1_700_000_000_000;
const K = 'provider:google';

describe('Observations', () => {
  it('knows nothing of a destination it never sent to', () => {
    expect(new Observations().observe(K, T0)).toEqual({ sendRate: null, acceptedRate: null });
  });

  it('measures the send rate over the window, a same-instant burst counting as one second', () => {
    const o = new Observations();
    for (let i = 0; i < 50; i++) o.noteSend(K, T0);
    expect(o.observe(K, T0 + 200).sendRate).toBe(50);
    for (let i = 1; i <= 40; i++) o.noteSend(K, T0 + i * 100);
    expect(o.observe(K, T0 + 4_000).sendRate).toBeCloseTo(90 / 4, 10);
    expect(o.observe(K, T0 + OBSERVE_WINDOW_MS + 4_001).sendRate).toBeNull();
  });

  it('trusts the accepted rate only on enough replies spread over enough time', () => {
    const o = new Observations();
    // A burst answered at once shows the destination's burst allowance, not its rate.
    for (let i = 0; i < 20; i++) o.noteReply(K, i >= 5, T0);
    expect(o.observe(K, T0 + 100).acceptedRate).toBeNull();
    for (let i = 1; i <= 20; i++) o.noteReply(K, i % 2 === 0, T0 + i * 100);
    // 5 + 10 accepted between T0 and T0 + 2 s.
    expect(o.observe(K, T0 + MIN_REPLY_SPAN_MS).acceptedRate).toBeCloseTo(15 / 2, 10);
    const few = new Observations();
    for (let i = 0; i < MIN_REPLY_SAMPLE - 1; i++) few.noteReply(K, false, T0 + i * 1_000);
    expect(few.observe(K, T0 + 5_000).acceptedRate).toBeNull();
  });

  it('keeps destinations apart', () => {
    const o = new Observations();
    o.noteSend(K, T0);
    expect(o.observe('domain:example.org', T0).sendRate).toBeNull();
  });
});
