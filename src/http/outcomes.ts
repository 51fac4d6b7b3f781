import { EVENT_STREAM, type BounceguardEvent, type OutcomeEvent } from '../events';
import type { SignalStore } from '../store/signal-types';
import { ranked } from '../suppress/stats';

export const KINDS = ['delivered', 'deferred', 'bounce', 'complaint'] as const;
/** Buckets a period is cut into for the charts. */
const BUCKETS = 60;
/** The newest events read for a period: the outbox keeps up to 100,000 by default. */
export const MAX_SCAN = 50_000;
const READ = 5_000;

/** Outcomes of a period, from the event outbox: what the dashboard draws. */
export interface OutcomeSeries {
  from: number;
  bucketMs: number;
  /** Start of each bucket, epoch ms. */
  times: number[];
  kinds: Record<(typeof KINDS)[number], number[]>;
  /** Reasons of everything but deliveries, per bucket. */
  reasons: Record<string, number[]>;
  totals: Record<string, number>;
  topReasons: [string, number][];
  /** Destinations (providers, else domains) of bounces, deferrals and complaints. */
  topProviders: [string, number][];
  /** False when the period reaches back beyond the newest MAX_SCAN events. */
  complete: boolean;
}

/**
 * The newest events back to `from` (at most `maxScan` of them), oldest first. Incomplete when events
 * were left unread that may fall in the period: the first one read is already inside it.
 */
export async function recentEvents(
  store: Pick<SignalStore, 'readLog' | 'lastLogSeq'>, from: number, maxScan = MAX_SCAN,
): Promise<{ events: BounceguardEvent[]; complete: boolean }> {
  const last = await store.lastLogSeq(EVENT_STREAM);
  const start = Math.max(0, last - maxScan);
  const events: BounceguardEvent[] = [];
  let firstTime: number | null = null;
  for (let after = start; after < last;) {
    const items = await store.readLog(EVENT_STREAM, after, READ);
    if (items.length === 0) break;
    for (const { item } of items) {
      const e = parse(item);
      if (!e) continue;
      const t = Date.parse(e.time);
      firstTime ??= t;
      if (t >= from) events.push(e);
    }
    after = items.at(-1)!.seq;
  }
  return { events, complete: start === 0 || firstTime === null || firstTime < from };
}

function parse(item: string): BounceguardEvent | null {
  try {
    return JSON.parse(item) as BounceguardEvent;
  } catch {
    return null;
  }
}

export function outcomeSeries(events: BounceguardEvent[], from: number, now: number, top = 10): OutcomeSeries {
  const bucketMs = Math.max(1000, Math.ceil((now - from) / BUCKETS / 1000) * 1000);
  const n = Math.max(1, Math.ceil((now - from) / bucketMs));
  const zeros = () => new Array<number>(n).fill(0);
  const series: OutcomeSeries = {
    from, bucketMs, times: Array.from({ length: n }, (_, i) => from + i * bucketMs),
    kinds: { delivered: zeros(), deferred: zeros(), bounce: zeros(), complaint: zeros() },
    reasons: {}, totals: {}, topReasons: [], topProviders: [], complete: true,
  };
  const reasons = new Map<string, number>();
  const providers = new Map<string, number>();
  for (const e of events) {
    if (e.type !== 'outcome') continue;
    const i = Math.min(n - 1, Math.floor((Date.parse(e.time) - from) / bucketMs));
    if (i < 0) continue;
    const { kind, outcome, destination } = (e as OutcomeEvent).data;
    series.kinds[kind][i] += 1;
    series.totals[kind] = (series.totals[kind] ?? 0) + 1;
    if (kind === 'delivered') continue;
    (series.reasons[outcome.reason] ??= zeros())[i] += 1;
    bump(reasons, outcome.reason);
    bump(providers, destination);
  }
  series.topReasons = ranked(reasons, top);
  series.topProviders = ranked(providers, top);
  return series;
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
