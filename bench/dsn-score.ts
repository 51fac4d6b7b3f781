/**
 * Scores parseBounce against the labelled dev emails: share of emails whose recipients were
 * found, per-recipient reason and hard/soft agreement, per format, with and without the
 * label_leak emails, then the misses. Prints figures; never fails.
 *   node dist/bench/dsn-score.js [--no-misses]
 */
import * as fs from 'fs';
import { parseBounce, splitMbox } from '../src/dsn';
import type { RecipientResult } from '../src/dsn';
import { corpusDir } from './lib/corpus';
import { emailPath, loadLabels, sameRecipient, type LabelledEmail } from './dsn-corpus';

interface Row {
  email: LabelledEmail;
  found: boolean;
  recipients: { expected: LabelledEmail['expected'][number]; got: RecipientResult | undefined }[];
  format: string | null;
  kind: string;
}

interface Tally {
  emails: number;
  found: number;
  rcpts: number;
  reason: number;
  hard: number;
}

function score(email: LabelledEmail, corpus: string): Row {
  // A corpus file may be an mbox of several bounces: each is parsed, their recipients pooled.
  const reports = splitMbox(fs.readFileSync(emailPath(corpus, email))).map((m) => parseBounce(m));
  const all = reports.flatMap((r) => r.recipients);
  const recipients = email.expected.map((expected) => ({
    expected,
    // Found under its final address, else under the original one the report gives.
    got: all.find((r) => sameRecipient(expected.recipient, r.recipient)) ?? all.find((r) => r.originalRecipient !== null && sameRecipient(expected.recipient, r.originalRecipient)),
  }));
  return { email, found: recipients.some((r) => r.got), recipients, format: reports[0].format, kind: reports[0].kind };
}

function tally(rows: Row[]): Tally {
  const t: Tally = { emails: rows.length, found: 0, rcpts: 0, reason: 0, hard: 0 };
  for (const row of rows) {
    if (row.found) t.found++;
    for (const { expected, got } of row.recipients) {
      t.rcpts++;
      if (got && got.reason === expected.reason) t.reason++;
      if (got && (got.bounce === 'hard') === expected.hardbounce) t.hard++;
    }
  }
  return t;
}

const pct = (n: number, d: number) => (d ? ((100 * n) / d).toFixed(1).padStart(5) + '%' : '     -');

function cells(t: Tally): string {
  return `${String(t.emails).padStart(4)} ${pct(t.found, t.emails)} ${String(t.rcpts).padStart(4)} ${pct(t.reason, t.rcpts)} ${pct(t.hard, t.rcpts)}`;
}

function main(): void {
  const corpus = corpusDir();
  const rows = loadLabels(corpus).map((e) => score(e, corpus));
  const clean = (rs: Row[]) => rs.filter((r) => !r.email.label_leak);
  const head = 'mail  found rcpt reason   hard';
  console.log(`${'set'.padEnd(22)} ${head}`);
  console.log(`${'all'.padEnd(22)} ${cells(tally(rows))}`);
  console.log(`${'without label_leak'.padEnd(22)} ${cells(tally(clean(rows)))}`);
  console.log(`\n${'format (module)'.padEnd(22)} ${head}  | without label_leak: ${head}`);
  const modules = [...new Set(rows.map((r) => r.email.module))].sort();
  for (const m of modules) {
    const of = rows.filter((r) => r.email.module === m);
    console.log(`${m.padEnd(22)} ${cells(tally(of))}  |                     ${cells(tally(clean(of)))}`);
  }
  if (process.argv.includes('--no-misses')) return;
  console.log('\nmisses (email recipient: expected -> got [rule] diagnostic)');
  for (const row of rows) {
    for (const { expected, got } of row.recipients) {
      const hardOk = got && (got.bounce === 'hard') === expected.hardbounce;
      if (got && got.reason === expected.reason && hardOk) continue;
      const what = got ? `${got.reason}/${got.bounce} [${got.rule}] ${JSON.stringify((got.diagnostic ?? '').slice(0, 160))}` : `NOT FOUND (kind ${row.kind}, format ${row.format})`;
      const leak = row.email.label_leak ? ' (leak)' : '';
      console.log(`${row.email.id}${leak} ${expected.recipient}: ${expected.reason}/${expected.hardbounce ? 'hard' : 'soft'} -> ${what}`);
    }
  }
}

main();
