import { returnDomains, verifyReturnPath, verpBases, type ReturnpathConfig, type Verified } from '../returnpath';
import type { InboundConfig } from './config';

export type SignedPath = Extract<Verified, { ok: true }>;
export type RefusalWhy = Extract<Verified, { ok: false }>['why'];

/** What an envelope recipient is to bounceguard-inbound. */
export type RcptVerdict =
  | { kind: 'not-ours' }
  | { kind: 'feedback' }
  | { kind: 'bounce-address' }
  | { kind: 'signed'; path: SignedPath }
  | { kind: 'refused'; why: RefusalWhy };

/**
 * Judges one recipient at RCPT. A return path of ours is a `prvs=` or VERP address in a domain our
 * bounces come back to; while signing is on, with a null sender (a bounce), any address of such a
 * domain is one, so a bounce to an unsigned address there answers mail we never sent (backscatter
 * of a forged sender).
 */
export function judgeRecipient(rcpt: string, nullSender: boolean, config: InboundConfig, rp: ReturnpathConfig | null, now: number): RcptVerdict {
  const lower = rcpt.toLowerCase();
  if (config.feedbackAddresses.has(lower)) return { kind: 'feedback' };
  if (config.bounceAddresses.has(lower)) return { kind: 'bounce-address' };
  if (!rp?.keys) return { kind: 'not-ours' };
  const bases = verpBases(rp);
  const domains = returnDomains(rp);
  if (!domains.has(lower.slice(lower.lastIndexOf('@') + 1))) return { kind: 'not-ours' };
  const verified = verifyReturnPath(rcpt, rp.keys, now, bases);
  if (verified.ok) return { kind: 'signed', path: verified };
  if (verified.why !== 'unsigned') return { kind: 'refused', why: verified.why };
  // While signing is off, our own mail leaves unsigned and its bounces are genuine.
  return nullSender && rp.enabled ? { kind: 'refused', why: 'unsigned' } : { kind: 'not-ours' };
}

/** The text after 550 for a refused return path: what the sender of the bounce should understand. */
export function refusalText(rcpt: string, why: RefusalWhy): string {
  switch (why) {
    case 'unsigned':
      return `5.7.1 <${rcpt}>: not a signed return path: no mail we sent bounces here`;
    case 'expired':
      return `5.7.1 <${rcpt}>: return path signature expired`;
    default:
      return `5.7.1 <${rcpt}>: invalid return path signature`;
  }
}
