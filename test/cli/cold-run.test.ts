import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { emailPath, loadLabels } from '../../bench/dsn-corpus';
import { corpusDir } from '../../bench/lib/corpus';
import { tuneForColdRun } from '../../src/cli/cold-run';
import { parseBatch } from '../../src/cli/dsn-parse';
import { ensureBuilt, ROOT } from '../helpers/cli';

const BIN = path.join(ROOT, 'bin', 'bounceguard.js');

/** The flags tuneForColdRun sets, caught rather than set: they would change this test process's V8. */
function coldRunFlags(): string[] {
  const set = vi.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
  try {
    tuneForColdRun();
    return set.mock.calls.map(([flag]) => flag);
  } finally {
    set.mockRestore();
  }
}

describe('tuneForColdRun: V8 flags changed while the process runs', () => {
  let tmp: string;
  beforeAll(() => {
    ensureBuilt();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-cold-run-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  // Worker threads share the process's flags: 80 messages are past the two batches that --jobs 2 parses on one thread.
  it.each([[1, 20], [2, 80]])('leave regexes compiled before them working: parse-dsn --jobs %i answers as without them', (jobs, count) => {
    const flags = coldRunFlags();
    expect(flags.length).toBeGreaterThan(0);
    // Set by the first module of the process, loaded by a relative name: a regex of Node's module
    // loader has then run once, as bytecode, and runs again after. `--no-regexp-tier-up` set at that
    // moment made V8 run that bytecode as machine code: SIGSEGV.
    fs.writeFileSync(path.join(tmp, 'tune.js'), `const v8 = require('node:v8');\nfor (const f of ${JSON.stringify(flags)}) v8.setFlagsFromString(f);\n`);
    const corpus = corpusDir();
    const files = loadLabels(corpus).slice(0, count).map((e) => emailPath(corpus, e));
    const tuned = spawnSync(process.execPath, ['--require', './tune.js', BIN, 'parse-dsn', '--jobs', String(jobs), ...files], { cwd: tmp, encoding: 'utf8' });
    expect(tuned.signal).toBeNull();
    expect(tuned.status).toBe(0);
    expect(tuned.stdout.split('\n').filter(Boolean)).toHaveLength(count);
    // The CLI sets the flags itself: the answers without them are this process's, whose V8 keeps its defaults.
    expect(tuned.stdout).toBe(parseBatch(files.map((f) => ({ name: f, path: f })), undefined).text);
  });
});
