/**
 * Turns one recipient of a report into an Outcome: the diagnostic text goes through the shared
 * classifier, then the report's own context corrects what the text alone cannot know.
 *
 * - The Status field is passed to the classifier in front of the text when the text carries no
 *   enhanced code of its own, so "550 Mailbox unavailable" with Status 5.1.1 reads as 5.1.1.
 * - Action `delayed`: the MTA is still trying; whatever the text says, nothing is final (soft).
 * - Expiry (Status X.4.7, Action failed with a 4.x.x Status, delay warnings, a diagnostic, subject
 *   or introduction saying the message outlived the queue), an X-Unix diagnostic (a local program
 *   failed), what the vendor format itself implies, and a failure with no readable cause (`onhold`)
 *   correct the classifier where it only had a code to go on.
 * - The SMTP stage of the refusal and a Status that disagrees with the text decide whether a
 *   "user unknown" is really the mailbox's verdict (see byEvidence).
 * - A diagnostic with nothing more than a code: the notice's own words about the recipient decide,
 *   read by the reply rules and by the notice vocabulary (wording.ts); a report that is final makes
 *   an address failure the rules left soft hard (saidPermanent).
 * - Action `delivered`/`relayed`/`expanded` and 2.x.x statuses: not a failure at all.
 * - Complaints and auto-replies are never bounces.
 */
import { classify, HARD_REASONS, type RuleSet } from '../classify/classifier';
import { isBeforeRecipient, type Outcome, type Reason } from '../classify/types';
import type { NoticeEvidence } from './evidence';
import { noticeCause, noticeTiming, type Timing } from './wording';
import type { RawRecipient, RecipientResult } from './types';

const MAX_REPLY = 4000;
const ENHANCED_RE = /\b[245]\.\d{1,3}\.\d{1,3}\b/;
/** Providers that accept every RCPT TO and refuse unknown recipients after DATA. */
const DATA_TIME_CHECKERS = new Set(['yahoo']);
const ADDRESS_STATUS_RE = /^5\.1\.\d{1,3}$/;
/** Statuses that say the mailbox exists (X.2.1 disabled) or that policy refused (X.7.x). */
const MAILBOX_EXISTS_STATUS_RE = /^5\.(?:2\.1|7\.\d{1,3})$/;
const SUCCESS_ACTIONS = new Set(['delivered', 'relayed', 'expanded']);

/** Feedback types that mean "stop mailing this person" (RFC 5965 3.; opt-out per RFC 6650). */
const SUPPRESSING_FEEDBACK = new Set(['abuse', 'fraud', 'opt-out', 'optout']);

export function classifyRecipient(r: RawRecipient, rules?: RuleSet, notice?: NoticeEvidence): RecipientResult {
  return { ...outcomeFor(r, rules, notice), ...fieldsOf(r) };
}

function outcomeFor(r: RawRecipient, rules: RuleSet | undefined, notice: NoticeEvidence | undefined): Outcome {
  if (r.hint === 'feedback') {
    const suppress = SUPPRESSING_FEEDBACK.has((r.feedbackType ?? '').toLowerCase());
    return fixed('feedback', 'dsn.feedback', suppress);
  }
  if (r.hint === 'vacation') return fixed('vacation', 'dsn.autoreply', false);
  const action = r.action ?? '';
  if (SUCCESS_ACTIONS.has(action) || r.hint === 'delivered' || r.status?.startsWith('2.')) {
    return { ...fixed('delivered', 'dsn.delivered', false), enhanced: r.status ?? null };
  }
  if (r.diagnosticType === 'x-unix' && /^\s*\d{1,3}\s*$/.test(r.diagnostic ?? '')) return xUnix(r, rules);
  const base = classifyText(replyText(r), r, rules);
  const timing = timingOf(r, notice);
  return adjust(undecided(base) && notice ? fromNotice(base, r, rules, notice, timing) : base, r, timing);
}

/**
 * What the recipient's diagnostic, else the notice as a whole, says of the delivery's course
 * (wording.ts); a warning that delivery goes on anywhere wins. Read once, when first asked.
 */
type TimingOf = () => Timing | null;

function timingOf(r: RawRecipient, notice: NoticeEvidence | undefined): TimingOf {
  let timing: Timing | null | undefined;
  return () => {
    if (timing !== undefined) return timing;
    const own = noticeTiming([r.diagnostic ?? '']);
    const whole = notice ? notice.timing() : null;
    return (timing = own === 'delayed' || whole === 'delayed' ? 'delayed' : own ?? whole);
  };
}

function classifyText(reply: string, r: RawRecipient, rules: RuleSet | undefined): Outcome {
  return classify({
    reply,
    recipient: r.recipient,
    ...(r.remoteMta ? { mx: r.remoteMta } : {}),
    ...(r.stage ? { stage: r.stage } : {}),
  }, rules);
}

/**
 * Decided by no more than a basic code, or by an enhanced code of RFC 3463's "other or undefined"
 * kind (X.Y.0 in every class): the notice's own words may say more.
 */
function undecided(o: Outcome): boolean {
  return o.evidence === 'code-only' || (o.evidence === 'enhanced' && (o.enhanced ?? '').endsWith('.0'));
}

/**
 * The notice's own evidence about this recipient, most specific first (see evidence.ts):
 * 1. the diagnostic, read by the notice vocabulary (wording.ts; the rules read it already);
 * 2. the recipient's own texts (the notice's text next to its address, its Status comment), read by
 *    a text or provider rule, by a specific enhanced code of their own (a Postfix notice quotes the
 *    remote "550 5.1.1" where its Diagnostic-Code kept only "550"), or by the notice vocabulary;
 * 3. the Status field, when it is specific (not X.Y.0) and the diagnostic's own enhanced code (which
 *    replyText preferred) is another: the MTA's final status, set after all its attempts (RFC 3464
 *    2.3.4), is better evidence than the prose the notice writes for every recipient;
 * 4. that prose: the introduction, then the subject (rules, then vocabulary);
 * 5. an "other or undefined" Status (X.Y.0), which still says more than a basic code.
 * Text by text, so a generic rule reading the subject does not outrank a cause stated next to the
 * address. The diagnostic's codes are read in front of each text (they still decide permanence)
 * unless the text has an enhanced code of its own.
 */
function fromNotice(base: Outcome, r: RawRecipient, rules: RuleSet | undefined, notice: NoticeEvidence, timing: TimingOf): Outcome {
  const { near, far } = notice.about(r);
  const read = (texts: string[], ownCodes: boolean) => fromTexts(texts, ownCodes, base, r, rules, timing);
  const specific = r.status !== undefined && !r.status.endsWith('.0');
  return (
    fromWording(base, r, r.diagnostic ?? '', timing) ??
    read(near, true) ??
    (specific ? fromStatus(base, r, rules) : null) ??
    read(far, false) ??
    (specific ? null : fromStatus(base, r, rules)) ??
    base
  );
}

/**
 * The first text a text or provider rule reads, or (with `ownCodes`) whose own specific enhanced code
 * does, or that states a cause in the notice vocabulary.
 */
function fromTexts(texts: string[], ownCodes: boolean, base: Outcome, r: RawRecipient, rules: RuleSet | undefined, timing: TimingOf): Outcome | null {
  const codes = [base.code, base.enhanced ?? r.status].filter((c) => c !== null && c !== undefined).join(' ');
  for (const raw of texts) {
    const text = raw.slice(0, MAX_REPLY);
    const own = ownCodes ? ENHANCED_RE.exec(text)?.[0] : undefined;
    const o = classifyText(own && !own.endsWith('.0') ? text : `${codes} ${text}`, r, rules);
    if (o.evidence === 'text' || o.evidence === 'provider' || (own && o.evidence === 'enhanced' && o.enhanced === own && !own.endsWith('.0'))) {
      return { ...o, rule: `dsn.notice(${o.rule})` };
    }
    const worded = fromWording(base, r, raw, timing);
    if (worded) return worded;
  }
  return null;
}

/** The report's Status field, where it is another code than the diagnostic's own and a rule reads it. */
function fromStatus(base: Outcome, r: RawRecipient, rules: RuleSet | undefined): Outcome | null {
  if (!r.status || r.status === base.enhanced) return null;
  const o = classifyText(`${base.code ?? ''} ${r.status}`, r, rules);
  return o.evidence === 'enhanced' ? { ...o, rule: `dsn.status(${o.rule})` } : null;
}

/**
 * A cause the notice states in its own vocabulary (wording.ts), where no reply rule read it. The
 * codes still decide permanence; with none, a failure notice is final unless it says it will retry.
 */
function fromWording(base: Outcome, r: RawRecipient, text: string, timing: TimingOf): Outcome | null {
  const cause = noticeCause(text);
  if (!cause) return null;
  const cls = codeClass(base, r);
  const permanent = cls === null ? timing() !== 'delayed' : cls === 5;
  const hard = permanent && HARD_REASONS.has(cause.reason);
  // Suppress only on a failure a code calls permanent, at a stage where a recipient was named.
  const suppress = hard && cls === 5 && !isBeforeRecipient(r.stage);
  return { ...base, reason: cause.reason, bounce: hard ? 'hard' : 'soft', suppress, throttle: false, rule: `dsn.wording(${cause.id})`, evidence: 'text', inDoubt: false };
}

/** The class (4 or 5) of the reply's codes, else of the report's Status; null when there is none. */
function codeClass(o: Outcome, r: RawRecipient): number | null {
  const first = o.code !== null ? String(o.code)[0] : (o.enhanced ?? r.status)?.[0];
  return first === '4' || first === '5' ? Number(first) : null;
}

/** The text the classifier sees: the diagnostic, with the Status in front when the text lacks one. */
export function replyText(r: RawRecipient): string {
  // Whatever a reader let through, the classifier never scans more than a long reply's worth.
  const text = (r.diagnostic ?? '').slice(0, MAX_REPLY);
  if (r.status && !ENHANCED_RE.test(text)) return text ? `${r.status} ${text}` : r.status;
  return text;
}

function adjust(o: Outcome, r: RawRecipient, timing: TimingOf): Outcome {
  const adjusted = byContext(o, r, timing);
  // Delayed: the MTA is still trying, so nothing is final whatever the text says.
  if (r.action === 'delayed' && adjusted.bounce === 'hard') {
    return { ...adjusted, bounce: 'soft', suppress: false, rule: `dsn.delayed(${adjusted.rule})` };
  }
  return saidPermanent(adjusted, r, timing) ? { ...adjusted, bounce: 'hard', rule: `dsn.permanent(${adjusted.rule})` } : adjusted;
}

/**
 * A failure of the address or domain itself that the rules left soft, in a report that is final:
 * - for want of a code, where the notice calls its failures permanent (Exim's and qmail's "This is a
 *   permanent error", Sendmail's "permanent fatal errors"): the MTA's own word settles permanence;
 * - under a 4xx code, where the MTA gave up (Action failed, RFC 3464 2.3.3; or its notice says it
 *   stopped trying): the recipient's server named the address unknown on every attempt, and no more
 *   attempts come. Only a "user unknown" the words state (a text or provider rule), not a bare X.1.1
 *   status; a domain's failure under a 4xx code is what DNS answered for now (see byEvidence).
 * Never against a doubt or a delay. Only the bounce changes: whether to suppress stays the rules'
 * decision (a 4xx reply never suppresses).
 */
function saidPermanent(o: Outcome, r: RawRecipient, timing: TimingOf): boolean {
  if (o.bounce !== 'soft' || o.inDoubt || !HARD_REASONS.has(o.reason) || r.action === 'delayed') return false;
  const cls = codeClass(o, r);
  // A 5xx reply is permanent already: the rules that left it soft weighed that, and the notice's word adds nothing.
  if (cls === null) return timing() === 'permanent';
  if (cls !== 4) return false;
  const worded = o.reason === 'userunknown' && (o.evidence === 'text' || o.evidence === 'provider');
  return worded && (r.action === 'failed' || timing() === 'permanent' || timing() === 'expired');
}

/**
 * sysexits(3) statuses that say the delivering host itself failed (permissions, OS, files, I/O,
 * configuration), not the program that was delivering: EX_OSERR 71, EX_OSFILE 72, EX_CANTCREAT 73,
 * EX_IOERR 74, EX_TEMPFAIL 75, EX_NOPERM 77, EX_CONFIG 78.
 */
const SYSTEM_EXITS = new Set([71, 72, 73, 74, 75, 77, 78]);

/**
 * An X-Unix Diagnostic-Code is the exit status of the local delivery program (RFC 3464 2.3.6):
 * a number that is not an SMTP code, so it is not classified as one. The program failed, or
 * (sysexits) the system under it did.
 */
function xUnix(r: RawRecipient, rules: RuleSet | undefined): Outcome {
  const o = classify(r.status ?? '', rules);
  const system = SYSTEM_EXITS.has(Number((r.diagnostic ?? '').trim()));
  return system ? { ...soft(o, 'systemerror', 'dsn.x-unix-system'), throttle: false } : { ...soft(o, 'mailererror', 'dsn.x-unix'), throttle: false };
}

/**
 * Readings that the mailbox or its domain does not exist or takes no mail: contradicted where the
 * recipient's own filter refused the message (a Sieve reject, RFC 5429), which needs a mailbox that
 * received it. Its reason is the recipient's text, free words that the reply rules may misread ("I am
 * not accepting mail from you" is no null MX); causes of another kind (a full mailbox) stand.
 */
const NOT_THERE = new Set<Reason>(['userunknown', 'hostunknown', 'notaccept', 'undefined']);

function byContext(o: Outcome, r: RawRecipient, timing: TimingOf): Outcome {
  if (expired(o, r, timing)) return { ...o, reason: 'expired', bounce: 'soft', suppress: false, throttle: false, rule: 'dsn.expired' };
  if (isGeneric(o) && r.hint && r.hint !== o.reason) return soft(o, r.hint, 'dsn.format');
  if (r.refusedByRecipient && (NOT_THERE.has(o.reason) || isGeneric(o))) return soft(o, 'filtered', 'dsn.recipient-filter');
  // A failure report that says nothing the classifier can read: the failure is certain, its
  // cause is not. That is Sisimai's `onhold` ("undetermined"), not `undefined` (no failure seen).
  if (o.reason === 'undefined' && r.action !== 'delayed') return soft(o, 'onhold', 'dsn.undetermined');
  return byEvidence(o, r);
}

function soft(o: Outcome, reason: Reason, rule: string): Outcome {
  return { ...o, reason, bounce: 'soft', suppress: false, rule };
}

/** Outcomes decided by a code alone, not the text: the report's context is better evidence than they are. */
function isGeneric(o: Outcome): boolean {
  return o.evidence === 'code-only' || o.evidence === 'enhanced';
}

/**
 * The report says the message expired in the sender's queue: Action expired (SendGrid), a
 * delay warning with no more specific cause, Status X.4.7 ("delivery time expired", RFC 3463),
 * or Action failed with a 4.x.x Status (a temporary failure retried until the MTA gave up).
 * The last two only where the text explains nothing more specific than that, or only a network
 * failure (what the retries ran into), or contradicts the status with a permanent "unknown"
 * that the MTA's final status, set after all its retries, overrules.
 */
function expired(o: Outcome, r: RawRecipient, timing: TimingOf): boolean {
  if (o.reason === 'expired') return false;
  if (r.action === 'expired' || outlivedQueue(o, r, timing)) return true;
  const vague = isGeneric(o) || o.reason === 'undefined';
  if (r.action === 'delayed' && vague) return true;
  if (o.bounce === 'hard') return false;
  const status = r.status ?? '';
  const timedOut = /^[45]\.4\.7$/.test(status);
  const gaveUp = r.action === 'failed' && status.startsWith('4.');
  if (!timedOut && !gaveUp) return false;
  const network = o.reason === 'networkerror' && (timedOut || status.startsWith('4.4.'));
  const contradicted = timedOut && (o.reason === 'userunknown' || o.reason === 'hostunknown');
  return vague || network || contradicted;
}

/**
 * An enhanced code in RFC 3463's mail-system (X.3.x) or network-and-routing (X.4.x) class, other than
 * X.4.7 (delivery time expired, the expiry itself): Exchange's "5.4.312 Message expired, DNS query
 * failed" names the failure its retries met.
 */
const PATH_CODE_RE = /\b[45]\.(?:3\.\d{1,3}|4\.(?:[0-689]|\d{2,3}))\b/;
/** Temporary failures of the path to the recipient, or no readable cause: what retries run into. */
const TRANSIENT = new Set<Reason>(['networkerror', 'systemerror', 'undefined']);

/**
 * The MTA says it stopped retrying because the message outlived its queue (wording.ts: qmail-send's
 * "this message has been in the queue too long", Exim's "retry timeout exceeded", Sendmail's "Cannot
 * send message for 5 days", in the diagnostic, else in the notice's subject or the start of its
 * text): the final cause is the expiry, and a temporary network or system failure met on the way is
 * only what the retries ran into. Unless the MTA coded that failure itself (qmail's "(#4.4.1)"): an
 * X.3/X.4 code is its own, more specific classification of the failure. Recipient-level causes (a full
 * mailbox) stay.
 */
function outlivedQueue(o: Outcome, r: RawRecipient, timing: TimingOf): boolean {
  if (!TRANSIENT.has(o.reason) && !isGeneric(o)) return false;
  if (PATH_CODE_RE.test(r.diagnostic ?? '')) return false;
  return timing() === 'expired';
}

/**
 * Postfix's reply prefix for its recipient restrictions, which it applies at RCPT TO whatever
 * smtpd_delay_reject says (smtpd_check.c, "Recipient address rejected: ..."): the stage, where a
 * gateway relaying the reply (MessageLabs' "554 5.7.1 Recipient address rejected: No such user",
 * Broadcom KB 162445) does not name it.
 */
const RCPT_REPLY_RE = /recipient address rejected/i;

function atRcpt(r: RawRecipient): boolean {
  return r.stage === 'rcpt' || (r.stage === undefined && RCPT_REPLY_RE.test(r.diagnostic ?? ''));
}

/**
 * When a "user unknown" text is not the mailbox's verdict:
 * - after DATA, RCPT TO already accepted the mailbox, so a filter refused the content, unless
 *   the status is an addressing one (X.1.x), a provider rule recognised the provider's own code for
 *   an invalid recipient, or the provider is one known to check recipients only at the end of DATA
 *   (Yahoo's "554 delivery error: dd ...");
 * - when the server's own status says the mailbox exists but is disabled (X.2.1) or that a
 *   security/policy rule refused (X.7.x), status and text disagree; unless the refusal came at
 *   RCPT TO (where "unknown" is the plain answer), the status is the better-founded reading:
 *   refused, but the address may exist.
 * A domain "not found" under a 4.x.x Status, in a 4xx reply where the report gives none (a notice
 * with no RFC 3464 part), or in a warning that delivery goes on, is a DNS lookup that failed for now
 * (networkerror), not a domain known not to exist.
 * At MAIL FROM no recipient has been named yet, so an unknown address or domain there is the
 * sender's.
 */
function byEvidence(o: Outcome, r: RawRecipient): Outcome {
  const status = o.enhanced ?? r.status ?? '';
  const afterData = (r.stage === 'data' || r.stage === 'dot') && !DATA_TIME_CHECKERS.has(o.provider ?? '');
  // A provider rule names a code the provider documents for an invalid recipient: not a guess to demote.
  if (afterData && o.evidence !== 'provider' && o.reason === 'userunknown' && !ADDRESS_STATUS_RE.test(status)) {
    return { ...soft(o, 'filtered', 'dsn.unknown-after-data'), inDoubt: true };
  }
  if (o.reason === 'userunknown' && !atRcpt(r) && MAILBOX_EXISTS_STATUS_RE.test(status)) {
    return soft(o, 'filtered', 'dsn.unknown-status-disagrees');
  }
  if (o.reason === 'hostunknown' && (r.status?.startsWith('4.') || codeClass(o, r) === 4 || r.action === 'delayed')) return soft(o, 'networkerror', 'dsn.dns-temporary');
  if (r.stage === 'mail' && (o.reason === 'userunknown' || o.reason === 'hostunknown')) {
    return soft(o, 'rejected', 'dsn.unknown-at-mail');
  }
  return o;
}

function fixed(reason: 'feedback' | 'vacation' | 'delivered', rule: string, suppress: boolean): Outcome {
  return { code: null, enhanced: null, reason, bounce: 'none', suppress, throttle: false, provider: null, rule, evidence: 'text', inDoubt: false };
}

function fieldsOf(r: RawRecipient): Omit<RecipientResult, keyof Outcome> {
  return {
    recipient: r.recipient,
    originalRecipient: r.originalRecipient ?? null,
    action: r.action ?? null,
    status: r.status ?? null,
    diagnostic: r.diagnostic ?? null,
    remoteMta: r.remoteMta ?? null,
    lastAttemptDate: r.lastAttemptDate ?? null,
    willRetryUntil: r.willRetryUntil ?? null,
    stage: r.stage ?? null,
    ...(r.feedbackType ? { feedbackType: r.feedbackType } : {}),
  };
}
