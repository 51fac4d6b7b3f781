import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite';
import { transpileForChildren } from '../helpers/cli';

const PUTS = 1500;
const SHARED_KEYS = 50;
const IMPORTS = 5000;

// Each worker: distinct puts, merges into keys the other worker also writes, soft bounces of one
// recipient, and a bulk import, all at the same time as the other worker.
const WORKER = `
const { SqliteStore } = require(process.env.STORE_JS);
const w = process.env.WORKER;
const entry = (key, t) => ({ key, reason: 'userunknown', bounce: 'hard', source: 'smtp', code: 550, enhanced: '5.1.1',
  reply: null, provider: null, firstSeen: t, lastSeen: t, count: 1, expiresAt: null });
(async () => {
  const store = new SqliteStore({ path: process.env.DB, busyTimeoutMs: 10000 });
  while (Date.now() < Number(process.env.START_AT)) {}
  const now = Date.now();
  for (let i = 0; i < ${PUTS}; i += 1) {
    await store.put(entry('w' + w + '-' + i + '@example.com', now));
    await store.put(entry('shared' + (i % ${SHARED_KEYS}) + '@example.com', now));
    await store.recordSoftBounce('soft@example.com', 'w' + w + '-m' + i, now, 86400000);
  }
  const batch = Array.from({ length: ${IMPORTS} }, (_, i) => entry('imp' + w + '-' + i + '@example.com', now));
  await store.importMany(batch);
  await store.close();
})().catch((err) => { console.error(err); process.exit(1); });
`;

function runWorker(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', WORKER], { env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('two processes writing one SQLite file at once', () => {
  let dir: string;
  let compiled: { dir: string; nodePath: string };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-sqlite-procs-'));
    compiled = transpileForChildren(['src/store/sqlite.ts', 'src/store/sqlite-signals.ts', 'src/store/signal-types.ts', 'src/store/merge.ts', 'src/store/types.ts']);
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(compiled.dir, { recursive: true, force: true });
  });

  it('loses no write', async () => {
    const db = path.join(dir, 'bounceguard.db');
    const env = { DB: db, STORE_JS: path.join(compiled.dir, 'src/store/sqlite.js'), NODE_PATH: compiled.nodePath, START_AT: String(Date.now() + 700) };
    const results = await Promise.all([runWorker({ ...env, WORKER: '0' }), runWorker({ ...env, WORKER: '1' })]);
    expect(results.map((r) => r.stderr)).toEqual(['', '']);
    expect(results.map((r) => r.code)).toEqual([0, 0]);

    const store = new SqliteStore({ path: db });
    try {
      let total = 0;
      const shared = new Map<string, number>();
      for await (const e of store.scan()) {
        total += 1;
        if (e.key.startsWith('shared')) shared.set(e.key, e.count);
      }
      expect(total).toBe(2 * PUTS + SHARED_KEYS + 2 * IMPORTS);
      // Every merge of both workers counted: no read-modify-write was lost to the other process.
      expect([...shared.values()]).toEqual(Array(SHARED_KEYS).fill((2 * PUTS) / SHARED_KEYS));
      expect(await store.recordSoftBounce('soft@example.com', 'last', Date.now(), 86_400_000)).toBe(2 * PUTS + 1);
    } finally {
      await store.close();
    }
  });
});
