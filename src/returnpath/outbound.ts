import type { ReturnpathConfig } from './config';
import { signBatv, signVerp, type SignResult } from './sign';

export type ReturnPath =
  | { returnPath: string; scheme: 'batv' | 'verp' }
  | { returnPath: null; why: 'disabled' | 'not-configured' | Extract<SignResult, { address: null }>['why'] };

/**
 * The signed envelope sender of one relayed message, or why it keeps its own. VERP needs a single
 * recipient; otherwise, or when the VERP form would pass RFC 5321's 64-octet local part, BATV.
 */
export function returnPathFor(sender: string, recipients: readonly string[], config: ReturnpathConfig, now: number): ReturnPath {
  if (!config.enabled || !config.keys) return { returnPath: null, why: 'disabled' };
  if (sender === '') return { returnPath: null, why: 'null-sender' };
  const domain = sender.slice(sender.lastIndexOf('@') + 1).toLowerCase();
  const policy = config.domains.get(domain);
  if (!policy) return { returnPath: null, why: 'not-configured' };
  if (policy.mode === 'verp' && recipients.length === 1) {
    const verp = signVerp(recipients[0], config.keys, now, { localPart: policy.bounceLocalPart, domain: policy.bounceDomain ?? domain });
    if (verp.address) return { returnPath: verp.address, scheme: 'verp' };
  }
  const batv = signBatv(sender, config.keys, now, policy.bounceDomain);
  if (batv.address === null) return { returnPath: null, why: batv.why };
  return { returnPath: batv.address, scheme: 'batv' };
}
