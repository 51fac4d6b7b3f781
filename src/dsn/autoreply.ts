/**
 * RFC 3834 automatic replies (vacation notices, out-of-office). They are not bounces: the message
 * was delivered and a person's robot answered. Checked only after the bounce readers found
 * nothing, because MTAs mark their own bounces "Auto-Submitted: auto-replied" too (RFC 3834 5.).
 */
import { header, type Part } from './mime';
import { decodeWords } from './mime';
import { addressesIn } from './text';
import type { RawRecipient } from './types';

const SUBJECT_RE = /^\s*(?:auto(?:matic)?[ -]?(?:reply|response|answer)|out of (?:the )?office|autoreply|abwesenheit|r[ée]ponse automatique|vacation)\b/i;

export function isAutoReply(root: Part): boolean {
  const h = root.headers;
  const auto = header(h, 'auto-submitted')?.toLowerCase();
  if (auto && auto.startsWith('auto-replied')) return true;
  if (header(h, 'x-autoreply') !== undefined || header(h, 'x-autorespond') !== undefined) return true;
  if (header(h, 'precedence')?.toLowerCase() === 'auto_reply') return true;
  return SUBJECT_RE.test(decodeWords(header(h, 'subject') ?? ''));
}

/** The auto-replying party is the recipient of the original message: the reply's From. */
export function parseAutoReply(root: Part, text: string): RawRecipient[] {
  const from = addressesIn(header(root.headers, 'from') ?? '')[0];
  if (!from) return [];
  const first = text.split('\n').find((l) => l.trim() !== '')?.trim().slice(0, 500);
  return [{ recipient: from, diagnostic: first, hint: 'vacation' }];
}
