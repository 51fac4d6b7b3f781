import type { CounterAdd, SignalStore } from '../store/signal-types';
import type { Origin, OutcomeData } from '../events/types';

export const WINDOWS = { '15m': 15 * 60_000, '1h': 60 * 60_000, '24h': 24 * 60 * 60_000 } as const;
export type WindowName = keyof typeof WINDOWS;
export const DIMENSIONS = ['sender', 'destination', 'ip', 'campaign'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** A window is summed from this many buckets (plus the current one): its edge moves a bucket at a time. */
const BUCKETS = 15;
/** Distinct subjects one window lists for evaluation; beyond it the quietest are left out. */
export const MAX_SUBJECTS = 2000;

/** What one observation adds to its subjects' counters. */
export const METRICS = ['final', 'attempts', 'hard', 'unknown', 'complaint', 'auth', 'blocked', 'throttled'] as const;
export type Metric = (typeof METRICS)[number];

/** Outcome reasons that mean the sender is refused for what it is (a blocklist, its reputation). */
const BLOCK_REASONS = new Set(['blocked', 'badreputation']);

/** The metrics one recipient outcome counts towards. */
export function metricsOf(o: Pick<OutcomeData, 'kind' | 'outcome' | 'report'>): Metric[] {
  const { outcome } = o;
  // A complaint or a later report is about mail already counted (attempt and final) when it left.
  if (o.kind === 'complaint') return ['complaint'];
  const out: Metric[] = o.report ? [] : ['attempts'];
  if (o.kind !== 'deferred' && !o.report) out.push('final');
  // Recipient-level permanent failures: what a bad list produces. Sender-side refusals count as blocks.
  if (outcome.bounce === 'hard' && outcome.suppress) out.push('hard');
  if (outcome.reason === 'userunknown') out.push('unknown');
  if (outcome.reason === 'authfailure') out.push('auth');
  if (BLOCK_REASONS.has(outcome.reason)) out.push('blocked');
  if (outcome.throttle) out.push('throttled');
  return out;
}

/** A subject of the windows: a dimension and its value. */
export interface Subject {
  dimension: Dimension;
  value: string;
}

export function subjectsOf(origin: Origin): Subject[] {
  const subjects: Subject[] = [
    { dimension: 'sender', value: origin.senderDomain },
    { dimension: 'destination', value: origin.destination },
    { dimension: 'ip', value: origin.localIp },
  ];
  if (origin.campaign) subjects.push({ dimension: 'campaign', value: origin.campaign });
  return subjects.filter((s) => s.value !== '').map((s) => ({ ...s, value: clean(s.value) }));
}

/** Keys stay short and printable whatever a header carried. */
function clean(value: string): string {
  return value.toLowerCase().replace(/[\s\p{Cc}]+/gu, ' ').trim().slice(0, 120);
}

export const subjectId = (s: Subject) => `${s.dimension}|${s.value}`;

export function subjectFromId(id: string): Subject {
  const bar = id.indexOf('|');
  return { dimension: id.slice(0, bar) as Dimension, value: id.slice(bar + 1) };
}

const bucketMs = (w: WindowName) => WINDOWS[w] / BUCKETS;
const bucketOf = (w: WindowName, at: number) => Math.floor(at / bucketMs(w));
const counterKey = (w: WindowName, s: string, bucket: number) => `w:${w}:${s}:${bucket}`;
const indexKey = (w: WindowName, bucket: number) => `wi:${w}:${bucket}`;

/**
 * The counter additions for a batch of observations, merged per key: per subject and window, each
 * metric, and for the bad ones also per destination (`hard@google`) and per deciding rule
 * (`hard#text.user-unknown`). An index key per window bucket lists the subjects seen.
 */
export function countersFor(observations: OutcomeData[], at: number): { adds: CounterAdd[]; ttlMs: Record<WindowName, number> } {
  const byKey = new Map<string, Record<string, number>>();
  const add = (key: string, field: string) => {
    const fields = byKey.get(key) ?? {};
    fields[field] = (fields[field] ?? 0) + 1;
    byKey.set(key, fields);
  };
  for (const o of observations) {
    const metrics = metricsOf(o);
    for (const s of subjectsOf(o)) {
      for (const w of Object.keys(WINDOWS) as WindowName[]) {
        const b = bucketOf(w, at);
        const key = counterKey(w, subjectId(s), b);
        add(indexKey(w, b), subjectId(s));
        for (const m of metrics) {
          add(key, m);
          if (m === 'final' || m === 'attempts') continue;
          add(key, `${m}@${clean(o.destination)}`);
          add(key, `${m}#${o.outcome.rule}`);
        }
      }
    }
  }
  const adds = [...byKey].map(([key, fields]) => ({ key, fields }));
  return { adds, ttlMs: ttlOf() };
}

function ttlOf(): Record<WindowName, number> {
  return Object.fromEntries((Object.keys(WINDOWS) as WindowName[]).map((w) => [w, WINDOWS[w] + bucketMs(w)])) as Record<WindowName, number>;
}

/** Records a batch of observations in the shared windows (one store call per window). */
export async function recordInWindows(store: Pick<SignalStore, 'addCounters'>, observations: OutcomeData[], at: number): Promise<void> {
  if (observations.length === 0) return;
  const { adds, ttlMs } = countersFor(observations, at);
  await Promise.all((Object.keys(WINDOWS) as WindowName[]).map((w) => {
    const prefix = [`w:${w}:`, `wi:${w}:`];
    return store.addCounters(adds.filter((a) => prefix.some((p) => a.key.startsWith(p))), ttlMs[w]);
  }));
}

/** The window's buckets, oldest first, ending with the current one. */
function bucketsOf(w: WindowName, now: number): number[] {
  const last = bucketOf(w, now);
  return Array.from({ length: BUCKETS }, (_, i) => last - BUCKETS + 1 + i);
}

/** The subjects seen in the window, busiest first, at most MAX_SUBJECTS. */
export async function subjectsIn(store: Pick<SignalStore, 'getCounters'>, w: WindowName, now: number): Promise<Subject[]> {
  const totals = sum(await store.getCounters(bucketsOf(w, now).map((b) => indexKey(w, b))));
  return Object.entries(totals).sort((a, b) => b[1] - a[1]).slice(0, MAX_SUBJECTS).map(([id]) => subjectFromId(id));
}

/** A subject's counters summed over the window. */
export async function windowTotals(store: Pick<SignalStore, 'getCounters'>, w: WindowName, s: Subject, now: number): Promise<Record<string, number>> {
  return sum(await store.getCounters(bucketsOf(w, now).map((b) => counterKey(w, subjectId(s), b))));
}

function sum(rows: Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const row of rows) for (const [f, n] of Object.entries(row)) total[f] = (total[f] ?? 0) + n;
  return total;
}
