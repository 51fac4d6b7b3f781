/**
 * The vocabulary's replies inside whole bounce emails (bench/lib/notice-variants.ts: Postfix, Exim,
 * Sendmail, qmail, Exchange, Office 365, Gmail, Courier, OpenSMTPD and Haraka notices, text-only and
 * report-only forms, folding, quoted-printable, base64, UTF-8): how many emails change what the bare
 * reply says of the recipient, per builder and per category (recipient found, reason, hard/soft,
 * suppress/throttle). Prints figures; never fails.
 * --more measures the notices of bench/lib/notices-japan-lists.ts instead (Japanese carriers and
 * gateways, providers' own notices).
 *   node dist/bench/dsn-variants.js [--more] [--misses] [--builder=name]
 */
import { classify } from '../src/classify';
import { parseBounce } from '../src/dsn';
import { BUILDERS, noticeMisses, type NoticeTally } from './lib/notice-variants';
import { JAPAN_PROVIDER_BUILDERS } from './lib/notices-japan-lists';
import { vocabularyRows } from './lib/vocabulary';

function row(name: string, t: NoticeTally): string {
  const cells = [t.tried, t.changed, t.found, t.reason, t.hardsoft, t.verdict].map((n) => String(n).padStart(8));
  return `${name.padEnd(28)}${cells.join('')}`;
}

function main(): void {
  const only = process.argv.find((a) => a.startsWith('--builder='))?.slice('--builder='.length);
  const set = process.argv.includes('--more') ? JAPAN_PROVIDER_BUILDERS : BUILDERS;
  const builders = only ? set.filter((b) => b.name === only) : set;
  const rows = vocabularyRows();
  const cases = rows.map((r) => ({ where: r.where, reply: r.reply, verdict: r.verdict }));
  const start = process.hrtime.bigint();
  const { total, byBuilder, misses } = noticeMisses(
    cases,
    (eml) => parseBounce(eml).recipients,
    (reply, stage) => classify({ reply, ...(stage ? { stage } : {}) }),
    builders,
  );
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`${rows.length} vocabulary rows, ${builders.length} notice builders, ${total.tried} emails in ${(ms / 1000).toFixed(1)} s`);
  console.log(`${'builder'.padEnd(28)}${['emails', 'changed', 'found', 'reason', 'hard', 'verdict'].map((h) => h.padStart(8)).join('')}`);
  for (const [name, t] of byBuilder) console.log(row(name, t));
  console.log(row('all', total));
  if (!process.argv.includes('--misses')) return;
  console.log('\nmisses (row builder [categories]: expected -> got | diagnostic)');
  for (const m of misses) console.log(`${m.where} ${m.builder} [${m.categories.join(',')}]: ${m.expected} -> ${m.got} | ${JSON.stringify(m.diagnostic.slice(0, 200))}`);
}

main();
