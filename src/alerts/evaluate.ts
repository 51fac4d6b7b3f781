import type { AlertData } from '../events/types';
import type { SuppressionStore } from '../store/types';
import type { AlertRule } from './config';
import { measure, MEASURED, type Measured } from './measure';
import { samplesOf } from './samples';
import { subjectId, subjectsIn, windowTotals, type Subject, type WindowName } from './windows';

/** Where the active and recent alerts live in the store, for the evaluator and the CLI. */
export const ALERT_STATE_KEY = 'alerts:state';
/** Recent (raised and cleared) alerts kept for `bounceguard alerts`. */
const RECENT = 100;

export interface AlertState {
  active: Record<string, AlertData>;
  recent: AlertData[];
}

type Store = Pick<SuppressionStore, 'getCounters' | 'getState' | 'setState'>;

/**
 * Judges every rule on every subject of its window and moves alerts between raised and cleared:
 * a subject with at least the minimum volume whose measure reaches `raise` raises; a raised alert
 * clears once its measure falls below `clear` (an emptied window measures 0). In between it holds.
 * One evaluator runs at a time (a store lease), so each change is reported once.
 */
export async function evaluateAlerts(store: Store, rules: AlertRule[], now: number): Promise<AlertData[]> {
  const state = (await store.getState<AlertState>(ALERT_STATE_KEY)) ?? { active: {}, recent: [] };
  const totals = new Totals(store, now);
  const changes: AlertData[] = [];
  const judged = new Set<string>();
  for (const rule of rules) {
    for (const subject of await totals.subjects(rule.window)) {
      if (!rule.dimensions.includes(subject.dimension)) continue;
      const key = `${rule.name}:${subject.dimension}:${subject.value}`;
      judged.add(key);
      const m = measure(rule.measure, await totals.of(rule.window, subject));
      const active = state.active[key];
      if (!active && m.volume >= rule.minVolume && m.value >= rule.raise) {
        changes.push(await raise(store, rule, subject, key, m, now));
      } else if (active && m.value < rule.clear) {
        changes.push(clear(active, m, now));
      } else if (active) {
        active.evidence = { ...active.evidence, ...m };
      }
    }
  }
  for (const [key, active] of Object.entries(state.active)) {
    if (judged.has(key)) continue;
    const zero = { value: 0, count: 0, volume: 0, providers: {}, rules: {} };
    changes.push(clear(active, zero, now));
  }
  for (const c of changes) {
    if (c.state === 'raised') state.active[c.key] = c;
    else delete state.active[c.key];
  }
  state.recent = [...changes.slice().reverse(), ...state.recent].slice(0, RECENT);
  if (changes.length > 0 || judged.size > 0) await store.setState(ALERT_STATE_KEY, state, null);
  return changes;
}

async function raise(store: Store, rule: AlertRule, subject: Subject, key: string, m: Measured, now: number): Promise<AlertData> {
  const sampleReplies = await samplesOf(store, MEASURED[rule.measure].metric, subject);
  return {
    state: 'raised',
    key,
    rule: rule.name,
    severity: rule.severity,
    dimension: subject.dimension,
    subject: subject.value,
    raisedAt: new Date(now).toISOString(),
    clearedAt: null,
    summary: summaryOf(rule, subject, m),
    evidence: { window: rule.window, ...m, sampleReplies },
  };
}

function clear(active: AlertData, m: Measured, now: number): AlertData {
  return { ...active, state: 'cleared', clearedAt: new Date(now).toISOString(), evidence: { ...active.evidence, ...m } };
}

function summaryOf(rule: AlertRule, s: Subject, m: Measured): string {
  const who = `${s.dimension} ${s.value}`;
  if (rule.measure === 'blocked_providers') {
    return `${rule.name}: ${m.value} providers refuse ${who} as blocked (${Object.keys(m.providers).join(', ')}; ${m.count} refusals in ${rule.window})`;
  }
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  return `${rule.name}: ${who}: ${pct(m.value)} (${m.count} of ${m.volume} in ${rule.window}) reaches ${pct(rule.raise)}`;
}

/** Window reads shared by every rule of one evaluation. */
class Totals {
  private readonly listed = new Map<WindowName, Promise<Subject[]>>();
  private readonly summed = new Map<string, Promise<Record<string, number>>>();

  constructor(private readonly store: Store, private readonly now: number) {}

  subjects(w: WindowName): Promise<Subject[]> {
    let p = this.listed.get(w);
    if (!p) this.listed.set(w, (p = subjectsIn(this.store, w, this.now)));
    return p;
  }

  of(w: WindowName, s: Subject): Promise<Record<string, number>> {
    const key = `${w}:${subjectId(s)}`;
    let p = this.summed.get(key);
    if (!p) this.summed.set(key, (p = windowTotals(this.store, w, s, this.now)));
    return p;
  }
}
