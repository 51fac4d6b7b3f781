import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonl } from '../../bench/lib/corpus';
import { buildRuleSet, classify } from '../../src/classify/classifier';
import { ensureBuilt, ROOT } from '../helpers/cli';

/**
 * What a command loads decides how fast it starts (bench/cli-startup.ts measures it): each loads
 * only what it uses. Asserted on the modules a real run requires, not on timings.
 */
const MAIN = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const HEAVY = ['zod', 'redis', 'haraka-config', 'cli-table3', 'cli-progress', 'better-sqlite3', 'yaml', 'prom-client'];

/** The packages (not our own files) one run of the CLI requires, and its stdout. */
function packagesLoadedBy(args: string[], env: Record<string, string> = {}): { packages: string[]; stdout: string; status: number | null } {
  const probe = `
    const Module = require('node:module');
    const seen = new Set();
    const load = Module._load;
    Module._load = function (request) { seen.add(request); return load.apply(this, arguments); };
    require(${JSON.stringify(MAIN)}).main(['node', 'bounceguard', ...${JSON.stringify(args)}]).then((code) => {
      process.stderr.write('\\nLOADED ' + JSON.stringify([...seen].filter((r) => !r.startsWith('.') && !r.startsWith('node:') && !r.startsWith('/'))) + '\\n');
      process.exitCode = code;
    });`;
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', env: { ...process.env, ...env } });
  const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED '));
  if (!line) throw new Error(`no module list: ${r.stderr}`);
  return { packages: JSON.parse(line.slice(7)) as string[], stdout: r.stdout, status: r.status };
}

describe('CLI start-up: each command loads only what it uses', () => {
  let dir: string;
  beforeAll(() => {
    ensureBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-startup-'));
    fs.mkdirSync(path.join(dir, 'config'));
    fs.writeFileSync(path.join(dir, 'config', 'bounceguard.ini'), '[store]\nbackend=sqlite\nsqlite_path=list.db\n');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('--help and --version load commander and nothing else', () => {
    for (const args of [['--help'], ['--version']]) {
      const run = packagesLoadedBy(args);
      expect(run.status).toBe(0);
      expect(run.packages).toEqual(['commander']);
    }
  });

  it('classify of one reply loads the classifier from its build snapshot, without the rule validator', () => {
    const run = packagesLoadedBy(['classify', '550 5.1.1 <a@example.com>: user unknown']);
    expect(JSON.parse(run.stdout)).toMatchObject({ reason: 'userunknown', rule: expect.any(String) });
    expect(run.packages).toEqual(['commander']);
  });

  it('check on SQLite reads its config once, then loads neither the config reader, the validator nor Redis', () => {
    const args = ['--config', dir, 'suppression', 'add', 'gone@example.com', '--reason', 'userunknown'];
    const first = packagesLoadedBy(args);
    expect(first.status).toBe(0);
    expect(first.packages).toEqual(expect.arrayContaining(['zod', 'haraka-config']));
    const check = packagesLoadedBy(['--config', dir, 'check', 'gone@example.com']);
    expect(check.stdout).toMatch(/^gone@example\.com: suppressed/);
    expect(check.packages).toContain('better-sqlite3');
    expect(check.packages.filter((p) => HEAVY.includes(p) && p !== 'better-sqlite3')).toEqual([]);
  });

  it('reads and validates the config again when a file changes', () => {
    const ini = path.join(dir, 'config', 'bounceguard.ini');
    const before = fs.readFileSync(ini, 'utf8');
    try {
      fs.writeFileSync(ini, `${before}\n[suppress]\nescalate_after=oops\n`);
      const run = packagesLoadedBy(['--config', dir, 'check', 'gone@example.com']);
      expect(run.status).toBe(2);
      expect(run.packages).toContain('zod');
    } finally {
      fs.writeFileSync(ini, before);
    }
  });
});

describe('the first replies of a run, classified before the literal gate is built', () => {
  it('get the same Outcome as with the gate, for every reply of the dev corpus', () => {
    const replies = readJsonl<{ reply: string }>('sisimai/replies-dev.jsonl').map((r) => r.reply);
    const ungated = buildRuleSet([], { cacheSize: 0 });
    ungated.ungated = Infinity;
    const gated = buildRuleSet([], { cacheSize: 0 });
    gated.ungated = 0;
    expect(replies.length).toBeGreaterThan(300);
    for (const reply of replies) expect(classify(reply, ungated), reply).toEqual(classify(reply, gated));
  });
});
