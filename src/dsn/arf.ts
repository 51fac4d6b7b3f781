/**
 * RFC 5965 abuse feedback reports (ARF), plus the two non-ARF complaint shapes in the corpus:
 * Microsoft's JMRP (the complained-about message attached, tagged X-HmXmrOriginalRecipient) and
 * Apple Mail's unsubscribe notice. A complaint is never a bounce: reason `feedback`.
 */
import { decodeTransfer, header, parseHeaders, partText, type Part } from './mime';
import { addressesIn } from './text';
import type { RawRecipient } from './types';

export interface FeedbackReport {
  recipients: RawRecipient[];
  reportingMta: string | null;
  arrivalDate: string | null;
}

export function isFeedbackReport(root: Part, parts: Part[]): boolean {
  if (root.params['report-type']?.toLowerCase() === 'feedback-report') return true;
  if (parts.some((p) => p.type === 'message/feedback-report')) return true;
  if (header(root.headers, 'x-apple-unsubscribe')?.toLowerCase() === 'true') return true;
  return parts.some((p) => p.children.length > 0 && header(p.children[0].headers, 'x-hmxmroriginalrecipient') !== undefined);
}

export function parseFeedback(root: Part, parts: Part[], original: Part | null): FeedbackReport {
  const reportPart = parts.find((p) => p.type === 'message/feedback-report');
  const fields = reportPart ? parseHeaders(decodeTransfer(reportPart)) : [];
  const get = (n: string) => fields.find((f) => f.name === n)?.value;
  const type = (get('feedback-type') ?? (header(root.headers, 'x-apple-unsubscribe') ? 'opt-out' : 'abuse')).toLowerCase();
  const text = textPartOf(parts);
  const rcpts = feedbackRecipients(fields, root, original);
  return {
    reportingMta: get('reporting-mta')?.replace(/^[^;]*;\s*/, '') ?? null,
    arrivalDate: get('arrival-date') ?? get('received-date') ?? null,
    recipients: rcpts.map((r) => ({ recipient: r, feedbackType: type, diagnostic: text, hint: 'feedback' as const })),
  };
}

/**
 * Who received the reported message: Original-Rcpt-To (RFC 5965), else the report's own
 * recipient tags, else the To of the attached message. An unsubscribe notice comes from the
 * recipient itself. Reports about undisclosed recipients yield one recipient with no address.
 */
function feedbackRecipients(fields: { name: string; value: string }[], root: Part, original: Part | null): string[] {
  const rcptTo = fields.filter((f) => f.name === 'original-rcpt-to').flatMap((f) => addressesIn(f.value));
  if (rcptTo.length) return rcptTo;
  if (header(root.headers, 'x-apple-unsubscribe')) return addressesIn(header(root.headers, 'from') ?? '').slice(0, 1);
  const oh = original?.headers ?? [];
  const tagged = addressesIn(header(oh, 'x-hmxmroriginalrecipient') ?? '');
  if (tagged.length) return tagged;
  const to = addressesIn(header(oh, 'to') ?? '');
  return to.length ? to : [''];
}

function textPartOf(parts: Part[]): string | undefined {
  const p = parts.find((x) => x.type === 'text/plain' && x.children.length === 0);
  if (!p) return undefined;
  const line = partText(p).trim().split('\n')[0];
  return line ? line.trim().slice(0, 500) : undefined;
}
