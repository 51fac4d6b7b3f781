/**
 * RFC 3464 delivery-status fields. The body of a message/delivery-status part is one block of
 * per-message fields, then one block per recipient. Real reports bend this (missing blank lines,
 * fields folded oddly, recipient blocks without Final-Recipient), so recipients are started by
 * their fields rather than by blank lines alone.
 */
import { parseHeaders } from './mime';
import { addressesIn } from './text';
import type { RawRecipient } from './types';

export interface DeliveryStatus {
  reportingMta: string | null;
  arrivalDate: string | null;
  recipients: RawRecipient[];
}

/** Strips the address-type ("rfc822;") and angle brackets from a recipient field. */
export function fieldAddress(value: string): string {
  const semi = value.indexOf(';');
  let v = (semi >= 0 ? value.slice(semi + 1) : value).trim();
  const lt = v.indexOf('<');
  if (lt >= 0) {
    const gt = v.indexOf('>', lt);
    v = v.slice(lt + 1, gt < 0 ? undefined : gt);
  }
  v = v.trim();
  return v.length > 1 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

const PLAIN_ADDRESS_RE = /^[^\s@|]+@[^\s@]+$/;

/**
 * Final-Recipient is sometimes not a mailbox: a pipe command (Exim), a source route (Sun
 * Messaging Server). Use Original-Recipient then, or the address inside the value.
 */
function mailboxOf(r: RawRecipient): string {
  if (PLAIN_ADDRESS_RE.test(r.recipient) && !r.recipient.startsWith('@')) return r.recipient;
  if (r.originalRecipient && PLAIN_ADDRESS_RE.test(r.originalRecipient)) return r.originalRecipient;
  return addressesIn(r.recipient)[0] ?? r.recipient;
}

/** Strips the type ("dns;", "smtp;") from an MTA or diagnostic field. */
function typed(value: string): string {
  const m = /^\s*[A-Za-z0-9-]{1,20}\s*;\s*/.exec(value);
  return (m ? value.slice(m[0].length) : value).trim();
}

/** A real Diagnostic-Code is a reply of a few lines; longer is junk the classifier need not scan. */
const MAX_DIAGNOSTIC = 4000;

const STATUS_RE = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/;

export function parseStatus(value: string | undefined): string | undefined {
  const m = value ? STATUS_RE.exec(value) : null;
  return m ? `${m[1]}.${m[2]}.${m[3]}` : undefined;
}

/** One entry per address: blocks split oddly by a sender are put back together. */
function mergeSame(recipients: RawRecipient[]): RawRecipient[] {
  const byAddr = new Map<string, RawRecipient>();
  for (const r of recipients) {
    const key = r.recipient.toLowerCase();
    const seen = byAddr.get(key);
    if (!seen) byAddr.set(key, r);
    else for (const [k, v] of Object.entries(r)) (seen as unknown as Record<string, unknown>)[k] ??= v;
  }
  return [...byAddr.values()];
}

export function parseDeliveryStatus(text: string): DeliveryStatus {
  const out: DeliveryStatus = { reportingMta: null, arrivalDate: null, recipients: [] };
  let cur = null as RawRecipient | null;
  const begin = (): RawRecipient => {
    cur = { recipient: '' };
    out.recipients.push(cur);
    return cur;
  };
  for (const h of parseHeaders(text)) {
    const v = h.value;
    switch (h.name) {
      case 'reporting-mta':
        out.reportingMta ??= typed(v);
        break;
      case 'arrival-date':
        out.arrivalDate ??= v;
        break;
      case 'final-recipient': {
        const r: RawRecipient = cur && !cur.recipient ? cur : begin();
        r.recipient = fieldAddress(v);
        break;
      }
      case 'original-recipient': {
        const r: RawRecipient = cur && !cur.originalRecipient && !cur.status && !cur.diagnostic ? cur : begin();
        r.originalRecipient = fieldAddress(v);
        break;
      }
      case 'action':
        (cur && !cur.action ? cur : begin()).action = v.toLowerCase().split(/[\s(]/)[0];
        break;
      case 'status': {
        const r: RawRecipient = cur ?? begin();
        r.status = parseStatus(v);
        // "Status: 4.0.0 (host name lookup failure)": the comment is all some MTAs explain.
        const comment = /\(([^)]{3,300})\)/.exec(v)?.[1];
        if (comment) r.statusComment = comment;
        break;
      }
      case 'diagnostic-code': {
        const r: RawRecipient = cur ?? begin();
        r.diagnostic = (r.diagnostic ? `${r.diagnostic} ${typed(v)}` : typed(v)).slice(0, MAX_DIAGNOSTIC);
        r.diagnosticType ??= /^\s*([A-Za-z0-9-]{1,20})\s*;/.exec(v)?.[1].toLowerCase();
        break;
      }
      case 'remote-mta':
        (cur ?? begin()).remoteMta = typed(v);
        break;
      case 'last-attempt-date':
        (cur ?? begin()).lastAttemptDate = v;
        break;
      case 'will-retry-until':
        (cur ?? begin()).willRetryUntil = v;
        break;
    }
  }
  for (const r of out.recipients) r.recipient = r.recipient ? mailboxOf(r) : (r.originalRecipient ?? '');
  out.recipients = mergeSame(out.recipients.filter((r) => r.recipient.length > 0));
  return out;
}
