import { verifyReturnPath, verpBases, type ReturnpathConfig } from '../returnpath';
import type { InboundConfig } from './config';
import type { Envelope } from './check';

/** Headers a delivering MTA leaves with the envelope recipient (Postfix, Exim, qmail, Courier). */
const ENVELOPE_HEADERS = new Set(['delivered-to', 'x-original-to', 'envelope-to', 'x-envelope-to', 'to']);
const ADDRESS = /<?([^\s<>"(),;:]+@[^\s<>"(),;:]+)>?/g;
// The envelope headers sit in the first lines; a mailbox file may hold a huge message.
const HEADER_LIMIT = 64 * 1024;

/**
 * The envelope a stored message arrived with, read from its headers, for checking a report outside
 * Haraka (`parse-dsn --record --verify`): the return paths among them that verify, and whether one
 * is a configured bounce or feedback-loop address.
 */
export function envelopeFromHeaders(raw: Buffer, rp: ReturnpathConfig | null, inbound: InboundConfig | null, now: number): Envelope {
  const addresses = headerAddresses(raw);
  const signed = rp?.keys
    ? addresses.flatMap((a) => {
      const v = verifyReturnPath(a, rp.keys!, now, verpBases(rp));
      return v.ok ? [v] : [];
    })
    : [];
  const listed = inbound !== null && addresses.some((a) => inbound.bounceAddresses.has(a.toLowerCase()) || inbound.feedbackAddresses.has(a.toLowerCase()));
  return { signed, listed };
}

function headerAddresses(raw: Buffer): string[] {
  const text = raw.subarray(0, HEADER_LIMIT).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const unfolded = (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const found: string[] = [];
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0 || !ENVELOPE_HEADERS.has(line.slice(0, colon).trim().toLowerCase())) continue;
    for (const m of line.slice(colon + 1).matchAll(ADDRESS)) found.push(m[1]);
  }
  return found;
}
