import { domainToASCII } from 'node:url';

/** A recipient address or a whole domain, reduced to the key the suppression list compares on. */
export interface NormalisedTarget {
  kind: 'address' | 'domain';
  /** `local@domain` for an address, `@domain` for a whole domain. */
  key: string;
  local: string | null;
  domain: string;
}

export interface NormaliseOptions {
  /** RFC 5321 allows case-sensitive local parts; almost no mailbox provider uses them. */
  caseSensitiveLocalPart?: boolean;
}

// The RFC 5321 grammar parser costs ~150 µs an address; this covers the plain dot-atom@ascii-domain
// shape of nearly every real address and gives the same result, so bulk imports stay fast.
const PLAIN_ADDRESS = /^([A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(?:\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*)@((?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)$/;
const PLAIN_DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** Normalises one address (`a@b`, `<a@b>`) or, written `@domain`, a whole domain. */
export function normaliseTarget(input: string, opts: NormaliseOptions = {}): NormalisedTarget {
  const text = input.trim();
  if (text.startsWith('@')) {
    const domain = normaliseDomain(text.slice(1));
    return { kind: 'domain', key: `@${domain}`, local: null, domain };
  }
  // A bare word is far more often a broken address than a domain meant to be suppressed whole.
  if (!text.includes('@')) throw new Error(`not an address: ${JSON.stringify(input)} (write @domain for a whole domain)`);
  return normaliseAddress(text, opts);
}

/** Normalises one mailbox address; throws an Error naming the input when it is not a valid address. */
export function normaliseAddress(input: string, opts: NormaliseOptions = {}): NormalisedTarget {
  const bare = input.trim().replace(/^<(.*)>$/, '$1');
  const { local, host } = splitAddress(bare, input);
  if (!local || !host) throw new Error(`not an address: ${JSON.stringify(input)}`);
  const domain = normaliseDomain(host);
  const localPart = opts.caseSensitiveLocalPart ? local : local.toLowerCase();
  return { kind: 'address', key: `${localPart}@${domain}`, local: localPart, domain };
}

function splitAddress(bare: string, input: string): { local: string; host: string } {
  const plain = PLAIN_ADDRESS.exec(bare);
  // Same length limits as the parser (RFC 5321 4.5.3.1): 64 octets local part, 255 domain.
  if (plain && plain[1].length <= 64 && plain[2].length <= 255) return { local: plain[1], host: plain[2] };
  try {
    // Loaded for the rare address the fast path does not take: its grammar costs more to load than a CLI check takes.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Address } = require('address-rfc2821') as typeof import('address-rfc2821');
    const parsed = new Address(`<${bare}>`);
    return { local: parsed.user, host: parsed.host };
  } catch (err) {
    const detail = (err as Error).message.split('\n')[0];
    throw new Error(`not an address: ${JSON.stringify(input)} (${detail})`, { cause: err });
  }
}

/** Lower-cases a domain and turns an internationalised one into punycode; address literals pass as is. */
export function normaliseDomain(input: string): string {
  const text = input.trim().replace(/\.$/, '');
  const lower = text.toLowerCase();
  if (/^\[[^\]]+\]$/.test(text) || PLAIN_DOMAIN.test(lower)) return lower;
  const ascii = domainToASCII(lower);
  if (!ascii || !PLAIN_DOMAIN.test(ascii)) throw new Error(`not a domain: ${JSON.stringify(input)}`);
  return ascii;
}

/** The key of the whole-domain entry that covers a normalised address key. */
export function domainKeyOf(key: string): string {
  return key.slice(key.lastIndexOf('@'));
}
