import { describe, expect, it } from 'vitest';
import { accountDisabled, deadMailbox, mailboxFull, type Probe, rate, senderSide } from '../../bench/lib/grammar';
import { classify, type Outcome } from '../../src/classify';

/**
 * Grammar probe (issue 10): each concept's nouns and predicates crossed in several word orders
 * (bench/lib/grammar.ts says where each word is attested). A concept is read by its words, so no
 * order or filler may change the verdict. The lists of misses are printed whole on failure.
 */
function misses(probes: Probe[], ok: (o: Outcome) => boolean): string[] {
  return probes.flatMap((p) => {
    const o = classify(p.text);
    return ok(o) ? [] : [`${p.text} => ${o.reason} suppress=${o.suppress} throttle=${o.throttle} (${o.rule})`];
  });
}

describe('grammar probe: concept phrasings in other word orders', () => {
  it('a dead mailbox in any order, with or without the code and address, suppresses as userunknown (5xx)', () => {
    const probes = deadMailbox();
    expect(probes.length).toBeGreaterThan(2000);
    expect(misses(probes, (o) => o.suppress && o.reason === 'userunknown')).toEqual([]);
  });

  it('the same words about a dead mailbox under a 4xx never suppress', () => {
    expect(misses(deadMailbox(['450 4.1.1', '450']), (o) => !o.suppress)).toEqual([]);
  });

  it('the same predicates said of a sender noun never suppress', () => {
    const probes = senderSide();
    expect(probes.length).toBeGreaterThan(3000);
    expect(misses(probes, (o) => !o.suppress)).toEqual([]);
  });

  it('a full mailbox under a 4xx never suppresses', () => {
    expect(misses(mailboxFull(), (o) => !o.suppress)).toEqual([]);
  });

  // Left out: "storage (is) full" may be the server's own disk (452 insufficient system storage) and
  // "quota (is) full" is no phrasing a source prints; "over quota", "quota exceeded" are kept.
  it('a full mailbox, inbox or account is read as mailboxfull', () => {
    const named = mailboxFull().filter((p) => !/storage|quota (?:<\S+> )?(?:is )?full/.test(p.text));
    expect(misses(named, (o) => o.reason === 'mailboxfull')).toEqual([]);
  });

  it('a disabled account under a 4xx never suppresses', () => {
    expect(misses(accountDisabled(), (o) => !o.suppress)).toEqual([]);
  });

  it('a sending rate over its limit under a 4xx throttles', () => {
    expect(misses(rate(), (o) => o.throttle && !o.suppress)).toEqual([]);
  });
});
