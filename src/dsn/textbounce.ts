/**
 * Bounces without a machine-readable report: recognise them by their headers (or, failing
 * that, by the notice's wording), then read the recipients from the notice text (text.ts).
 * Fallbacks when the text names nobody: X-Failed-Recipients (Exim), then the To of the
 * returned message.
 */
import { decodeWords, header, type Header, type Part } from './mime';
import { addressesIn, isDaemon, oneLine, scanNotice, splitNotice } from './text';
import { markGoogleGroups } from './vendors/google';
import type { RawRecipient } from './types';

const SENDER_RE = /mailer-daemon|postmaster|mail delivery|mail-daemon|mmsc|delivery subsystem|mailerdaemon|administrator/i;
const SUBJECT_RE =
  /undeliver|delivery (?:status|failure|failed|notification|problem)|returned mail|failure notice|mail delivery|could not be delivered|delivery has failed|not delivered|error sending|returned to sender|mail system error|permanent delivery|delivery failure|loop alert|non[- ]?remis|unzustellbar|warning: could not send|message delayed|delayed mail|mail failed|nondeliverable/i;
const BODY_RE =
  /could not be delivered|undeliverable|delivery (?:has )?failed|not be delivered|permanent(?:ly)? (?:error|fatal|failure)|unable to deliver|delivery to the following|was not delivered|did not reach|failed to deliver/i;

export function looksLikeBounce(root: Part, notice: string): boolean {
  const h = root.headers;
  if (header(h, 'x-failed-recipients') !== undefined) return true;
  if (root.params['report-type'] !== undefined) return true;
  if (SENDER_RE.test(header(h, 'from') ?? '')) return true;
  if (SUBJECT_RE.test(decodeWords(header(h, 'subject') ?? ''))) return true;
  // Wording alone is weak evidence (people write "could not be delivered" too): only trust it
  // in a message sent with the null return path that RFC 5321 6.1 requires of bounces.
  return isNullSender(h) && BODY_RE.test(notice.slice(0, 4096));
}

function isNullSender(h: Header[]): boolean {
  const returnPath = header(h, 'return-path');
  return returnPath !== undefined && /^<\s*>$/.test(returnPath.trim());
}

const DELAY_SUBJECT_RE = /\bdelay(?:ed)?\b|warning: could not send|still being retried/i;
const DELAY_BODY_RE = /has been delayed|warning (?:message )?only|will be retried for|delivery (?:is|has been) delayed|not yet been delivered/i;

/**
 * A warning that delivery is late, not a failure: the text-format equivalent of Action delayed
 * (Gmail "Delivery to the following recipient has been delayed", Sendmail "Warning: could not
 * send message for past 4 hours").
 */
function isDelayWarning(root: Part, notice: string): boolean {
  if (DELAY_SUBJECT_RE.test(decodeWords(header(root.headers, 'subject') ?? ''))) return true;
  return DELAY_BODY_RE.test(notice.slice(0, 4096));
}

/** Headers of the returned message that name its sender, who is never the failed recipient. */
const ORIGINAL_SENDER_HEADERS = ['from', 'sender', 'return-path', 'reply-to'];

/**
 * Addresses that are the bounce's own parties, never the failed recipient; with `withTo`, also the
 * bounce's To and the returned message's sender (a VERP return path makes the bounce's To differ
 * from the From the notice quotes).
 */
function excluded(root: Part, withTo: boolean, original: Header[]): Set<string> {
  const set = new Set<string>();
  for (const name of withTo ? ['from', 'to', 'reply-to', 'sender'] : ['from', 'sender']) {
    for (const a of addressesIn(header(root.headers, name) ?? '')) set.add(a.toLowerCase());
  }
  if (!withTo) return set;
  for (const name of ORIGINAL_SENDER_HEADERS) {
    for (const a of addressesIn(header(original, name) ?? '')) set.add(a.toLowerCase());
  }
  return set;
}

/**
 * Recipients and their text as the notice states them. The bounce's To is the sender and is
 * skipped, unless nobody else is named (a message sent to oneself, or an anonymised corpus).
 */
export function noticeRecipients(root: Part, notice: string, original: Header[] = []): RawRecipient[] {
  return readNotice(root, notice, original).recipients;
}

/** noticeRecipients, with the introduction the notice has before its first recipient. */
export function readNotice(root: Part, notice: string, original: Header[] = []): { recipients: RawRecipient[]; intro: string } {
  const { lines } = splitNotice(notice);
  const found = scanNotice(lines, excluded(root, true, original));
  return found.recipients.length ? found : scanNotice(lines, excluded(root, false, original));
}

export function readTextBounce(
  root: Part,
  notice: string,
  original: Header[] | null,
): RawRecipient[] {
  let recipients = noticeRecipients(root, notice, original ?? []);
  const failed = addressesIn(header(root.headers, 'x-failed-recipients') ?? '').filter((a) => !isDaemon(a));
  if (failed.length) {
    // Exim names the recipient in the header but may hide it in the text ("save to xxxx").
    const byAddr = new Map(recipients.map((r) => [r.recipient.toLowerCase(), r]));
    const whole = wholeNotice(notice);
    recipients = failed.map((a) => byAddr.get(a.toLowerCase()) ?? { recipient: a, diagnostic: recipients[0]?.diagnostic ?? whole });
  }
  if (recipients.length === 0) recipients = fromOriginal(notice, original);
  if (isDelayWarning(root, notice)) for (const r of recipients) r.action ??= 'delayed';
  markGoogleGroups(root, recipients);
  return recipients;
}

/**
 * The notice's explanation when it names no address: what follows the line announcing the
 * failed addresses ("The following address(es) failed:"), else the whole notice.
 */
function wholeNotice(notice: string): string {
  const { lines } = splitNotice(notice);
  let intro = -1;
  lines.forEach((l, i) => {
    if (/(?:fail|following|address)[^:]{0,40}:\s*$/i.test(l)) intro = i;
  });
  return oneLine(intro >= 0 && intro < lines.length - 1 ? lines.slice(intro + 1) : lines) || oneLine(lines);
}

/** Last resort: the returned message's To, with the whole notice as the diagnostic. */
function fromOriginal(notice: string, original: Header[] | null): RawRecipient[] {
  const to = addressesIn(header(original ?? [], 'to') ?? '');
  if (to.length === 0) return [];
  const text = wholeNotice(notice);
  return to.map((recipient) => ({ recipient, diagnostic: text }));
}
