import fs from 'node:fs';
import type { Outcome, Stage } from '../../src/classify';
import { findStage } from '../../src/classify/stage';
import type { RecipientResult } from '../../src/dsn';
import { emailPath, loadLabels, type LabelledEmail } from '../dsn-corpus';
import { corpusDir } from './corpus';
import { differences, expectedOf, noticeOf, referenceReply, show, type Category } from './notice-variants';
import { prng } from './prng';
import type { VocabularyRow } from './vocabulary';

/**
 * The dev emails themselves as templates (issue 10, round 6): the formats of the sealed set are the dev
 * set's formats with other texts. For each dev email and each recipient the parser finds, the
 * recipient's diagnostic as it stands in the file's bytes is replaced, everywhere it occurs (report and
 * human part), by vocabulary replies; the report must then say of the recipient what the classifier says
 * of the bare reply, as in notice-variants.ts. A measure of format robustness: never a reason to write a
 * rule for one row. Emails whose diagnostic is found only inside base64 or quoted-printable, or not
 * literally at all, are skipped and counted.
 */
export interface Template {
  email: LabelledEmail;
  /** Index of the message in the file (an mbox may hold several). */
  message: number;
  recipient: string;
  /** The file's bytes as latin1 text. */
  text: string;
  /** Where the diagnostic stands in it (every occurrence). */
  pattern: RegExp;
  /** The recipient's Status as the report gave it, and where it stood (replaced with the new reply's). */
  status: string | null;
  temporary: boolean;
  stage: Stage | undefined;
}

export interface Skip {
  email: LabelledEmail;
  recipient: string;
  diagnostic?: string;
  why: 'not a bounce' | 'not a failure' | 'expiry notice' | 'no diagnostic' | 'short diagnostic' | 'not literal';
}

const latin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The diagnostic as it may stand in the file: its words in order, any run of white space (folding,
 * wrapping) between them, and the angle-bracketed address the parser takes out of a reply ("550 5.1.1
 * <u@example.com>... User unknown" reads "550 5.1.1 ... User unknown").
 */
function literal(diagnostic: string): RegExp {
  const words = latin1(diagnostic).trim().split(/\s+/).map(escape);
  return new RegExp(words.join('\\s+(?:<[^<>\\s]+@[^<>\\s]+>:?\\s*)?'), 'g');
}

/**
 * The server's reply inside the diagnostic: from its reply code on, where the MTA wrote words of its own
 * before it (Exim's "SMTP error from remote mail server after RCPT TO:", qmail's "Remote host said:"),
 * which name the stage and stay; the whole diagnostic where it holds no reply code (the MTA's own words).
 */
function replyIn(diagnostic: string): string {
  const at = /(?:^|[\s:;(\[<'"])([245]\d\d)(?=[\s-])/.exec(diagnostic);
  return at ? diagnostic.slice(at.index + at[0].length - 3) : diagnostic;
}

/** A report's delay: RFC 3464 Action delayed; where the report names no action, a 4.x.x status. Action failed is final whatever the status. */
function isTemporary(r: RecipientResult): boolean {
  const action = r.action?.toLowerCase();
  return action ? action === 'delayed' : /^4\./.test(r.status ?? '');
}

export function buildTemplates(
  parse: (eml: Buffer) => RecipientResult[],
  split: (raw: Buffer) => Buffer[],
  corpus = corpusDir(),
): { emails: number; templates: Template[]; skips: Skip[] } {
  const emails = loadLabels(corpus);
  const templates: Template[] = [];
  const skips: Skip[] = [];
  for (const email of emails) {
    const messages = split(fs.readFileSync(emailPath(corpus, email)));
    messages.forEach((bytes, message) => {
      const text = bytes.toString('latin1');
      const seen = new Set<string>();
      for (const r of parse(bytes)) {
        const recipient = r.recipient.toLowerCase();
        if (!recipient || seen.has(recipient)) continue;
        seen.add(recipient);
        // A complaint (ARF) or an auto-reply (RFC 3834) carries no SMTP reply to replace.
        if (r.feedbackType || r.reason === 'feedback' || r.reason === 'vacation') {
          skips.push({ email, recipient, why: 'not a bounce' });
          continue;
        }
        // A delivery or relay report (RFC 3464 2.3.3) reports no failure; an expiry notice's reason is its own, whatever the last reply.
        if (/^(delivered|relayed|expanded)$/i.test(r.action ?? '') || r.reason === 'delivered') {
          skips.push({ email, recipient, why: 'not a failure' });
          continue;
        }
        if (r.reason === 'expired') {
          skips.push({ email, recipient, why: 'expiry notice' });
          continue;
        }
        const whole = r.diagnostic?.trim() ?? '';
        const diagnostic = replyIn(whole);
        // The stage the MTA's words before the reply name ("after MAIL FROM:"), which the parser reads as the classifier does.
        const stage = r.stage ?? findStage(whole.slice(0, whole.length - diagnostic.length));
        if (!diagnostic) {
          skips.push({ email, recipient, why: 'no diagnostic' });
          continue;
        }
        if (diagnostic.length < 8) {
          skips.push({ email, recipient, why: 'short diagnostic' });
          continue;
        }
        const pattern = literal(diagnostic);
        if (!pattern.test(text)) {
          skips.push({ email, recipient, why: 'not literal', diagnostic });
          continue;
        }
        templates.push({ email, message, recipient, text, pattern, status: r.status, temporary: isTemporary(r), stage });
      }
    });
  }
  return { emails: emails.length, templates, skips };
}

/**
 * The reply in place of one occurrence of the diagnostic; an address the occurrence held stays, after the
 * reply's codes (the recipient some formats name only there).
 */
function keepAddresses(span: string, reply: string): string {
  // With the marks after it ("<u@example.com>...", "<u@example.com>:"), which the parser takes out with it.
  const addresses = [...span.matchAll(/<[^<>\s]+@[^<>\s]+>[.:;,]*/g)].map((m) => m[0]);
  if (!addresses.length) return reply;
  // Sendmail's "550 5.1.1 <u@example.com>... User unknown": after the reply's codes.
  const lead = /^(?:[245]\d\d[ -])?(?:[245]\.\d{1,3}\.\d{1,3} )?/.exec(reply)![0];
  return `${lead}${addresses.join(' ')} ${reply.slice(lead.length)}`;
}

/** The template filled with one reply, its recipient's Status fields made the reply's (RFC 3464 2.3.4). */
export function fill(t: Template, reply: string, status: string): Buffer {
  let text = t.text.replace(t.pattern, (span) => keepAddresses(span, latin1(reply)));
  if (t.status) text = text.replace(new RegExp(`^(Status:[ \\t]*)${escape(t.status)}\\b`, 'gim'), `$1${status}`);
  return Buffer.from(text, 'latin1');
}

const STRATA = ['suppress', 'throttle', 'sender', 'other'] as const;
const stratum = (v: VocabularyRow['verdict']) => (v === 'transient' ? 'other' : v);

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * A deterministic sample of `perTemplate` rows, as many from each verdict (suppress, throttle, sender,
 * other): only rows whose class fits the template, a 5xx (or codeless permanent) row in a failure
 * notice, a 4xx one in a delay notice, as no MTA reports a 4xx reply as a final failure.
 */
export function sample(t: Template, rows: readonly VocabularyRow[], perTemplate: number): VocabularyRow[] {
  const rnd = prng(seedOf(`${t.email.id}|${t.message}|${t.recipient}`));
  const out: VocabularyRow[] = [];
  const each = Math.ceil(perTemplate / STRATA.length);
  for (const s of STRATA) {
    const pool = rows.filter((r) => stratum(r.verdict) === s && fits(r, t.temporary));
    for (let i = 0; i < each && pool.length; i++) out.push(pool.splice(Math.floor(rnd() * pool.length), 1)[0]);
  }
  return out;
}

function fits(r: VocabularyRow, temporary: boolean): boolean {
  // The template's charset is the email's: a UTF-8 reply in an ISO-2022-JP or Latin-1 part measures the encoding, not the format.
  if (/[^\x00-\x7f]/.test(r.reply)) return false;
  const n = noticeOf(r.reply, r.verdict);
  if (n.reply.code?.startsWith('2') || n.status.startsWith('2')) return false;
  return n.temporary === temporary;
}

/**
 * Rules by which the report reads the recipient from its context rather than from the reply alone
 * (context.ts byEvidence, byContext): "user unknown" after DATA or at MAIL FROM, a status that says the
 * mailbox exists, a domain not found under a 4.x.x status, an expiry notice. A template keeps the dev
 * email's context (its stage, its Status, its words): these are the documented readings, counted apart.
 */
const CONTEXT_RULES = new Set(['dsn.unknown-after-data', 'dsn.unknown-at-mail', 'dsn.unknown-status-disagrees', 'dsn.dns-temporary', 'dsn.expired']);

function byContext(got: RecipientResult, want: { reason: string }): boolean {
  if (CONTEXT_RULES.has(got.rule)) return true;
  // The bare reply decides nothing (onhold): the notice's own words about the recipient decide (context.ts, dsn.notice).
  return want.reason === 'onhold' && got.rule.startsWith('dsn.notice(');
}

/**
 * A provider's own rule read the bare reply (its code, as GoDaddy's "IB510"), and the template's email
 * names another provider's servers: the parser gives the classifier the provider the email names (its
 * remote host), as it should; the bare reply has none.
 */
function otherProvider(bare: Outcome, got: RecipientResult): boolean {
  return !!bare.provider && bare.evidence === 'provider' && got.provider !== bare.provider;
}

export interface TemplateTally {
  templates: number;
  tried: number;
  /** Emails where a documented context rule, not the reply, gave the reading (CONTEXT_RULES). */
  context: number;
  changed: number;
  found: number;
  reason: number;
  hardsoft: number;
  verdict: number;
}

export interface TemplateMiss {
  where: string;
  email: string;
  format: string;
  recipient: string;
  categories: Category[];
  /** A documented context rule decided (not counted as changed). */
  context: boolean;
  expected: string;
  got: string;
  diagnostic: string;
}

export const blankTally = (): TemplateTally => ({ templates: 0, tried: 0, context: 0, changed: 0, found: 0, reason: 0, hardsoft: 0, verdict: 0 });


/** The format a template is counted under: the labels' format, with its module where they differ. */
export const formatOf = (e: LabelledEmail) => {
  const module = e.module.replace(/^Lhost::/, '');
  return module === e.format ? e.format : `${e.format} (${module})`;
};

export function templateMisses(
  templates: readonly Template[],
  rows: readonly VocabularyRow[],
  parse: (eml: Buffer) => RecipientResult[],
  classifyOne: (reply: string, stage: Stage | undefined) => Outcome,
  perTemplate = 40,
): { total: TemplateTally; byFormat: Map<string, TemplateTally>; misses: TemplateMiss[] } {
  const total = blankTally();
  const byFormat = new Map<string, TemplateTally>();
  const misses: TemplateMiss[] = [];
  for (const t of templates) {
    const format = formatOf(t.email);
    if (!byFormat.has(format)) byFormat.set(format, blankTally());
    const tallies = [total, byFormat.get(format)!];
    for (const x of tallies) x.templates += 1;
    for (const row of sample(t, rows, perTemplate)) {
      const n = noticeOf(row.reply, row.verdict);
      const bare = classifyOne(referenceReply(n), t.stage);
      const want = expectedOf(bare, n.temporary);
      const all = parse(fill(t, n.reply.raw, n.status));
      const got = all.find((r) => r.recipient.toLowerCase() === t.recipient) ?? all.find((r) => r.originalRecipient?.toLowerCase() === t.recipient);
      const bad = differences(got, want);
      const context = !!got && bad.length > 0 && (byContext(got, want) || otherProvider(bare, got));
      for (const x of tallies) {
        x.tried += 1;
        if (context) x.context += 1;
        else if (bad.length) {
          x.changed += 1;
          for (const k of bad) x[k] += 1;
        }
      }
      if (bad.length) {
        misses.push({
          where: row.where,
          email: t.email.id,
          format,
          recipient: t.recipient,
          categories: bad,
          context,
          expected: show(want),
          got: got ? `${show(got)} [${got.rule}]` : 'not found',
          diagnostic: got?.diagnostic ?? '',
        });
      }
    }
  }
  return { total, byFormat, misses };
}
