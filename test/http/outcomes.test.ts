import { describe, expect, it } from 'vitest';
import { makeEvent, publish, type OutcomeData } from '../../src/events';
import { outcomeSeries, recentEvents } from '../../src/http/outcomes';
import { MemoryStore } from '../../src/store';

const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);
const MIN = 60_000;

const outcome = (kind: OutcomeData['kind'], reason: string, destination: string) =>
  ({ kind, destination, outcome: { reason } } as unknown as OutcomeData);

describe('outcomes over time, from the outbox', () => {
  it('puts each outcome in its bucket by kind, reasons of all but deliveries, and ranks reasons and providers', () => {
    const events = [
      makeEvent('outcome', outcome('delivered', 'delivered', 'google'), T0 - 59 * MIN),
      makeEvent('outcome', outcome('bounce', 'userunknown', 'google'), T0 - 59 * MIN),
      makeEvent('outcome', outcome('bounce', 'userunknown', 'yahoo'), T0 - 30 * MIN),
      makeEvent('outcome', outcome('deferred', 'ratelimited', 'yahoo'), T0 - 1),
      makeEvent('outcome', outcome('complaint', 'feedback', 'yahoo'), T0),
      makeEvent('alert', {} as never, T0 - 10 * MIN),
      makeEvent('outcome', outcome('bounce', 'userunknown', 'google'), T0 - 61 * MIN),
    ];
    const s = outcomeSeries(events, T0 - 60 * MIN, T0);
    expect(s.bucketMs).toBe(MIN);
    expect(s.times).toHaveLength(60);
    expect(s.kinds.bounce[1]).toBe(1);
    expect(s.kinds.bounce[30]).toBe(1);
    expect(s.kinds.deferred[59]).toBe(1);
    // The newest instant belongs to the last bucket, not to one past the end.
    expect(s.kinds.complaint[59]).toBe(1);
    expect(s.totals).toEqual({ delivered: 1, bounce: 2, deferred: 1, complaint: 1 });
    expect(Object.keys(s.reasons).sort()).toEqual(['feedback', 'ratelimited', 'userunknown']);
    expect(s.topReasons).toEqual([['userunknown', 2], ['feedback', 1], ['ratelimited', 1]]);
    expect(s.topProviders).toEqual([['yahoo', 3], ['google', 1]]);
  });

  it('reads back to the start of the period, and says when older events in it were left unread', async () => {
    const store = new MemoryStore();
    const times = Array.from({ length: 30 }, (_, i) => T0 - (30 - i) * MIN);
    await publish(store, times.map((t) => makeEvent('outcome', outcome('delivered', 'delivered', 'google'), t)));
    const all = await recentEvents(store, T0 - 10 * MIN, 100);
    expect(all).toMatchObject({ complete: true });
    expect(all.events).toHaveLength(10);
    // 20 read of 30, the first read 20 minutes back: a 10-minute period is whole, a 25-minute one is not.
    expect((await recentEvents(store, T0 - 10 * MIN, 20)).complete).toBe(true);
    const cut = await recentEvents(store, T0 - 25 * MIN, 20);
    expect(cut).toMatchObject({ complete: false });
    expect(cut.events).toHaveLength(20);
  });
});
