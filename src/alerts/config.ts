import { z } from 'zod';
import { iniBoolean } from '../store/config';
import type { Severity } from '../events/types';
import { DIMENSIONS, WINDOWS, type Dimension, type WindowName } from './windows';

export const ALERTS_INI_FILE = 'bounceguard-alerts.ini';

/** What each rule measures over its window, for one subject. */
export const MEASURES = ['hard_rate', 'complaint_rate', 'blocked_providers', 'throttle_rate', 'auth_rate', 'unknown_rate'] as const;
export type Measure = (typeof MEASURES)[number];

export interface AlertRule {
  name: string;
  measure: Measure;
  window: WindowName;
  dimensions: Dimension[];
  /** The rule judges a subject only once its window holds this much mail (or blocks, for blocklisting). */
  minVolume: number;
  /** Raised when the measure reaches `raise`; cleared once it falls below `clear` (hysteresis). */
  raise: number;
  clear: number;
  severity: Severity;
}

export interface AlertsConfig {
  enabled: boolean;
  /** The header naming a message's campaign (e.g. X-Campaign, List-Id); empty: no campaign dimension. */
  campaignHeader: string;
  evaluateIntervalMs: number;
  rules: AlertRule[];
}

type Defaults = Omit<AlertRule, 'name'>;

/** The practices issue 17 starts from; config/bounceguard-alerts.ini repeats them, commented. */
export const DEFAULT_RULES: Record<string, Defaults> = {
  hard_bounce: { measure: 'hard_rate', window: '1h', dimensions: ['sender', 'campaign', 'ip'], minVolume: 100, raise: 0.02, clear: 0.01, severity: 'critical' },
  complaint: { measure: 'complaint_rate', window: '24h', dimensions: ['sender', 'campaign'], minVolume: 1000, raise: 0.003, clear: 0.001, severity: 'critical' },
  blocklisting: { measure: 'blocked_providers', window: '1h', dimensions: ['ip', 'sender'], minVolume: 3, raise: 3, clear: 2, severity: 'critical' },
  throttling: { measure: 'throttle_rate', window: '15m', dimensions: ['destination'], minVolume: 20, raise: 0.2, clear: 0.05, severity: 'warning' },
  auth_failure: { measure: 'auth_rate', window: '15m', dimensions: ['sender', 'ip'], minVolume: 10, raise: 0.05, clear: 0.01, severity: 'critical' },
  unknown_users: { measure: 'unknown_rate', window: '15m', dimensions: ['sender', 'campaign'], minVolume: 50, raise: 0.05, clear: 0.02, severity: 'warning' },
};

export const ALERTS_INI_BOOLEANS = ['-main.enabled', ...Object.keys(DEFAULT_RULES).map((r) => `+${r}.enabled`)];

const num = z.coerce.number().finite();
const mainSection = z.object({
  enabled: iniBoolean.default(false),
  campaign_header: z.string().default('X-Campaign'),
  evaluate_interval_ms: num.int().min(50).default(30_000),
}).strict();

const ruleSection = z.object({
  enabled: iniBoolean.default(true),
  window: z.enum(Object.keys(WINDOWS) as [WindowName, ...WindowName[]]).optional(),
  dimensions: z.string().optional(),
  min_volume: num.nonnegative().optional(),
  raise: num.positive().optional(),
  clear: num.nonnegative().optional(),
  severity: z.enum(['info', 'warning', 'critical']).optional(),
}).strict();

/** Validates bounceguard-alerts.ini; the error names the file, section and key. */
export function parseAlertsConfig(ini: Record<string, unknown>): AlertsConfig {
  const unknown = Object.keys(ini).filter((s) => s !== 'main' && !(s in DEFAULT_RULES));
  if (unknown.length > 0) throw new Error(`${ALERTS_INI_FILE}: unknown sections ${unknown.map((s) => `[${s}]`).join(', ')} (rules: ${Object.keys(DEFAULT_RULES).join(', ')})`);
  const main = parse(mainSection, ini.main, 'main');
  const rules: AlertRule[] = [];
  for (const [name, d] of Object.entries(DEFAULT_RULES)) {
    const s = parse(ruleSection, ini[name], name);
    if (!s.enabled) continue;
    const rule: AlertRule = {
      name,
      measure: d.measure,
      window: s.window ?? d.window,
      dimensions: s.dimensions === undefined ? d.dimensions : dimensionsOf(s.dimensions, name),
      minVolume: s.min_volume ?? d.minVolume,
      raise: s.raise ?? d.raise,
      clear: s.clear ?? d.clear,
      severity: s.severity ?? d.severity,
    };
    if (rule.clear > rule.raise) throw new Error(`${ALERTS_INI_FILE}: [${name}] clear (${rule.clear}) must not be above raise (${rule.raise})`);
    rules.push(rule);
  }
  return { enabled: main.enabled, campaignHeader: main.campaign_header.trim(), evaluateIntervalMs: main.evaluate_interval_ms, rules };
}

function dimensionsOf(text: string, section: string): Dimension[] {
  const names = text.split(/[\s,]+/).filter(Boolean);
  const bad = names.filter((n) => !(DIMENSIONS as readonly string[]).includes(n));
  if (bad.length > 0) throw new Error(`${ALERTS_INI_FILE}: [${section}] dimensions: unknown ${bad.join(', ')} (use ${DIMENSIONS.join(', ')})`);
  return names as Dimension[];
}

function parse<S extends z.ZodType>(schema: S, section: unknown, name: string): z.infer<S> {
  return parseIniSection(schema, section, ALERTS_INI_FILE, name);
}

/** Validates one ini section, naming the file, section and key in the error an operator sees. */
export function parseIniSection<S extends z.ZodType>(schema: S, section: unknown, file: string, name: string): z.infer<S> {
  const result = schema.safeParse(section ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `[${name}] ${i.path.join('.') || 'section'}: ${i.message}`);
  throw new Error(`${file}: ${problems.join('; ')}`);
}
