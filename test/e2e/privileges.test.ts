/**
 * Haraka started as root with `user=nobody` in smtp.ini drops privileges after the plugins opened
 * the store: the store and the spool must be probed again as that user. Root-owned files fail
 * loudly (path, user, fix, a metric) and no bounce is reported saved unless it is in the store;
 * files that belong to that user work. Needs root to switch users: skipped otherwise, except in CI.
 * Haraka keeps loading code after it drops privileges, so the checkout itself must be readable by
 * that user; a checkout below a private folder (`mktemp -d` makes 0700 ones) is skipped with its name.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, parseStoreConfig } from '../../src/store';
import { startFakeMx, type FakeMx } from '../helpers/sim/fake-mx';
import { startHaraka, type RunningHaraka } from '../helpers/sim/haraka';
import { bounceguardIni, packPluginFiles } from '../helpers/sim/pack';
import { recentLines, waitFor } from '../helpers/wait';

const USER = 'nobody';
const canSwitchUser = process.getuid?.() === 0;
const checkout = path.resolve(__dirname, '../..');
const DEAD = 'unknown@gone.example';

interface Run { tmp: string; storeDir: string; haraka: RunningHaraka; mx: FakeMx }
let current: Run | undefined;

afterEach(async () => {
  await current?.haraka.stop();
  await current?.mx.close();
  if (current) fs.rmSync(current.tmp, { recursive: true, force: true });
  current = undefined;
});

function nobodyIds(): { uid: number; gid: number } {
  const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${USER}:`));
  if (!line) throw new Error(`no ${USER} user in /etc/passwd`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** A store folder with the store's files made by root (`owner` root) or handed to nobody. */
async function prepare(owner: 'root' | 'nobody'): Promise<Run> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-privileges-'));
  fs.chmodSync(tmp, 0o755);
  const storeDir = path.join(tmp, 'store');
  fs.mkdirSync(storeDir, { mode: 0o755 });
  const section = storeSection(storeDir);
  const store = await openStore(parseStoreConfig({ store: section }, tmp));
  await store.close();
  const ids = nobodyIds();
  const harakaDir = path.join(tmp, 'haraka');
  fs.mkdirSync(path.join(harakaDir, 'queue'), { recursive: true, mode: 0o755 });
  fs.chownSync(path.join(harakaDir, 'queue'), ids.uid, ids.gid);
  if (owner === 'nobody') {
    for (const f of [storeDir, ...fs.readdirSync(storeDir).map((n) => path.join(storeDir, n))]) fs.chownSync(f, ids.uid, ids.gid);
  }
  const mx = await startFakeMx({ replyFor: (rcpt) => (rcpt === DEAD ? { code: 550, message: '5.1.1 <unknown@gone.example>: Recipient address rejected: User unknown' } : null) });
  const haraka = await startHaraka({
    dir: harakaDir,
    mxPort: mx.port,
    plugins: ['bounceguard-record', 'bounceguard-suppress'],
    pluginFiles: packPluginFiles(),
    config: {
      'bounceguard.ini': bounceguardIni(section),
      'bounceguard-metrics.ini': '[metrics]\nenabled=true\nlisten=127.0.0.1:0\n',
    },
    smtpIni: `user=${USER}\ngroup=${ids.gid}\n`,
  });
  current = { tmp, storeDir, haraka, mx };
  return current;
}

const storeSection = (dir: string) => ({ backend: 'sqlite', sqlite_path: path.join(dir, 'bounceguard.db'), spool_path: path.join(dir, 'bounceguard.spool') });

/** Sends a message to the dead recipient and resolves to the `nth` bounce line logged about it. */
async function sendBounce(run: Run, nth = 1): Promise<string> {
  const t = nodemailer.createTransport({ host: '127.0.0.1', port: run.haraka.port, secure: false, ignoreTLS: true });
  await t.sendMail({ from: 'sender@haraka.test', to: DEAD, subject: 'privileges', text: 'hello' }).finally(() => t.close());
  return waitFor('the bounce recorded', () => run.haraka.logs().split('\n').filter((l) => l.includes(`bounce rcpt=<${DEAD}>`))[nth - 1], {
    timeoutMs: 30_000, intervalMs: 200, context: () => recentLines(run.haraka.logs(), /bounceguard|ERROR|CRIT/),
  });
}

async function storedKeys(run: Run): Promise<string[]> {
  const store = await openStore(parseStoreConfig({ store: storeSection(run.storeDir) }, run.tmp));
  try {
    const keys: string[] = [];
    for await (const e of store.scan()) keys.push(e.key);
    return keys;
  } finally {
    await store.close();
  }
}

async function metric(run: Run, name: string): Promise<string> {
  const url = await waitFor('the metrics URL', () => /bounceguard: metrics on (http:\/\/\S+)/.exec(run.haraka.logs())?.[1]);
  const body = await (await fetch(url)).text();
  return body.split('\n').filter((l) => l.startsWith(name)).join('\n');
}

/** The first folder above the checkout that the user cannot enter, or null when it can read the code. */
function folderClosedTo(user: { uid: number; gid: number }): string | null {
  const probe = spawnSync(process.execPath, ['-e', 'require.resolve("Haraka/haraka.js", { paths: [process.argv[1]] })', checkout], { ...user, stdio: 'ignore' });
  if (probe.status === 0) return null;
  for (let dir = checkout; ; dir = path.dirname(dir)) {
    if ((fs.statSync(dir).mode & 0o001) === 0 || dir === path.dirname(dir)) return dir;
  }
}

const closedFolder = canSwitchUser ? folderClosedTo(nobodyIds()) : null;
if (closedFolder) console.warn(`privileges e2e skipped: ${USER} cannot enter ${closedFolder}, above the checkout ${checkout}; run it from a checkout ${USER} can read`);

describe.runIf((canSwitchUser || process.env.CI) && !closedFolder)(`Haraka running as ${USER} (smtp.ini user=)`, () => {
  it('fails loudly on a root-owned store, names path, user and fix, counts it, and reports no bounce as saved', async () => {
    const run = await prepare('root');
    const db = path.join(run.storeDir, 'bounceguard.db');
    const error = await waitFor('the unwritable-store error', () => run.haraka.logs().split('\n').find((l) => l.includes('is not writable by nobody')), {
      timeoutMs: 20_000, context: () => recentLines(run.haraka.logs(), /bounceguard|uid|ERROR/),
    });
    expect(error).toContain(`bounceguard: store ${db} is not writable by ${USER} (`);
    expect(error).toMatch(new RegExp(`Fix: chown ${USER} ${run.storeDir} ${db}\\*`));
    expect(await metric(run, 'bounceguard_store_unwritable_total')).toMatch(/bounceguard_store_unwritable_total\{what="store"\} [1-9]/);
    const line = await sendBounce(run);
    expect(line).toMatch(/action=(not-recorded\(suppression disabled\)|store-unavailable\((lost|spooled)\))/);
    expect(await storedKeys(run)).not.toContain(DEAD);
    expect(run.haraka.logs()).not.toMatch(/replayed 0 spooled writes/);

    // The fix the error names: the store reopens by itself and the next bounce is saved.
    const { uid, gid } = nobodyIds();
    for (const f of [run.storeDir, ...fs.readdirSync(run.storeDir).map((n) => path.join(run.storeDir, n))]) fs.chownSync(f, uid, gid);
    await waitFor('the store writable again', () => run.haraka.logs().includes('writable again by nobody') && /store ready \(sqlite/.test(run.haraka.logs().split('writable again')[1]), {
      timeoutMs: 20_000, context: () => recentLines(run.haraka.logs(), /bounceguard/),
    });
    const after = await sendBounce(run, 2);
    expect(after).toContain(`action=suppressed(${DEAD})`);
    expect(await storedKeys(run)).toContain(DEAD);
  }, 90_000);

  it('works when the store files belong to that user: no error, the bounce is in the store', async () => {
    const run = await prepare('nobody');
    const line = await sendBounce(run);
    expect(line).toContain(`action=suppressed(${DEAD})`);
    expect(await storedKeys(run)).toContain(DEAD);
    expect(run.haraka.logs()).toMatch(/New uid: \d+/);
    expect(run.haraka.logs()).not.toContain('is not writable');
    expect(await metric(run, 'bounceguard_store_unwritable_total')).not.toMatch(/\} [1-9]/);
  }, 90_000);
});
