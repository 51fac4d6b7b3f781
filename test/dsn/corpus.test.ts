import * as fs from 'fs';
import { describe, expect, it } from 'vitest';
import { REASONS } from '../../src/classify/types';
import { parseBounce, type ParsedReport } from '../../src/dsn';
import { corpusDir } from '../../bench/lib/corpus';
import { emailPath, loadLabels, sameRecipient, type LabelledEmail } from '../../bench/dsn-corpus';

const corpus = corpusDir();
const emails = loadLabels(corpus);
const parsed = new Map<string, ParsedReport>(emails.map((e) => [e.id, parseBounce(fs.readFileSync(emailPath(corpus, e)))]));

function expectedKind(e: LabelledEmail): ParsedReport['kind'] {
  if (e.module === 'ARF') return 'arf';
  if (e.module === 'RFC3834') return 'autoreply';
  return 'dsn';
}

describe('parseBounce over every dev email', () => {
  it.each(emails.map((e) => [e.id, e] as const))('%s parses into well-formed recipients', (_id, email) => {
    const report = parsed.get(email.id)!;
    expect(report.error).toBeUndefined();
    expect(report.kind).toBe(expectedKind(email));
    expect(report.recipients.length).toBeGreaterThan(0);
    for (const r of report.recipients) {
      expect(REASONS).toContain(r.reason);
      expect(r.rule).toBeTruthy();
      if (report.kind === 'arf' || report.kind === 'autoreply') expect(r.bounce).toBe('none');
      if (r.bounce === 'hard') expect(r.reason).not.toBe('expired');
    }
  });

  it('finds the labelled recipients in at least 99% of emails', () => {
    const found = emails.filter((e) => parsed.get(e.id)!.recipients.some((r) => e.expected.some((x) => sameRecipient(x.recipient, r.recipient))));
    expect(found.length / emails.length).toBeGreaterThanOrEqual(0.99);
  });

  it('names almost no one the labels do not: a sender, an alias or a summary line is not a failed recipient', () => {
    const extra = emails.filter((e) => parsed.get(e.id)!.recipients.some((r) => !e.expected.some((x) => sameRecipient(x.recipient, r.recipient))));
    // 2 emails today (two labels that do not match their email's content); 5 before the recipient
    // finder read roles (src/dsn/text.ts): a summary's To, a Message-ID, a quoted From.
    expect(extra.length / emails.length).toBeLessThanOrEqual(0.01);
  });

  it('agrees with most labelled reasons and hard/soft verdicts', () => {
    let total = 0;
    let reason = 0;
    let hard = 0;
    for (const e of emails) {
      for (const x of e.expected) {
        total++;
        const got = parsed.get(e.id)!.recipients.find((r) => sameRecipient(x.recipient, r.recipient));
        if (got?.reason === x.reason) reason++;
        if (got && (got.bounce === 'hard') === x.hardbounce) hard++;
      }
    }
    // Floors below the figures bench/dsn-score prints, so classifier rule changes show up here.
    expect(reason / total).toBeGreaterThanOrEqual(0.78);
    expect(hard / total).toBeGreaterThanOrEqual(0.9);
  });

  it('reads complaint feedback types as labelled', () => {
    for (const e of emails.filter((x) => x.module === 'ARF')) {
      const report = parsed.get(e.id)!;
      for (const x of e.expected) {
        const got = report.recipients.find((r) => sameRecipient(x.recipient, r.recipient));
        expect(got?.feedbackType, e.id).toBe(x.feedbacktype);
      }
    }
  });

  it('names the MTA or provider of most bounces', () => {
    const bounces = emails.filter((e) => parsed.get(e.id)!.kind === 'dsn');
    const named = bounces.filter((e) => parsed.get(e.id)!.mta !== null);
    expect(named.length / bounces.length).toBeGreaterThan(0.7);
    const postfix = emails.filter((e) => e.module === 'Lhost::Postfix');
    expect(postfix.filter((e) => parsed.get(e.id)!.mta === 'postfix').length).toBeGreaterThan(postfix.length * 0.8);
  });

  it('returns the original message headers for correlation when the bounce carries them', () => {
    const withOriginal = emails.filter((e) => parsed.get(e.id)!.original?.message_id);
    expect(withOriginal.length / emails.length).toBeGreaterThan(0.8);
  });
});
