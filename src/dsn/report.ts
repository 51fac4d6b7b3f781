/**
 * RFC 3464 / RFC 6522 reports: recipients from the delivery-status part (or, for MTAs that put
 * the fields in the text part, from the text), with each recipient's missing diagnostic taken
 * from the human-readable notice.
 */
import { header, partText, type Header, type Part } from './mime';
import { parseDeliveryStatus, type DeliveryStatus } from './rfc3464';
import { findStage } from '../classify/stage';
import { addressesIn, MAX_NOTICE, stageIn } from './text';
import { noticeRecipients } from './textbounce';
import { unwrapSesDiagnostic } from './vendors/ses';
import type { RawRecipient } from './types';

/**
 * Fields pasted at the start of a line. `[ \t]*`, not `\s*`: a class that also matches line ends
 * would let each line start rescan every blank line after it (quadratic on a run of empty lines).
 */
const FINAL_RECIPIENT_LINE_RE = /^[ \t]*Final-Recipient:/im;
const FIELDS_START_RE = /^[ \t]*(?:Reporting-MTA|Final-Recipient):/im;

const STATUS_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);

export interface StatusReading {
  format: string;
  recipients: RawRecipient[];
  reportingMta: string | null;
  arrivalDate: string | null;
}

export function readDeliveryStatus(parts: Part[], notice: string, root: Part, original: Header[] = []): StatusReading | null {
  let ds: DeliveryStatus | null = null;
  let format = 'rfc3464';
  for (const p of parts) {
    if (!STATUS_TYPES.has(p.type)) continue;
    const one = parseDeliveryStatus(partText(p));
    if (ds) ds.recipients.push(...one.recipients);
    else ds = one;
  }
  const head = notice.length > MAX_NOTICE ? notice.slice(0, MAX_NOTICE) : notice;
  if ((!ds || ds.recipients.length === 0) && FINAL_RECIPIENT_LINE_RE.test(head)) {
    ds = parseDeliveryStatus(head.slice(head.search(FIELDS_START_RE)));
    format = 'rfc3464-text';
  }
  if (!ds || ds.recipients.length === 0) return null;
  for (const r of ds.recipients) r.recipient = withDomain(r.recipient, original);
  fillDiagnostics(ds.recipients, notice, root, original);
  return { format, recipients: ds.recipients, reportingMta: ds.reportingMta, arrivalDate: ds.arrivalDate };
}

/**
 * A recipient field with a local part alone ("Final-Recipient: rfc822; ken"): the address of the
 * returned message's To or Cc with that local part, when exactly one has it. Some MTAs name a local
 * mailbox without its domain (fml8 Mail/Bounce/FixBrokenAddress.pm: "error address from nifty.ne.jp
 * has no domain part").
 */
function withDomain(recipient: string, original: Header[]): string {
  if (recipient.includes('@') || !/^[^\s<>()]{1,64}$/.test(recipient)) return recipient;
  const local = recipient.toLowerCase();
  const sent = ['to', 'cc'].flatMap((name) => addressesIn(header(original, name) ?? ''));
  const same = [...new Set(sent.filter((a) => a.slice(0, a.lastIndexOf('@')).toLowerCase() === local).map((a) => a.toLowerCase()))];
  return same.length === 1 ? sent.find((a) => a.toLowerCase() === same[0]) ?? recipient : recipient;
}

function namedIn(notice: string, address: string): boolean {
  return notice.slice(0, MAX_NOTICE).toLowerCase().includes(address.toLowerCase());
}

/**
 * The one address a notice names, where its report's one Final-Recipient is another and the report
 * gives no Original-Recipient: the address as the sender wrote it, before the reporting MTA rewrote
 * it (Lotus Domino's "was not delivered to: x" names the address typed, its Final-Recipient the
 * directory's). Kept as the original recipient (RFC 3464 2.3.1), never instead of the final one.
 */
function originalFromNotice(r: RawRecipient, named: string): void {
  if (!r.originalRecipient && named.toLowerCase() !== r.recipient.toLowerCase()) r.originalRecipient = named;
}

/**
 * Completes each recipient from the notice's text about it: the diagnostic when the report has no
 * Diagnostic-Code (Postfix, Sendmail do this), and the SMTP stage, which the text states far more
 * often than the Diagnostic-Code does.
 */
function fillDiagnostics(recipients: RawRecipient[], notice: string, root: Part, original: Header[]): void {
  const single = recipients.length === 1;
  // The usual case, one recipient with a Diagnostic-Code that the notice names, needs only the stage: skip the scan.
  const needText = !single || !recipients[0].diagnostic || !namedIn(notice, recipients[0].recipient);
  const texts = needText ? noticeRecipients(root, notice, original) : [];
  const byAddr = new Map(texts.map((t) => [t.recipient.toLowerCase(), t]));
  if (single && texts.length === 1) originalFromNotice(recipients[0], texts[0].recipient);
  for (const r of recipients) {
    const t = byAddr.get(r.recipient.toLowerCase()) ?? (single && texts.length === 1 ? texts[0] : undefined);
    if (r.diagnostic) r.diagnostic = unwrapSesDiagnostic(r.diagnostic);
    else r.diagnostic = t?.diagnostic ?? r.statusComment;
    const stage = findStage(r.diagnostic) ?? t?.stage ?? (single ? stageIn(notice) : undefined);
    if (stage) r.stage = stage;
  }
}
