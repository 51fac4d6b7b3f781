import type { ParsedReport, RecipientResult } from '../dsn';
import type { SentRecord, SentRecords } from '../returnpath';
import type { SignedPath } from './rcpt';

/** How the report reached us: the signed return paths it was addressed to, or an address we take reports at. */
export interface Envelope {
  signed: SignedPath[];
  /** Addressed to a configured bounce or feedback-loop address (no signature there). */
  listed: boolean;
}

/** Who sent the reported message (null: no record or signature says) and its campaign. */
export interface SentOrigin {
  sender: string | null;
  campaign: string | null;
}

export type Checked =
  | { ours: true; result: RecipientResult; recipient: string; messageId: string; origin: SentOrigin }
  | { ours: false; result: RecipientResult; why: string };

/**
 * Which recipients of a parsed report are believed: a recipient counts when the envelope carries a
 * valid VERP signature for exactly that recipient, or when the message the report names (its
 * original Message-ID) is recorded as sent to that recipient, from the sender a BATV signature of
 * the envelope names. A BATV signature alone binds only the sender, so it never suffices: anyone
 * who received one of our messages holds one. Auto-replies never count.
 */
export async function checkReport(report: ParsedReport, envelope: Envelope, records: SentRecords | null): Promise<Checked[]> {
  if (report.kind !== 'dsn' && report.kind !== 'arf') return [];
  if (envelope.signed.length === 0 && !envelope.listed) return report.recipients.map((result) => ({ ours: false, result, why: 'no signed return path' }));
  const record = records ? await records.find(report.original?.message_id) : null;
  return report.recipients.map((result) => checkRecipient(result, envelope, record));
}

function checkRecipient(result: RecipientResult, envelope: Envelope, record: SentRecord | null): Checked {
  const named = result.recipient.toLowerCase();
  const verp = envelope.signed.find((s) => s.kind === 'verp' && s.recipient.toLowerCase() === named);
  if (verp && verp.kind === 'verp') return { ours: true, result, recipient: verp.recipient, messageId: record?.messageId ?? `verp:${named}`, origin: originOf(record, envelope) };
  if (!record) return { ours: false, result, why: 'no record of the message it names' };
  const senders = envelope.signed.flatMap((s) => (s.kind === 'batv' ? [s.sender.toLowerCase()] : []));
  if (senders.length > 0 && !senders.includes(record.sender.toLowerCase())) return { ours: false, result, why: 'the message was sent by another sender' };
  // A complaint often hides the complainant: a message sent to one recipient names it anyway.
  const recipient = named === '' && result.feedbackType !== undefined && record.recipients.length === 1 ? record.recipients[0] : named;
  if (!record.recipients.includes(recipient)) return { ours: false, result, why: 'the message was not sent to this recipient' };
  return { ours: true, result, recipient, messageId: record.messageId, origin: originOf(record, envelope) };
}

/** The recorded message's sender, else the one a BATV signature of the envelope names. */
function originOf(record: SentRecord | null, envelope: Envelope): SentOrigin {
  const batv = envelope.signed.find((s) => s.kind === 'batv');
  const sender = record?.sender ?? (batv?.kind === 'batv' ? batv.sender : null);
  return { sender, campaign: record?.campaign ?? null };
}
