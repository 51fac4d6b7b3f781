import { describe, expect, it } from 'vitest';
import {
  combined, MIN_REPLY_SAMPLE, MIN_REPLY_SPAN_MS, OBSERVE_WINDOW_MS, Observations, withReport,
} from '../../src/throttle/observe';
import { newPaceState } from '../../src/throttle/pace';

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

describe('worker reports', () => {
  const seen = (sendRate: number | null, acceptedRate: number | null) => ({ sendRate, acceptedRate });

  it('sums what every worker saw within the window: the destination\'s total', () => {
    let state = withReport(newPaceState(), 'a', seen(3, 2.5), T0);
    state = withReport(state, 'b', seen(2, 2), T0 + 500);
    expect(combined(state, T0 + 1_000)).toEqual({ sendRate: 5, acceptedRate: 4.5 });
    // A worker's new report replaces its old one.
    state = withReport(state, 'a', seen(4, 3), T0 + 1_000);
    expect(combined(state, T0 + 1_000)).toEqual({ sendRate: 6, acceptedRate: 5 });
  });

  it('forgets a worker that stopped reporting, and knows nothing without reports', () => {
    expect(combined(newPaceState(), T0)).toEqual({ sendRate: null, acceptedRate: null });
    let state = withReport(newPaceState(), 'gone', seen(3, 3), T0);
    state = withReport(state, 'b', seen(2, 2), T0 + OBSERVE_WINDOW_MS);
    expect(Object.keys(state.seen ?? {})).toEqual(['b']);
    expect(combined(state, T0 + OBSERVE_WINDOW_MS + 1)).toEqual({ sendRate: 2, acceptedRate: 2 });
  });

  it('leaves the accepted rate unknown while a worker that sent cannot tell it yet', () => {
    let state = withReport(newPaceState(), 'a', seen(3, 2.5), T0);
    state = withReport(state, 'b', seen(2, null), T0);
    expect(combined(state, T0)).toEqual({ sendRate: 5, acceptedRate: null });
    // One that sent nothing lately adds nothing, and hides nothing.
    state = withReport(state, 'b', seen(null, null), T0);
    expect(combined(state, T0)).toEqual({ sendRate: 3, acceptedRate: 2.5 });
  });
});
