import { afterAll, describe, expect, it } from 'vitest';
import { noticeMisses, type NoticeBuilder } from '../../bench/lib/notice-variants';
import { vocabularyRows } from '../../bench/lib/vocabulary';
import { classify } from '../../src/classify';
import { parseBounce } from '../../src/dsn';

/**
 * The checks the notice measures share (notice-variants and notices-localized): the vocabulary through the
 * builders; every recipient found; nothing changed but the known rows, each of which must still change
 * somewhere (else take it off); the number of changed emails under a ceiling that may only fall.
 */
export interface NoticeMeasure {
  title: string;
  label: string;
  builders: readonly NoticeBuilder[];
  /** Why, then the rows (file:line) it explains. */
  known: Record<string, string[]>;
  ceiling: number;
  /** Fewer emails than this many per builder means builders stopped building. */
  perBuilder: number;
}

export function describeNoticeMeasure(m: NoticeMeasure): void {
  const whyKnown = new Map(Object.entries(m.known).flatMap(([why, keys]) => keys.map((k) => [k, why] as const)));
  const rows = vocabularyRows();
  const { total, misses } = noticeMisses(
    rows.map((r) => ({ where: r.where, reply: r.reply, verdict: r.verdict })),
    (eml) => parseBounce(eml).recipients,
    (reply, stage) => classify({ reply, ...(stage ? { stage } : {}) }),
    m.builders,
  );

  describe(m.title, () => {
    afterAll(() => {
      console.info(`${m.label}: ${total.tried} emails (${m.builders.length} notices over ${rows.length} rows), ${total.changed} change what the reply says (found ${total.found}, reason ${total.reason}, hard/soft ${total.hardsoft}, suppress/throttle ${total.verdict}; all known)`);
    });

    it('builds every notice, and every known row is a vocabulary row', () => {
      expect(total.tried).toBeGreaterThan(m.builders.length * m.perBuilder);
      for (const where of whyKnown.keys()) expect(rows.some((r) => r.where === where), where).toBe(true);
    });

    it('finds the recipient in every notice', () => {
      expect(misses.filter((x) => x.categories.includes('found')).map((x) => `${x.where} ${x.builder}`)).toEqual([]);
    });

    it('keeps what the bare reply says, except in the known rows', () => {
      const unexpected = misses.filter((x) => !whyKnown.has(x.where));
      expect(unexpected.map((x) => `${x.where} ${x.builder} [${x.categories.join(',')}]: ${x.expected} -> ${x.got} | ${JSON.stringify(x.diagnostic.slice(0, 160))}`)).toEqual([]);
    });

    it(`changes no more than ${m.ceiling} emails`, () => {
      expect(total.changed).toBeLessThanOrEqual(m.ceiling);
    });

    it.each([...whyKnown])('known: %s (%s)', (where) => {
      expect(misses.some((x) => x.where === where), `${where} holds in every notice now: take it off KNOWN`).toBe(true);
    });
  });
}
