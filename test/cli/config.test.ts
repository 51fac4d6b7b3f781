import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../helpers/cli';

let root: string;
beforeAll(() => {
  ensureBuilt();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-cli-config-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A Haraka directory whose config/ holds the given files. */
function harakaDir(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  fs.mkdirSync(path.join(dir, 'config'), { recursive: true });
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'config', file), text);
  return dir;
}

describe('bounceguard config check', () => {
  it('passes a valid directory with exit 0', async () => {
    const dir = harakaDir('valid', { 'bounceguard.ini': '[store]\nbackend=memory\ntimeout_ms=50ms\n[throttle]\ncooldown=1500ms\n' });
    const run = await runCli(['config', 'check', '--config', dir]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/bounceguard\.ini, bounceguard-rules\.ini, bounceguard-metrics\.ini, bounceguard-alerts\.ini, bounceguard-webhooks\.ini, bounceguard-returnpath\.ini, bounceguard-inbound\.ini are valid/);
  });

  it('prints every problem of every file with its value, and exits 1', async () => {
    const dir = harakaDir('broken', {
      'bounceguard.ini': '[suppress]\nescalate_afer=5\nfail_open=maybe\n[store]\ntimeout_ms=50 ms please\n[supress]\nx=1\n',
      'bounceguard-rules.ini': '[acme.rule]\ncode=9x9\nreason=userunknown\n',
      'bounceguard-metrics.ini': '[metrics]\nlisten=9464\n',
    });
    const run = await runCli(['--config', dir, 'config', 'check']);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringMatching(/^config\/bounceguard\.ini \[suppress\] escalate_afer=5: unknown key \(did you mean escalate_after\?\); known keys: case_sensitive_local_part, escalate_after, .*fail_open, reject_message/),
      'config/bounceguard.ini [suppress] fail_open=maybe: must be true or false (or yes/no, on/off, 1/0)',
      expect.stringMatching(/^config\/bounceguard\.ini \[store\] timeout_ms=50 ms please: "50 ms please" is not a duration/),
      'config/bounceguard.ini [supress]: unknown section (known: store, suppress, allowlist, throttle, throttle.*)',
      expect.stringMatching(/^config\/bounceguard-rules\.ini \[acme\.rule\]: code: must be like/),
      expect.stringMatching(/^config\/bounceguard-metrics\.ini \[metrics\] listen=9464: must be host:port/),
    ]));
    expect(lines.at(-1)).toBe(`6 problems in ${dir}/config`);
  });

  it('reads $HARAKA when --config is not given', async () => {
    const dir = harakaDir('env', { 'bounceguard.ini': '[store]\nbackend=redis\nredis_url=localhost\n' });
    const run = await runCli(['config', 'check'], { env: { HARAKA: dir } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/\[store\] redis_url=localhost: must be a redis:\/\/ or rediss:\/\/ URL/);
  });
});

describe('the CLI finds the Haraka directory or refuses', () => {
  it.each([
    ['a folder that is no Haraka directory', () => fs.mkdtempSync(path.join(root, 'plain-')), /is not a Haraka directory \(no config\/ folder\)/],
    ['a Haraka directory without bounceguard', () => harakaDir('bare', { 'smtp.ini': '' }), /has no config\/bounceguard\.ini/],
  ])('exits 2 for %s, and creates no store file', async (_name, make, message) => {
    const dir = make();
    for (const args of [['check', 'a@example.com'], ['suppression', 'list'], ['throttle', 'status'], ['config', 'check']]) {
      const run = await runCli(['--config', dir, ...args], { cwd: dir });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toMatch(/give --config DIR \(or set \$HARAKA\)/);
    }
    expect(fs.readdirSync(dir).filter((f) => f.includes('.db') || f.includes('spool'))).toEqual([]);
  });

  it('exits 2 without --config or $HARAKA outside a Haraka directory, and creates nothing there', async () => {
    const cwd = fs.mkdtempSync(path.join(root, 'cwd-'));
    const run = await runCli(['check', 'a@example.com'], { cwd, env: { HARAKA: undefined } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the working directory .* is not a Haraka directory/);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('refuses to read a store Haraka never opened, but a command that writes creates it', async () => {
    const dir = harakaDir('fresh', { 'bounceguard.ini': '[store]\nbackend=sqlite\nsqlite_path=list.db\n' });
    const check = await runCli(['--config', dir, 'check', 'a@example.com']);
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/no suppression store at .*list\.db/);
    expect(fs.existsSync(path.join(dir, 'list.db'))).toBe(false);
    const add = await runCli(['--config', dir, 'suppression', 'add', 'a@example.com', '--reason', 'userunknown']);
    expect(add.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'list.db'))).toBe(true);
    expect((await runCli(['--config', dir, 'check', 'a@example.com'])).code).toBe(0);
  });
});
