/**
 * Suppression store benchmark: import rate, lookups a second (hits and misses) for each backend,
 * and with --big SQLite lookup latency and file size at 10 million entries. Prints figures only.
 *
 *   npm run bench:store -- [--n 1000000] [--backends memory,sqlite,redis] [--big] [--big-n 10000000]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MemoryStore } from '../src/store/memory';
import { openRedisStore } from '../src/store/redis';
import { SqliteStore } from '../src/store/sqlite';
import type { SuppressionEntry, SuppressionStore } from '../src/store/types';
import { normaliseAddress } from '../src/util/address';

const BATCH = 10_000;
const LOOKUPS = 100_000;
const NOW = Date.now();

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/** Addresses as they arrive from an operator's file: mixed case, normalised on the way in. */
const rawAddress = (i: number) => `User.${i}@Domain${i % 5000}.Example`;
const keyOf = (i: number) => `user.${i}@domain${i % 5000}.example`;
/** Misses that sort among the hits, so that they search the whole index as real misses do. */
const missOf = (i: number) => `user.${i}x@domain${i % 5000}.example`;

function entry(key: string): SuppressionEntry {
  return {
    key, reason: 'userunknown', bounce: 'hard', source: 'import', code: 550, enhanced: '5.1.1',
    reply: '550 5.1.1 The email account that you tried to reach does not exist', provider: null,
    firstSeen: NOW, lastSeen: NOW, count: 1, expiresAt: null,
  };
}

interface Rate {
  wall: number;
  /** Per second of this process's CPU time: what a dedicated core would do on a shared machine. */
  cpu: number;
}

async function importAll(store: SuppressionStore, n: number, onBatch?: (done: number) => void): Promise<Rate> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  for (let start = 0; start < n; start += BATCH) {
    const batch: SuppressionEntry[] = [];
    for (let i = start; i < Math.min(n, start + BATCH); i += 1) batch.push(entry(normaliseAddress(rawAddress(i)).key));
    await store.importMany(batch);
    onBatch?.(start + batch.length);
  }
  const cpu = process.cpuUsage(cpuStarted);
  return { wall: n / ((performance.now() - started) / 1000), cpu: n / ((cpu.user + cpu.system) / 1e6) };
}

const rateText = (r: Rate) => `${fmt(r.wall)}/s (${fmt(r.cpu)}/s of CPU time)`;

/** Lookups a second, one awaited call at a time; hits and misses on random keys. */
async function lookupRate(store: SuppressionStore, n: number, hit: boolean): Promise<number> {
  const started = performance.now();
  for (let j = 0; j < LOOKUPS; j += 1) {
    const i = Math.floor(Math.random() * n);
    const found = await store.get(hit ? keyOf(i) : missOf(i));
    if ((found !== null) !== hit) throw new Error(`lookup of ${keyOf(i)} answered ${found ? 'hit' : 'miss'}`);
  }
  return LOOKUPS / ((performance.now() - started) / 1000);
}

async function latencies(store: SuppressionStore, n: number): Promise<{ p50: number; p99: number; max: number }> {
  const samples = new Float64Array(LOOKUPS);
  for (let j = 0; j < LOOKUPS; j += 1) {
    const i = Math.floor(Math.random() * n);
    const key = j % 2 === 0 ? keyOf(i) : missOf(i);
    const t = process.hrtime.bigint();
    await store.get(key);
    samples[j] = Number(process.hrtime.bigint() - t) / 1000;
  }
  samples.sort();
  return { p50: samples[Math.floor(LOOKUPS * 0.5)], p99: samples[Math.floor(LOOKUPS * 0.99)], max: samples[LOOKUPS - 1] };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function benchBackend(name: string, store: SuppressionStore, n: number): Promise<void> {
  const importRate = await importAll(store, n);
  const hits = await lookupRate(store, n, true);
  const misses = await lookupRate(store, n, false);
  console.log(`${name.padEnd(7)} import ${fmt(n)} addresses: ${rateText(importRate)}   lookups: hits ${fmt(hits)}/s, misses ${fmt(misses)}/s`);
}

async function withRedis<T>(fn: (url: string) => Promise<T>): Promise<T | null> {
  if (process.env.REDIS_URL) return fn(process.env.REDIS_URL);
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  let child: ChildProcess;
  try {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await new Promise((resolve, reject) => {
      child.once('error', reject);
      setTimeout(resolve, 300);
    });
  } catch {
    console.log('redis   skipped: redis-server not found (set REDIS_URL to use a running one)');
    return null;
  }
  try {
    return await fn(`redis://127.0.0.1:${port}`);
  } finally {
    child.kill('SIGKILL');
  }
}

async function bigSqlite(dir: string, n: number): Promise<void> {
  const file = path.join(dir, 'big.db');
  const store = new SqliteStore({ path: file });
  let last = 0;
  const rate = await importAll(store, n, (done) => {
    if (done - last >= 1_000_000) {
      last = done;
      process.stderr.write(`  ${fmt(done)} imported\r`);
    }
  });
  await store.close();
  const reopened = new SqliteStore({ path: file });
  await latencies(reopened, n); // warm-up: the figures below are for a running server, not a cold start
  const { p50, p99, max } = await latencies(reopened, n);
  await reopened.close();
  const size = ['', '-wal'].reduce((sum, s) => sum + (fs.existsSync(file + s) ? fs.statSync(file + s).size : 0), 0);
  console.log(`sqlite at ${fmt(n)} entries: import ${rateText(rate)}, lookup p50 ${p50.toFixed(1)} µs, p99 ${p99.toFixed(1)} µs, max ${fmt(max)} µs, file ${(size / 1e6).toFixed(0)} MB (${(size / n).toFixed(0)} bytes an entry)`);
}

async function main(): Promise<void> {
  const n = Number(arg('n', '1000000'));
  const backends = arg('backends', 'memory,sqlite,redis').split(',');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-bench-'));
  console.log(`node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}`);
  try {
    if (backends.includes('memory')) await benchBackend('memory', new MemoryStore(), n);
    if (backends.includes('sqlite')) {
      const store = new SqliteStore({ path: path.join(dir, 'bench.db') });
      await benchBackend('sqlite', store, n);
      await store.close();
    }
    if (backends.includes('redis')) {
      await withRedis(async (url) => {
        const { store, ready } = openRedisStore({ url, prefix: `bench${process.pid}:` });
        await ready;
        await benchBackend('redis', store, n);
        await store.close();
      });
    }
    if (process.argv.includes('--big')) await bigSqlite(dir, Number(arg('big-n', '10000000')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
