import { z } from 'zod';
import { ALERTS_FILE } from '../config/files';
import { ConfigError, iniBoolean, list, parseAll, parseSection } from '../config/schema';
import type { Severity } from '../events/types';
import { DIMENSIONS, WINDOWS, type Dimension, type WindowName } from './windows';

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

/**
 * The rules and the practices issue 17 starts from: each rule's section schema takes its defaults
 * from here, and config/bounceguard-alerts.ini repeats them, commented.
 */
export const DEFAULT_RULES: Record<string, Defaults> = {
  hard_bounce: { measure: 'hard_rate', window: '1h', dimensions: ['sender', 'campaign', 'ip'], minVolume: 100, raise: 0.02, clear: 0.01, severity: 'critical' },
  complaint: { measure: 'complaint_rate', window: '24h', dimensions: ['sender', 'campaign'], minVolume: 1000, raise: 0.003, clear: 0.001, severity: 'critical' },
  blocklisting: { measure: 'blocked_providers', window: '1h', dimensions: ['ip', 'sender'], minVolume: 3, raise: 3, clear: 2, severity: 'critical' },
  throttling: { measure: 'throttle_rate', window: '15m', dimensions: ['destination'], minVolume: 20, raise: 0.2, clear: 0.05, severity: 'warning' },
  auth_failure: { measure: 'auth_rate', window: '15m', dimensions: ['sender', 'ip'], minVolume: 10, raise: 0.05, clear: 0.01, severity: 'critical' },
  unknown_users: { measure: 'unknown_rate', window: '15m', dimensions: ['sender', 'campaign'], minVolume: 50, raise: 0.05, clear: 0.02, severity: 'warning' },
};

/** The sections of bounceguard-alerts.ini. */
export const ALERTS_SECTIONS = ['main', ...Object.keys(DEFAULT_RULES)];

const num = z.coerce.number().finite();
const mainSection = z.object({
  enabled: iniBoolean.default(false),
  campaign_header: z.string().default('X-Campaign'),
  evaluate_interval_ms: num.int().min(50).default(30_000),
}).strict();

const dimensions = list.pipe(z.array(z.enum(DIMENSIONS)));

function ruleSection(d: Defaults) {
  return z.object({
    enabled: iniBoolean.default(true),
    window: z.enum(Object.keys(WINDOWS) as [WindowName, ...WindowName[]]).default(d.window),
    dimensions: dimensions.default(d.dimensions),
    min_volume: num.nonnegative().default(d.minVolume),
    raise: num.positive().default(d.raise),
    clear: num.nonnegative().default(d.clear),
    severity: z.enum(['info', 'warning', 'critical']).default(d.severity),
  }).strict();
}

/** Validates bounceguard-alerts.ini: `[main]` and one section per rule. */
export function parseAlertsConfig(ini: Record<string, unknown>): AlertsConfig {
  const [main, ...rules] = parseAll(
    () => parseSection(mainSection, ini.main, ALERTS_FILE, 'main'),
    ...Object.entries(DEFAULT_RULES).map(([name, d]) => () => ruleOf(name, d, ini[name])),
  );
  return {
    enabled: main.enabled,
    campaignHeader: main.campaign_header.trim(),
    evaluateIntervalMs: main.evaluate_interval_ms,
    rules: (rules as (AlertRule | null)[]).filter((r): r is AlertRule => r !== null),
  };
}

function ruleOf(name: string, d: Defaults, body: unknown): AlertRule | null {
  const s = parseSection(ruleSection(d), body, ALERTS_FILE, name);
  if (!s.enabled) return null;
  if (s.clear > s.raise) throw new ConfigError([{ file: ALERTS_FILE, section: name, key: 'clear', value: s.clear, problem: `must not be above raise (${s.raise})` }]);
  return { name, measure: d.measure, window: s.window, dimensions: s.dimensions, minVolume: s.min_volume, raise: s.raise, clear: s.clear, severity: s.severity };
}
