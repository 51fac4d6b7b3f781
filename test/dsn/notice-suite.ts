import { afterAll, describe, expect, it } from 'vitest';
import { noticeMisses, type NoticeBuilder } from '../../bench/lib/notice-variants';
import { vocabularyRows } from '../../bench/lib/vocabulary';
import { classify } from '../../src/classify';
import { parseBounce } from '../../src/dsn';

export interface NoticeSuite {
  title: string;
  builders: readonly NoticeBuilder[];
  /** Rows that change what the bare reply says in some notices, under the reason why. */
  known: Record<string, string[]>;
  /** Emails that change what the bare reply says (all of them the known rows'): may only fall. */
  ceiling: number;
}

/**
 * The vocabulary's replies inside each builder's notices: the report must find the recipient and say of
 * it what the classifier says of the bare reply. Fails when a known row holds in every notice (take it
 * off) and when the number of changed emails grows.
 */
export function noticeSuite({ title, builders, known, ceiling }: NoticeSuite): void {
  const whyKnown = new Map(Object.entries(known).flatMap(([why, keys]) => keys.map((k) => [k, why] as const)));
  const rows = vocabularyRows();
  const { total, byBuilder, misses } = noticeMisses(
    rows.map((r) => ({ where: r.where, reply: r.reply, verdict: r.verdict })),
    (eml) => parseBounce(eml).recipients,
    (reply, stage) => classify({ reply, ...(stage ? { stage } : {}) }),
    builders,
  );

  describe(title, () => {
    afterAll(() => {
      console.info(`${title}: ${total.tried} emails (${builders.length} notices over ${rows.length} rows), ${total.changed} change what the reply says (found ${total.found}, reason ${total.reason}, hard/soft ${total.hardsoft}, suppress/throttle ${total.verdict}; all known)`);
    });

    it('builds every notice for most rows, and every known row is a vocabulary row', () => {
      for (const [name, t] of byBuilder) expect(t.tried, name).toBeGreaterThan(1200);
      for (const where of whyKnown.keys()) expect(rows.some((r) => r.where === where), where).toBe(true);
    });

    it('finds the recipient in every notice', () => {
      expect(misses.filter((m) => m.categories.includes('found')).map((m) => `${m.where} ${m.builder}`)).toEqual([]);
    });

    it('keeps what the bare reply says, except in the known rows', () => {
      const unexpected = misses.filter((m) => !whyKnown.has(m.where));
      expect(unexpected.map((m) => `${m.where} ${m.builder} [${m.categories.join(',')}]: ${m.expected} -> ${m.got} | ${JSON.stringify(m.diagnostic.slice(0, 160))}`)).toEqual([]);
    });

    it(`changes no more than ${ceiling} emails`, () => {
      expect(total.changed).toBeLessThanOrEqual(ceiling);
    });

    it.each([...whyKnown])('known: %s (%s)', (where) => {
      expect(misses.some((m) => m.where === where), `${where} holds in every notice now: take it off KNOWN`).toBe(true);
    });
  });
}
