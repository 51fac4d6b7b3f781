import { z } from 'zod';
import { RETURNPATH_FILE } from '../config/files';
import { ConfigError, iniBoolean, parseAll, parseSection } from '../config/schema';
import { DAY_MS, type SigningKeys, type VerpBase } from './sign';

/** How one sending domain's envelope senders are signed. */
export interface DomainPolicy {
  mode: 'batv' | 'verp';
  /** Where bounces go; null: the sending domain itself. */
  bounceDomain: string | null;
  /** VERP: the local part before the `+`. */
  bounceLocalPart: string;
}

export interface ReturnpathConfig {
  /** Signing relayed mail; verification works whenever keys are configured. */
  enabled: boolean;
  /** null when no key is configured: nothing is signed and nothing can be verified. */
  keys: SigningKeys | null;
  /** How long a sent-message record is kept. */
  recordMs: number;
  /** Sending domain (lower case) to its policy. */
  domains: ReadonlyMap<string, DomainPolicy>;
}

const RESERVED = new Set(['main', 'keys']);

const mainSection = z.object({
  enabled: iniBoolean.default(false),
  signing_key: z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(/^[0-9]$/, 'one digit, a key of [keys]')).optional(),
  max_age_days: z.number().int().min(1).max(999).default(14),
  record_days: z.number().positive().default(14),
}).strict();

const secret = z.union([z.string(), z.number()]).transform(String).pipe(z.string().min(16, 'at least 16 characters'));
const keysSection = z.record(z.string().regex(/^[0-9]$/, 'key ids are one digit, 0-9'), secret);

const domainSection = z.object({
  mode: z.enum(['batv', 'verp', 'off']).default('batv'),
  bounce_domain: z.string().regex(/^[a-z0-9.-]+$/i, 'a domain name').optional(),
  bounce_local_part: z.string().regex(/^[a-z0-9._-]+$/i, 'letters, digits, dot, dash, underscore').default('bounces'),
}).strict();

/** Validates bounceguard-returnpath.ini: `[main]`, `[keys]` and one section a sending domain. */
export function parseReturnpathConfig(ini: Record<string, unknown>): ReturnpathConfig {
  const domainSections = Object.entries(ini).filter(([name]) => !RESERVED.has(name));
  const [main, secrets, ...policies] = parseAll(
    () => parseSection(mainSection, ini.main, RETURNPATH_FILE, 'main'),
    () => parseSection(keysSection, ini.keys, RETURNPATH_FILE, 'keys'),
    ...domainSections.map(([name, body]) => () => parseSection(domainSection, body, RETURNPATH_FILE, name)),
  );
  const ids = Object.keys(secrets);
  const signingKeyId = main.signing_key ?? (ids.length === 1 ? ids[0] : undefined);
  if (ids.length > 0 && (!signingKeyId || !secrets[signingKeyId])) {
    fail('signing_key', main.signing_key, `must name one of the keys of [keys] (${ids.join(', ')})`);
  }
  if (main.enabled && ids.length === 0) fail('enabled', true, 'needs at least one key in [keys]');
  const keys: SigningKeys | null = ids.length === 0 ? null : {
    keys: new Map(ids.map((id) => [id, Buffer.from(secrets[id], 'utf8')])),
    signingKeyId: signingKeyId!,
    maxAgeDays: main.max_age_days,
  };
  const domains = new Map<string, DomainPolicy>();
  for (const [i, [name]] of domainSections.entries()) {
    const d = policies[i] as z.infer<typeof domainSection>;
    if (d.mode === 'off') continue;
    domains.set(name.toLowerCase(), { mode: d.mode, bounceDomain: d.bounce_domain?.toLowerCase() ?? null, bounceLocalPart: d.bounce_local_part });
  }
  return { enabled: main.enabled, keys, recordMs: main.record_days * DAY_MS, domains };
}

/** Every address VERP return paths are built on (for verification and for recognising our own). */
export function verpBases(config: ReturnpathConfig): VerpBase[] {
  return [...config.domains].filter(([, p]) => p.mode === 'verp').map(([d, p]) => ({ localPart: p.bounceLocalPart, domain: p.bounceDomain ?? d }));
}

/** Domains whose mail bounces come back to: the signing domains and their bounce domains. */
export function returnDomains(config: ReturnpathConfig): Set<string> {
  return new Set([...config.domains].map(([d, p]) => p.bounceDomain ?? d));
}

function fail(key: string, value: unknown, problem: string): never {
  throw new ConfigError([{ file: RETURNPATH_FILE, section: 'main', key, value, problem }]);
}
