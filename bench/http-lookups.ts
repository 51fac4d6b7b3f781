/**
 * Lookups through the HTTP API on loopback: GET /api/check of one address at a time (half hits,
 * half misses) from CONCURRENCY keep-alive connections, and POST /api/check of 100 addresses at a
 * time. The API runs in a child process over a SQLite store of ENTRIES entries, with a bearer
 * token, as in production; the client in this one. Prints lookups a second and latency percentiles.
 *
 *   npm run bench:http -- [--entries 100000] [--seconds 10] [--concurrency 16]
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseHttpConfig, startHttpServer } from '../src/http';
import { SqliteStore } from '../src/store/sqlite';
import type { SuppressionEntry } from '../src/store/types';
import { SuppressionPolicy } from '../src/suppress';
import { parseSuppressConfig } from '../src/suppress/config';

const TOKEN = 'bench-token-0123456789abcdefghij';
const BATCH = 100;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? Number(process.argv[i + 1]) : fallback;
}

const keyOf = (i: number) => `user.${i}@domain${i % 5000}.example`;
/** Misses that sort among the hits, so that they search the index as real misses do. */
const missOf = (i: number) => `user.${i}x@domain${i % 5000}.example`;

async function serve(dbPath: string, entries: number): Promise<void> {
  const store = new SqliteStore({ path: dbPath });
  const now = Date.now();
  for (let i = 0; i < entries; i += 10_000) {
    const batch: SuppressionEntry[] = [];
    for (let j = i; j < Math.min(entries, i + 10_000); j++) {
      batch.push({ key: keyOf(j), reason: 'userunknown', bounce: 'hard', source: 'import', code: 550, enhanced: '5.1.1', reply: null, provider: null, firstSeen: now, lastSeen: now, count: 1, expiresAt: null });
    }
    await store.importMany(batch);
  }
  const config = parseSuppressConfig({});
  const suppression = { store, config, policy: new SuppressionPolicy(store, config) };
  const server = await startHttpServer(
    parseHttpConfig({ http: { enabled: true, listen: '127.0.0.1:0', rate_limit_per_minute: 0 }, tokens: { bench: `ro:${TOKEN}` } }),
    { suppression: () => suppression, throttle: () => null, log: () => undefined },
  );
  process.send!({ url: server.url });
}

interface Run {
  requests: number;
  lookups: number;
  latencies: number[];
  seconds: number;
}

async function drive(url: string, seconds: number, concurrency: number, entries: number, batch: boolean): Promise<Run> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const base = new URL(url);
  const latencies: number[] = [];
  let lookups = 0;
  let n = 0;
  const deadline = Date.now() + seconds * 1000;
  const address = () => {
    n += 1;
    const i = (n * 7919) % entries;
    return n % 2 ? keyOf(i) : missOf(i);
  };
  const once = () => new Promise<void>((resolve, reject) => {
    const body = batch ? JSON.stringify({ addresses: Array.from({ length: BATCH }, address) }) : undefined;
    const started = process.hrtime.bigint();
    const req = http.request({
      agent, host: base.hostname, port: base.port, method: batch ? 'POST' : 'GET',
      path: batch ? '/api/check' : `/api/check?address=${encodeURIComponent(address())}`,
      headers: { authorization: `Bearer ${TOKEN}`, ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}) },
    }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}`));
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        lookups += batch ? BATCH : 1;
        resolve();
      });
    });
    req.on('error', reject);
    req.end(body);
  });
  const started = Date.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() < deadline) await once();
  }));
  agent.destroy();
  return { requests: latencies.length, lookups, latencies, seconds: (Date.now() - started) / 1000 };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function report(name: string, run: Run): void {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const ms = (p: number) => `${percentile(sorted, p).toFixed(2)} ms`;
  console.log(`${name}: ${Math.round(run.lookups / run.seconds).toLocaleString('en')} lookups/s (${Math.round(run.requests / run.seconds).toLocaleString('en')} requests/s), latency p50 ${ms(50)}, p99 ${ms(99)}, max ${ms(100)}`);
}

async function main(): Promise<void> {
  if (process.argv[2] === 'serve') return serve(process.argv[3], Number(process.argv[4]));
  const entries = arg('entries', 100_000);
  const seconds = arg('seconds', 10);
  const concurrency = arg('concurrency', 16);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-bench-http-'));
  const child = fork(__filename, ['serve', path.join(tmp, 'bench.db'), String(entries)], { stdio: 'inherit' });
  try {
    const { url } = await new Promise<{ url: string }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as { url: string }));
      child.once('exit', (code) => reject(new Error(`the API process exited with ${code}`)));
    });
    console.log(`HTTP API on loopback over SQLite (${entries.toLocaleString('en')} entries), ${concurrency} connections, ${seconds} s each, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    await drive(url, 1, concurrency, entries, false);
    report('GET /api/check (one address)', await drive(url, seconds, concurrency, entries, false));
    report(`POST /api/check (${BATCH} addresses)`, await drive(url, seconds, concurrency, entries, true));
  } finally {
    child.kill();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
