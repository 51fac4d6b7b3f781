/**
 * Reading recipients out of the human-readable text of a bounce. Most MTAs that do not send
 * RFC 3464 reports still follow one shape: an introduction, then for each failed address the
 * address on a line followed (or preceded, on the same line) by the reason, then a copy of the
 * original message after a separator line. This module finds that shape without knowing the
 * MTA; the vendor readers only fix what this generic reading gets wrong.
 */
import { literalScreen } from '../classify/literals';
import { findStage } from '../classify/stage';
import type { Stage } from '../classify/types';
import type { RawRecipient } from './types';

/** Long enough for any real notice; keeps hostile input cheap. */
export const MAX_NOTICE = 64 * 1024;
const MAX_LINE = 2000;
const MAX_DIAGNOSTIC = 1500;

/**
 * No nested quantifiers: each class is scanned once, so the match is linear in the line. The local
 * part is the ASCII of RFC 5322's dot-atom: notices in Japanese, Chinese or Korean write the address
 * inside their own punctuation with no space ("アドレス「user@example.jp」は", fml8's catalogue of
 * Japanese notices, Mail/Bounce/Language/Japanese.pm; "送信先：user@example.jp"), which a class of
 * "anything but ASCII separators" took into the address.
 */
const ADDRESS_RE = /[A-Za-z0-9.!#$%&*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9][A-Za-z0-9.-]{0,252}/g;

/** Lines that announce the returned copy of the original message: the notice ends there. */
const CUT_RES = [
  /copy of (?:the |your )?(?:original )?(?:message|mail)\b/i,
  /original (?:message|mail) (?:follows|as follows|headers)/i,
  /^[\s\-=|*_]*original message\b/i,
  /unsent message follows/i,
  /header(?:s)? of (?:the |your )?original message/i,
  /^[\s\-=|*_]*message headers follow/i,
  /^[\s\-=|*_]*message text follows/i,
  /^[\s\-=|*_]*returned message\b/i,
  // "Here is your list of failed recipients: ... Here is your returned mail." (fml8 Mail/Bounce/SimpleMatch.pm).
  /^[\s\-=|*_]*here is your returned (?:mail|message)/i,
  // A summary of the returned message: its To lists every recipient, failed or not (gromox
  // data/local_bounce/*: "Below is the original mail information:"; Office 365 "Original Message Details").
  /^[\s\-=|*_]*(?:below is the |here is the )?original (?:mail|message|e-?mail) (?:info(?:rmation)?|details|summary)\b/i,
  // The same summary in gromox's Chinese and Japanese templates ("以下是您所发送邮件的一些基本信息：",
  // "以下是您所發送郵件的一些基本信息：", "送信情報は下記となります：", data/local_bounce/{gb2312,big5,euc-jp}/*).
  /^\s*以下是[^。：:]{0,10}(?:邮件|郵件)[^。：:]{0,10}(?:信息|資訊|訊息)|^\s*送信情報は(?:下記|以下)/,
  // The headers of the original message under a heading in the NDR's language (Exchange's "Original message
  // headers:" localized with the rest of the notice, learn.microsoft.com NDR pages): a heading, alone on its line.
  /^[\s\-=|*_]*(?:en-têtes du message (?:d'origine|original)|(?:ursprüngliche )?nachrichtenkopfzeilen|kopfzeilen der ursprünglichen nachricht|encabezados del mensaje original|cabeçalhos da mensagem original|intestazioni del messaggio originale|元のメッセージ ?ヘッダー|原始邮件头|原始郵件頭|заголовки исходного сообщения)\s*[:：]?\s*$/i,
];

/** The literals every match of CUT_RES holds, tried first: a line holds none as a rule, and one test costs less than the twelve. */
const CUT_WORD_RE = literalScreen(CUT_RES);

/**
 * A summary of the returned message under a heading alone on its line, without "original" (Verizon's "Message
 * details:" over "  Subject:", "  MAIL FROM:", "  RCPT TO:" lines, Sisimai lib/Sisimai/Lhost/Verizon.pm): its
 * fields are no recipient's text, and the returned message's headers where nothing else is returned (original.ts).
 * It ends at a blank line, not the notice: a cause or the failed recipients may follow it. Its "RCPT TO:" names
 * the envelope recipient, the failed one, and stays in the notice.
 */
const SUMMARY_HEADING_RE = /^[\s\-=|*_]*(?:mail|message|e-?mail) (?:details|summary)\s*:?\s*$/i;

/** Headers that begin the returned copy when an MTA pastes it without a separator line. */
const EMBEDDED_HEADER_RE = /^(?:Received|Return-Path|DKIM-Signature|ARC-Seal|X-Received|Delivered-To):/i;

function isCut(line: string, prevBlank: boolean): boolean {
  if (line.length > 120) return false;
  if (prevBlank && EMBEDDED_HEADER_RE.test(line)) return true;
  if (CUT_WORD_RE !== null && !CUT_WORD_RE.test(line)) return false;
  for (const re of CUT_RES) if (re.test(line)) return true;
  return false;
}

export interface Notice {
  /** Lines of the notice, up to the returned original message. */
  lines: string[];
  /** The text after the cut (the pasted original message), or '' when there was no cut. */
  rest: string;
}

let cached: { text: string; notice: Notice } | null = null;

/** Splits a notice once: the readers all ask for the same text, so the last split is kept. */
export function splitNotice(text: string): Notice {
  if (cached?.text !== text) cached = { text, notice: split(text) };
  return cached.notice;
}

function split(text: string): Notice {
  const lines = (text.length > MAX_NOTICE ? text.slice(0, MAX_NOTICE) : text).split('\n');
  const out: string[] = [];
  const summary: string[] = [];
  let inSummary = false;
  let prevBlank = true;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.length > MAX_LINE) line = line.slice(0, MAX_LINE);
    if (inSummary && line.trim() !== '') {
      summary.push(line);
      if (RCPT_LABEL_RE.test(line)) out.push(line);
      continue;
    }
    inSummary = line.length <= 120 && SUMMARY_HEADING_RE.test(line);
    if (inSummary) continue;
    if (isCut(line, prevBlank)) {
      const embedded = EMBEDDED_HEADER_RE.test(line);
      return { lines: out, rest: lines.slice(embedded ? i : i + 1).join('\n') };
    }
    out.push(line);
    prevBlank = line.trim() === '';
  }
  return { lines: out, rest: summary.join('\n') };
}

export function cleanAddress(addr: string): string {
  return addr.replace(/[.\-]+$/, '').replace(/^(?:mailto|rfc822|smtp):/i, '');
}

export function addressesIn(line: string): string[] {
  const out: string[] = [];
  if (!line.includes('@')) return out;
  for (const m of line.matchAll(ADDRESS_RE)) out.push(cleanAddress(m[0]));
  return out;
}

/**
 * Every run of whitespace but a lone space, which stays as it is: replacing these by one space gives the text
 * that replacing every run does, with a replacement per line break instead of one per word.
 */
const SPACE_RUN_RE = /\s\s+|[^\S ]/g;

/** Each run of whitespace as one space. */
export function collapseSpace(text: string): string {
  return text.replace(SPACE_RUN_RE, ' ');
}

/** Longest notice text searched for a stage (findStage's own cap). */
const MAX_STAGE_SCAN = 16 * 1024;

/**
 * The SMTP stage a notice states, with its line breaks folded first: notices wrap their text, so
 * Postfix's "(in reply to RCPT TO command)" often reads "(in reply to" + newline + "RCPT TO command)".
 */
export function stageIn(text: string): Stage | undefined {
  return findStage(collapseSpace(text.slice(0, MAX_STAGE_SCAN)));
}

/**
 * Where a clause or a sentence ends: at its punctuation, or where its paragraph does (a blank line, written
 * as PARAGRAPH by paragraphs()). Notices put the remote reply in a paragraph of its own with no full stop,
 * between their own sentences (MailMarshal's "Could not be delivered because of\n\n<reply>\n\nThe following
 * recipients were affected:", Sisimai lib/Sisimai/Lhost/MailMarshalSMTP.pm): the reply is no part of them.
 */
const PARAGRAPH = '\n\n';
const CLAUSE_END_RE = /(?<=[.,;:!])\s+|\n\n/;
const SENTENCE_END_RE = /(?<=[.!?])\s+|(?<=。)\s*|\n\n/;
const DECORATION_RE = /^[\s\-=*_#|.>]*$/;

/** Lines as one text, its paragraphs (ended by a blank or decoration line) kept apart for CLAUSE_END_RE; oneLine() joins them. */
function paragraphs(lines: string[]): string {
  return lines.map((l) => (DECORATION_RE.test(l) ? PARAGRAPH : l)).join(' ');
}

/** Whitespace collapsed, decoration dropped, capped. */
export function oneLine(parts: string[]): string {
  const text = collapseSpace(parts.filter((p) => !DECORATION_RE.test(p)).join(' ')).trim();
  return text.length > MAX_DIAGNOSTIC ? text.slice(0, MAX_DIAGNOSTIC) : text;
}

/** RFC 3464 fields pasted into the text part: read by rfc3464.ts, not diagnostics. */
const DSN_FIELD_RE = /^\s*(?:Original-Recipient|Final-Recipient|Action|Status|Remote-MTA|Diagnostic-Code|Reporting-MTA|Arrival-Date|Last-Attempt-Date|Will-Retry-Until|Received-From-MTA):/i;

/** Requests to write to someone, in the languages of masqmail's and Mailman's templates (both role readers below). */
const WRITE_TO_ROLE = String.raw`(?:schreiben sie|richten sie(?: bitte)?|[ée]crivez|scrivi|scrivete|scriva|escriba|escribe|escreva)\s+(?:(?:an|a|al|para)\b|à)|adress[ée]e?s? à l'administrat|(?:dirigir|dirigirse) al administrador`;
/** "Send/forward this message to x": the address to write to (both role readers below); "not allowed to send e-mail to" is a refusal, no request. */
const SEND_TO_ROLE = String.raw`(?:send|forward)(?<!\bnot (?:allowed|permitted|authori[sz]ed) to (?:send|forward)) (?:an? |this |the |your )?(?:e-?mail|mail|message) to`;

/**
 * Lines that name an address in another role than a failed recipient, so that it opens no block:
 * the sender, as a header-like label (the pasted summaries of Apache James, Exchange and many
 * gateways: "MAIL FROM: x", "From: x", in the common languages); the alias a failed address was
 * expanded from (Sendmail's "(expanded from: <x>)" line after the address, savemail.c; Postfix's
 * "(expanded from <x>)", bounce_notify_util.c; Mercury's "(Originally addressed to x)"); and the
 * address to write to for help (Sympa's "For further information, please contact listmaster@...",
 * mail_tt2/delivery_status_notification.tt2; Mailman's "contact the mailing list owner at x-owner@...";
 * Netscape Messaging Server's closing "Please reply to <postmaster@...>", fml8 Mail/Bounce/SimpleMatch.pm;
 * DTI's Japanese form "Postmaster@...まで返信をお願いします", dream.jp techinfo mail/error/error05; the same
 * request in the languages of localised Postfix bounce templates, "Para más información, envíe un
 * mensaje al administrador: x", bounce(5) failure_template).
 * masqmail's "If you need help, write to <postmaster@...>" and its translations ("schreiben Sie an", "écrivez à",
 * "scrivi a", tpl/failmsg.tpl.*, warnmsg.tpl.*) name the postmaster to write to.
 * Only as a request for help, or to the administrator: a failed recipient is named after "write to" in "could not
 * write to the mailbox of x", after "adressé à l'" in "le message adressé à l'utilisateur x".
 * ezmlm-idx's "please forward this message to list-owner@... to get your new address included"
 * (ezmlmrc, the subscribers-only refusal) names the owner to write to, not a failed recipient.
 * A message's identifier under a label of its own is no recipient ("Orginal Message ID: <x>", "Message
 * Token: x@y", Postal app/models/bounce_message.rb).
 * The forwarding address of a moved user is the address to try instead, no failed recipient: RFC 5321
 * 3.4's 551 "User not local; please try <forward-path>", Sendmail cf/feature/redirect.m4:23 ("551 User has
 * moved; please try <x>"), Postfix trivial-rewrite/resolve.c:727 and relocated(5) ("5.1.6 User has moved to x").
 * A message-id written after the word "message" ("Message <id> for list 'x' has been rejected",
 * Sympa mail_tt2/message_report.tt2) is no recipient either, nor the moderator who refused the post
 * ("Your message for list x@y\nhas been rejected by the moderator (z@y).", Sympa mail_tt2/reject.tt2).
 * An address the phrase names is in that role; one before the phrase is not (see candidates). A
 * list the sender was writing to is no such role: gromox's "You have not enough privilege to send
 * mail to mail list x" names the failed recipient (data/mlist_bounce/ascii/*).
 */
const OTHER_ROLE_RE = new RegExp(
  String.raw`^[\s>]*(?:mail from|from|sender|return-path|reply-to|envelope-from|(?:[a-z]+ )?(?:message|msg)[- ]?(?:id|token)|references|in-reply-to|von|de|da|absender|exp[ée]diteur|remitente|mittente|remetente|от|差出人|送信者|送信元|发件人|寄件者)\s*[:：]|\bmessage\s*<(?=[^\s<>@]+@[^\s<>]+>)|\b(?:rejected|refused|declined) by the (?:list )?(?:moderator|editor|owner)s?\b|expanded from|originally (?:addressed|sent) to|\bplease try\b|\bhas moved to\b|\bcontact\b|please reply to|\bwrite to\b(?<=\b(?:help|please|questions?|assistance)\b[^.]{0,20}write to)|${WRITE_TO_ROLE}|${SEND_TO_ROLE}(?! (?:the )?mail(?:ing)? ?list\b)|should be (?:directed|sent|addressed) to|contact(?:ez|ar|e)?\b|contattare|kontaktieren|wenden sie sich an|entre em contato|(?:envíe|envie|envoyez|inviare|inviate|senden sie)\b[^:]{0,40}\b(?:a|à|an|para|al)\b`,
  'i',
);
/**
 * Lines after a role phrase that named no address of its own, where the address it introduces may
 * still come: GNU Mailman's "Any questions or comments should be directed to the list administrator\n
 * at:\n\n    list-owner@..." (Mailman 2.1 templates/en/refuse.txt, Mailman 3 list:user:notice:refuse).
 * Blank lines do not count; only a phrase whose sentence runs on (no full stop) reaches, and only
 * lines that hold nothing but addresses and the punctuation around them (masqmail's Italian "scrivi a:\n(If
 * you need help, write to:)\n  <postmaster@...>.", tpl/warnmsg.tpl.it); or, where the phrase ends its line, the address that opens
 * the next line (a notice that wraps "forward this message to\n    list-owner@... to get your new
 * address included", Postfix quoting ezmlm's refusal).
 */
const ROLE_REACH = 3;

/** The request phrases that announce an address on the lines below (a subset of OTHER_ROLE_RE's). */
/**
 * fml's "please send mail with the mail body\n\n\tguide\n\nto the address\n\n\tx-ctl@..." under its refusal of a
 * non-member (Sisimai lib/Sisimai/Lhost/FML.pm) asks for mail to its command address, the "to" lines below:
 * mail with a body of its own, not the message sent again ("please send the message\nagain to the recipients below").
 */
const RUN_ON_ROLE_RE = new RegExp(String.raw`contact|directed to|reply to|write to|please send (?:an? |the )?(?:e-?mail|mail|message) with\b|${WRITE_TO_ROLE}|${SEND_TO_ROLE}`, 'i');
/** A request phrase at the very end of its line: its address opens the next. */
const ROLE_AT_END_RE = new RegExp(`(?:${RUN_ON_ROLE_RE.source})(?:\\s+at)?\\s*:?\\s*$`, 'i');

/** ROLE_AT_END_RE, tried only on lines whose last character can end such a phrase ("to", "at", "contact", ":"). */
function endsInRole(line: string): boolean {
  const last = lastCharCode(line) | 0x20;
  return (last === 0x6f || last === 0x74 || last === 0x3a) && ROLE_AT_END_RE.test(line);
}

/** The last character that is not white space, as a code (0 for a blank line): read on every line, so no copy. */
function lastCharCode(line: string): number {
  let end = line.length;
  while (end > 0 && line.charCodeAt(end - 1) <= 32) end -= 1;
  return end > 0 ? line.charCodeAt(end - 1) : 0;
}

function opensWith(line: string, addr: string): boolean {
  return line.replace(/^[\s<"]+/, '').startsWith(addr);
}

/**
 * A Japanese request that points at the lines below whatever ends its sentence: "以下のリスト管理者宛にお願いします。"
 * (to the list administrator below, GNU Mailman 2.1 templates/ja/refuse.txt). Not "以下の宛先" (the recipients below).
 */
const FORWARD_ROLE_RE = /以下の[^。]{0,20}宛(?:に|て)/;

function runsOnToRole(line: string): boolean {
  // A reply's own words ("550 mailbox suspended--please contact correspondent directly") point at no address below.
  if (line.length >= 200) return false;
  return (FORWARD_ROLE_RE.test(line) || (!/[.!?。]\s*$/.test(line) && RUN_ON_ROLE_RE.test(line))) && !REPLY_CODE_RE.test(line);
}

function bareAddresses(line: string, found: string[]): boolean {
  return found.length > 0 && stripAddress(line, found).replace(/[\s,;:.()]/g, '').length === 0;
}

/** The same roles in languages that put the phrase after the address ("x@yまで返信", "x@yにお問い合わせ"). */
const OTHER_ROLE_AFTER_RE = /まで(?:ご)?(?:返信|連絡)|(?:に|へ)(?:ご)?(?:連絡|お問い?合わせ)/;

/**
 * The addresses of a line that can be a failed recipient: not those a role phrase names. On
 * "<rcpt@x>: 550 rejected, contact abuse@y" the recipient comes before the phrase and stays.
 */
function candidates(line: string, found: string[]): string[] {
  if (found.length === 0) return found;
  const before = OTHER_ROLE_RE.exec(line);
  const after = OTHER_ROLE_AFTER_RE.exec(line);
  if (!before && !after) return found;
  return found.filter((a) => {
    const at = line.indexOf(a);
    return (!before || at < before.index) && (!after || at > after.index);
  });
}

/**
 * The line that announces the list of failed addresses. A `To:` line above it belongs to the
 * notice's summary of the returned message ("Your message\n  To: x\n  Subject: ...\ndid not reach
 * the following recipient(s):", Exchange 2000/2003; Domino's "was not delivered to:"), not to the list.
 * Wordings: Exim deliver.c ("The following address(es) failed:"), qmail-send.c ("to the following
 * addresses"), Sendmail savemail.c ("The following addresses had permanent fatal errors"),
 * Exchange ("Delivery has failed to these recipients"), hMailServer ("The following recipient(s)
 * could not be reached:"), GroupWise, PMDF and Mercury (Sympa's catalogue of bounce formats,
 * Sympa/Spindle/ProcessBounce.pm), m-FILTER and other Japanese notices ("以下のメールアドレスへの
 * 送信に失敗しました"), and the same in French, German, Spanish, Italian, Portuguese and Chinese
 * (Exchange's localised "Échec de la remise pour ces destinataires ou groupes", docs/vocabulary).
 */
const ANNOUNCEMENT_RE = new RegExp(
  [
    String.raw`\b(?:following|these|below)\s+(?:e-?mail\s+)?(?:recipients?|recipient\(s\)|address(?:es|\(es\))?|destinations?|users?)\b`,
    String.raw`\b(?:not|n't|unable to)\s+(?:be\s+)?(?:delivered|deliver|reach(?:ed)?)\s+to\s*:\s*$`,
    String.raw`destinataires? suivants?|adresses? suivantes?|folgenden? (?:Empfänger|Adressen?)|siguientes? (?:destinatarios?|direcciones?)|seguenti (?:destinatari|indirizzi)|seguintes? (?:destinatários?|endereços?)`,
    String.raw`\bces destinataires|\bdiesen? Empfänger|\bestos destinatarios|\bquesti destinatari|\bestes destinatários`,
    String.raw`(?:以下|下記|次)の(?:メール)?(?:アドレス|宛先|受信者)|(?:以下|下列)(?:收件人|地址|邮件地址)`,
  ].join('|'),
  'i',
);

/**
 * Text without the clauses that announce the failed list: "Unable to deliver message to the
 * following address(es)." says that delivery failed, not why, and its address nouns must not read
 * as "address unknown". Clauses, not sentences: "Your mailbox is full, so your mail could not be
 * delivered to:" keeps its cause. A clause with a reply code is the server's, whatever its words ("5.1.1 the
 * following address is not a known mailing list", mlmmj), as a sentence is in withoutSentences.
 */
export function withoutAnnouncement(text: string): string {
  if (!ANNOUNCEMENT_RE.test(text)) return text;
  return text
    .split(CLAUSE_END_RE)
    .filter((clause) => !ANNOUNCEMENT_RE.test(clause) || REPLY_CODE_RE.test(clause))
    .join(' ');
}

/**
 * A line that names the envelope recipient as such ("Rcpt To: x"): that address is the failed one even
 * where it is also the bounce's own sender, as in Postal's bounce, sent from the address of the route
 * that could not take the message (postalserver/postal app/models/bounce_message.rb).
 */
const RCPT_LABEL_RE = /^[\s>]*rcpt to\s*:/i;

/**
 * Sentences that guess at what usually goes wrong instead of saying what went wrong here: maddy's "The usual
 * cause of this problem is invalid recipient address or maintenance at the recipient side" (internal/dsn/dsn.go,
 * failedText), written for every failure whatever its error; Courier's "Some possible reasons for this delay"
 * (module.dsn/dsndelayed.txt); DoList's "refused for one of the following reasons" (template/common-en/
 * notposted.txt). Their words name no cause of this failure.
 */
const GUESS_RE = /\b(?:usual|common|possible|probable|likely|typical) (?:causes?|reasons?)\b|\bone of the following reasons\b/i;

/** Up to 80 characters of one sentence: a dot inside a word (an address, a host) ends none. */
const ANY = String.raw`(?:[^.]|\.(?=\S)){0,80}`;

/**
 * Exchange's "A problem occurred while delivering this message to this email address" in its localized NDRs
 * (the user section in the organisation's language, learn.microsoft.com NDR pages) and Gmail's "There was a
 * (temporary) problem delivering your message to x" and "Gmail will retry for 46 more hours" in the sender's
 * language (support.google.com answer 6596): a problem, occurred, while delivering; will retry for N hours; in
 * French, German, Spanish, Portuguese, Italian, Japanese, Chinese and Russian. Their "Gmail" names no provider.
 */
const LOCALIZED_COURSE = [
  String.raw`problème (?:temporaire )?(?:s'est produit|est survenu) lors de la (?:remise|distribution)|beim zustellen ${ANY}ist ein (?:vorübergehendes )?problem aufgetreten`,
  String.raw`se (?:ha producido|produjo) un problema (?:temporal )?al entregar|ocorreu um problema (?:temporário )?ao entregar|si è verificato un problema (?:temporaneo )?durante il recapito`,
  String.raw`配信(?:する(?:とき|際)に|中に)(?:一時的な)?問題が発生しました|(?:传递|傳遞)[^。]{0,40}时出现(?:临时)?问题|при доставке ${ANY}возникла (?:временная )?проблема`,
  String.raw`r(?:é|e)essaiera pendant|versucht es noch \d|volverá a intentarlo durante|tentará novamente por|riproverà per|時間再試行|小时内重试|повторять попытки ещё \d`,
].join('|');

/**
 * Sentences that say only that delivering failed or will be retried, for every failure whatever its error:
 * Gmail's "There was a (temporary) problem delivering your message to x" and "Gmail will retry for 46 more
 * hours", Exchange's "A problem occurred while delivering this message to this email address", OpenSMTPD's
 * "An error has occurred while attempting to deliver a message" and "this is only a temporary failure report"
 * (smtpd/bounce.c), InterScan MSS's "Unable to deliver message to <x>." under the session that says why (Sisimai
 * lib/Sisimai/Lhost/InterScanMSS.pm). Their "temporary problem" is no system error, their "Gmail" no provider of the reply.
 */
const COURSE_RE = new RegExp(String.raw`\b(?:problem|error|failure)s? (?:has |have )?(?:occurred )?(?:while |when |in )?(?:delivering|attempting to deliver|trying to deliver) (?:your|this|the|a) (?:message|mail|e-?mail)\b|\bonly a temporary failure report\b|\bwill retry for\b|\bunable to deliver (?:the |this |your )?(?:message|mail) to\s*(?:\.|$)|${LOCALIZED_COURSE}`, 'i');

/**
 * A course sentence may state the cause in a clause of its own, before it as Japanese does ("メールボックスが一杯のため、
 * 配信中に問題が発生しました。") or after it ("ist ein Problem aufgetreten: Postfach voll."): only its clause goes.
 */
const COURSE_END_RE = /(?<=[.!?,;:])\s+|(?<=[。、；：])\s*|\n\n/;

function withoutSentences(text: string, re: RegExp, ends = SENTENCE_END_RE): string {
  if (!re.test(text)) return text;
  return text
    .split(ends)
    .filter((sentence) => !re.test(sentence) || REPLY_CODE_RE.test(sentence))
    .join(' ');
}

/** Text without its sentences that guess at causes (GUESS_RE) or say only that delivery failed (COURSE_RE). */
export function withoutGuesses(text: string): string {
  return withoutSentences(withoutSentences(text, GUESS_RE), COURSE_RE, COURSE_END_RE);
}

/** The recipient labels of a summary of the returned message, in the common languages. */
const SUMMARY_TO_RE = /^\s*(?:to|cc|an|à|a|para|宛先|收件人|收件者)\s*[:：]/i;

/** Index of the first announcement line, or -1. */
function announcement(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) if (lines[i].length <= 300 && ANNOUNCEMENT_RE.test(lines[i])) return i;
  return -1;
}

interface Block {
  addr: string;
  key: string;
  lines: string[];
  raw: string[];
  /** The last line of the block that has text of its own, as written (its indentation counts). */
  last?: string;
  /** A blank line came after that line. */
  gap?: boolean;
  /** What the heading of the block's section says of it (see sectionOf). */
  action?: 'delayed' | 'failed';
}

/**
 * Headings that split one notice's recipients into those still being retried and those given up:
 * kopano-spooler's "Recipients that will be retried:" and "Recipients that failed permanently:"
 * (spooler/mailer.cpp SendUndeliverable); Sendmail's "----- The following addresses had transient
 * non-fatal errors -----" beside "... had permanent fatal errors -----" (savemail.c).
 */
const RETRIED_SECTION_RE = /will be retried|transient non-fatal|still being retried/i;
const FAILED_SECTION_RE = /failed permanently|permanent fatal|permanent(?:ly)? (?:failed|failure|error)/i;
const MAX_HEADING = 120;

function sectionOf(line: string): Block['action'] | undefined {
  if (line.length > MAX_HEADING) return undefined;
  const last = lastCharCode(line);
  if (last !== 0x3a && last !== 0x2d) return undefined;
  if (RETRIED_SECTION_RE.test(line)) return 'delayed';
  return FAILED_SECTION_RE.test(line) ? 'failed' : undefined;
}

/**
 * Finds the failed recipients in notice lines: each new address (not in `exclude`) opens a
 * block, and the text up to the next new address is its diagnostic. A recipient with no text of
 * its own gets the introduction, where formats like "Your mail to X could not be delivered because
 * the mailbox is full" put the reason.
 */
export function scanRecipients(lines: string[], exclude: Set<string>): RawRecipient[] {
  return scanNotice(lines, exclude).recipients;
}

/** The recipients of scanRecipients and the introduction before the first of them. */
export function scanNotice(lines: string[], exclude: Set<string>): { recipients: RawRecipient[]; intro: string } {
  const listed = announcement(lines);
  const found = listed >= 0 ? scan(lines, exclude, listed) : null;
  return found && found.recipients.length > 0 ? found : scan(lines, exclude, -1);
}

/** scanNotice, with no block opened by a summary's `To:` line at or above line `after`. */
function scan(lines: string[], exclude: Set<string>, after: number): { recipients: RawRecipient[]; intro: string } {
  const blocks = new Map<string, Block>();
  const intro: string[] = [];
  let cur = null as Block | null;
  let roleAbove = 0;
  let roleEnded = false;
  let section: Block['action'];
  let closed = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (DSN_FIELD_RE.test(line)) continue;
    const summary = i <= after && SUMMARY_TO_RE.test(line);
    const rcpt = RCPT_LABEL_RE.test(line);
    const found = summary ? [] : addressesIn(line).filter((a) => (rcpt || !exclude.has(a.toLowerCase())) && !isDaemon(a));
    const heading = found.length === 0 ? sectionOf(line) : undefined;
    if (heading && blocks.size > 0) {
      // The heading opens the next section: it is no part of the block above.
      section = heading;
      continue;
    }
    section ??= heading;
    const open = roleAbove > 0 && bareAddresses(line, found) ? [] : candidates(line, found).filter((a) => !(roleEnded && opensWith(line, a)));
    if (found.length === 0 && runsOnToRole(line)) roleAbove = ROLE_REACH;
    else if (line.trim() !== '') roleAbove = Math.max(0, roleAbove - 1);
    if (line.trim() !== '') roleEnded = found.length === 0 && endsInRole(line);
    const addr = open.find((a) => line.includes(`<${a}>`)) ?? open[0];
    if (addr !== undefined && addr.toLowerCase() !== cur?.key) {
      cur = blockFor(blocks, addr, section);
      closed = false;
    }
    if (cur && addr !== undefined) {
      // The address starts its text again: what is above it no longer sets where that text ends.
      cur.last = undefined;
      cur.gap = false;
    } else if (cur && addr === undefined && endsBlock(cur, line)) {
      // The notice's own closing words, not this recipient's text: nothing more is read until another address.
      if (underlines(line, lines[i - 1], cur)) cur.lines.pop();
      cur = null;
      closed = true;
    }
    if (!cur) {
      if (!closed) intro.push(line);
      continue;
    }
    cur.raw.push(line);
    // Only the recipients' addresses go: one a role phrase names ("contact x@y") is the server's text, and may name its provider.
    const text = unwrapExchange(stripAddress(withoutLogPrefix(line), open));
    const own = saysNoCause(line) ? '' : ownText(cur, open, text);
    cur.lines.push(own);
    // A label or field the block does not keep ("RCPT TO: x") is no text whose indentation sets where the block ends.
    if (line.trim() === '') cur.gap = cur.last !== undefined;
    else if (HAS_TEXT_RE.test(own)) {
      cur.last = line;
      cur.gap = false;
    }
  }
  const introText = oneLine(intro);
  const texts = sharedTexts([...blocks.values()]);
  // Read only for a recipient with no text of its own.
  let cause: string | undefined;
  const recipients = [...blocks.values()].map((b, i): RawRecipient => {
    const diagnostic = texts[i] || (cause ??= oneLine([withoutGuesses(withoutAnnouncement(paragraphs(intro)))]));
    const stage = stageIn(b.raw.join('\n')) ?? findStage(diagnostic);
    return { recipient: b.addr, diagnostic, ...(stage ? { stage } : {}), ...(b.action ? { action: b.action } : {}) };
  });
  return { recipients, intro: introText };
}

/**
 * What is left of a line that names the address under a label of what it is ("Intended Recipients: x", Haraka's
 * outbound.bounce_message; "Recipient address: x", Sun/Oracle Messaging Server, Sisimai lib/Sisimai/Lhost/MessagingServer.pm): no text.
 */
const ADDRESS_LABEL_RE = /^\s*(?:(?:intended|final|original|failed)\s+)?(?:recipient\s+(?=address))?(?:recipients?|recipient\(s\)|address(?:es)?|rcpt(?: to)?|destinataires?|empfänger|destinatarios?|destinatari|destinatários?|受取人|受信者|宛先)\s*[:：]\s*$/i;
/**
 * The label over the recipient's reason, taken off so that a notice that gives the same reason twice under
 * labels of two languages says it once (DTI's "Reason: x" and "原因: x", dream.jp techinfo mail/error/error05).
 */
const REASON_LABEL_RE = /^\s*(?:reason|原因)\s*[:：]\s*/i;
/**
 * What is left of a line whose words announce the address that followed them, ending where it stood:
 * KDDI's "Could not be delivered to: x" over its "As their mailbox is full." The announcing clause is the
 * notice's, not the recipient's text; a line with a reply code, or whose announcement does not end it, keeps its words.
 */
function announcesAddress(text: string): boolean {
  return lastCharCode(text.trimEnd()) === 0x3a && !REPLY_CODE_RE.test(text) && ANNOUNCEMENT_RE.test(text.trimEnd());
}

/**
 * Lines of a recipient's block that say nothing of why it failed: a successful reply in a session
 * transcript (MDaemon's "<-- 250 2.1.0 Ok" above the refusal, its DSNs carrying the transcript by default,
 * MDaemon help "DSN Settings"; InterScan MSS's "Received >>> 250"), the commands the client sent in it ("--> RCPT
 * To:<x>", whose stage the block's raw lines keep), and the fields of a summary of the
 * returned message (Apache James AbstractNotify's "Message details:" with "Subject:", "Sent date:", "Size (in
 * bytes):", "Number of lines:", "From:", "To:" under the recipient's "RCPT TO:"; SmarterMail's header lines).
 */
const TRANSCRIPT_NO_CAUSE_RE = /^[^<>]{0,40}(?:(?:<--|<<<|>>>)\s*2\d\d(?:[ -]|$)|(?:-->|<--|>>>|<<<)\s*(?:mail from|rcpt to|data|ehlo|helo|rset|quit|bdat|starttls)\b)/i;
const SUMMARY_FIELD_RE = /^\s*(?:subject|sent(?: date)?|date|size \(in bytes\)|number of lines|message-?id|(?:mail )?from|to|cc)\s*:/i;

/**
 * Exchange 2007's wrapper of a remote reply in its administrators' section, "mx.example.com #550 5.1.1 text ##"
 * (Sisimai lib/Sisimai/Lhost/Exchange2007.pm): the reply's code follows the "#", which hides it from a reader of codes.
 */
const EXCHANGE_HASH_RE = /(^|\s)#(?=[245]\d\d[\s-])|\s##\s*$/g;

function unwrapExchange(text: string): string {
  return text.includes('#') ? text.replace(EXCHANGE_HASH_RE, '$1') : text;
}

/**
 * The time stamp and direction arrow of a session log's line (MDaemon's "Fri 2026-11-27 16:21:18: <-- 550-..."):
 * without them a reply continued over several log lines reads as the reply.
 */
const LOG_PREFIX_RE = /^\s*(?:[A-Z][a-z]{2} )?\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?:?\s+(?:<--|-->)?\s*/;

function withoutLogPrefix(line: string): string {
  return line.length > 18 && line.charCodeAt(0) !== 32 ? line.replace(LOG_PREFIX_RE, '') : line;
}

function saysNoCause(line: string): boolean {
  return (line.includes(':') && SUMMARY_FIELD_RE.test(line)) || ((line.includes('<') || line.includes('>')) && TRANSCRIPT_NO_CAUSE_RE.test(line));
}

/**
 * A heading underlined with "=" just above the line that ends the block: the heading of the notice's next
 * section (MailMarshal's "Additional Information" over its row of "=", Sisimai lib/Sisimai/Lhost/MailMarshalSMTP.pm),
 * not the recipient's text.
 */
function underlines(line: string, above: string | undefined, b: Block): boolean {
  if (above === undefined || b.raw[b.raw.length - 1] !== above || !/^\s*=+\s*$/.test(line)) return false;
  // A line with a reply code is the server's, however long the row of "=" under it: no heading.
  return Math.abs(line.trim().length - above.trim().length) <= 2 && /[A-Za-z]/.test(above) && !REPLY_CODE_RE.test(above);
}

/** A line with words or codes, not only decoration. */
const HAS_TEXT_RE = /[^\s\-=*_#|.>:]/;
/** A separator line of decoration only (Courier's row of dashes under the recipients). */
const SEPARATOR_RE = /^\s*[-=*_#]{5,}\s*$/;
/**
 * A basic or enhanced reply code; no part of a dotted IP address ("host 203.0.113.5", "[10.4.5.6]"), which a
 * notice's own sentence names (the host that refused, the host it was talking to) and which makes it no reply.
 */
const REPLY_CODE_RE = /\b(?<!\d\.)(?:[245]\d\d|[245]\.\d{1,3}\.\d{1,3})\b(?!\.\d)/;
/** Words closed by a run of dashes: the end of a heading framed as "------ words ------". */
const FRAMED_HEADING_RE = /[^\s-]\s*-{3,}\s*$/;
/**
 * A heading that a run of dashes opens and nothing closes, over one part of a recipient's account:
 * m-FILTER's "-------server message" and "-------SMTP command" (Sisimai lib/Sisimai/Lhost/mFILTER.pm).
 * Its words name the part, not the cause ("server message ... quota exceeded" is no message rate).
 * Headings framed on both sides are left to endsBlock (Sendmail's "----- Transcript of session follows -----").
 */
const PART_HEADING_RE = /^\s*-{3,}\s*[A-Za-z][A-Za-z ]{0,50}$/;

function isPartHeading(text: string): boolean {
  return text.length <= 80 && text.includes('---') && PART_HEADING_RE.test(text);
}

/** The command alone on the line under such a heading naming it (m-FILTER's "-------SMTP command\nDATA"). */
const BARE_COMMAND_RE = /^\s*(?:HELO|EHLO|MAIL(?: FROM)?|RCPT(?: TO)?|DATA|BDAT|RSET|QUIT)\s*$/i;

function isCommandUnderHeading(b: Block, text: string): boolean {
  const above = b.raw[b.raw.length - 2];
  // The heading first: it is rare, and rules a line out with a substring test.
  return above !== undefined && isPartHeading(above) && /command\s*$/i.test(above) && BARE_COMMAND_RE.test(text);
}

/** What a line adds to the text of the block it is in (the line is already in b.raw). */
function ownText(b: Block, open: string[], text: string): string {
  if (open.length > 0 && ADDRESS_LABEL_RE.test(text)) return '';
  if (isPartHeading(text) || isCommandUnderHeading(b, text)) return '';
  if (open.length > 0 && announcesAddress(text)) return withoutAnnouncement(text);
  return text.replace(REASON_LABEL_RE, '');
}

function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  return i;
}

/**
 * Where a recipient's text ends though no other address follows: at a separator line, or at a paragraph
 * (after a blank line) indented otherwise than the text above it, when that text did not announce
 * more (a line of the notice's own ending in ":", as Domino's "because:" and Gmail's "The response from
 * the remote server was:" do). The notice's closing words come there: OpenSMTPD's indented "Please note that this is only a
 * temporary failure report" under its flush-left "rcpt: reason" lines (smtpd/bounce.c), Exim's flush-left
 * "No action is required on your part" under its indented reasons (deliver.c), Courier's "If your message
 * was also sent to additional recipients" after its dashes (module.dsn/dsn.C).
 */
function endsBlock(b: Block, line: string): boolean {
  if (b.last === undefined || line.trim() === '') return false;
  if (SEPARATOR_RE.test(line)) return true;
  // A heading in dashes opens another part of the same delivery's account, the recipient's session above all
  // (Sendmail's "   ----- Transcript of session follows -----", savemail.c: its ">>> MAIL From:" sets the stage).
  if (framedHeading(line)) return false;
  if (b.gap === true && CLOSING_REQUEST_RE.test(line)) return true;
  return b.gap === true && !announcesMore(b.last) && indentOf(line) !== indentOf(b.last);
}

/**
 * A paragraph that opens by asking the reader to write to someone is the notice's closing, not the
 * recipient's text: DTI's "Please reply to Postmaster@... if you feel this message to be in error." after
 * "Recipient: <x>" and "Reason: ..." (dream.jp techinfo mail/error/error05), which its Japanese half follows.
 */
const CLOSING_REQUEST_RE = /^\s*(?:please |if you (?:have|need)[^.]{0,40}?,? )(?:reply|write|contact|send (?:e-?mail|mail|a message) to)\b/i;

/**
 * A line of the notice's own that announces what follows: one that ends in ":" and holds no reply (no
 * code), or a heading framed in dashes over the text a local delivery printed (Exim's "------ pipe to
 * |x\n       generated by rcpt ------", then a blank line and, flush left, the program's own words such as
 * "Quota exceeded": deliver.c print_address_information under "The following text was generated during
 * the delivery attempt").
 */
function announcesMore(line: string): boolean {
  return lastCharCode(line) === 0x3a ? !REPLY_CODE_RE.test(line) : framedHeading(line);
}

function framedHeading(line: string): boolean {
  return lastCharCode(line) === 0x2d && FRAMED_HEADING_RE.test(line);
}

/**
 * Each block's text; a run of addresses listed with no text of their own shares the text after the
 * run. That is how one reason for several recipients is written: Apache James's Bounce mailet prints
 * every recipient, then the one error message; list managers and gateways list "the following
 * recipients" and then why.
 */
function sharedTexts(blocks: Block[]): string[] {
  // A recipient's own text may quote a server's guess ("the likely cause is a compromised server"): only the notice's course sentences go.
  const texts = blocks.map((b) => oneLine([withoutSentences(passagesText(b.lines), COURSE_RE, COURSE_END_RE)]));
  for (let i = texts.length - 2; i >= 0; i--) if (!texts[i]) texts[i] = texts[i + 1];
  return texts;
}

/** Between the passages of one recipient's text, where its address opens a block again further down. */
const PASSAGE = '\u0000';

/**
 * A recipient's text from its passages: a notice that lists the same failure twice (Mail.Ru's Russian
 * account over Exim's English one, the same address and reply in each) says it once. A passage another
 * one holds whole goes; passages that differ are all kept, in order.
 */
function passagesText(lines: string[]): string {
  if (!lines.includes(PASSAGE)) return paragraphs(lines);
  const passages: string[] = [];
  let from = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && lines[i] !== PASSAGE) continue;
    const text = paragraphs(lines.slice(from, i));
    if (oneLine([text])) passages.push(text);
    from = i + 1;
  }
  const flat = passages.map((p) => oneLine([p]));
  const kept = passages.filter((_, i) => !flat.some((q, j) => j !== i && q.includes(flat[i]) && (q.length > flat[i].length || j < i)));
  return kept.join(PARAGRAPH);
}

function blockFor(blocks: Map<string, Block>, addr: string, action: Block['action']): Block {
  const key = addr.toLowerCase();
  let block = blocks.get(key);
  if (!block) {
    block = { addr, key, lines: [], raw: [], ...(action ? { action } : {}) };
    blocks.set(key, block);
  } else if (block.lines.length > 0) block.lines.push(PASSAGE);
  return block;
}

/** Removes the recipient address (and the brackets, quotes, colon around it) from a line. */
function stripAddress(line: string, found: string[]): string {
  let out = line;
  for (const a of found) out = out.split(a).join(' ');
  return out.replace(/["<>]\s*["<>:]*/g, ' ').replace(/^\s*[:*>]+/, '');
}

export function isDaemon(addr: string): boolean {
  const local = addr.slice(0, addr.indexOf('@')).toLowerCase();
  return local === 'mailer-daemon' || local === 'mailerdaemon';
}
