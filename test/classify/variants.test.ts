import { afterAll, describe, expect, it } from 'vitest';
import { variantMisses, WRAPPERS } from '../../bench/lib/variants';
import { vocabularyRows } from '../../bench/lib/vocabulary';
import { classify } from '../../src/classify';

/**
 * The cited replies of docs/vocabulary in the packaging MTAs relay them in (bench/lib/variants.ts:
 * Postfix, Exim, Sendmail, Exchange, qmail and Haraka wrappers, multi-line replies, folding, case,
 * trailers): each keeps the verdict of the bare reply (suppress, throttle, bounce, reason).
 * The rows below do not in some wrappers, for the reason named; the test fails when one of them
 * keeps its verdict in all, so the list only shrinks. (test/classify/precision.test.ts runs the
 * same wrappers over its rows.)
 */
const KNOWN: Record<string, string[]> = {
  'the row stops where a DNSBL\'s name goes ("listed at"); anything after it reads as the blocklisting it is': [
    'mta.tsv:165', 'gateways-lang.tsv:221',
  ],
  'the row is qmail-remote\'s own EHLO line ("but my name was rejected"): inside another wrapper it names the stage, helo': [
    'mta.tsv:254',
  ],
};

const whyKnown = new Map(Object.entries(KNOWN).flatMap(([why, keys]) => keys.map((k) => [k, why] as const)));
const rows = vocabularyRows();
const { tried, misses } = variantMisses(rows.map((r) => ({ where: r.where, reply: r.reply })), (reply, stage, mx) => classify({ reply, stage, mx }));

describe('the cited vocabulary in MTA wrappers and other layouts', () => {
  afterAll(() => {
    console.info(`variants: ${tried} wrapped replies (${WRAPPERS.length} wrappers over ${rows.length} rows), ${misses.length} change their verdict (all known)`);
  });

  it('tries every wrapper, and every known row is a vocabulary row', () => {
    expect(tried).toBeGreaterThan(WRAPPERS.length * 1000);
    for (const where of whyKnown.keys()) expect(rows.some((r) => r.where === where), where).toBe(true);
  });

  it('keeps the verdict of the bare reply, except in the known rows', () => {
    const unexpected = misses.filter((m) => !whyKnown.has(m.where));
    expect(unexpected.map((m) => `${m.where} ${m.wrapper}: ${m.expected} -> ${m.got} | ${JSON.stringify(m.wrapped)}`)).toEqual([]);
  });

  it.each([...whyKnown])('known: %s (%s)', (where) => {
    expect(misses.some((m) => m.where === where), `${where} keeps its verdict in every wrapper now: take it off KNOWN`).toBe(true);
  });
});
