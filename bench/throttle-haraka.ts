/**
 * Adaptive throttling with a real Haraka: `npm run bench:throttle`.
 * A loopback MX accepts one provider-like domain at a hidden rate (token bucket) and answers
 * 421 4.7.28 above it; another domain is accepted freely. N messages go to the limited domain and
 * 200 to the other, through Haraka with bounceguard-record and bounceguard-throttle (SQLite store),
 * without the throttle (Haraka's own retry schedule, the run cut off at a time limit), and with the
 * throttle on nodes=2 workers that share the pace through SQLite. Each throttled run then restarts
 * Haraka over the same store and sends the same batch again: what the pace remembered is worth.
 * The other domain's figure is each message's time from its own submission (Haraka's 250 to DATA)
 * to its delivery, the longest of them: what the throttle makes that domain wait. Submitting the
 * whole batch takes seconds itself (printed too), so a time from the first submission would measure
 * the submission, not the throttle.
 *   BENCH_MESSAGES=1000 BENCH_OTHER=200 BENCH_RATE=5 BENCH_BURST=5 BENCH_UNPACED_LIMIT_S=(2 x ideal)
 *   BENCH_RUNS=paced,unpaced,nodes2 (which runs, in this order); BENCH_VERBOSE=1 prints every pace change
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { FakeMx } from '../test/helpers/sim/fake-mx';
import { startHaraka } from '../test/helpers/sim/haraka';
import { bounceguardIni, packPluginFiles } from '../test/helpers/sim/pack';
import { RATE_LIMITED, startRateLimitedMx } from '../test/helpers/sim/rate-limited-mx';

const LIMITED = 'limited.example';
const OTHER = 'other.example';
const N = Number(process.env.BENCH_MESSAGES ?? 1000);
const OTHER_COUNT = Number(process.env.BENCH_OTHER ?? 200);
const LIMIT = { rate: Number(process.env.BENCH_RATE ?? 5), burst: Number(process.env.BENCH_BURST ?? 5) };
const IDEAL_S = N / LIMIT.rate;
const UNPACED_LIMIT_S = Number(process.env.BENCH_UNPACED_LIMIT_S ?? Math.ceil(2 * IDEAL_S));
/** A paced run that has not finished by then has failed; it should take about the ideal. */
const PACED_LIMIT_S = Math.ceil(5 * IDEAL_S + 60);

interface Run {
  id: string;
  name: string;
  throttle: boolean;
  nodes: number;
  limitS: number;
}

/** A batch's recipients are user<i>@..., the second batch's user<i>-2@..., so batches are told apart. */
interface Batch {
  suffix: string;
}

interface Figures {
  throttleReplies: number;
  delivered: number;
  /** Seconds from the first submission to the last limited message, or null when cut off. */
  limitedDoneS: number | null;
  /** Limited messages delivered a second, over the run (until the last one, or the cut-off). */
  limitedRate: number;
  otherDoneS: number | null;
  /** The other domain's longest and median time from a message's own submission to its delivery. */
  otherWaitS: { max: number; median: number } | null;
  submitS: number;
  paceChanges: string[];
}

/** The run's batches: the second (throttled runs only) after a Haraka restart over the same store. */
async function runOnce(run: Run): Promise<Figures[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-bench-throttle-'));
  const mx = await startRateLimitedMx([LIMITED], LIMIT);
  const store = { backend: 'sqlite', sqlite_path: path.join(tmp, 'bounceguard.db'), spool_path: path.join(tmp, 'spool') };
  const names = run.throttle ? ['record', 'throttle'] : ['record'];
  const batches: Batch[] = run.throttle ? [{ suffix: '' }, { suffix: '-2' }] : [{ suffix: '' }];
  const out: Figures[] = [];
  try {
    for (const batch of batches) {
      const haraka = await startHaraka({
        mxPort: mx.port,
        nodes: run.nodes,
        plugins: names.map((n) => `bounceguard-${n}`),
        pluginFiles: packPluginFiles(names),
        config: { 'bounceguard.ini': bounceguardIni(store), 'log.ini': '[main]\nlevel=notice\n' },
      });
      try {
        const started = Date.now();
        const accepted = await submit(haraka.port, batch);
        const submitS = (Date.now() - started) / 1000;
        const deadline = started + run.limitS * 1000;
        while ((count(mx, LIMITED, batch) < N || count(mx, OTHER, batch) < OTHER_COUNT) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
        out.push(figures(mx, batch, { started, submitS, accepted }, run.limitS, haraka.logs()));
      } finally {
        await haraka.stop();
      }
    }
    return out;
  } finally {
    await mx.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Submits the batch; resolves to when Haraka accepted each recipient's message. */
async function submit(port: number, batch: Batch): Promise<Map<string, number>> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, pool: true, maxConnections: 8, maxMessages: Infinity, ignoreTLS: true });
  // Interleaved, as a real queue would be: the other domain must not wait behind the limited one.
  const every = Math.max(1, Math.floor((N + OTHER_COUNT) / OTHER_COUNT));
  const rcpts: string[] = [];
  for (let i = 0, other = 0; i < N + OTHER_COUNT; i++) {
    const toOther = other < OTHER_COUNT && (i % every === 0 || N + OTHER_COUNT - i <= OTHER_COUNT - other);
    if (toOther) other++;
    rcpts.push(`user${i}${batch.suffix}@${toOther ? OTHER : LIMITED}`);
  }
  const accepted = new Map<string, number>();
  await Promise.all(rcpts.map(async (to, i) => {
    await transport.sendMail({ from: 'bench@haraka.test', to, subject: `bench ${i}`, text: 'x'.repeat(1000) });
    accepted.set(to, Date.now());
  }));
  transport.close();
  return accepted;
}

const inBatch = (rcpt: string, domain: string, batch: Batch) => rcpt.endsWith(`${batch.suffix}@${domain}`) && (batch.suffix !== '' || !/-\d+@/.test(rcpt));
const deliveredTo = (mx: FakeMx, domain: string, batch: Batch) => mx.delivered.filter((m) => inBatch(m.to[0], domain, batch));
const count = (mx: FakeMx, domain: string, batch: Batch) => deliveredTo(mx, domain, batch).length;

interface Submission {
  started: number;
  submitS: number;
  accepted: Map<string, number>;
}

function figures(mx: FakeMx, batch: Batch, { started, submitS, accepted }: Submission, limitS: number, logs: string): Figures {
  const limited = deliveredTo(mx, LIMITED, batch).map((m) => m.at);
  const otherMessages = deliveredTo(mx, OTHER, batch);
  const other = otherMessages.map((m) => m.at);
  const waits = otherMessages.map((m) => (m.at - (accepted.get(m.to[0]) ?? started)) / 1000).sort((a, b) => a - b);
  const limitedDoneS = limited.length === N ? (Math.max(...limited) - started) / 1000 : null;
  const refused = mx.rcptLog.filter((r) => r.code === RATE_LIMITED.code && inBatch(r.rcpt, LIMITED, batch)).length;
  return {
    throttleReplies: refused,
    delivered: limited.length,
    limitedDoneS,
    limitedRate: limited.length / (limitedDoneS ?? limitS),
    otherDoneS: other.length === OTHER_COUNT ? (Math.max(...other) - started) / 1000 : null,
    otherWaitS: waits.length === OTHER_COUNT ? { max: waits.at(-1)!, median: waits[Math.floor(waits.length / 2)] } : null,
    submitS,
    paceChanges: logs.split('\n').filter((l) => l.includes('bounceguard: throttle domain:')),
  };
}

function report(title: string, run: Run, f: Figures, harakaOwn: number | undefined): void {
  const done = f.limitedDoneS === null
    ? `cut off at ${run.limitS}s with ${f.delivered}/${N} delivered`
    : `all ${N} in ${f.limitedDoneS.toFixed(1)}s (${(f.limitedDoneS / IDEAL_S).toFixed(2)}x ideal)`;
  const share = run.throttle && harakaOwn ? ` (${((100 * f.throttleReplies) / harakaOwn).toFixed(1)}% of Haraka's own ${harakaOwn})` : '';
  console.log(`\n${title}`);
  console.log(`  throttle replies received:  ${f.throttleReplies}${share}`);
  console.log(`  limited domain:             ${done} (ideal ${IDEAL_S.toFixed(0)}s = ${N} / ${LIMIT.rate}/s)`);
  console.log(`  limited delivery rate:      ${f.limitedRate.toFixed(2)}/s (hidden rate ${LIMIT.rate}/s)`);
  const wait = f.otherWaitS && `each within ${f.otherWaitS.max.toFixed(1)}s of its submission (median ${f.otherWaitS.median.toFixed(1)}s)`;
  console.log(`  other domain, all ${OTHER_COUNT}:     ${wait ?? 'not all delivered'}`);
  console.log(`  ... from the first submission: ${f.otherDoneS === null ? '-' : `${f.otherDoneS.toFixed(1)}s`} (submitting all ${N + OTHER_COUNT} took ${f.submitS.toFixed(1)}s)`);
  if (run.throttle) console.log(`  pace changes logged:        ${f.paceChanges.length}`);
  if (process.env.BENCH_VERBOSE) for (const line of f.paceChanges) console.log(`    ${line}`);
}

async function main(): Promise<void> {
  console.log(`${N} messages to a domain accepting ${LIMIT.rate}/s (burst ${LIMIT.burst}), ${OTHER_COUNT} to one accepting everything`);
  const runs: Run[] = [
    { id: 'paced', name: 'with bounceguard-throttle, one process', throttle: true, nodes: 0, limitS: PACED_LIMIT_S },
    { id: 'unpaced', name: "without the throttle (Haraka's retry schedule)", throttle: false, nodes: 0, limitS: UNPACED_LIMIT_S },
    { id: 'nodes2', name: 'with bounceguard-throttle, nodes=2 sharing the pace through SQLite', throttle: true, nodes: 2, limitS: PACED_LIMIT_S },
  ];
  const wanted = (process.env.BENCH_RUNS ?? 'paced,unpaced,nodes2').split(',');
  // Haraka's own count first, so that every throttled figure can be read against it.
  const chosen = runs.filter((r) => wanted.includes(r.id)).sort((a, b) => Number(a.throttle) - Number(b.throttle));
  let harakaOwn: number | undefined;
  for (const run of chosen) {
    const [first, restarted] = await runOnce(run);
    if (!run.throttle) harakaOwn = first.throttleReplies;
    report(run.name, run, first, harakaOwn);
    if (restarted) report(`  ... the same batch again after a Haraka restart over the same store`, run, restarted, harakaOwn);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
