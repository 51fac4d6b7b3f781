/**
 * Bounces without a machine-readable report: recognise them by their headers (or, failing
 * that, by the notice's wording), then read the recipients from the notice text (text.ts).
 * Fallbacks when the text names nobody: X-Failed-Recipients (Exim), then the addresses the
 * subject names, then the To of the returned message.
 */
import { decodeWords, header, type Header, type Part } from './mime';
import { addressesIn, cleanAddress, collapseSpace, isDaemon, oneLine, scanNotice, splitNotice } from './text';
import { markGoogleGroups } from './vendors/google';
import { saysDelayed } from './wording';
import type { RawRecipient } from './types';

/**
 * Senders of delivery notices: the mailer-daemon and postmaster roles (RFC 5321 4.5.1, RFC 2142),
 * the names MTAs give them, and Exchange's system mailbox ("MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@").
 */
const SENDER_RE = /mailer-daemon|postmaster|mail delivery|mail-daemon|mmsc|delivery subsystem|mailerdaemon|administrator|microsoftexchange[0-9a-f]{8,}/i;
/**
 * Subjects of delivery notices, in English and localised: Exchange's NDR subject prefixes in its
 * language packs ("Unzustellbar:", "Non remis :", "Onbestelbaar:", "No se puede entregar:", "Non
 * recapitabile:", "配信不能:", "无法传递:"...) and Japanese ISPs' subjects (dream.jp, catv-yokohama.ne.jp
 * help pages; freeserve.ne.jp's "メールを受け取ることが出来ませんでした", fml8 Mail/Bounce/Language/Japanese.pm;
 * goo's "[goo mail] Rejecting your mail to x", fml8 Mail/Bounce/GOO.pm). No primary Microsoft list of the prefixes was found (docs/vocabulary/gateways-lang.md):
 * they are as observed in delivered NDRs, and only decide that a message is a bounce, never a reason.
 */
const SUBJECT_RE = new RegExp(
  [
    String.raw`undeliver|delivery (?:status|failure|failed|notification|problem)|returned mail|failure notice|mail delivery|could not be delivered|delivery has failed|not delivered|error sending|returned to sender|mail system error|permanent delivery|delivery failure|loop alert|warning: could not send|message delayed|delayed mail|mail failed|nondeliverable|rejecting your (?:mail|message)`,
    String.raw`non[- ]?remis|non distribu|unzustellbar|nicht zustellbar|onbestelbaar|no se puede entregar|no entregado|non recapitabil|impossibile recapitare|não (?:é possível )?entreg|não entregue|nedoručitel|niedostarczon|kézbesíthetetlen|olevererbar|ikke lever|недоставл|не доставлен`,
    String.raw`配信不能|配信エラー|送信エラー|配送エラー|宛先不明|(?:受け取る|受信する)ことが(?:出来|でき)ませんでした|無法傳遞|无法传递|退信|배달되지 않음`,
  ].join('|'),
  'i',
);
/**
 * A failure stated in the notice's own words, in the languages of the MTAs and list managers
 * whose notices are localised (Exchange, gromox data/local_bounce/*, Sympa's and Mailman's message
 * catalogues, Japanese carriers' and gateways' notices, localised Postfix bounce templates: "No ha sido
 * posible entregar tu mensaje", bounce(5) failure_template). The words between the message and its
 * refusal may name an address or a message-id ("Your message for list x@y has been rejected by the
 * moderator", "Message <id> for list 'x' has been rejected", Sympa mail_tt2/reject.tt2 and
 * message_report.tt2), whose dots end no sentence; "Delivery of this message has been blocked"
 * (Sympa's your_infected_msg.tt2); mlmmj's "only subscribers may post to the list" (listtexts/en/subonlypost).
 * A request or message refused, in the translations of GNU Mailman 2.1's
 * templates/<lang>/refuse.txt ("wurde vom Listenmoderator ... abgewiesen", "a été rejetée par le modérateur", "ha sido
 * rechazada por el moderador", "リスト司会者により拒否されました").
 */
const BODY_RE = new RegExp(
  [
    String.raw`could not be delivered|undeliverable|delivery (?:has )?failed|not be delivered|permanent(?:ly)? (?:error|fatal|failure)|unable to deliver|delivery to the following|was not delivered|did not reach|failed to deliver|couldn't be delivered|cannot be delivered`,
    String.raw`(?:message|mail|post(?:ing)?) (?:(?:[^.
]|\.(?=\S)){0,60} )?(?:has been |was |is )?(?:rejected|refused|bounced|blocked)|not (?:a )?(?:list )?member|not (?:allowed|authori[sz]ed|permitted) to (?:post|send)|only (?:subscribers|members) (?:may|can|are allowed to) (?:post|send)`,
    String.raw`n'a pas pu être (?:remis|distribu|délivr|transmis)|konnte nicht (?:zugestellt|ausgeliefert|übermittelt) werden|no (?:se )?(?:ha )?(?:podido|pudo|puede) (?:ser )?entreg|no (?:ha sido|fue|es) posible entregar|impossible de (?:remettre|délivrer|distribuer)|non (?:è stato possibile|ha potuto essere) (?:recapit|consegn)|impossibile recapitare|não (?:foi possível|pôde ser) entreg|не (?:может быть|удалось|было|был) доставлен`,
    String.raw`(?:配信|送信|配送)(?:でき|出来)ませんでした|送信に失敗|届きませんでした|無法(?:傳遞|投遞)|无法(?:投递|送达|传递)|投递失败|投遞失敗`,
    String.raw`\bwurde\b[^.]{0,80}?\b(?:abgewiesen|abgelehnt|zurückgewiesen)|a été (?:rejetée?|refusée?)|(?:ha sido|fue) (?:rechazad|denegad)[oa]|(?:è|e') stat[oa] (?:rifiutat|respint)[oa]|foi (?:rejeitad|recusad)[oa]|(?:拒否|却下)されました|被拒绝`,
  ].join('|'),
  'i',
);
/**
 * Senders that are list managers' robots (the list roles of RFC 2142 and RFC 2369: owner-, -owner,
 * -request; Mailman's -bounces, fml's -admin, ezmlm's -help; LISTSERV, Majordomo, Sympa, Mailman).
 * Their notices carry no bounce header, so their wording decides.
 */
const ROBOT_SENDER_RE = /(?:^|[\s<"])(?:owner-|listserv@|majordomo@|sympa@|mailman@)|-(?:owner|request|bounces?|admin|help)@/i;

export function looksLikeBounce(root: Part, notice: string): boolean {
  const h = root.headers;
  if (header(h, 'x-failed-recipients') !== undefined) return true;
  // A disposition notification (RFC 8098) is a read receipt unless its other signals make it a rejection (mdn.ts).
  const reportType = root.params['report-type']?.toLowerCase();
  if (reportType !== undefined && reportType !== 'disposition-notification') return true;
  const from = header(h, 'from') ?? '';
  if (SENDER_RE.test(from)) return true;
  if (SUBJECT_RE.test(decodeWords(header(h, 'subject') ?? ''))) return true;
  // Wording alone is weak evidence (people write "could not be delivered" too): only trust it
  // in a message sent with the null return path that RFC 5321 6.1 requires of bounces, by a
  // list manager's or gateway's robot, or marked auto-generated (RFC 3834 5.).
  const robot = isNullSender(h) || ROBOT_SENDER_RE.test(from) || isAutoGenerated(h);
  // Wrapped text and indented quotes break a sentence across lines: GNU Mailman's refuse.txt sets the refused
  // request on a line of its own between "Your request to the x mailing list" and "has been rejected".
  return robot && BODY_RE.test(collapseSpace(notice.slice(0, 4096)));
}

function isAutoGenerated(h: Header[]): boolean {
  return (header(h, 'auto-submitted') ?? '').trim().toLowerCase().startsWith('auto-generated');
}

function isNullSender(h: Header[]): boolean {
  const returnPath = header(h, 'return-path');
  return returnPath !== undefined && /^<\s*>$/.test(returnPath.trim());
}

/**
 * A warning that delivery is late, not a failure: the text-format equivalent of Action delayed
 * (Gmail "Delivery to the following recipient has been delayed", Sendmail "Warning: could not
 * send message for past 4 hours", Postfix "THIS IS A WARNING ONLY"; wording.ts).
 */
function isDelayWarning(root: Part, notice: string): boolean {
  // The warning is said at the top of every notice that gives one.
  return saysDelayed([decodeWords(header(root.headers, 'subject') ?? ''), notice.slice(0, 1024)]);
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

type NoticeReading = { recipients: RawRecipient[]; intro: string };

/** The last reading: the text reader and the notice evidence ask for the same one. */
let lastReading: { root: Part; notice: string; original: Header[]; reading: NoticeReading } | null = null;

/** noticeRecipients, with the introduction the notice has before its first recipient. */
export function readNotice(root: Part, notice: string, original: Header[] = []): NoticeReading {
  const last = lastReading;
  if (last && last.root === root && last.notice === notice && last.original === original) return copy(last.reading);
  const { lines } = splitNotice(notice);
  const found = scanNotice(lines, excluded(root, true, original));
  const reading = found.recipients.length ? found : scanNotice(lines, excluded(root, false, original));
  lastReading = { root, notice, original, reading };
  return copy(reading);
}

/** Callers change the recipients they get (action, hint): the kept reading must not see that. */
function copy(reading: NoticeReading): NoticeReading {
  return { recipients: reading.recipients.map((r) => ({ ...r })), intro: reading.intro };
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
  if (recipients.length === 0) recipients = fromAlias(notice);
  if (recipients.length === 0) recipients = fromSubject(root, notice, original ?? []);
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

/**
 * The address the sender wrote, where the notice names the failed mailbox only by a local name:
 * Mercury's "Your message has encountered delivery problems to local user x. (Originally addressed
 * to x@y)", Sendmail's "(expanded from: <x@y>)" under a local user (Sympa's catalogue of bounce
 * formats, Sympa/Spindle/ProcessBounce.pm). Only when no other address is named (text.ts reads
 * these phrases as an alias's role otherwise).
 */
const ALIAS_RE = /(?:originally (?:addressed|sent) to|expanded from):?\s*<?([^\s<>()"]{1,64}@[^\s<>()"]{1,253})/gi;

function fromAlias(notice: string): RawRecipient[] {
  const { lines } = splitNotice(notice);
  const text = lines.join('\n');
  const named = [...text.matchAll(ALIAS_RE)].map((m) => cleanAddress(m[1])).filter((a) => !isDaemon(a));
  if (named.length === 0) return [];
  const diagnostic = wholeNotice(notice);
  return [...new Set(named)].map((recipient) => ({ recipient, diagnostic }));
}

/**
 * The addresses the bounce's subject names, when the text names none: "Returned mail: Quota exceeded
 * for user x", "Returned mail: message not deliverable: <x>" (Sympa's catalogue of bounce formats,
 * Sympa/Spindle/ProcessBounce.pm), Domino's "DELIVERY FAILURE: User x (x@y) not listed". The
 * diagnostic is the notice, else the subject itself.
 */
function fromSubject(root: Part, notice: string, original: Header[]): RawRecipient[] {
  const subject = decodeWords(header(root.headers, 'subject') ?? '');
  const parties = excluded(root, true, original);
  const named = addressesIn(subject).filter((a) => !parties.has(a.toLowerCase()) && !isDaemon(a));
  if (named.length === 0) return [];
  const text = wholeNotice(notice) || subject;
  return [...new Set(named)].map((recipient) => ({ recipient, diagnostic: text }));
}

/**
 * Last resort: the returned message's To, with the whole notice as the diagnostic; only those of its
 * recipients whose display name the notice writes, where it names some and not others (Exchange
 * 5.5-2003 name a recipient the sender picked from an address book by display name alone: "'Joe
 * Bloggs' on 11/27/2026 8:00 AM", Microsoft's NDR samples of that era).
 */
function fromOriginal(notice: string, original: Header[] | null): RawRecipient[] {
  const toHeader = header(original ?? [], 'to') ?? '';
  // smtpfeed -F writes the envelope recipient twice: "To: (original recipient in envelope at x) <x>"
  // (fml8 Mail/Bounce/Smtpfeed.pm).
  const to = [...new Map(addressesIn(toHeader).map((a) => [a.toLowerCase(), a])).values()];
  if (to.length === 0) return [];
  const text = wholeNotice(notice);
  const named = to.length > 1 ? namedByDisplayName(text, toHeader) : [];
  return (named.length > 0 ? named : to).map((recipient) => ({ recipient, diagnostic: text }));
}

/** A display name and its address in an address header: `Joe Bloggs <joe@x>`, `"Bloggs, Joe" <joe@x>`. */
const NAMED_ADDRESS_RE = /(?:"([^"]{1,100})"|([^,<>"]{1,100}?))\s*<([^<>\s]{1,254}@[^<>\s]{1,254})>/g;
/** Shorter names ("Jo") are words of any sentence. */
const MIN_NAME = 4;

/** The addresses of `header` whose display name `text` writes. */
function namedByDisplayName(text: string, header: string): string[] {
  const lower = text.toLowerCase();
  const out: string[] = [];
  for (const m of header.matchAll(NAMED_ADDRESS_RE)) {
    const name = (m[1] ?? m[2] ?? '').trim().toLowerCase();
    if (name.length >= MIN_NAME && lower.includes(name)) out.push(cleanAddress(m[3]));
  }
  return out;
}
