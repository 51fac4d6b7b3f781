/**
 * The vocabulary's replies inside whole bounce emails (bench/lib/notice-variants.ts: Postfix, Exim,
 * Sendmail, qmail, Exchange, Office 365, Gmail, Courier, OpenSMTPD and Haraka notices, text-only and
 * report-only forms, folding, quoted-printable, base64, UTF-8): how many emails change what the bare
 * reply says of the recipient, per builder and per category (recipient found, reason, hard/soft,
 * suppress/throttle). Prints figures; never fails.
 * The localized notices (bench/lib/notices-localized.ts) follow the MTAs' own; --english or --localized
 * runs one of these families. --more measures the notices of bench/lib/notices-japan-lists.ts instead
 * (Japanese carriers and gateways, providers' own notices), --windows those of bench/lib/notices-windows.ts
 * (mail servers for Windows, groupware, gateways and sending services).
 *   node dist/bench/dsn-variants.js [--english|--localized|--more|--windows] [--misses] [--builder=name]
 */
import { classify } from '../src/classify';
import { parseBounce } from '../src/dsn';
import { BUILDERS, noticeMisses, type NoticeBuilder, type NoticeTally } from './lib/notice-variants';
import { JAPAN_PROVIDER_BUILDERS } from './lib/notices-japan-lists';
import { LOCALIZED_BUILDERS } from './lib/notices-localized';
import { WINDOWS_BUILDERS } from './lib/notices-windows';
import { vocabularyRows } from './lib/vocabulary';

function row(name: string, t: NoticeTally): string {
  const cells = [t.tried, t.changed, t.found, t.reason, t.hardsoft, t.verdict].map((n) => String(n).padStart(8));
  return `${name.padEnd(28)}${cells.join('')}`;
}

function sum(tallies: NoticeTally[]): NoticeTally {
  const out: NoticeTally = { tried: 0, changed: 0, found: 0, reason: 0, hardsoft: 0, verdict: 0 };
  for (const t of tallies) for (const k of Object.keys(out) as (keyof NoticeTally)[]) out[k] += t[k];
  return out;
}

function family(): readonly NoticeBuilder[] {
  if (process.argv.includes('--more')) return JAPAN_PROVIDER_BUILDERS;
  if (process.argv.includes('--windows')) return WINDOWS_BUILDERS;
  if (process.argv.includes('--english')) return BUILDERS;
  return process.argv.includes('--localized') ? LOCALIZED_BUILDERS : [...BUILDERS, ...LOCALIZED_BUILDERS];
}

function main(): void {
  const only = process.argv.find((a) => a.startsWith('--builder='))?.slice('--builder='.length);
  const set = family();
  // A builder's name, or the prefix its languages share ("gmail fr" names the French Gmail notices' builders).
  const builders = only ? set.filter((b) => b.name === only || b.name.startsWith(`${only} `)) : set;
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
  for (const [label, members] of [['all MTAs\' notices', BUILDERS], ['all localized', LOCALIZED_BUILDERS]] as const) {
    const tallies = members.map((b) => byBuilder.get(b.name)).filter((t) => t !== undefined);
    if (tallies.length > 0 && tallies.length < byBuilder.size) console.log(row(label, sum(tallies)));
  }
  console.log(row('all', total));
  if (!process.argv.includes('--misses')) return;
  console.log('\nmisses (row builder [categories]: expected -> got | diagnostic)');
  for (const m of misses) console.log(`${m.where} ${m.builder} [${m.categories.join(',')}]: ${m.expected} -> ${m.got} | ${JSON.stringify(m.diagnostic.slice(0, 200))}`);
}

main();
