/**
 * Whole-process comparison with Sisimai 4.25 (Debian's libsisimai-perl), same inputs, best of RUNS:
 *   parse-dsn: the dev corpus emails copied to at least FILES files in one directory;
 *              `bounceguard parse-dsn DIR` against `perl -MSisimai -e 'print Sisimai->dump(DIR)'`.
 *   classify:  REPLIES reply lines: the dev corpus replies repeated, each line made unique the way a
 *              real log's are, by the recipient's address and a queue id (the classifier masks both,
 *              so a repeated reply is classified once, as in production); `bounceguard classify --text`
 *              against Sisimai's own text matcher, `Sisimai->match(line)` a line, one answer a line each.
 * bounceguard runs with --jobs 2 (both cores of the development VM) and with --jobs 1.
 *   node dist/bench/cli-sisimai.js [runs] [files] [replies] [dsn|classify]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { emailPath, loadLabels } from './dsn-corpus';
import { corpusDir } from './lib/corpus';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'bounceguard.js');

const GNU_TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

interface Run {
  /** Wall time, ms. */
  ms: number;
  /** User + system CPU time, ms (NaN without GNU time): a busy machine disturbs it less. */
  cpu: number;
  lines: number;
}

function timed(cmd: string, args: string[], stdinFile?: string): Run {
  const input = stdinFile ? fs.openSync(stdinFile, 'r') : 'ignore';
  const [bin, argv] = GNU_TIME ? [GNU_TIME, ['-f', 'CPU %U %S', cmd, ...args]] : [cmd, args];
  const start = process.hrtime.bigint();
  const r = spawnSync(bin, argv, { stdio: [input, 'pipe', 'pipe'], maxBuffer: 1024 * 1024 * 1024, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (typeof input === 'number') fs.closeSync(input);
  if (r.status !== 0 && r.status !== 2) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}: ${r.stderr.slice(0, 500)}`);
  const m = /CPU ([\d.]+) ([\d.]+)/.exec(r.stderr);
  return { ms, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN, lines: r.stdout.split('\n').filter(Boolean).length };
}

function best(runs: number, run: () => Run): Run {
  let b = run();
  for (let i = 1; i < runs; i += 1) {
    const r = run();
    b = { ms: Math.min(b.ms, r.ms), cpu: Math.min(b.cpu, r.cpu), lines: r.lines };
  }
  return b;
}

function report(name: string, ours: Run, theirs: Run, target: number): void {
  const ratio = theirs.ms / ours.ms;
  console.log(`${name}: bounceguard ${ours.ms.toFixed(0)} ms (CPU ${ours.cpu.toFixed(0)} ms), Sisimai ${theirs.ms.toFixed(0)} ms (CPU ${theirs.cpu.toFixed(0)} ms): ` +
    `${ratio.toFixed(1)}x faster in wall time, ${(theirs.cpu / ours.cpu).toFixed(1)}x in CPU time (target ${target}x: ${ratio >= target ? 'met' : 'NOT met'})`);
}

function main(): void {
  const runs = Number(process.argv[2] ?? 3);
  const fileCount = Number(process.argv[3] ?? 1000);
  const replyCount = Number(process.argv[4] ?? 200_000);
  const corpus = corpusDir();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-sisimai-'));
  try {
    console.log(`load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ${os.availableParallelism()} cores, best of ${runs}`);
    const emails = [...new Set(loadLabels(corpus).map((e) => emailPath(corpus, e)))];
    const dir = path.join(tmp, 'emails');
    fs.mkdirSync(dir);
    const copies = Math.ceil(fileCount / emails.length) * emails.length;
    for (let i = 0; i < copies; i += 1) fs.copyFileSync(emails[i % emails.length], path.join(dir, `m${String(i).padStart(6, '0')}.eml`));
    const only = process.argv[5];
    if (only !== 'classify') dsn(runs, dir, copies, emails.length);
    if (only !== 'dsn') classifyLines(runs, corpus, tmp, replyCount);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function dsn(runs: number, dir: string, copies: number, distinct: number): void {
  const ours = best(runs, () => timed(process.execPath, [BIN, 'parse-dsn', '--jobs', '2', dir]));
  const oursOne = best(runs, () => timed(process.execPath, [BIN, 'parse-dsn', '--jobs', '1', dir]));
  const theirs = best(runs, () => timed('perl', ['-MSisimai', '-e', 'print Sisimai->dump($ARGV[0]), "\\n"', dir]));
  console.log(`parse-dsn over ${copies} files (${distinct} dev emails repeated): ${ours.lines} report lines; one thread ${oursOne.ms.toFixed(0)} ms, CPU ${oursOne.cpu.toFixed(0)} ms (${(theirs.ms / oursOne.ms).toFixed(1)}x)`);
  report('parse-dsn', ours, theirs, 5);
}

function classifyLines(runs: number, corpus: string, tmp: string, replyCount: number): void {
  const replies = fs.readFileSync(path.join(corpus, 'sisimai', 'replies-dev.jsonl'), 'utf8').split('\n').filter(Boolean)
    .map((l) => (JSON.parse(l) as { reply: string }).reply.replace(/\s+/g, ' ').trim()).filter(Boolean);
  const file = path.join(tmp, 'replies.txt');
  // A Postfix-style queue id (11 hex digits) and an address of its own on every line.
  const lines = Array.from({ length: replyCount }, (_, i) => `${replies[i % replies.length]} (rcpt user${i}@example.com, queue id ${(0x10000000000 + i * 7919).toString(16).toUpperCase()})`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  const classified = best(runs, () => timed(process.execPath, [BIN, 'classify', '--text', '--jobs', '2'], file));
  const oneThread = best(runs, () => timed(process.execPath, [BIN, 'classify', '--text', '--jobs', '1'], file));
  const matched = best(runs, () => timed('perl', ['-MSisimai', '-ne', 'chomp; print Sisimai->match($_) // "", "\\n"'], file));
  console.log(`classify ${replyCount} reply lines (${replies.length} dev replies, each line unique): ${classified.lines} answers, Sisimai ${matched.lines}; ` +
    `one thread ${oneThread.ms.toFixed(0)} ms, CPU ${oneThread.cpu.toFixed(0)} ms (${(matched.ms / oneThread.ms).toFixed(1)}x)`);
  report('classify', classified, matched, 20);
}

main();
