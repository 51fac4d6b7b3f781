import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { emailPath, loadLabels } from '../../bench/dsn-corpus';
import { corpusDir } from '../../bench/lib/corpus';
import { tuneForColdRun } from '../../src/cli/cold-run';
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

  it('leave regexes compiled before them working: parse-dsn answers as without them', () => {
    const flags = coldRunFlags();
    expect(flags.length).toBeGreaterThan(0);
    // Set by the first module of the process, loaded by a relative name: a regex of Node's module
    // loader has then run once, as bytecode, and runs again after. `--no-regexp-tier-up` set at that
    // moment made V8 run that bytecode as machine code: SIGSEGV.
    fs.writeFileSync(path.join(tmp, 'tune.js'), `const v8 = require('node:v8');\nfor (const f of ${JSON.stringify(flags)}) v8.setFlagsFromString(f);\n`);
    const corpus = corpusDir();
    const files = loadLabels(corpus).slice(0, 20).map((e) => emailPath(corpus, e));
    const run = (pre: string[]) => spawnSync(process.execPath, [...pre, BIN, 'parse-dsn', '--jobs', '1', ...files], { cwd: tmp, encoding: 'utf8' });
    const tuned = run(['--require', './tune.js']);
    expect(tuned.signal).toBeNull();
    expect(tuned.status).toBe(0);
    expect(tuned.stdout.split('\n').filter(Boolean)).toHaveLength(20);
    expect(tuned.stdout).toBe(run([]).stdout);
  });
});
