/**
 * Operator signals benchmark: what counting outcomes in the rolling windows (and writing their events
 * to the outbox) costs per outbound result, and how long one alert evaluation takes, per backend.
 * Prints figures only.
 *
 *   npm run bench:signals -- [--results 2000] [--rcpts 5] [--subjects 200] [--backends memory,sqlite,redis]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_RULES, evaluateAlerts, recordInWindows, type AlertRule } from '../src/alerts';
import { classify, loadRuleSet } from '../src/classify';
import { makeEvent, publish, type OutcomeData } from '../src/events';
import { freePort } from '../test/helpers/sim/haraka';
import { MemoryStore } from '../src/store/memory';
import { openRedisStore } from '../src/store/redis';
import { SqliteStore } from '../src/store/sqlite';
import type { SuppressionStore } from '../src/store/types';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const RESULTS = Number(arg('results', '2000'));
const RCPTS = Number(arg('rcpts', '5'));
const SUBJECTS = Number(arg('subjects', '200'));
const rules = loadRuleSet(() => ({}));
const OUTCOMES = ['250 2.0.0 OK', '550 5.1.1 <x@example.com>: Recipient address rejected: User unknown'].map((reply) => ({ reply, outcome: classify({ reply, stage: 'rcpt' }, rules) }));
const ALL_RULES: AlertRule[] = Object.entries(DEFAULT_RULES).map(([name, d]) => ({ name, ...d }));

/** One outbound result: RCPTS recipients of one sender (one of SUBJECTS) at one destination. */
function result(i: number): OutcomeData[] {
  return Array.from({ length: RCPTS }, (_, j) => {
    const { reply, outcome } = OUTCOMES[(i + j) % 20 === 0 ? 1 : 0];
    return {
      kind: outcome.bounce === 'none' ? 'delivered' : 'bounce', queueId: `q${i}`, sender: `news@s${i % SUBJECTS}.example`, recipient: `r${j}@d${i % 50}.example`,
      reply, outcome, senderDomain: `s${i % SUBJECTS}.example`, destination: `d${i % 50}.example`, localIp: `192.0.2.${i % 4}`, campaign: `c${i % 20}`,
    };
  });
}

async function measure(name: string, store: SuppressionStore): Promise<void> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < RESULTS; i += 1) {
    const batch = result(i);
    await Promise.all([recordInWindows(store, batch, Date.now()), publish(store, batch.map((o) => makeEvent('outcome', o)), 100_000)]);
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const evalStart = process.hrtime.bigint();
  await evaluateAlerts(store, ALL_RULES, Date.now());
  const evalMs = Number(process.hrtime.bigint() - evalStart) / 1e6;
  console.log(`${name.padEnd(7)} ${(RESULTS / (ms / 1000)).toFixed(0).padStart(7)} results/s (${((RESULTS * RCPTS) / (ms / 1000)).toFixed(0)} recipient outcomes/s, ` +
    `${(ms / RESULTS).toFixed(2)} ms a result); one evaluation of every rule over ${SUBJECTS} senders: ${evalMs.toFixed(0)} ms`);
}

async function main(): Promise<void> {
  const backends = arg('backends', 'memory,sqlite,redis').split(',');
  console.log(`${RESULTS} outbound results of ${RCPTS} recipients each, ${SUBJECTS} sending domains, 50 destinations, 4 IPs, 20 campaigns`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-bench-signals-'));
  try {
    if (backends.includes('memory')) await measure('memory', new MemoryStore());
    if (backends.includes('sqlite')) {
      const store = new SqliteStore({ path: path.join(tmp, 'signals.db') });
      await measure('sqlite', store);
      await store.close();
    }
    if (backends.includes('redis')) {
      const port = await freePort();
      const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      try {
        await new Promise((r) => setTimeout(r, 300));
        const { store, ready } = openRedisStore({ url: `redis://127.0.0.1:${port}` });
        await ready;
        await measure('redis', store);
        await store.close();
      } finally {
        server.kill('SIGKILL');
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

void main();
