import type { Evidence } from '../events/types';
import type { Measure } from './config';
import type { Metric } from './windows';

/** The bad metric each measure counts, and what it divides by (null: it counts distinct providers). */
export const MEASURED: Record<Measure, { metric: Metric; per: Metric | null }> = {
  hard_rate: { metric: 'hard', per: 'final' },
  complaint_rate: { metric: 'complaint', per: 'final' },
  blocked_providers: { metric: 'blocked', per: null },
  throttle_rate: { metric: 'throttled', per: 'attempts' },
  auth_rate: { metric: 'auth', per: 'attempts' },
  unknown_rate: { metric: 'unknown', per: 'final' },
};

export type Measured = Pick<Evidence, 'value' | 'count' | 'volume' | 'providers' | 'rules'>;

/**
 * A measure over a subject's window totals. Rates divide the bad count by the mail it is a share of;
 * blocklisting counts the distinct providers refusing the sender, its volume being the blocks.
 */
export function measure(m: Measure, totals: Record<string, number>): Measured {
  const { metric, per } = MEASURED[m];
  const count = totals[metric] ?? 0;
  const providers = fieldsAfter(totals, `${metric}@`);
  const rules = fieldsAfter(totals, `${metric}#`);
  if (per === null) return { value: Object.keys(providers).length, count, volume: count, providers, rules };
  const volume = totals[per] ?? 0;
  return { value: volume > 0 ? count / volume : 0, count, volume, providers, rules };
}

function fieldsAfter(totals: Record<string, number>, prefix: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [f, n] of Object.entries(totals)) if (f.startsWith(prefix) && n > 0) out[f.slice(prefix.length)] = n;
  return out;
}
