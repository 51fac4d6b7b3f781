/**
 * Relay throughput with and without the pack: `npm run bench:relay` (BENCH_MESSAGES, BENCH_ROUNDS).
 * A real Haraka relays to a loopback sink that accepts everything; nodemailer submits over a pool of
 * connections. Each round runs Haraka without bounceguard, then with bounceguard-record,
 * bounceguard-suppress and bounceguard-throttle on the SQLite store (each run a fresh store, so every
 * destination goes through slow start), then with bounceguard-returnpath added (every message signed
 * and recorded), each round in another order, and times from the first submission until the
 * sink has every message. Prints messages a second for each and the ratios, and the CPU time the
 * Haraka process spent a message (from /proc: the figure that moves least with the machine's load).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { startFakeMx, type FakeMx } from '../test/helpers/sim/fake-mx';
import { startHaraka } from '../test/helpers/sim/haraka';
import { bounceguardIni, packPluginFiles } from '../test/helpers/sim/pack';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

type Variant = 'none' | 'pack' | 'returnpath';
const PACK = ['record', 'suppress', 'throttle'];
const PLUGINS: Record<Variant, string[]> = { none: [], pack: PACK, returnpath: [...PACK, 'returnpath'] };
const RETURNPATH_INI = '[main]\nenabled=true\n[keys]\n1=a benchmark secret, long enough\n[haraka.test]\nmode=batv\n';

interface Run {
  perSecond: number;
  /** CPU milliseconds of the Haraka process a message; NaN without /proc. */
  cpuMs: number;
}

/** User + system CPU milliseconds of a process so far (Linux). */
function cpuMsOf(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

async function relayRun(variant: Variant, sink: FakeMx): Promise<Run> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-relay-'));
  const store = { backend: 'sqlite', sqlite_path: path.join(tmp, 'bounceguard.db'), spool_path: path.join(tmp, 'spool') };
  const haraka = await startHaraka({
    mxPort: sink.port,
    plugins: PLUGINS[variant].map((p) => `bounceguard-${p}`),
    pluginFiles: variant === 'none' ? {} : packPluginFiles(PLUGINS[variant]),
    config: { 'bounceguard.ini': bounceguardIni(store), 'bounceguard-returnpath.ini': RETURNPATH_INI, 'log.ini': '[main]\nlevel=warn\n' },
  });
  try {
    const before = sink.delivered.length;
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: haraka.port, pool: true, maxConnections: 8, maxMessages: Infinity, ignoreTLS: true });
    const started = process.hrtime.bigint();
    const cpuBefore = cpuMsOf(haraka.pid);
    await Promise.all(Array.from({ length: MESSAGES }, (_, i) =>
      transport.sendMail({ from: 'bench@haraka.test', to: `user${i % 500}@sink${i % 7}.example`, subject: `bench ${i}`, text: 'x'.repeat(2000) })));
    transport.close();
    while (sink.delivered.length - before < MESSAGES) await new Promise((r) => setTimeout(r, 20));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpuMs = (cpuMsOf(haraka.pid) - cpuBefore) / MESSAGES;
    if (variant === 'returnpath' && !sink.delivered.slice(before).every((m) => m.from.startsWith('prvs='))) throw new Error('bounceguard-returnpath did not sign every message');
    return { perSecond: MESSAGES / seconds, cpuMs };
  } finally {
    await haraka.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const sink = await startFakeMx({ replyFor: () => null });
  const runs: Record<Variant, Run[]> = { none: [], pack: [], returnpath: [] };
  const order: Variant[] = ['none', 'pack', 'returnpath'];
  try {
    for (let round = 1; round <= ROUNDS; round += 1) {
      // Each round starts with another variant: the later runs of a round measured slower here.
      const rotated = [...order.slice((round - 1) % 3), ...order.slice(0, (round - 1) % 3)];
      for (const variant of rotated) runs[variant].push(await relayRun(variant, sink));
      const last = (v: Variant) => `${runs[v].at(-1)!.perSecond.toFixed(0)} msg/s (${runs[v].at(-1)!.cpuMs.toFixed(2)} CPU ms/msg)`;
      console.log(`round ${round} (${rotated.join(', ')}): without ${last('none')}, with bounceguard ${last('pack')}, with bounceguard-returnpath too ${last('returnpath')}`);
    }
  } finally {
    await sink.close();
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rate = (v: Variant) => mean(runs[v].map((r) => r.perSecond));
  const cpu = (v: Variant) => mean(runs[v].map((r) => r.cpuMs));
  console.log(`\n${MESSAGES} messages a run, ${ROUNDS} rounds, one Haraka process, SQLite store`);
  console.log(`without the pack: ${rate('none').toFixed(0)} msg/s, ${cpu('none').toFixed(2)} CPU ms/msg`);
  console.log(`with the pack:    ${rate('pack').toFixed(0)} msg/s, ${cpu('pack').toFixed(2)} CPU ms/msg`);
  console.log(`with the pack and bounceguard-returnpath: ${rate('returnpath').toFixed(0)} msg/s, ${cpu('returnpath').toFixed(2)} CPU ms/msg`);
  console.log(`ratio (with / without): ${(rate('pack') / rate('none')).toFixed(3)} (CPU: ${(cpu('none') / cpu('pack')).toFixed(3)})`);
  console.log(`ratio (with returnpath / without): ${(rate('returnpath') / rate('none')).toFixed(3)} (CPU: ${(cpu('none') / cpu('returnpath')).toFixed(3)})`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
