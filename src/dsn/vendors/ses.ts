/**
 * Amazon SES event notifications (JSON, optionally wrapped in an SNS envelope) mailed to the
 * sender: Bounce, Complaint and Delivery events, per AWS's documented notification contents.
 */
import type { ReportKind, RawRecipient } from '../types';

export interface SesReport {
  kind: ReportKind;
  recipients: RawRecipient[];
  reportingMta: string | null;
  arrivalDate: string | null;
}

type Json = Record<string, unknown>;

export function looksLikeSes(body: string): boolean {
  return body.includes('notificationType') && body.trimStart().startsWith('{');
}

export function parseSes(body: string): SesReport | null {
  let doc = parseJson(body);
  if (doc && typeof doc.Message === 'string') doc = parseJson(doc.Message);
  if (!doc || typeof doc.notificationType !== 'string') return null;
  const type = doc.notificationType.toLowerCase();
  if (type === 'bounce') return bounce(obj(doc.bounce));
  if (type === 'complaint') return complaint(obj(doc.complaint));
  if (type === 'delivery') return delivery(obj(doc.delivery));
  return null;
}

/** SNS mail is often re-wrapped by MTAs ("!" + newline + space splits long lines); undo that first. */
function parseJson(text: string): Json | null {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  const slice = text.slice(start, end + 1);
  for (const candidate of [slice, slice.replace(/!\r?\n /g, ''), slice.replace(/\r?\n/g, ' ')]) {
    try {
      const v: unknown = JSON.parse(candidate);
      if (v && typeof v === 'object') return v as Json;
    } catch {
      // try the next repair
    }
  }
  return null;
}

function obj(v: unknown): Json {
  return v && typeof v === 'object' ? (v as Json) : {};
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function list(v: unknown): Json[] {
  return Array.isArray(v) ? v.map(obj) : [];
}

function mta(v: unknown): string | null {
  return str(v)?.replace(/^dsn;\s*/i, '') ?? null;
}

/** SES has stopped trying either way; "Transient" only means a later message may succeed. */
function bounce(b: Json): SesReport {
  return {
    kind: 'dsn',
    reportingMta: mta(b.reportingMTA),
    arrivalDate: str(b.timestamp) ?? null,
    recipients: list(b.bouncedRecipients).map((r) => ({
      recipient: str(r.emailAddress) ?? '',
      action: str(r.action) ?? 'failed',
      status: str(r.status),
      diagnostic: str(r.diagnosticCode)?.replace(/^smtp;\s*/i, '') ?? str(b.bounceSubType),
    })),
  };
}

function complaint(c: Json): SesReport {
  const type = str(c.complaintFeedbackType) ?? 'abuse';
  return {
    kind: 'arf',
    reportingMta: null,
    arrivalDate: str(c.timestamp) ?? null,
    recipients: list(c.complainedRecipients).map((r) => ({
      recipient: str(r.emailAddress) ?? '',
      feedbackType: type,
      hint: 'feedback' as const,
    })),
  };
}

function delivery(d: Json): SesReport {
  const reply = str(d.smtpResponse);
  return {
    kind: 'dsn',
    reportingMta: mta(d.reportingMTA),
    arrivalDate: str(d.timestamp) ?? null,
    recipients: (Array.isArray(d.recipients) ? d.recipients : []).filter((r): r is string => typeof r === 'string').map((r) => ({
      recipient: r,
      action: 'delivered',
      diagnostic: reply,
      hint: 'delivered' as const,
    })),
  };
}

/**
 * Amazon SES wraps the remote server's reply in its own words:
 * "5.1.0 - Unknown address error 550-'5.7.1 <id>... Access denied' (delivery attempts: 0)".
 * The classifier should read the remote reply (code + quoted text), not SES's summary.
 */
export function unwrapSesDiagnostic(text: string): string {
  if (!text.includes('(delivery attempts:')) return text;
  const m = /^\s*[245]\.\d{1,3}\.\d{1,3} - [^']{0,200}?([245]\d\d)[- ]'([^']{0,2000})'/.exec(text);
  return m ? `${m[1]} ${m[2]}` : text;
}
