/**
 * Relay throughput with and without the pack: `npm run bench:relay` (BENCH_MESSAGES, BENCH_ROUNDS).
 * A real Haraka relays to a loopback sink that accepts everything; nodemailer submits over a pool of
 * connections. Each round runs Haraka without bounceguard, then with bounceguard-record and
 * bounceguard-suppress on the SQLite store, and times from the first submission until the sink
 * has every message. Prints messages a second for each and the ratio.
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

async function relayRun(withPack: boolean, sink: FakeMx): Promise<number> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-relay-'));
  const store = { backend: 'sqlite', sqlite_path: path.join(tmp, 'bounceguard.db'), spool_path: path.join(tmp, 'spool') };
  const haraka = await startHaraka({
    mxPort: sink.port,
    plugins: withPack ? ['bounceguard-record', 'bounceguard-suppress'] : [],
    pluginFiles: withPack ? packPluginFiles() : {},
    config: { 'bounceguard.ini': bounceguardIni(store), 'log.ini': '[main]\nlevel=warn\n' },
  });
  try {
    const before = sink.delivered.length;
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: haraka.port, pool: true, maxConnections: 8, maxMessages: Infinity, ignoreTLS: true });
    const started = process.hrtime.bigint();
    await Promise.all(Array.from({ length: MESSAGES }, (_, i) =>
      transport.sendMail({ from: 'bench@haraka.test', to: `user${i % 500}@sink${i % 7}.example`, subject: `bench ${i}`, text: 'x'.repeat(2000) })));
    transport.close();
    while (sink.delivered.length - before < MESSAGES) await new Promise((r) => setTimeout(r, 20));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return MESSAGES / seconds;
  } finally {
    await haraka.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const sink = await startFakeMx({ replyFor: () => null });
  const without: number[] = [];
  const withPack: number[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round += 1) {
      without.push(await relayRun(false, sink));
      withPack.push(await relayRun(true, sink));
      console.log(`round ${round}: without ${without.at(-1)!.toFixed(0)} msg/s, with bounceguard ${withPack.at(-1)!.toFixed(0)} msg/s`);
    }
  } finally {
    await sink.close();
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`\n${MESSAGES} messages a run, ${ROUNDS} rounds, one Haraka process, SQLite store`);
  console.log(`without the pack: ${mean(without).toFixed(0)} msg/s`);
  console.log(`with the pack:    ${mean(withPack).toFixed(0)} msg/s`);
  console.log(`ratio (with / without): ${(mean(withPack) / mean(without)).toFixed(3)}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
