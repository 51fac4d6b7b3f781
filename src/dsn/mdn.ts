/**
 * Rejections sent as message disposition notifications: a Sieve "reject" (RFC 5429 2.1: the refusal
 * is an MDN, RFC 8098, whose Disposition is "automatic-action/MDN-sent-automatically; deleted") and the
 * same report from Dovecot's delivery agent (dovecot/core src/lib-lda/mail-send.c, pigeonhole
 * src/lib-sieve/sieve-actions.c: "Your message to <x> was automatically rejected:" and the reason the
 * script gives). The message reached the recipient's mailbox and the recipient's own filter refused it.
 */
import { header, parseHeaders, partText, type Header, type Part } from './mime';
import { fieldAddress } from './rfc3464';
import { oneLine, splitNotice } from './text';
import { looksLikeBounce, noticeRecipients } from './textbounce';
import type { StatusReading } from './report';

const DISPOSITION_TYPES = new Set(['message/disposition-notification', 'message/global-disposition-notification']);

/** RFC 8098 3.2.6: the action mode, then the disposition type after the semicolon. */
const DELETED_RE = /^\s*automatic-action\s*\/[^;]{0,100};\s*deleted\b/i;

export function readRejection(parts: Part[], notice: string, root: Part, original: Header[]): StatusReading | null {
  const part = parts.find((p) => DISPOSITION_TYPES.has(p.type));
  if (!part) return null;
  const fields = parseHeaders(partText(part));
  const field = (name: string) => fields.find((f) => f.name === name)?.value;
  const final = field('final-recipient');
  if (!final || !DELETED_RE.test(field('disposition') ?? '')) return null;
  // A receipt for a message deleted unread (RFC 8098 3.2.6: "may or may not have seen the message") says the
  // same: only one sent as a delivery notice (by the postmaster, with a null return path, in a rejection's
  // words) is a refusal.
  if (!looksLikeBounce(root, notice)) return null;
  const recipient = fieldAddress(final);
  const named = noticeRecipients(root, notice, original).find((t) => t.recipient.toLowerCase() === recipient.toLowerCase());
  const diagnostic = named?.diagnostic || oneLine(splitNotice(notice).lines);
  const originalRecipient = field('original-recipient');
  return {
    format: 'mdn',
    recipients: [{ recipient, diagnostic, refusedByRecipient: true, ...(originalRecipient ? { originalRecipient: fieldAddress(originalRecipient) } : {}) }],
    reportingMta: (field('reporting-ua') ?? header(root.headers, 'reporting-ua'))?.split(';')[0].trim() ?? null,
    arrivalDate: null,
  };
}
