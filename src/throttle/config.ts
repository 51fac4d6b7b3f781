import { z } from 'zod';
import { KNOWN_PROVIDERS } from '../classify/provider';
import { MAIN_FILE } from '../config/files';
import { ConfigError, duration, iniBoolean, parseAll, parsedBy, parseSection } from '../config/schema';
import { parseRate } from './units';

const SECTION = 'throttle';
const PROVIDER_PREFIX = 'throttle.provider.';
const DOMAIN_PREFIX = 'throttle.domain.';

/** How the controller treats one destination, in the units the code uses (msg/s, ms). */
export interface PaceSettings {
  enabled: boolean;
  /** First pace when an unthrottled destination is cut; null: estimate it from what was sent and accepted. */
  startRate: number | null;
  floor: number;
  /** null: no cap on recovery. */
  ceiling: number | null;
  decreaseFactor: number;
  /** Added to the pace per quiet period: msg/s, or a share of the current pace. */
  increaseStep: IncreaseStep;
  increaseEveryMs: number;
  triggerCount: number;
  triggerWindowMs: number;
  cooldownMs: number;
  /** Quiet time after the last signal that makes a destination unthrottled again; null: never. */
  releaseAfterMs: number | null;
  /** Longest DELAY handed out, and how far ahead send slots are booked. */
  maxDelayMs: number;
  /** Longest a send is held in the hook to hit its slot within the second; 0: DELAY only. */
  maxHoldMs: number;
  /** About how many sends of one destination may be held at once (each holds a delivery slot). */
  maxHeld: number;
  maxAgeMs: number;
  /** First pace of a destination with no recent history, doubled while every reply is accepted; null: off. */
  slowStartRate: number | null;
  /** Slow start ends here: unpaced, or paced at `ceiling` when that is lower. */
  slowStartUntil: number;
  /** This long without sending to a destination and it starts slowly again. */
  slowStartAfterMs: number;
}

export type IncreaseStep = { perSecond: number } | { percent: number };

export interface ThrottleConfig {
  defaults: PaceSettings;
  providers: ReadonlyMap<string, Partial<PaceSettings>>;
  domains: ReadonlyMap<string, Partial<PaceSettings>>;
}

const none = (v: unknown) => ['', 'none', 'auto'].includes(String(v).trim().toLowerCase());
const optionalRate = parsedBy((v) => (none(v) ? null : parseRate(v)));
const seconds = duration('s');

/**
 * `[throttle]`. The defaults are written as an operator would write them (config/bounceguard.ini
 * repeats them): `prefault` parses them like a value of the file.
 */
const defaultsSchema = z.object({
  enabled: iniBoolean.prefault(true),
  start_rate: optionalRate.prefault('auto'),
  floor: parsedBy(parseRate).prefault('1/m'),
  ceiling: optionalRate.prefault('none'),
  decrease_factor: z.number().gt(0).lt(1).prefault(0.7),
  increase_step: parsedBy(parseIncreaseStep).prefault('0.25/s'),
  increase_every: seconds.pipe(z.number().min(1000, 'must be at least 1s')).prefault('10s'),
  trigger_count: z.number().int().min(1).prefault(1),
  trigger_window: seconds.pipe(z.number().min(1000, 'must be at least 1s')).prefault('60s'),
  cooldown: seconds.prefault('5s'),
  release_after: seconds.transform((ms) => (ms === 0 ? null : ms)).prefault('1h'),
  max_delay: seconds.pipe(z.number().min(1000, 'must be at least 1s')).prefault('30s'),
  max_hold: seconds.pipe(z.number().max(5000, 'must be at most 5s (it holds a delivery slot)')).prefault('2s'),
  max_held: z.number().int().min(0).prefault(20),
  max_age: seconds.pipe(z.number().positive('must be above zero')).prefault('2d'),
  slow_start: optionalRate.prefault('2/s'),
  slow_start_until: parsedBy(parseRate).prefault('50/s'),
  slow_start_after: seconds.pipe(z.number().min(1000, 'must be at least 1s')).prefault('1h'),
}).strict();

type Shape = typeof defaultsSchema.shape;

/** A provider or domain section: the same keys, each optional, so it sets only what it changes. */
const overrideSchema = z.object(
  Object.fromEntries(Object.entries(defaultsSchema.shape).map(([key, field]) => [key, field.unwrap().optional()])) as {
    [K in keyof Shape]: z.ZodOptional<ReturnType<Shape[K]['unwrap']>>;
  },
).strict();

/** `N/s`, `N/m`, `N/h` (additive, the classic AIMD), or `N%` of the current pace (scales with it). */
function parseIncreaseStep(v: unknown): IncreaseStep {
  const pct = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(String(v));
  if (!pct) return { perSecond: parseRate(v) };
  const percent = Number(pct[1]);
  if (!(percent > 0)) throw new Error(`"${String(v).trim()}" is not a step: a percentage must be above zero`);
  return { percent };
}

type SectionValues = z.infer<typeof overrideSchema>;

/** Validates `[throttle]`, `[throttle.provider.<id>]` and `[throttle.domain.<domain>]` of bounceguard.ini. */
export function parseThrottleConfig(ini: Record<string, unknown>): ThrottleConfig {
  const defaults = toSettings(parseSection(defaultsSchema, ini[SECTION], MAIN_FILE, SECTION)) as PaceSettings;
  checkConsistent(defaults, SECTION);
  const providers = new Map<string, Partial<PaceSettings>>();
  const domains = new Map<string, Partial<PaceSettings>>();
  const overrides = Object.entries(ini).filter(([name]) => name.startsWith(`${SECTION}.`));
  parseAll(...overrides.map(([name, body]) => () => {
    if (name.startsWith(PROVIDER_PREFIX)) {
      const id = name.slice(PROVIDER_PREFIX.length);
      if (!KNOWN_PROVIDERS.includes(id)) fail(name, `unknown provider "${id}" (known: ${KNOWN_PROVIDERS.join(', ')})`);
      providers.set(id, overrideOf(body, name, defaults));
    } else if (name.startsWith(DOMAIN_PREFIX)) {
      domains.set(normalizeDomain(name.slice(DOMAIN_PREFIX.length)), overrideOf(body, name, defaults));
    } else {
      fail(name, `unknown section: use [${PROVIDER_PREFIX}<id>] or [${DOMAIN_PREFIX}<domain>]`);
    }
  }));
  return { defaults, providers, domains };
}

/** Most specific wins, key by key: domain over provider over defaults. */
export function resolveSettings(config: ThrottleConfig, provider: string | null, domain: string | null): PaceSettings {
  const merged: PaceSettings = {
    ...config.defaults,
    ...(provider ? config.providers.get(provider) : undefined),
    ...(domain ? config.domains.get(domain) : undefined),
  };
  // A domain section and a provider section checked separately can still cross once merged.
  if (merged.ceiling !== null && merged.ceiling < merged.floor) merged.ceiling = merged.floor;
  if (merged.slowStartRate !== null) merged.slowStartRate = Math.min(merged.slowStartRate, merged.slowStartUntil, merged.ceiling ?? Infinity);
  return merged;
}

export function normalizeDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.$/, '');
}

function overrideOf(body: unknown, section: string, defaults: PaceSettings): Partial<PaceSettings> {
  const override = toSettings(parseSection(overrideSchema, body, MAIN_FILE, section));
  checkConsistent({ ...defaults, ...override }, section);
  return override;
}

function checkConsistent(s: PaceSettings, section: string): void {
  if (s.ceiling !== null && s.ceiling < s.floor) fail(section, 'must not be below floor', 'ceiling');
  if (s.startRate !== null && s.startRate < s.floor) fail(section, 'must not be below floor', 'start_rate');
  if (s.slowStartRate !== null && s.slowStartRate > s.slowStartUntil) fail(section, 'must not be above slow_start_until', 'slow_start');
}

function fail(section: string, problem: string, key: string | null = null): never {
  throw new ConfigError([{ file: MAIN_FILE, section, key, problem }]);
}

const KEY_MAP: Record<keyof SectionValues, keyof PaceSettings> = {
  enabled: 'enabled',
  start_rate: 'startRate',
  floor: 'floor',
  ceiling: 'ceiling',
  decrease_factor: 'decreaseFactor',
  increase_step: 'increaseStep',
  increase_every: 'increaseEveryMs',
  trigger_count: 'triggerCount',
  trigger_window: 'triggerWindowMs',
  cooldown: 'cooldownMs',
  release_after: 'releaseAfterMs',
  max_delay: 'maxDelayMs',
  max_hold: 'maxHoldMs',
  max_held: 'maxHeld',
  max_age: 'maxAgeMs',
  slow_start: 'slowStartRate',
  slow_start_until: 'slowStartUntil',
  slow_start_after: 'slowStartAfterMs',
};

function toSettings(values: SectionValues): Partial<PaceSettings> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) out[KEY_MAP[key as keyof SectionValues]] = value;
  }
  return out as Partial<PaceSettings>;
}
