import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Outcome } from '../../src/classify/types';
import { SqliteStore } from '../../src/store/sqlite';
import { parseThrottleConfig } from '../../src/throttle/config';
import { ThrottleController } from '../../src/throttle/controller';
import { SharedPaceStore } from '../../src/throttle/store-adapter';
import { ensureBuilt, runCli } from '../helpers/cli';

const throttled: Outcome = {
  code: 421, enhanced: '4.7.28', reason: 'speeding', bounce: 'soft', suppress: false, throttle: true,
  provider: 'google', rule: 'google.unusual-rate',
};

describe('bounceguard throttle status, against a real SQLite file', () => {
  let root: string;
  let dir: string;
  const cli = (args: string[]) => runCli(['--config', dir, ...args]);
  const writeIni = (throttle: string) =>
    fs.writeFileSync(path.join(dir, 'config', 'bounceguard.ini'), `[store]\nbackend=sqlite\nsqlite_path=pace.db\n\n[throttle]\n${throttle}\n`);

  beforeAll(() => {
    ensureBuilt();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-cli-throttle-'));
    dir = path.join(root, 'haraka');
    fs.mkdirSync(path.join(dir, 'config'), { recursive: true });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('refuses a store Haraka never opened, and does not create it', async () => {
    writeIni('start_rate=6/s');
    const run = await cli(['throttle', 'status']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no suppression store at .*pace\.db/);
    expect(fs.existsSync(path.join(dir, 'pace.db'))).toBe(false);
  });

  it('says so when nothing is throttled', async () => {
    writeIni('start_rate=6/s');
    await new SqliteStore({ path: path.join(dir, 'pace.db') }).close();
    expect(await cli(['throttle', 'status'])).toMatchObject({ code: 0, stdout: 'no destination is throttled\n' });
  });

  it('reads the pace even when the suppress settings are invalid', async () => {
    fs.writeFileSync(path.join(dir, 'config', 'bounceguard.ini'), '[store]\nbackend=sqlite\nsqlite_path=pace.db\n[suppress]\nescalate_after=lots\n');
    expect(await cli(['throttle', 'status'])).toMatchObject({ code: 0, stdout: 'no destination is throttled\n' });
  });

  it('lists the paces that a Haraka worker stored, with signal, rule, next raise and release', async () => {
    writeIni('start_rate=6/s\nincrease_every=30s\nrelease_after=2h');
    const store = new SqliteStore({ path: path.join(dir, 'pace.db') });
    const ctl = new ThrottleController({ config: parseThrottleConfig({ throttle: { start_rate: '6/s' } }), store: new SharedPaceStore(store), now: Date.now });
    await ctl.onOutcome(ctl.destinationOf({ recipientDomain: 'gmail.com', mx: 'alt1.gmail-smtp-in.l.google.com' }), throttled);
    await ctl.onOutcome(ctl.destinationOf({ recipientDomain: 'small.example' }), { ...throttled, provider: null, rule: 'text.rate-limited' });
    await store.close();

    const table = await cli(['throttle', 'status']);
    expect(table.code).toBe(0);
    const rows = table.stdout.split('\n').filter((l) => /provider:|domain:/.test(l));
    expect(rows).toHaveLength(2);
    const stamp = '(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d)';
    const relative = '\\((?:in (\\d+)s|(\\d+)s ago)\\)';
    const row = new RegExp(`domain:small\\.example\\s+│ 6/s\\s+│ ${stamp} ${relative}\\s+│ text\\.rate-limited\\s+│ ${stamp} \\(in (\\d+)s\\)\\s+│ .*\\(in (?:120m|2h)\\)`).exec(rows[0]);
    expect(row, rows[0]).not.toBeNull();
    const [, signalAt, signalIn, signalAgo, raiseAt, raiseIn] = row as RegExpExecArray;
    // increase_every=30s: the raise is due exactly 30 s after the signal, however late the CLI started.
    expect(Date.parse(`${raiseAt}Z`) - Date.parse(`${signalAt}Z`)).toBe(30_000);
    const signalOffset = signalIn !== undefined ? Number(signalIn) : -Number(signalAgo);
    expect(Number(raiseIn) - signalOffset).toBeGreaterThanOrEqual(29);
    expect(Number(raiseIn) - signalOffset).toBeLessThanOrEqual(31);
    expect(rows[1]).toMatch(/provider:google\s+│ 6\/s .*│ google\.unusual-rate/);
    expect(table.stdout).toMatch(/destination\s+│ pace\s+│ last signal\s+│ rule\s+│ next raise\s+│ release/);

    const json = await cli(['throttle', 'status', '--json']);
    const lines = json.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({ key: 'domain:small.example', rate: 6, lastSignalRule: 'text.rate-limited' }),
      expect.objectContaining({ key: 'provider:google', rate: 6, lastSignalRule: 'google.unusual-rate' }),
    ]);
  });

  it('refuses an invalid [throttle] section with exit status 2, naming the key', async () => {
    writeIni('decrease_factor=2');
    const bad = await cli(['throttle', 'status']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/config\/bounceguard\.ini \[throttle\] decrease_factor=2: must be below 1/);
  });
});
