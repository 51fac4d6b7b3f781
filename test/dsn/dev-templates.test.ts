import { afterAll, describe, expect, it } from 'vitest';
import { buildTemplates, templateMisses } from '../../bench/lib/dev-templates';
import { vocabularyRows } from '../../bench/lib/vocabulary';
import { classify } from '../../src/classify';
import { parseBounce, splitMbox } from '../../src/dsn';

/**
 * The dev emails as templates (bench/lib/dev-templates.ts, read in place from the corpus): each
 * recipient's diagnostic, where it stands literally in the email, replaced by 40 vocabulary replies
 * (stratified by verdict, 5xx rows in failure notices, 4xx rows in delay notices, ASCII only). The
 * report must find the recipient and say of it what the classifier says of the bare reply, apart from
 * the documented readings of the report's context (counted apart). The emails below do not for some
 * rows, for the reason named; the test fails when one of them holds for every row (take it off) and
 * when the number of changed emails grows. `npm run bench:dsn-templates -- --misses` lists them.
 * A measure of format robustness: no rule is written for one of these rows.
 */
const KNOWN: Record<string, string[]> = {
  'the template keeps the dev email\'s own words about its old failure (the human part\'s paraphrase, the subject, a status comment), which the report reads where the new reply says less (evidence.ts, dsn.notice); a notice of the new failure would not carry them': [
    'lhost-amavis-01', 'lhost-amazonses-10', 'lhost-aol-04', 'lhost-barracuda-02', 'lhost-domino-03', 'lhost-exchange2007-01', 'lhost-gsuite-10',
    'lhost-mcafee-05', 'lhost-office365-06', 'lhost-office365-07', 'lhost-postfix-01', 'lhost-postfix-45', 'lhost-sendmail-09', 'lhost-sendmail-19',
    'lhost-sendmail-24', 'lhost-sendmail-26', 'lhost-sendmail-41', 'lhost-sendmail-43', 'lhost-sendmail-44', 'lhost-sendmail-47', 'lhost-sendmail-51',
    'lhost-v5sendmail-03', 'lhost-v5sendmail-04', 'lhost-x1-02', 'rfc3464-35', 'rfc3464-37', 'rhost-franceptt-01', 'rhost-google-07',
    'rhost-microsoft-01', 'rhost-microsoft-04', 'rhost-nttdocomo-01',
  ],
  'the stage the MTA names (MAIL FROM, the connection): the classifier reads a mailbox, size or loop reply there as the sender\'s refusal, the report reads the notice\'s words (wording.ts) or its Action failed as final (dsn.permanent) against a bare reply with no code': [
    'lhost-exim-04', 'lhost-exim-32', 'lhost-exim-34', 'lhost-exim-35', 'lhost-exim-36', 'lhost-exim-40', 'lhost-exim-47', 'lhost-exim-49', 'lhost-exim-51',
    'lhost-ezweb-08', 'lhost-postfix-10', 'lhost-postfix-38', 'lhost-postfix-60', 'lhost-postfix-65', 'lhost-qmail-18', 'lhost-sendmail-04',
    'lhost-sendmail-05', 'lhost-sendmail-39', 'lhost-sendmail-53', 'rfc3464-03', 'rhost-franceptt-06', 'rhost-franceptt-10', 'rhost-franceptt-11',
  ],
  'the MTA\'s wrapper words are read with the reply and outrank its words: Postfix\'s "refused to talk to me" (a connect-stage refusal), qmail\'s "sender was rejected" (format problem left: the classifier\'s rule order decides, not changed under this task)': [
    'lhost-postfix-50', 'lhost-qmail-04', 'rhost-google-03', 'rhost-tencent-01', 'lhost-qmail-19',
  ],
  'the notice\'s own explanation is joined to the reply in one diagnostic and its words decide: Office 365\'s "The email address you entered couldn\'t be found ... Remote Server returned", Gmail\'s "rejected by the recipient domain ... The error that the other server returned was" (format problem left)': [
    'lhost-office365-02', 'lhost-gmail-03', 'lhost-gmail-18',
  ],
  'the email names a provider\'s servers, whose own rules read the reply (Google\'s unicode-header and no-such-domain codes); the bare reply has no provider': [
    'rhost-google-06', 'lhost-postfix-29',
  ],
  'the recipient\'s address the template keeps in the reply ("<u@example.com> does not exist") makes a row\'s generic words about the address': [
    'lhost-amazonses-21', 'lhost-messagingserver-09', 'rhost-godaddy-03',
  ],
};
/** Emails that change what the bare reply says (all of them the known emails'): may only fall. */
const CEILING = 145;

const whyKnown = new Map(Object.entries(KNOWN).flatMap(([why, ids]) => ids.map((id) => [id, why] as const)));
const rows = vocabularyRows();
const built = buildTemplates((eml) => parseBounce(eml).recipients, splitMbox);
const { total, misses } = templateMisses(
  built.templates,
  rows,
  (eml) => parseBounce(eml).recipients,
  (reply, stage) => classify({ reply, ...(stage ? { stage } : {}) }),
);
const changed = misses.filter((m) => !m.context);

describe('the dev emails as templates of the cited vocabulary', () => {
  afterAll(() => {
    const usable = new Set(built.templates.map((t) => t.email.id)).size;
    console.info(`dev templates: ${usable}/${built.emails} emails, ${built.templates.length} recipients, ${total.tried} emails tried, ${total.context} read by context, ${total.changed} change what the reply says (found ${total.found}, reason ${total.reason}, hard/soft ${total.hardsoft}, suppress/throttle ${total.verdict}; all known)`);
  });

  it('makes templates of most dev emails', () => {
    expect(new Set(built.templates.map((t) => t.email.id)).size).toBeGreaterThanOrEqual(260);
    expect(total.tried).toBeGreaterThan(10000);
  });

  it('finds the recipient in every filled template', () => {
    expect(changed.filter((m) => m.categories.includes('found')).map((m) => `${m.email} ${m.where}`)).toEqual([]);
  });

  it('keeps what the bare reply says, except in the known emails', () => {
    const unexpected = changed.filter((m) => !whyKnown.has(m.email));
    expect(unexpected.map((m) => `${m.where} ${m.email} [${m.categories.join(',')}]: ${m.expected} -> ${m.got} | ${JSON.stringify(m.diagnostic.slice(0, 160))}`)).toEqual([]);
  });

  it(`changes no more than ${CEILING} emails`, () => {
    expect(total.changed).toBeLessThanOrEqual(CEILING);
  });

  it.each([...whyKnown])('known: %s (%s)', (id) => {
    expect(changed.some((m) => m.email === id), `${id} holds for every row now: take it off KNOWN`).toBe(true);
  });
});
