import { normaliseAddress, normaliseDomain, type NormaliseOptions, type NormalisedTarget } from '../util/address';

/** Addresses and whole domains that are never suppressed, whatever the evidence. */
export class Allowlist {
  private readonly keys = new Set<string>();

  /** Throws naming the first entry that is neither an address nor a domain. */
  constructor(addresses: string[], domains: string[], opts: NormaliseOptions = {}) {
    for (const a of addresses) this.keys.add(normaliseAddress(a, opts).key);
    for (const d of domains) this.keys.add(`@${normaliseDomain(d.replace(/^@/, ''))}`);
  }

  covers(target: NormalisedTarget): boolean {
    return this.keys.has(target.key) || this.keys.has(`@${target.domain}`);
  }
}
