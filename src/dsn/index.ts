/**
 * parseBounce: a raw inbound message in, per-recipient Outcomes out. Tries, in order, the
 * structured formats (ARF, RFC 3464 delivery-status, SES JSON), then the text of MTAs that send
 * no machine-readable report, then RFC 3834 auto-replies. Anything else is `unknown`. Never
 * throws: hostile or broken input ends as `unknown` with an `error`.
 */
import { isFeedbackReport, parseFeedback } from './arf';
import { isAutoReply, parseAutoReply } from './autoreply';
import { classifyRecipient } from './context';
import { noticeEvidence } from './evidence';
import { flatten, htmlToText, parsePart, partText, type Header, type Part } from './mime';
import { splitNotice } from './text';
import { attachedOriginal, describeOriginal, pastedHeaders } from './original';
import { readRejection } from './mdn';
import { readDeliveryStatus } from './report';
import { looksLikeBounce, readTextBounce } from './textbounce';
import { recogniseMta } from './vendors/mta';
import { looksLikeSes, parseSes } from './vendors/ses';
import type { ParseOptions, ParsedReport, RawRecipient, ReportKind } from './types';

export type { ParseOptions, ParsedReport, RecipientResult, OriginalMessage, ReportKind } from './types';
export { splitMbox } from './mbox';

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

interface Reading {
  kind: ReportKind;
  format: string;
  recipients: RawRecipient[];
  reportingMta?: string | null;
  arrivalDate?: string | null;
}

export function parseBounce(raw: Buffer | string, opts: ParseOptions = {}): ParsedReport {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > max) return empty(`message is ${bytes.length} bytes, over the ${max}-byte limit`);
  try {
    return read(bytes.toString('latin1'), opts);
  } catch (err) {
    // A bug of ours on some input must not take the caller down: report it on the result.
    return empty(`could not parse message: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function read(text: string, opts: ParseOptions): ParsedReport {
  const root = parsePart(text);
  const parts = flatten(root);
  const original = attachedOriginal(parts);
  const notice = noticeText(root, parts);
  const pasted = original ? null : pastedHeaders(splitNotice(notice).rest);
  const originalHeaders = original?.headers ?? pasted ?? [];
  const reading = readStructured(root, parts, original, notice, originalHeaders) ?? readText(root, notice, originalHeaders);
  if (!reading || reading.recipients.length === 0) {
    return { ...empty(), original: describeOriginal(originalHeaders) };
  }
  const evidence = reading.kind === 'dsn' ? noticeEvidence(root, notice, originalHeaders) : undefined;
  return {
    kind: reading.kind,
    format: reading.format,
    mta: reading.kind === 'dsn' ? recogniseMta(root, notice) : null,
    recipients: reading.recipients.map((r) => classifyRecipient(r, opts.rules, evidence)),
    reporting_mta: reading.reportingMta ?? null,
    arrival_date: reading.arrivalDate ?? null,
    original: describeOriginal(originalHeaders),
  };
}

function readStructured(root: Part, parts: Part[], original: Part | null, notice: string, originalHeaders: Header[]): Reading | null {
  if (isFeedbackReport(root, parts)) return { kind: 'arf', format: 'arf', ...parseFeedback(root, parts, original) };
  const ds = readDeliveryStatus(parts, notice, root, originalHeaders);
  if (ds) return { kind: 'dsn', ...ds };
  const rejection = readRejection(parts, notice, root, originalHeaders);
  if (rejection) return { kind: 'dsn', ...rejection };
  if (looksLikeSes(notice)) {
    const ses = parseSes(notice);
    if (ses) return { format: 'ses', ...ses };
  }
  return null;
}

function readText(root: Part, notice: string, original: Header[]): Reading | null {
  if (looksLikeBounce(root, notice)) {
    return { kind: 'dsn', format: 'text', recipients: readTextBounce(root, notice, original) };
  }
  if (isAutoReply(root)) return { kind: 'autoreply', format: 'rfc3834', recipients: parseAutoReply(root, notice) };
  return null;
}

/** The human-readable notice: the first text part that is not inside the returned message. */
function noticeText(root: Part, parts: Part[]): string {
  if (root.children.length === 0) return root.type === 'text/html' ? htmlToText(partText(root)) : partText(root);
  let html: Part | undefined;
  for (const p of parts) {
    if (p.type === 'message/rfc822' || p.type === 'message/global') break;
    if (p.children.length > 0) continue;
    if (p.type === 'text/plain') return partText(p);
    if (p.type === 'text/html') html ??= p;
  }
  return html ? htmlToText(partText(html)) : '';
}

function empty(error?: string): ParsedReport {
  return { kind: 'unknown', format: null, mta: null, recipients: [], reporting_mta: null, arrival_date: null, original: null, ...(error ? { error } : {}) };
}
