/**
 * `bounceguard classify` against fuzzed input (issue 13): `npm run bench:fuzz-classify`.
 * FUZZ_LINES lines (default 100,000) built from a seeded generator: valid requests, truncated and
 * corrupted JSON, ids and stages nested thousands deep, lines up to 2 MB, bare CRs, blank lines,
 * random bytes. The real CLI reads them all on stdin; the figures are the input and output line
 * counts, whether every id came back in order, the exit status, and the input that cost the most
 * time per KB (timed in process, line by line, through the same function the CLI uses).
 *   FUZZ_LINES=100000 FUZZ_SEED=13
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildRuleSet } from '../src/classify';
import { classifyLine } from '../src/cli/classify-stream';
import { MAX_LINE_BYTES } from '../src/cli/lines';
import { prng } from './lib/prng';

const LINES = Number(process.env.FUZZ_LINES ?? 100_000);
const SEED = Number(process.env.FUZZ_SEED ?? 13);
const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');

const REPLIES = [
  '550 5.1.1 <a@b.example>: user unknown', '421 4.7.28 unusual rate - gsmtp', '452 4.2.2 mailbox full',
  '551 5.1.6 user not local; please try <x@y.example>', '554 5.7.1 blocked using zen.spamhaus.org', '250 2.0.0 OK',
];

/** One fuzzed line (without its LF); the id it should echo when it is a valid request, else null. */
function fuzzLine(i: number, rnd: () => number): { text: string; id: number | null } {
  const int = (n: number) => Math.floor(rnd() * n);
  const reply = REPLIES[int(REPLIES.length)];
  const pick = int(1000);
  if (pick === 0) {
    const text = JSON.stringify({ id: i, reply: 'x'.repeat(int(2_000_000)) });
    return { text, id: text.length > MAX_LINE_BYTES ? null : i };
  }
  const deep = 5000 + int(5000);
  if (pick <= 10) return { text: `{"id":${'['.repeat(deep)}${']'.repeat(deep)},"reply":${JSON.stringify(reply)}}`, id: null };
  if (pick <= 20) return { text: `{"id":${i},"reply":${JSON.stringify(reply)},"stage":${'{"a":'.repeat(deep)}1${'}'.repeat(deep)}}`, id: i };
  switch (pick % 7) {
    case 2: return { text: JSON.stringify({ id: i, reply: `${reply} ${'please try <a@'.repeat(int(300))}` }), id: i };
    case 3: return { text: JSON.stringify({ id: i, reply }).replace(' ', '\r'), id: null };
    case 4: return { text: '', id: null };
    case 5: return { text: Buffer.from(Array.from({ length: int(300) }, () => int(256)).filter((b) => b !== 10)).toString('latin1'), id: null };
    case 6: return { text: JSON.stringify({ id: i, reply }).slice(0, 1 + int(40)), id: null };
    default: return { text: JSON.stringify({ id: i, reply, stage: 'rcpt', mx: 'mx.example.net' }), id: i };
  }
}

async function main(): Promise<void> {
  const rnd = prng(SEED);
  const lines = Array.from({ length: LINES }, (_, i) => fuzzLine(i, rnd));
  const input = Buffer.concat(lines.map((l) => Buffer.from(`${l.text}\n`, 'latin1')));

  const rules = buildRuleSet();
  const perKb = (l: { text: string }, runs: number) => {
    let best = Infinity;
    for (let r = 0; r < runs; r++) {
      const start = process.hrtime.bigint();
      classifyLine({ text: l.text }, rules, false);
      best = Math.min(best, Number(process.hrtime.bigint() - start) / 1000);
    }
    return best / Math.max(l.text.length / 1024, 1);
  };
  // Every line once, then the 20 slowest again, fastest of five: one pause of the process is not the input's cost.
  const once = lines.map((l, i) => ({ i, usPerKb: perKb(l, 1) })).sort((a, b) => b.usPerKb - a.usPerKb).slice(0, 20);
  const worst = once.map(({ i }) => ({ i, usPerKb: perKb(lines[i], 5) })).sort((a, b) => b.usPerKb - a.usPerKb)[0];
  const slowest = { usPerKb: worst.usPerKb, kb: lines[worst.i].text.length / 1024, head: lines[worst.i].text.slice(0, 60) };

  const started = Date.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'bounceguard.js'), 'classify'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const out: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => out.push(d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  child.stdin.end(input);
  const code = await exited;
  const output = Buffer.concat(out).toString('utf8').split('\n').slice(0, -1);
  let inOrder = true;
  for (let i = 0; i < lines.length && i < output.length; i++) {
    if (lines[i].id === null) continue;
    const echoed = (JSON.parse(output[i]) as { id?: unknown }).id;
    if (echoed !== lines[i].id) {
      if (inOrder) console.log(`line ${i}: expected id ${lines[i].id}, got ${JSON.stringify(echoed)}: ${output[i].slice(0, 200)}`);
      inOrder = false;
    }
  }
  console.log(`input: ${LINES} lines, ${(input.length / 1024 / 1024).toFixed(1)} MB (seed ${SEED})`);
  console.log(`output: ${output.length} lines, ids echoed in order: ${inOrder ? 'yes' : 'NO'}, exit ${code}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`slowest input per KB: ${slowest.usPerKb.toFixed(0)} µs/KB (a ${slowest.kb.toFixed(1)} KB line starting ${JSON.stringify(slowest.head)})`);
  if (output.length !== LINES || !inOrder || code !== 0) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
