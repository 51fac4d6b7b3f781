import { describe, expect, it } from 'vitest';
import { providerReplies, sisimaiReplies, stageOf } from '../../bench/lib/corpus';
import { classify, parseReply, REASONS } from '../../src/classify';

const provider = providerReplies();
const sisimai = sisimaiReplies();

/** Where the corpus's own fields say more than the reply text does (checked by hand). */
const CODE_NOT_IN_TEXT: Record<string, string> = {
  r0004: 'the reply starts at the enhanced code; 421 was added by the corpus author',
  r0079: 'no code in the text; 550 was added by the corpus author',
};

/** Throttle labels we disagree with, and why (see the closing notes). */
const THROTTLE_DISAGREEMENTS: Record<string, string> = {
  r0158: '452 4.5.3 "too many recipients" is a destination\'s recipient limit, which issue 10 counts as throttling (Postfix, qmail, James, mox word their limits so)',
  r0392: 'La Poste LPN006 421 "service refused, try later" at greeting is treated like Orange OFR_999, which is labelled throttle',
};

describe('provider replies corpus', () => {
  it.each(provider.map((r) => [r.id, r] as const))('%s: codes as the server wrote them', (id, r) => {
    const parsed = parseReply(r.reply);
    if (CODE_NOT_IN_TEXT[id]) return expect(parsed.code).toBeNull();
    expect(parsed.code).toBe(r.basic_code ?? null);
    expect(parsed.enhanced).toBe(r.enhanced_code ?? null);
  });

  it.each(provider.map((r) => [r.id, r] as const))('%s: suppress only a dead recipient, never for sender faults', (_id, r) => {
    const o = classify({ reply: r.reply, stage: stageOf(r.smtp_stage) });
    expect(o.suppress, `${o.rule}: ${r.reply}`).toBe(r.label.suppress_recipient);
    if (r.label.fault === 'sender') expect(o.suppress).toBe(false);
  });

  it.each(provider.map((r) => [r.id, r] as const))('%s: throttle signal', (id, r) => {
    const o = classify({ reply: r.reply, stage: stageOf(r.smtp_stage) });
    const expected = THROTTLE_DISAGREEMENTS[id] ? !r.label.throttle : r.label.throttle;
    expect(o.throttle, `${o.rule}: ${r.reply}`).toBe(expected);
  });
});

/** Issue 10: what may decide a suppression, checked on every reply of both corpora. */
describe('evidence before suppression, on every corpus reply', () => {
  const rows = [
    ...provider.map((r) => [r.id, r.reply, stageOf(r.smtp_stage)] as const),
    ...sisimai.map((r) => [r.id, r.reply, stageOf(r.smtpcommand)] as const),
  ];
  it.each(rows)('%s', (_id, reply, stage) => {
    const o = classify({ reply, stage });
    expect(['text', 'enhanced', 'provider', 'code-only']).toContain(o.evidence);
    if (o.suppress) {
      expect(o.evidence, `${o.rule}: a bare basic code never suppresses`).not.toBe('code-only');
      expect(o.inDoubt).toBe(false);
      expect(o.code === null || o.code >= 500, `${o.rule}: never a 4xx`).toBe(true);
    }
    if (o.throttle && o.code === 421) expect(o.evidence, `${o.rule}: a generic 421 is no throttle signal`).not.toBe('code-only');
  });
});

describe('sisimai replies corpus', () => {
  it.each(sisimai.map((r) => [r.id, r] as const))('%s: a complete Outcome that names its rule', (_id, r) => {
    const o = classify({ reply: r.reply, stage: stageOf(r.smtpcommand) });
    expect(REASONS).toContain(o.reason);
    expect(o.rule).toMatch(/^[a-z0-9.-]+$/i);
    expect(['hard', 'soft', 'none']).toContain(o.bounce);
    if (o.bounce === 'hard') expect(o.suppress).toBe(true);
    if (o.reason === 'delivered') expect(o.bounce).toBe('none');
  });

  it('agrees with the reference reasons on at least 88% of rows that carry an SMTP reply (issue 10 floor)', () => {
    const rows = sisimai.filter((r) => r.smtp_reply);
    const agree = rows.filter((r) => classify({ reply: r.reply, stage: stageOf(r.smtpcommand) }).reason === r.reason);
    expect(agree.length / rows.length).toBeGreaterThanOrEqual(0.88);
  });
});

describe('both reply corpora', () => {
  it('decide under 3% of replies by a basic code alone (issue 10 floor)', () => {
    const outcomes = [
      ...provider.map((r) => classify({ reply: r.reply, stage: stageOf(r.smtp_stage) })),
      ...sisimai.map((r) => classify({ reply: r.reply, stage: stageOf(r.smtpcommand) })),
    ];
    expect(outcomes.filter((o) => o.evidence === 'code-only').length / outcomes.length).toBeLessThan(0.03);
  });
});
