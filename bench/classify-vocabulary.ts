/**
 * The classifier against the cited vocabulary tables (docs/vocabulary/*.tsv):
 * `npm run bench:classify-vocabulary` (add `--misses` to list every disagreement). Each phrase is
 * sent as a reply with its documented codes and no MX host (as the sealed set is scored); it counts
 * how many get the verdict their source documents.
 */
import { classify, type Outcome } from '../src/classify';
import { vocabularyRows, type VocabularyRow } from './lib/vocabulary';

const showMisses = process.argv.includes('--misses');

interface Scored { row: VocabularyRow; o: Outcome }

const rows: Scored[] = vocabularyRows().map((row) => ({ row, o: classify(row.reply) }));
const by = (verdict: string) => rows.filter((r) => r.row.verdict === verdict);
const count = (list: Scored[], ok: (s: Scored) => boolean) => list.filter(ok).length;

const suppress = by('suppress');
const throttle = by('throttle');
const others = rows.filter((r) => r.row.verdict !== 'suppress');
const calm = rows.filter((r) => r.row.verdict !== 'throttle');
console.log(`vocabulary rows: ${rows.length}`);
console.log(`  suppress rows suppressed   ${count(suppress, (s) => s.o.suppress)}/${suppress.length}`);
console.log(`  throttle rows throttled    ${count(throttle, (s) => s.o.throttle)}/${throttle.length}`);
console.log(`  wrongly suppressed         ${count(others, (s) => s.o.suppress)}/${others.length}`);
console.log(`  wrongly throttled          ${count(calm, (s) => s.o.throttle)}/${calm.length}`);
console.log(`  reason as documented       ${count(rows, (s) => s.o.reason === s.row.reason)}/${rows.length}`);
if (showMisses) {
  for (const { row, o } of rows) {
    const miss = (row.verdict === 'suppress') !== o.suppress || (row.verdict === 'throttle') !== o.throttle;
    if (miss) console.log(`  MISS ${row.where} [${row.verdict}/${row.reason}] got suppress=${o.suppress} throttle=${o.throttle} ${o.reason} rule=${o.rule} | ${row.reply.slice(0, 150)}`);
  }
}
