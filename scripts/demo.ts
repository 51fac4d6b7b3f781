/**
 * `npm run demo`: a real Haraka with the bounceguard plugins and the SQLite store relays a batch of
 * messages to a loopback simulated remote MX (alive, unknown, disabled, full and greylisted mailboxes;
 * a Spamhaus block, a DMARC failure, a DATA-stage content rejection, a 421 at greeting), then sends
 * the batch again, and prints what bounceguard made of it. About a minute; cleans up after itself.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Table from 'cli-table3';
import nodemailer from 'nodemailer';
import { openStore, parseStoreConfig, type SuppressionEntry } from '../src/store';
import { startFakeMx, type FakeMx } from '../test/helpers/sim/fake-mx';
import { BUSY_GREETING, DEMO_DOMAINS, DEMO_KINDS, demoReply } from '../test/helpers/sim/demo-mx';
import { startHaraka, type RunningHaraka } from '../test/helpers/sim/haraka';
import { bounceguardIni, packPluginFiles } from '../test/helpers/sim/pack';

interface Message { to: string[] }

const SENDER = 'news@haraka.test';

/** Each address once, full mailboxes three times (distinct messages: they escalate), in mixed batches. */
function batch(): Message[] {
  const rcpts: string[] = [];
  for (const k of DEMO_KINDS) {
    for (let i = 0; i < k.count; i += 1) {
      const copies = k.kind === 'mailbox full' ? 3 : 1;
      for (let c = 0; c < copies; c += 1) rcpts.push(k.address(i));
    }
  }
  const messages: Message[] = [];
  for (let i = 0; i < rcpts.length; i += 1) {
    // Most messages have one recipient; every fifth carries a healthy one too (mixed outcomes).
    messages.push({ to: i % 5 === 0 && !rcpts[i].startsWith('user') ? [rcpts[i], `user${i % 150}@${DEMO_DOMAINS.healthy}`] : [rcpts[i]] });
  }
  return messages;
}

async function sendAll(port: number, messages: Message[]) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: true, maxConnections: 4, maxMessages: Infinity });
  const refused: string[] = [];
  let accepted = 0;
  await Promise.all(messages.map(async (m, i) => {
    try {
      const info = await transport.sendMail({ from: SENDER, to: m.to, subject: `demo ${i}`, text: 'Hello from the bounceguard demo.' });
      accepted += info.accepted.length;
      refused.push(...info.rejected.map(String));
    } catch (err) {
      refused.push(...((err as { rejected?: string[] }).rejected ?? []));
    }
  }));
  transport.close();
  return { accepted, refused };
}

interface LogLine { kind: string; rcpt: string; reason: string; action: string }

function outcomeLines(logs: string): LogLine[] {
  const re = /bounceguard: \[[^\]]*\] (delivered|deferred|bounce) rcpt=<([^>]+)> code=\S+(?: \S+)? reason=(\S+) .*? action=(\S+)/g;
  return [...logs.matchAll(re)].map((m) => ({ kind: m[1], rcpt: m[2], reason: m[3], action: m[4] }));
}

async function waitForOutcomes(haraka: RunningHaraka, expected: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const seen = new Set(outcomeLines(haraka.logs()).filter((l) => l.kind !== 'deferred' || l.reason !== 'onhold').map((l) => l.rcpt));
    if (seen.size >= expected) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

function kindOf(rcpt: string): string {
  if (rcpt === SENDER) return "Haraka's own DSNs to the sender";
  for (const k of DEMO_KINDS) for (let i = 0; i < k.count; i += 1) if (k.address(i) === rcpt) return k.kind;
  return '?';
}

function printOutcomes(lines: LogLine[]): void {
  const table = new Table({ head: ['recipient kind', 'event', 'reason', 'count', 'what bounceguard did'] });
  const counts = new Map<string, number>();
  for (const l of lines) {
    const key = [kindOf(l.rcpt), l.kind, l.reason, l.action.replace(/\(.*$/, '')].join('\t');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [key, n] of [...counts].sort()) {
    const [kind, event, reason, action] = key.split('\t');
    table.push([kind, event, reason, n, action]);
  }
  console.log('\nFirst pass: what the remote said, and what bounceguard did (one row per kind of outcome)');
  console.log(table.toString());
}

function printSuppressions(entries: SuppressionEntry[]): void {
  const byReason = new Map<string, SuppressionEntry[]>();
  for (const e of entries) byReason.set(`${e.reason}\t${e.source}`, [...(byReason.get(`${e.reason}\t${e.source}`) ?? []), e]);
  const table = new Table({ head: ['reason', 'source', 'entries', 'example', 'expires'] });
  for (const [key, list] of byReason) {
    const [reason, source] = key.split('\t');
    table.push([reason, source, list.length, list[0].key, list[0].expiresAt ? new Date(list[0].expiresAt).toISOString().slice(0, 10) : 'never']);
  }
  console.log('\nSuppressions written to the SQLite store');
  console.log(table.toString());
}

async function main(): Promise<void> {
  const started = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bounceguard-demo-'));
  const storeSection = { backend: 'sqlite', sqlite_path: path.join(tmp, 'bounceguard.db'), spool_path: path.join(tmp, 'spool') };
  let mx: FakeMx | undefined;
  let busy: FakeMx | undefined;
  let haraka: RunningHaraka | undefined;
  try {
    mx = await startFakeMx({ replyFor: (rcpt) => demoReply(rcpt) });
    busy = await startFakeMx({ replyFor: () => null, greeting: () => BUSY_GREETING });
    haraka = await startHaraka({
      mxPort: mx.port,
      routes: { [DEMO_DOMAINS.busy]: busy.port },
      plugins: ['bounceguard-record', 'bounceguard-suppress'],
      pluginFiles: packPluginFiles(),
      config: { 'bounceguard.ini': bounceguardIni(storeSection), 'outbound.ini': 'temp_fail_intervals=5s*3\n' },
    });
    const messages = batch();
    const distinct = new Set(messages.flatMap((m) => m.to)).size;
    console.log(`Haraka on 127.0.0.1:${haraka.port}, remote MX on 127.0.0.1:${mx.port} (busy.example: ${busy.port}), store ${storeSection.sqlite_path}`);
    console.log(`First pass: ${messages.length} messages to ${distinct} distinct recipients...`);
    await sendAll(haraka.port, messages);
    await waitForOutcomes(haraka, distinct, 40_000);
    printOutcomes(outcomeLines(haraka.logs()));

    const store = await openStore(parseStoreConfig({ store: storeSection }, tmp));
    const entries: SuppressionEntry[] = [];
    for await (const e of store.scan()) entries.push(e);
    await store.close();
    printSuppressions(entries);

    console.log(`\nSecond pass: the same ${messages.length} messages again...`);
    const second = await sendAll(haraka.port, messages);
    const refusedKinds = new Map<string, number>();
    for (const r of new Set(second.refused)) refusedKinds.set(kindOf(r), (refusedKinds.get(kindOf(r)) ?? 0) + 1);
    console.log(`Refused at RCPT by bounceguard-suppress: ${new Set(second.refused).size} recipients (${[...refusedKinds].map(([k, n]) => `${n} ${k}`).join(', ')}); ${second.accepted} recipients accepted.`);

    const senderSide = new Set(DEMO_KINDS.filter((k) => k.senderSide).flatMap((k) => Array.from({ length: k.count }, (_, i) => k.address(i))));
    const wrong = entries.filter((e) => senderSide.has(e.key) || [DEMO_DOMAINS.listed, DEMO_DOMAINS.dmarc, DEMO_DOMAINS.content, DEMO_DOMAINS.busy].some((d) => e.key === `@${d}`));
    console.log(`Suppressions caused by sender-side failures (Spamhaus, DMARC, content, 421 at greeting): ${wrong.length}.`);
    console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
    if (wrong.length) process.exitCode = 1;
  } finally {
    await haraka?.stop();
    await mx?.close();
    await busy?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`demo failed: ${(err as Error).stack ?? err}`);
  process.exitCode = 1;
});
