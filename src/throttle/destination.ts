import { providerFromMx } from '../classify/provider';
import { normalizeDomain, resolveSettings, type PaceSettings, type ThrottleConfig } from './config';

/** What the caller knows about where a message goes. */
export interface Target {
  recipientDomain: string;
  /** The MX host name chosen for the delivery, when known. */
  mx?: string | null;
}

/** One pace: a provider shared by every domain it hosts, or a single recipient domain. */
export interface Destination {
  /** `provider:<id>` or `domain:<domain>`: the store key and the name operators see. */
  key: string;
  provider: string | null;
  domain: string | null;
  settings: PaceSettings;
}

/**
 * Groups by provider when the MX belongs to a known one, so all domains hosted there share a pace,
 * except a domain with its own config section: the operator asked for it to be paced on its own.
 */
export function destinationOf(target: Target, config: ThrottleConfig): Destination {
  const domain = normalizeDomain(target.recipientDomain);
  const provider = providerFromMx(target.mx ?? undefined);
  if (provider && !config.domains.has(domain)) {
    return { key: `provider:${provider}`, provider, domain: null, settings: resolveSettings(config, provider, null) };
  }
  return { key: `domain:${domain}`, provider, domain, settings: resolveSettings(config, provider, domain) };
}

/** The destination behind a stored key (the CLI lists keys; the MX is no longer known). */
export function destinationFromKey(key: string, config: ThrottleConfig): Destination {
  const [kind, name] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  if (kind === 'provider') return { key, provider: name, domain: null, settings: resolveSettings(config, name, null) };
  if (kind === 'domain') return { key, provider: null, domain: name, settings: resolveSettings(config, null, name) };
  throw new Error(`not a throttle destination key: "${key}"`);
}
