/**
 * The classifier against the cited vocabulary tables (docs/vocabulary/*.tsv):
 * `npm run bench:classify-vocabulary` (add `--misses` to list every disagreement). Each phrase is
 * sent as a reply with its documented codes and no MX host (as the sealed set is scored); it counts
 * how many get the verdict their source documents.
 */
import { classify, type Outcome } from '../src/classify';
import { variantMisses, WRAPPERS } from './lib/variants';
import { vocabularyRows, type VocabularyRow } from './lib/vocabulary';

const showMisses = process.argv.includes('--misses');
const showVariants = process.argv.includes('--variants');

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

// The same replies in the packaging MTAs relay them in (bench/lib/variants.ts): the verdict must not change.
const variants = variantMisses(rows.map(({ row }) => ({ where: row.where, reply: row.reply })), (reply, stage, mx) => classify({ reply, stage, mx }));
console.log(`  variants keeping verdict   ${variants.tried - variants.misses.length}/${variants.tried} (${WRAPPERS.length} wrappers; --variants lists the others)`);
for (const w of WRAPPERS) {
  const n = variants.misses.filter((m) => m.wrapper === w.name).length;
  if (n > 0) console.log(`    ${String(n).padStart(5)}  ${w.name}`);
}
if (showVariants) {
  for (const m of variants.misses) console.log(`  VARIANT ${m.where} ${m.wrapper}: ${m.expected} -> ${m.got} | ${JSON.stringify(m.wrapped).slice(0, 200)}`);
}
