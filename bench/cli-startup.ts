/**
 * Whole-process start-up of the CLI against a bare Node start (`node -e 1`): each command run
 * RUNS times (default 9), interleaved with the bare start, best time kept (the machine's noise only
 * ever adds). Wall time, and CPU time (user + system, from GNU time when /usr/bin/time exists),
 * which a busy machine disturbs less. `check` runs against a Haraka directory with a SQLite store,
 * the config cache warm (the first run fills it).
 *   node dist/bench/cli-startup.js [runs]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'bounceguard.js');
const TARGET = 2.5;

const GNU_TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

interface Times {
  wall: number;
  cpu: number;
}

/** One run: wall ms, and CPU ms (NaN without GNU time). */
function once(args: string[], input?: string): Times {
  const [cmd, argv] = GNU_TIME ? [GNU_TIME, ['-f', 'CPU %U %S', process.execPath, ...args]] : [process.execPath, args];
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { input, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const m = /CPU ([\d.]+) ([\d.]+)/.exec(r.stderr);
  return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN };
}

/** Best of `runs` for the command and for `node -e 1`, run in turn so that both see the same load. */
function bestOf(runs: number, args: string[], input?: string): { cmd: Times; bare: Times } {
  const best = { cmd: { wall: Infinity, cpu: Infinity }, bare: { wall: Infinity, cpu: Infinity } };
  for (let i = 0; i < runs; i += 1) {
    for (const [key, t] of [['cmd', once(args, input)], ['bare', once(['-e', '1'])]] as const) {
      best[key].wall = Math.min(best[key].wall, t.wall);
      best[key].cpu = Math.min(best[key].cpu, t.cpu);
    }
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
    const cases: [string, string[], string?][] = [
      ['bounceguard --help', [BIN, '--help']],
      ['bounceguard --version', [BIN, '--version']],
      ['bounceguard check someone@example.com', cli('check', 'someone@example.com')],
      ['bounceguard classify (one line on stdin)', [BIN, 'classify', '--text'], '550 5.1.1 <a@example.com>: user unknown\n'],
      ['bounceguard classify "550 ..." (argument)', [BIN, 'classify', '550 5.1.1 <a@example.com>: user unknown']],
    ];
    console.log(`best of ${runs} runs, whole process, each against node -e 1 run in turn; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`${''.padEnd(44)}   wall (node -e 1)      ratio   CPU (node -e 1)      ratio`);
    for (const [name, args, input] of cases) {
      const { cmd, bare } = bestOf(runs, args, input);
      const wall = cmd.wall / bare.wall;
      const cpu = cmd.cpu / bare.cpu;
      const verdict = Math.min(wall, cpu) <= TARGET ? 'ok' : `over the ${TARGET}x target`;
      console.log(`${name.padEnd(44)} ${cmd.wall.toFixed(0).padStart(5)} ms (${bare.wall.toFixed(0).padStart(4)})  ${wall.toFixed(2)}x   ${cmd.cpu.toFixed(0).padStart(5)} ms (${bare.cpu.toFixed(0).padStart(4)})  ${cpu.toFixed(2)}x  ${verdict}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
