import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../src/store/sqlite';
import { ensureBuilt, runCli } from '../helpers/cli';
import { freePort } from '../helpers/sim/haraka';

const DAY = 86_400_000;

/** A Haraka directory whose bounceguard.ini points at a SQLite file inside it. */
function harakaDir(root: string, name: string, extra = ''): string {
  const dir = path.join(root, name);
  fs.mkdirSync(path.join(dir, 'config'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'config', 'bounceguard.ini'), `[store]\nbackend=sqlite\nsqlite_path=list.db\n${extra}`);
  return dir;
}

describe('bounceguard suppression and check, against a real SQLite file', () => {
  let root: string;
  let dir: string;
  const cli = (args: string[], input?: string) => runCli(['--config', dir, ...args], { input });

  beforeAll(() => {
    ensureBuilt();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-cli-'));
    dir = harakaDir(root, 'haraka');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('adds an address and a domain, and check answers with exit status 0, 1 or 2', async () => {
    expect((await cli(['suppression', 'add', 'Foo@Example.COM', '--reason', 'userunknown'])).code).toBe(0);
    const added = await cli(['suppression', 'add', '@gone.example', '--reason', 'hostunknown', '--expires', '30d']);
    expect(added.stdout).toMatch(/suppressed @gone\.example \(hostunknown, manual, expires \d{4}-/);
    expect(fs.existsSync(path.join(dir, 'list.db'))).toBe(true);

    const yes = await cli(['check', 'foo@example.com']);
    expect(yes).toMatchObject({ code: 0 });
    expect(yes.stdout).toMatch(/suppressed: userunknown, hard bounce, source manual, permanent/);
    const domain = await cli(['check', 'anyone@GONE.example', '--json']);
    expect(domain.code).toBe(0);
    expect(JSON.parse(domain.stdout)).toMatchObject({ status: 'suppressed', entry: { address: '@gone.example', reason: 'hostunknown', source: 'manual' } });
    expect(await cli(['check', 'bar@example.com'])).toMatchObject({ code: 1, stdout: 'bar@example.com: not suppressed\n' });
    const bad = await cli(['check', 'not an address']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not an address/);
  });

  it('purges expired entries and old soft bounces from the file, and keeps the rest', async () => {
    const now = Date.now();
    const store = new SqliteStore({ path: path.join(dir, 'list.db') });
    await store.put({
      key: 'lapsed@purge.example', reason: 'mailboxfull', bounce: 'soft', source: 'escalation', code: 552, enhanced: '5.2.2',
      reply: null, provider: null, firstSeen: now - 40 * DAY, lastSeen: now - 40 * DAY, count: 3, expiresAt: now - 10 * DAY,
    });
    await store.recordSoftBounce('old@purge.example', 'm1', now - 8 * DAY, 7 * DAY);
    await store.recordSoftBounce('new@purge.example', 'm2', now - DAY, 7 * DAY);
    await store.close();
    const run = await cli(['suppression', 'purge']);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toMatch(/^purged 1 expired entries, 1 soft bounces older than 7 days, 0 expired state records\n$/);
    const db = new Database(path.join(dir, 'list.db'), { readonly: true });
    try {
      expect(db.prepare("SELECT count(*) AS n FROM suppression WHERE key = 'lapsed@purge.example'").get()).toEqual({ n: 0 });
      expect(db.prepare("SELECT recipient FROM soft_bounce WHERE recipient LIKE '%@purge.example'").all()).toEqual([{ recipient: 'new@purge.example' }]);
      expect((db.prepare('SELECT count(*) AS n FROM suppression').get() as { n: number }).n).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('removes an entry, and says so when there was none', async () => {
    await cli(['suppression', 'add', 'gone@example.org', '--reason', 'userunknown']);
    expect(await cli(['suppression', 'remove', 'GONE@example.org'])).toMatchObject({ code: 0, stdout: 'removed gone@example.org\n' });
    expect((await cli(['suppression', 'remove', 'gone@example.org'])).code).toBe(1);
    expect((await cli(['check', 'gone@example.org'])).code).toBe(1);
  });

  it('imports CSV, reporting bad lines by number and keeping the good ones', async () => {
    const csv = [
      'address,reason,source,expires_at',
      'one@import.example,userunknown,,',
      'not-an-address,userunknown,,',
      'two@import.example,nosuchreason,,',
      '',
      '"three@import.example",mailboxfull,escalation,2999-01-01T00:00:00Z',
      'four@import.example',
    ].join('\n');
    const file = path.join(root, 'in.csv');
    fs.writeFileSync(file, csv);
    const run = await cli(['suppression', 'import', file, '--format', 'csv']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('imported 3 entries, 2 bad lines\n');
    expect(run.stderr).toMatch(/^line 3: .*not an address/m);
    expect(run.stderr).toMatch(/^line 4: reason: /m);
    const three = JSON.parse((await cli(['check', 'three@import.example', '--json'])).stdout);
    expect(three.entry).toMatchObject({ reason: 'mailboxfull', source: 'escalation', expires_at: '2999-01-01T00:00:00.000Z' });
    expect(JSON.parse((await cli(['check', 'four@import.example', '--json'])).stdout).entry).toMatchObject({ source: 'import', reason: 'undefined' });
  });

  it('imports JSON Lines from stdin', async () => {
    const lines = ['{"address":"j1@jsonl.example","reason":"userunknown","code":550}', '{"address":"j2@jsonl.example"}', '[1,2]'];
    const run = await cli(['suppression', 'import', '-', '--format', 'jsonl'], lines.join('\n'));
    expect(run.stdout).toBe('imported 2 entries, 1 bad lines\n');
    expect(run.stderr).toMatch(/^line 3: not a JSON object/m);
    expect((await cli(['check', 'j1@jsonl.example'])).code).toBe(0);
  });

  it('lists with filters and formats', async () => {
    const run = await cli(['suppression', 'list', '--domain', 'IMPORT.example', '--format', 'jsonl']);
    const keys = run.stdout.trim().split('\n').map((l) => JSON.parse(l).address);
    expect(keys).toEqual(['four@import.example', 'one@import.example', 'three@import.example']);
    const limited = await cli(['suppression', 'list', '--limit', '2', '--format', 'csv']);
    expect(limited.stdout.trim().split('\n')).toHaveLength(3);
    const table = await cli(['suppression', 'list', '--reason', 'hostunknown']);
    expect(table.stdout).toMatch(/@gone\.example.*hostunknown/);
    expect(table.stdout).toMatch(/^1 shown of 1 matching$/m);
  });

  it('exports what another store imports unchanged, in both formats', async () => {
    for (const format of ['csv', 'jsonl']) {
      const exported = await cli(['suppression', 'export', '--format', format]);
      expect(exported.code).toBe(0);
      const copy = harakaDir(root, `copy-${format}`);
      const imported = await runCli(['--config', copy, 'suppression', 'import', '-', '--format', format], { input: exported.stdout });
      expect(imported.stderr).toBe('');
      const again = await runCli(['--config', copy, 'suppression', 'export', '--format', format]);
      expect(again.stdout).toBe(exported.stdout);
    }
  });

  it('prints stats tables', async () => {
    const run = await cli(['suppression', 'stats']);
    expect(run.code).toBe(0);
    const store = new SqliteStore({ path: path.join(dir, 'list.db') });
    let total = 0;
    for await (const e of store.scan()) total += e.key ? 1 : 0;
    await store.close();
    expect(run.stdout).toContain(`${total} entries`);
    expect(run.stdout).toMatch(/│ reason\s+│ entries │/);
    expect(run.stdout).toMatch(/│ userunknown\s+│ \d+\s+│/);
    expect(run.stdout).toMatch(/│ domain \(top 10\)/);
    expect(run.stdout).toMatch(/│ expiring within 7 days/);
  });

  it('names the file, section and key of a bad config value', async () => {
    const broken = harakaDir(root, 'broken', 'timeout_ms=soon\n');
    const run = await runCli(['--config', broken, 'check', 'a@example.com']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/config\/bounceguard\.ini \[store\] timeout_ms=soon: "soon" is not a duration/);
  });

  it('fails with status 2 when the store cannot be reached', async () => {
    const port = await freePort();
    const down = harakaDir(root, 'down', `backend=redis\nredis_url=redis://127.0.0.1:${port}\n`);
    const run = await runCli(['--config', down, 'check', 'a@example.com']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot reach the Redis suppression store/);
  });
});
