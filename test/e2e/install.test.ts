/**
 * The README's install, end to end: the packed tarball installed into a fresh Haraka directory made
 * with `haraka -i`, `npx bounceguard install .`, the plugin lines it prints added to config/plugins,
 * then that Haraka relays a bounce to a loopback fake MX and the installed CLI finds it suppressed.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeMx, type FakeMx } from '../helpers/sim/fake-mx';
import { HARAKA_BIN, ROOT, startHaraka, type RunningHaraka } from '../helpers/sim/haraka';
import { ensureBuilt } from '../helpers/cli';
import { recentLines, waitFor } from '../helpers/wait';

const DEAD = 'nobody@gone.example';

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

const readVersion = (dir: string): string => (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;

interface Packed { filename: string; files: Array<{ path: string }> }

/** `npm pack` of this checkout (npm test has just built it; `prepare` builds when packing from clean). */
function pack(dest: string): Packed {
  ensureBuilt();
  const out = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], ROOT).stdout;
  return (JSON.parse(out) as Packed[])[0];
}

describe('the packed tarball installed into a fresh Haraka directory', () => {
  let tmp: string;
  let packed: Packed;
  let mx: FakeMx;
  let haraka: RunningHaraka | undefined;
  let installOutput: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-install-e2e-'));
    packed = pack(tmp);
    const dir = path.join(tmp, 'haraka');
    run(process.execPath, [HARAKA_BIN, '-i', dir], tmp);
    // Everything as the README says, but for better-sqlite3's install script, a native build of
    // minutes: its result, built by this checkout's npm ci for the same version, is copied instead.
    run('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', path.join(tmp, packed.filename)], dir);
    const sqlite = (root: string) => path.join(root, 'node_modules', 'better-sqlite3');
    expect(readVersion(sqlite(dir))).toBe(readVersion(sqlite(ROOT)));
    fs.cpSync(path.join(sqlite(ROOT), 'build'), path.join(sqlite(dir), 'build'), { recursive: true });
    installOutput = run('npx', ['--no', 'bounceguard', 'install', '.'], dir).stdout;
    const toEnable = installOutput.split('\n').filter((l) => /^bounceguard-\w+$/.test(l));
    mx = await startFakeMx({ replyFor: (rcpt) => (rcpt === DEAD ? { code: 550, message: '5.1.1 <nobody@gone.example>: Recipient address rejected: User unknown' } : null) });
    haraka = await startHaraka({ dir, mxPort: mx.port, plugins: toEnable });
  }, 240_000);

  afterAll(async () => {
    await haraka?.stop();
    await mx?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('ships the compiled src and plugins and the pack\'s config, nothing of development', () => {
    const files = packed.files.map((f) => f.path);
    for (const f of ['bin/bounceguard.js', 'dist/src/index.js', 'dist/plugins/lib/record.js', 'dist/plugins/lib/suppress.js', 'dist/plugins/lib/throttle.js', 'config/bounceguard.ini', 'config/bounceguard-rules.ini', 'config/bounceguard-metrics.ini']) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => !/^(bin|config|dist\/src|dist\/plugins)\/|^(package\.json|README\.md|LICENSE)$/.test(f))).toEqual([]);
    expect(files.filter((f) => f.startsWith('config/') && !/^config\/bounceguard[\w-]*\.ini$/.test(f))).toEqual([]);
    const srcDir = path.join(ROOT, 'src');
    const assets = fs.readdirSync(srcDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.endsWith('.ts'))
      .map((e) => path.join('dist/src', path.relative(srcDir, path.join(e.parentPath, e.name))));
    for (const asset of assets) expect(files, asset).toContain(asset);
  });

  it('writes shims that load the package by name from the Haraka directory, and names the plugins to enable', () => {
    expect(installOutput).toMatch(/Add to .*config\/plugins[\s\S]*bounceguard-suppress\nbounceguard-record\nbounceguard-throttle/);
    const shim = fs.readFileSync(path.join(haraka!.dir, 'plugins', 'bounceguard-record.js'), 'utf8');
    expect(shim).toContain('require("bounceguard/dist/plugins/lib/record.js")');
    expect(shim).not.toContain(ROOT);
    expect(shim).not.toContain(tmp);
  });

  it('relays a bounce through that Haraka, and the installed CLI finds the recipient suppressed', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: haraka!.port, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: 'sender@haraka.test', to: DEAD, subject: 'install e2e', text: 'hello' });
    const check = () => spawnSync('npx', ['--no', '--', 'bounceguard', '--config', haraka!.dir, 'check', DEAD, '--json'], { cwd: haraka!.dir, encoding: 'utf8' });
    let last = check();
    const found = await waitFor('the bounce in the store', () => { last = check(); return last.status === 0 && last; }, {
      timeoutMs: 60_000,
      intervalMs: 1000,
      context: () => `${recentLines(haraka!.logs(), /bounceguard|error|ERROR/)}\nlast check (${last.status}): ${last.stdout}${last.stderr}`,
    });
    expect(JSON.parse(found.stdout)).toMatchObject({ status: 'suppressed', entry: { reason: 'userunknown' } });
    expect(fs.existsSync(path.join(haraka!.dir, 'bounceguard.db'))).toBe(true);
    const refused = await transport.sendMail({ from: 'sender@haraka.test', to: DEAD, subject: 'again', text: 'hello' }).catch((err: { response?: string }) => err);
    expect(String((refused as { response?: string }).response)).toBe('550 5.1.1 <nobody@gone.example> recipient suppressed');
    transport.close();
  }, 90_000);
});
