/**
 * Whole-process comparison with Sisimai 4.25 (Debian's libsisimai-perl), same inputs, best of RUNS:
 *   parse-dsn: the dev corpus emails copied to at least FILES files in one directory;
 *              `bounceguard parse-dsn DIR` against `perl -MSisimai -e 'print Sisimai->dump(DIR)'`.
 *   classify:  REPLIES reply lines (the dev corpus replies repeated, each line made unique with a
 *              queue id so that no cache can answer it); `bounceguard classify --text` against
 *              Sisimai's own text matcher, `Sisimai->match(line)` a line, both printing one answer a line.
 *   node dist/bench/cli-sisimai.js [runs] [files] [replies]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { emailPath, loadLabels } from './dsn-corpus';
import { corpusDir } from './lib/corpus';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'bounceguard.js');

function timed(cmd: string, args: string[], stdinFile?: string): { ms: number; lines: number } {
  const input = stdinFile ? fs.openSync(stdinFile, 'r') : 'ignore';
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: [input, 'pipe', 'pipe'], maxBuffer: 1024 * 1024 * 1024, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (typeof input === 'number') fs.closeSync(input);
  if (r.status !== 0 && r.status !== 2) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}: ${r.stderr.slice(0, 500)}`);
  return { ms, lines: r.stdout.split('\n').filter(Boolean).length };
}

function best(runs: number, run: () => { ms: number; lines: number }): { ms: number; lines: number } {
  let b = run();
  for (let i = 1; i < runs; i += 1) {
    const r = run();
    if (r.ms < b.ms) b = r;
  }
  return b;
}

function report(name: string, ours: { ms: number }, theirs: { ms: number }, target: number): void {
  const ratio = theirs.ms / ours.ms;
  console.log(`${name}: bounceguard ${ours.ms.toFixed(0)} ms, Sisimai ${theirs.ms.toFixed(0)} ms: ${ratio.toFixed(1)}x faster (target ${target}x: ${ratio >= target ? 'met' : 'NOT met'})`);
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
    const ours = best(runs, () => timed(process.execPath, [BIN, 'parse-dsn', dir]));
    const oursOne = best(runs, () => timed(process.execPath, [BIN, 'parse-dsn', '--jobs', '1', dir]));
    const theirs = best(runs, () => timed('perl', ['-MSisimai', '-e', 'print Sisimai->dump($ARGV[0]), "\\n"', dir]));
    console.log(`parse-dsn over ${copies} files (${emails.length} dev emails repeated): ${ours.lines} report lines; one thread ${oursOne.ms.toFixed(0)} ms`);
    report('parse-dsn', ours, theirs, 5);

    const replies = fs.readFileSync(path.join(corpus, 'sisimai', 'replies-dev.jsonl'), 'utf8').split('\n').filter(Boolean)
      .map((l) => (JSON.parse(l) as { reply: string }).reply.replace(/\s+/g, ' ').trim()).filter(Boolean);
    const file = path.join(tmp, 'replies.txt');
    const lines = Array.from({ length: replyCount }, (_, i) => `${replies[i % replies.length]} [queue id ${i.toString(36)}]`);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const classified = best(runs, () => timed(process.execPath, [BIN, 'classify', '--text'], file));
    const matched = best(runs, () => timed('perl', ['-MSisimai', '-ne', 'chomp; print Sisimai->match($_) // "", "\\n"'], file));
    console.log(`classify ${replyCount} reply lines (${replies.length} dev replies, each line unique): ${classified.lines} answers, Sisimai ${matched.lines}`);
    report('classify', classified, matched, 20);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main();
