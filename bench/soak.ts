/**
 * Memory soak (issue 13): `npm run bench:soak`. A real Haraka with bounceguard-record, -suppress and
 * -throttle (SQLite store) relays one message to each of SOAK_DOMAINS distinct domains (default
 * 200,000) through a loopback MX that answers a mix of replies: accepted, user unknown, mailbox
 * full, rate limited, blocked, try later. Haraka's resident memory is read, after a forced garbage
 * collection, once SOAK_WARMUP messages (default 10,000) have been answered and again at the end;
 * the target is an end figure within 50 MB of the first. Run shorter by hand: SOAK_DOMAINS=30000.
 *   SOAK_DOMAINS=200000 SOAK_WARMUP=10000 SOAK_CONNECTIONS=8 SOAK_BATCH=2000 SOAK_PROBE_EVERY=20000
 */
import nodemailer from 'nodemailer';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startFakeMx, type FakeReply } from '../test/helpers/sim/fake-mx';
import { startHaraka } from '../test/helpers/sim/haraka';
import { bounceguardIni, packPluginFiles } from '../test/helpers/sim/pack';

const DOMAINS = Number(process.env.SOAK_DOMAINS ?? 200_000);
const WARMUP = Math.min(DOMAINS, Number(process.env.SOAK_WARMUP ?? 10_000));
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 8);
const BATCH = Number(process.env.SOAK_BATCH ?? 2000);
const PROBE_EVERY = Number(process.env.SOAK_PROBE_EVERY ?? 20_000);
const TARGET_MB = 50;

/** One reply in twenty is each kind of trouble; the rest are accepted. */
const REPLIES: Array<FakeReply | null> = [
  { code: 550, message: '5.1.1 <x>: Recipient address rejected: User unknown in virtual mailbox table' },
  { code: 552, message: '5.2.2 Mailbox full' },
  { code: 421, message: '4.7.0 Too many messages, rate limited, try again later' },
  { code: 554, message: '5.7.1 Service unavailable; client host blocked using zen.spamhaus.org' },
  { code: 450, message: '4.2.0 Greylisted, please try again in 300 seconds' },
  ...Array.from({ length: 15 }, () => null),
];

/** Reports memory after two forced collections, on an SMTP command only this bench sends. */
const MEMORY_PLUGIN = `'use strict';
const v8 = require('node:v8');
const vm = require('node:vm');
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
exports.hook_unrecognized_command = function (next, connection, params) {
  if (String(params[0]).toUpperCase() !== 'XMEM') return next();
  gc();
  gc();
  const m = process.memoryUsage();
  const status = require('node:fs').readFileSync('/proc/self/status', 'utf8');
  const kb = (name) => Number((new RegExp(name + ':[^0-9]*([0-9]+)').exec(status) || [0, 0])[1]) * 1024;
  connection.respond(250, 'rss=' + m.rss + ' heap=' + m.heapUsed + ' anon=' + kb('RssAnon') + ' file=' + kb('RssFile'));
  next(OK);
};
`;

interface Memory {
  rss: number;
  heap: number;
  /** Resident anonymous and file-backed parts of rss (0 where /proc is missing). */
  anon: number;
  file: number;
}

async function memoryOf(port: number): Promise<Memory> {
  const socket = net.connect(port, '127.0.0.1');
  let text = '';
  socket.on('data', (d: Buffer) => { text += d.toString(); });
  const waitFor = async (re: RegExp) => {
    for (let i = 0; i < 600 && !re.test(text); i++) await new Promise((r) => setTimeout(r, 50));
  };
  await waitFor(/^220 /m);
  socket.write('XMEM\r\n');
  await waitFor(/rss=\d+ heap=\d+ anon=\d+ file=\d+/);
  socket.end('QUIT\r\n');
  const m = /rss=(\d+) heap=(\d+) anon=(\d+) file=(\d+)/.exec(text);
  if (!m) throw new Error(`no memory figures from Haraka: ${text}`);
  return { rss: Number(m[1]), heap: Number(m[2]), anon: Number(m[3]), file: Number(m[4]) };
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const describe = (m: Memory) => `rss ${mb(m.rss)} MB (anonymous ${mb(m.anon)}, file-backed ${mb(m.file)}), heap ${mb(m.heap)} MB`;

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-soak-'));
  // A deferred recipient is accepted on its retry, as greylisting and rate limits do: otherwise Haraka's
  // own retry queue, not the pack, would grow with every deferral for the rest of the run.
  const deferred = new Set<string>();
  const mx = await startFakeMx({ replyFor: (rcpt) => {
    const reply = REPLIES[Number(/^u(\d+)@/.exec(rcpt)?.[1] ?? 0) % REPLIES.length];
    if (!reply || reply.code >= 500) return reply;
    if (deferred.delete(rcpt)) return null;
    deferred.add(rcpt);
    return reply;
  } });
  const store = { backend: 'sqlite', sqlite_path: path.join(tmp, 'bounceguard.db'), spool_path: path.join(tmp, 'spool') };
  const names = ['record', 'suppress', 'throttle'];
  const haraka = await startHaraka({
    mxPort: mx.port,
    plugins: ['bench_memory', ...names.map((n) => `bounceguard-${n}`)],
    pluginFiles: { ...packPluginFiles(names), 'bench_memory.js': MEMORY_PLUGIN },
    config: { 'bounceguard.ini': bounceguardIni(store), 'log.ini': '[main]\nlevel=warn\n' },
  });
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: haraka.port, pool: true, maxConnections: CONNECTIONS, maxMessages: Infinity, ignoreTLS: true });
  // Recipients the MX has answered at least once (retries of deferrals come again).
  const seen = new Set<string>();
  let scanned = 0;
  const answered = () => {
    for (; scanned < mx.rcptLog.length; scanned++) seen.add(mx.rcptLog[scanned].rcpt);
    return seen.size;
  };
  const started = Date.now();
  let first: Memory | null = null;
  try {
    for (let from = 0; from < DOMAINS; from += BATCH) {
      const to = Math.min(DOMAINS, from + BATCH);
      await Promise.all(Array.from({ length: to - from }, (_, k) => {
        const i = from + k;
        return transport.sendMail({ from: 'soak@haraka.test', to: `u${i}@d${i}.soak.example`, subject: `soak ${i}`, text: 'x'.repeat(500) });
      }));
      // Keep the queue short: wait until the MX has answered most of what was submitted.
      while (answered() < to - BATCH / 2) await new Promise((r) => setTimeout(r, 100));
      if (!first && to >= WARMUP) {
        first = await memoryOf(haraka.port);
        console.log(`after ${to} messages: ${describe(first)} (after a forced collection)`);
      } else if (first && to % PROBE_EVERY === 0) {
        const now = await memoryOf(haraka.port);
        console.log(`after ${to} messages: ${describe(now)}, rss +${mb(now.rss - first.rss)} MB, ${((Date.now() - started) / 1000).toFixed(0)} s`);
      } else if ((to / BATCH) % 10 === 0) {
        console.log(`${to} messages submitted, ${answered()} answered, ${((Date.now() - started) / 1000).toFixed(0)} s`);
      }
    }
    while (answered() < DOMAINS) await new Promise((r) => setTimeout(r, 200));
    // Let the background recording and the first retries of deferrals finish.
    await new Promise((r) => setTimeout(r, 15_000));
    const last = await memoryOf(haraka.port);
    const grew = last.rss - (first ?? last).rss;
    console.log(`after ${DOMAINS} messages: ${describe(last)} (after a forced collection)`);
    console.log(`\n${DOMAINS} distinct domains in ${((Date.now() - started) / 1000).toFixed(0)} s; rss grew ${mb(grew)} MB after the first ${WARMUP} ` +
      `(target: under ${TARGET_MB} MB): ${grew < TARGET_MB * 1024 * 1024 ? 'PASS' : 'FAIL'}`);
    if (grew >= TARGET_MB * 1024 * 1024) process.exitCode = 1;
  } finally {
    transport.close();
    await haraka.stop();
    await mx.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
