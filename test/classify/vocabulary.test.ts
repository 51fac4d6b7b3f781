import { afterAll, describe, expect, it } from 'vitest';
import { vocabularyRows, type VocabularyRow } from '../../bench/lib/vocabulary';
import { classify } from '../../src/classify';

/**
 * Every cited phrase of docs/vocabulary gets the verdict its source documents: a suppress row
 * suppresses, a throttle row throttles, every other row never suppresses. (A "sender" row may
 * throttle: the dev labels count "rate limited because SPF failed" as a request to slow down.)
 * The rows below do not, each for the reason named; the test prints them, and fails when one of
 * them starts to pass, so that the list only shrinks.
 */
const KNOWN: Record<string, string[]> = {
  'Mailman 2.1 hold reason: mta.tsv reads it as a refusal, gateways-lang.tsv:371 (the same string, Hold.py) as a hold notice, no failure: read as onhold (text.list-held), never a suppression': [
    'mta.tsv:412', 'mta.tsv:594', 'mta.tsv:597', 'mta.tsv:600', 'mta.tsv:603', 'mta.tsv:606', 'mta.tsv:609', 'mta.tsv:612',
    'mta.tsv:615', 'mta.tsv:618', 'mta.tsv:621', 'mta.tsv:624', 'mta.tsv:627', 'mta.tsv:630',
  ],
  'the dev corpus labels the same words otherwise (relay denied r0293, RFC 5321 "mailbox unavailable" r0098/r0514, Gmail full and inactive)': [
    'mta.tsv:472', 'mta.tsv:634', 'mta.tsv:668', 'mta.tsv:405', 'mta.tsv:519', 'providers.tsv:82',
  ],
  'issue 10 counts these as suppress (a list or recipient that takes listed senders only, a relay refusal by the recipient\'s MX, a recipient\'s reception refusal, an impossible address)': [
    'mta.tsv:270', 'gateways-lang.tsv:214', 'gateways-lang.tsv:224', 'gateways-lang.tsv:149', 'mta.tsv:134',
  ],
  'the words alone are ambiguous or the sources disagree (Exim\'s ratelimit example vs Haraka toobusy, 5.1.8 on-premises vs Exchange Online, a Dovecot folder, FTGate\'s spam-trap form)': [
    'mta.tsv:131', 'mta.tsv:338', 'mta.tsv:353', 'mta.tsv:354', 'mta.tsv:459', 'providers.tsv:457', 'mta.tsv:534',
    'gateways-lang.tsv:55', 'providers.tsv:270',
  ],
  'the row quotes the words after the address only: a bare "does not exist" names no subject (SoftBank prints it of the sender\'s domain), the whole sentence (gromox: the address "<rcpt>" does not exist) is read': [
    'gateways-lang.tsv:156',
  ],
  'a secondary source only (docs/vocabulary/README.md: it may corroborate a rule, never carry one)': [
    'providers.tsv:249', 'providers.tsv:408', 'providers.tsv:414',
    'providers.tsv:424', 'providers.tsv:425', 'providers.tsv:435',
  ],
  'a provider\'s own meaning of words that say otherwise elsewhere, read only when the reply names the provider (this test sends no MX host): Cox\'s "recipient rejected"': [
    'providers.tsv:580',
  ],
  'a language or template with no other words in the rules (a gromox template, Libero, a German gloss)': [
    'gateways-lang.tsv:170', 'gateways-lang.tsv:193', 'gateways-lang.tsv:259',
  ],
  'a provider\'s table files the words under a meaning they do not say (Yandex lists "Invalid arguments - possible version mismatch" among the non-existing addresses; no other source reads it so)': [
    'providers.tsv:616',
  ],
};

const whyKnown = new Map(Object.entries(KNOWN).flatMap(([why, rows]) => rows.map((where) => [where, why] as const)));
const rows = vocabularyRows();

function documented(row: VocabularyRow): boolean {
  const o = classify(row.reply);
  if (row.verdict === 'suppress') return o.suppress;
  if (row.verdict === 'throttle') return o.throttle;
  return !o.suppress;
}

describe('the cited vocabulary tables', () => {
  afterAll(() => {
    console.info(`vocabulary: ${rows.length} cited phrases, ${whyKnown.size} known exceptions:\n${
      Object.entries(KNOWN).map(([why, list]) => `  ${list.length} ${why}: ${list.join(' ')}`).join('\n')}`);
  });

  it('are all read (three tables, every row with a verdict)', () => {
    expect(rows.length).toBeGreaterThan(1500);
    expect(new Set(rows.map((r) => r.verdict))).toEqual(new Set(['suppress', 'throttle', 'sender', 'transient', 'other']));
    for (const where of whyKnown.keys()) expect(rows.some((r) => r.where === where), where).toBe(true);
  });

  it.each(rows.map((r) => [`${r.where} ${r.verdict}: ${r.reply.slice(0, 70)}`, r] as const))('%s', (_name, row) => {
    const o = classify(row.reply);
    const why = whyKnown.get(row.where);
    expect(documented(row), `${o.rule} (suppress ${o.suppress}, throttle ${o.throttle})${why ? `; listed as known: ${why}` : ''}`).toBe(why === undefined);
  });
});
