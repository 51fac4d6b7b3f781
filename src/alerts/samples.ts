import type { OutcomeData } from '../events/types';
import type { SuppressionStore } from '../store/types';
import { metricsOf, subjectId, subjectsOf, type Metric, type Subject } from './windows';

/** Sample replies kept per subject and metric: enough to show what the remote servers said. */
export const SAMPLES = 3;
const SAMPLE_TTL_MS = 24 * 60 * 60_000;
const MAX_REPLY = 300;

type StateStore = Pick<SuppressionStore, 'getState' | 'setState'>;

const sampleKey = (metric: Metric, s: Subject) => `sample:${metric}:${subjectId(s)}`;

/**
 * Keeps the first few distinct replies of each bad metric per subject. Several workers may add at
 * once and one may overwrite another's sample: samples illustrate, the counters decide.
 */
export async function recordSamples(store: StateStore, observations: OutcomeData[]): Promise<void> {
  const firstReply = new Map<string, string>();
  for (const o of observations) {
    for (const m of metricsOf(o)) {
      if (m === 'final' || m === 'attempts') continue;
      for (const s of subjectsOf(o)) if (!firstReply.has(sampleKey(m, s))) firstReply.set(sampleKey(m, s), o.reply.slice(0, MAX_REPLY));
    }
  }
  await Promise.all([...firstReply].map(async ([key, reply]) => {
    const kept = (await store.getState<string[]>(key)) ?? [];
    if (kept.length >= SAMPLES || kept.includes(reply)) return;
    await store.setState(key, [...kept, reply], SAMPLE_TTL_MS);
  }));
}

export async function samplesOf(store: StateStore, metric: Metric, s: Subject): Promise<string[]> {
  return (await store.getState<string[]>(sampleKey(metric, s))) ?? [];
}
