import { z } from 'zod';
import { DEFAULT_MAX_EVENTS, EVENT_TYPES, type EventType } from '../events';
import { WEBHOOKS_FILE } from '../config/files';
import { ConfigError, iniBoolean, parseAll, parsedBy, parseSection } from '../config/schema';

/** The sections of bounceguard-webhooks.ini: one `[endpoint.NAME]` a receiver. */
export const WEBHOOKS_SECTIONS = ['main', 'endpoint.*'];
const ENDPOINT = /^endpoint\.([A-Za-z0-9_-]+)$/;

export interface Endpoint {
  name: string;
  url: string;
  secret: string;
  /** The event types this receiver wants. */
  events: EventType[];
}

export interface WebhooksConfig {
  enabled: boolean;
  /** Events the outbox holds; beyond it the oldest are dropped (logged and counted). */
  maxEvents: number;
  batchSize: number;
  pollIntervalMs: number;
  timeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  leaseMs: number;
  endpoints: Endpoint[];
}

const num = z.coerce.number().finite().int();
const mainSection = z.object({
  enabled: iniBoolean.default(false),
  max_events: num.positive().default(DEFAULT_MAX_EVENTS),
  batch_size: num.positive().max(1000).default(100),
  poll_interval_ms: num.min(10).default(1000),
  timeout_ms: num.positive().default(5000),
  backoff_base_ms: num.positive().default(1000),
  backoff_max_ms: num.positive().default(300_000),
  lease_ms: num.min(100).default(15_000),
}).strict();

const endpointSection = z.object({
  url: z.string().url().refine((u) => /^https?:\/\//.test(u), 'must be an http:// or https:// URL'),
  secret: z.string().min(16, 'at least 16 characters'),
  events: parsedBy(eventsOf).default([...EVENT_TYPES]),
}).strict();

/** Validates bounceguard-webhooks.ini: `[main]` and one `[endpoint.NAME]` section per receiver. */
export function parseWebhooksConfig(ini: Record<string, unknown>): WebhooksConfig {
  const sections = Object.keys(ini).filter((s) => s.startsWith('endpoint.'));
  const [main, ...endpoints] = parseAll(
    () => parseSection(mainSection, ini.main, WEBHOOKS_FILE, 'main'),
    ...sections.map((section) => () => endpointOf(section, ini[section])),
  );
  if (main.backoff_max_ms < main.backoff_base_ms) {
    throw new ConfigError([{ file: WEBHOOKS_FILE, section: 'main', key: 'backoff_max_ms', value: main.backoff_max_ms, problem: 'must not be below backoff_base_ms' }]);
  }
  return {
    enabled: main.enabled,
    maxEvents: main.max_events,
    batchSize: main.batch_size,
    pollIntervalMs: main.poll_interval_ms,
    timeoutMs: main.timeout_ms,
    backoffBaseMs: main.backoff_base_ms,
    backoffMaxMs: main.backoff_max_ms,
    leaseMs: main.lease_ms,
    endpoints: endpoints as Endpoint[],
  };
}

function endpointOf(section: string, body: unknown): Endpoint {
  const name = ENDPOINT.exec(section)?.[1];
  if (!name) throw new ConfigError([{ file: WEBHOOKS_FILE, section, key: null, problem: 'a receiver name is letters, digits, - and _' }]);
  const e = parseSection(endpointSection, body, WEBHOOKS_FILE, section);
  return { name, url: e.url, secret: e.secret, events: e.events };
}

/** `outcome,alert` or `*`. */
function eventsOf(value: unknown): EventType[] {
  const names = String(value).split(/[\s,]+/).filter(Boolean);
  if (names.includes('*')) return [...EVENT_TYPES];
  const bad = names.filter((n) => !(EVENT_TYPES as readonly string[]).includes(n));
  if (bad.length > 0 || names.length === 0) throw new Error(`unknown ${bad.join(', ') || '(none)'} (use ${EVENT_TYPES.join(', ')} or *)`);
  return names as EventType[];
}
