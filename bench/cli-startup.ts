/**
 * Whole-process start-up of the CLI against a bare Node start (`node -e 1`): each command run
 * RUNS times (default 9), best time kept (the machine's noise only ever adds). `check` runs
 * against a Haraka directory with a SQLite store, the config cache warm (the first run fills it).
 *   node dist/bench/cli-startup.js [runs]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'bounceguard.js');
const TARGET = 2.5;

function bestOf(runs: number, args: string[], input?: string): number {
  let best = Infinity;
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { input, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    best = Math.min(best, ms);
  }
  return best;
}

function main(): void {
  const runs = Number(process.argv[2] ?? 9);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-startup-'));
  try {
    fs.mkdirSync(path.join(dir, 'config'));
    fs.writeFileSync(path.join(dir, 'config', 'bounceguard.ini'), '[store]\nbackend=sqlite\nsqlite_path=list.db\n');
    const cli = (...args: string[]) => [BIN, '--config', dir, ...args];
    // Creates the store and fills the config cache, as any earlier run on the host would have.
    spawnSync(process.execPath, cli('suppression', 'add', 'gone@example.com', '--reason', 'userunknown'));
    const bare = bestOf(runs, ['-e', '1']);
    const cases: [string, string[], string?][] = [
      ['bounceguard --help', [BIN, '--help']],
      ['bounceguard --version', [BIN, '--version']],
      ['bounceguard check someone@example.com', cli('check', 'someone@example.com')],
      ['bounceguard classify (one line on stdin)', [BIN, 'classify', '--text'], '550 5.1.1 <a@example.com>: user unknown\n'],
      ['bounceguard classify "550 ..." (argument)', [BIN, 'classify', '550 5.1.1 <a@example.com>: user unknown']],
    ];
    console.log(`best of ${runs} runs, whole process; node -e 1: ${bare.toFixed(0)} ms; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    for (const [name, args, input] of cases) {
      const ms = bestOf(runs, args, input);
      const ratio = ms / bare;
      console.log(`${name.padEnd(44)} ${ms.toFixed(0).padStart(5)} ms  ${ratio.toFixed(2)}x node  ${ratio <= TARGET ? 'ok' : `over the ${TARGET}x target`}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
