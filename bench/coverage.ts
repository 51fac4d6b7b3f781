/**
 * How much of a corpus the rules read by their words: `npm run bench:coverage` (add file names of
 * further bounce texts, one reply a line, to count them too). Prints the share of replies decided by
 * a basic code alone (`evidence: code-only`), by reason and by provider, then the 30 most frequent
 * phrasings that no text, enhanced-code or provider rule read, after masking what varies.
 */
import * as fs from 'fs';
import { classify, type Outcome } from '../src/classify';
import { normalizedText } from '../src/classify/classifier';
import { parseBounce } from '../src/dsn';
import { corpusDir, providerReplies, sisimaiReplies, stageOf } from './lib/corpus';
import { emailPath, loadLabels } from './dsn-corpus';

interface Decided {
  set: string;
  reply: string;
  outcome: Outcome;
}

function replies(): Decided[] {
  const rows: Decided[] = [];
  for (const r of providerReplies()) rows.push({ set: 'provider replies', reply: r.reply, outcome: classify({ reply: r.reply, stage: stageOf(r.smtp_stage) }) });
  for (const r of sisimaiReplies()) rows.push({ set: 'sisimai replies', reply: r.reply, outcome: classify({ reply: r.reply, stage: stageOf(r.smtpcommand) }) });
  return rows;
}

function emails(): Decided[] {
  const corpus = corpusDir();
  return loadLabels(corpus).flatMap((email) => parseBounce(fs.readFileSync(emailPath(corpus, email))).recipients
    .filter((r) => r.reason !== 'feedback' && r.reason !== 'vacation')
    .map((r) => ({ set: 'bounce emails', reply: r.diagnostic ?? '', outcome: r })));
}

function extraFiles(): Decided[] {
  return process.argv.slice(2).flatMap((file) => fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim())
    .map((reply) => ({ set: file, reply, outcome: classify(reply) })));
}

/** Codes, numbers and hosts removed: what is left is the wording. */
function phrasing(reply: string): string {
  return normalizedText(reply)
    .replace(/\b[245]\d\d[ -]|\b[245]\.\d{1,3}\.\d{1,3}\b/g, '')
    .replace(/\b[a-z0-9-]+(\.[a-z0-9-]+)+\b/g, 'HOST')
    .replace(/\d+/g, '#')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100);
}

const pct = (n: number, of: number) => `${((100 * n) / Math.max(1, of)).toFixed(1)}%`;

function table(title: string, rows: Decided[], key: (d: Decided) => string): void {
  const all = new Map<string, { n: number; codeOnly: number }>();
  for (const d of rows) {
    const k = key(d);
    const t = all.get(k) ?? { n: 0, codeOnly: 0 };
    t.n += 1;
    if (d.outcome.evidence === 'code-only') t.codeOnly += 1;
    all.set(k, t);
  }
  console.log(`\n${title}`.padEnd(34) + 'replies  code-only');
  for (const [k, t] of [...all].sort((a, b) => b[1].codeOnly - a[1].codeOnly || b[1].n - a[1].n)) {
    if (t.codeOnly > 0 || all.size <= 12) console.log(`  ${k.padEnd(30)} ${String(t.n).padStart(6)}  ${String(t.codeOnly).padStart(4)} (${pct(t.codeOnly, t.n)})`);
  }
}

function main(): void {
  const rows = [...replies(), ...emails(), ...extraFiles()];
  console.log('set                               replies  code-only   by evidence: text / enhanced / provider');
  for (const set of [...new Set(rows.map((r) => r.set))]) {
    const of = rows.filter((r) => r.set === set);
    const count = (e: Outcome['evidence']) => of.filter((r) => r.outcome.evidence === e).length;
    console.log(`  ${set.padEnd(30)} ${String(of.length).padStart(6)}  ${String(count('code-only')).padStart(4)} (${pct(count('code-only'), of.length)})   ${count('text')} / ${count('enhanced')} / ${count('provider')}`);
  }
  const dev = rows.filter((r) => r.set === 'provider replies' || r.set === 'sisimai replies');
  const devCodeOnly = dev.filter((r) => r.outcome.evidence === 'code-only').length;
  console.log(`  dev replies (both reply sets)     ${String(dev.length).padStart(6)}  ${String(devCodeOnly).padStart(4)} (${pct(devCodeOnly, dev.length)})   issue 10 floor: under 3%`);
  table('code-only by reason', rows, (d) => d.outcome.reason);
  table('code-only by provider', rows, (d) => d.outcome.provider ?? '(none recognised)');
  const unread = new Map<string, number>();
  for (const d of rows) {
    if (d.outcome.evidence === 'text' || d.outcome.evidence === 'provider') continue;
    const p = phrasing(d.reply);
    if (p) unread.set(p, (unread.get(p) ?? 0) + 1);
  }
  console.log('\nthe 30 most frequent phrasings no text or provider rule read (code-only or enhanced-code decisions)');
  for (const [p, n] of [...unread].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${String(n).padStart(3)}  ${p}`);
}

main();
