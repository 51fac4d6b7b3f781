import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite';
import { ensureBuilt, ROOT, runCli } from '../helpers/cli';

const DAY = 86_400_000;

/** Issue 15, item 3: how the CLI behaves for an operator, each manner with its test. */
describe('bounceguard CLI manners', () => {
  let root: string;
  let dir: string;
  const cli = (args: string[], input?: string) => runCli(['--config', dir, ...args], { input });

  beforeAll(() => {
    ensureBuilt();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-manners-'));
    dir = path.join(root, 'haraka');
    fs.mkdirSync(path.join(dir, 'config'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'config', 'bounceguard.ini'), '[store]\nbackend=sqlite\nsqlite_path=list.db\n\n[suppress]\nescalate_after=3\nescalate_window_days=7\n');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('prints its version', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await runCli(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('says what was wrong with a command line in one line and where to read more, exit 2', async () => {
    const run = await cli(['suppression', 'add', 'a@example.com', '--reason', 'bogus']);
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^bounceguard: option '-r, --reason <reason>' argument 'bogus' is invalid/);
    expect(lines[1]).toBe('(see: bounceguard suppression add --help)');
    expect(run.stdout).toBe('');
    const unknown = await cli(['suppression', 'lst']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^bounceguard: unknown command 'lst'/);
    expect(unknown.stderr).not.toMatch(/Usage:/);
  });

  it('calls import --format what it is: the format of the file read', async () => {
    const help = await cli(['suppression', 'import', '--help']);
    expect(help.stdout).toMatch(/-f, --format <format>\s+input format of the file/);
  });

  it('reads dates one way everywhere: add --expires and an imported expires_at take the same date', async () => {
    const added = await cli(['suppression', 'add', 'date1@dates.example', '--reason', 'userunknown', '--expires', '2030-01-01']);
    expect(added.stdout).toMatch(/expires 2030-01-01T00:00:00\.000Z/);
    const imported = await cli(['suppression', 'import', '-', '--format', 'csv'], 'address,reason,expires_at\ndate2@dates.example,userunknown,2030-01-01\n');
    expect(imported).toMatchObject({ code: 0, stdout: 'imported 1 entries, 0 bad lines\n' });
    const both = await cli(['check', '--json', 'date1@dates.example', 'date2@dates.example']);
    expect(both.stdout.trim().split('\n').map((l) => JSON.parse(l).entry.expires_at)).toEqual(['2030-01-01T00:00:00.000Z', '2030-01-01T00:00:00.000Z']);
  });

  it('refuses an expiry already past, which would never take effect', async () => {
    const run = await cli(['suppression', 'add', 'past@dates.example', '--reason', 'userunknown', '--expires', '2020-01-01']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/already past/);
    expect((await cli(['check', 'past@dates.example'])).code).toBe(1);
  });

  it('imports a SendGrid bounce export by its header, classifying the reply it carries', async () => {
    const csv = 'email,created,reason,status\nsg1@sendgrid.example,1767225600,"550 5.1.1 The email account that you tried to reach does not exist.",5.1.1\n';
    const run = await cli(['suppression', 'import', '-'], csv);
    expect(run).toMatchObject({ code: 0, stdout: 'imported 1 entries, 0 bad lines\n', stderr: '' });
    const entry = JSON.parse((await cli(['check', '--json', 'sg1@sendgrid.example'])).stdout).entry;
    expect(entry).toMatchObject({ reason: 'userunknown', enhanced: '5.1.1', source: 'import', first_seen: '2026-01-01T00:00:00.000Z' });
  });

  it('checks many addresses at once, from arguments or stdin, a whole domain too, exit 0 only when all are suppressed', async () => {
    await cli(['suppression', 'add', '@gone.example', '--reason', 'hostunknown']);
    const mixed = await cli(['check', 'date1@dates.example', 'nobody@dates.example', '@gone.example', 'x@gone.example']);
    expect(mixed.code).toBe(1);
    expect(mixed.stdout.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^date1@dates\.example: suppressed: userunknown/),
      'nobody@dates.example: not suppressed',
      expect.stringMatching(/^@gone\.example: suppressed: hostunknown/),
      expect.stringMatching(/^x@gone\.example: suppressed \(whole domain gone\.example\): hostunknown/),
    ]);
    const fromStdin = await cli(['check'], 'date1@dates.example\n# a comment\n\n@gone.example\n');
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout.split('\n').filter(Boolean)).toHaveLength(2);
    expect((await cli(['check', '@nowhere.example'])).stdout).toBe('@nowhere.example: not suppressed\n');
    expect((await cli(['check', 'date1@dates.example', 'not an address'])).code).toBe(2);
    expect(await cli(['check'], '')).toMatchObject({ code: 2, stderr: expect.stringMatching(/no address to check/) });
  });

  it('shows soft bounces counted toward escalation: how many of how many, and when the window lets the oldest go', async () => {
    const now = Date.now();
    const store = new SqliteStore({ path: path.join(dir, 'list.db') });
    await store.recordSoftBounce('soft@dates.example', 'm1', now - 2 * DAY, 7 * DAY);
    await store.recordSoftBounce('soft@dates.example', 'm2', now - DAY, 7 * DAY);
    await store.close();
    const run = await cli(['check', 'soft@dates.example']);
    expect(run.code).toBe(1);
    const windowEnd = new Date(now - 2 * DAY + 7 * DAY).toISOString().slice(0, 16);
    expect(run.stdout).toMatch(new RegExp(`^soft@dates\\.example: not suppressed; soft bounces counted toward escalation: 2 of 3 within 7 days \\(the oldest leaves the window ${windowEnd}`));
    const json = JSON.parse((await cli(['check', '--json', 'soft@dates.example'])).stdout);
    expect(json.escalation).toMatchObject({ counted: 2, of: 3, windowEndsAt: expect.stringMatching(new RegExp(`^${windowEnd}`)) });
  });

  it('lists a page at a time with the total, a cursor, a last-seen range and a search', async () => {
    const now = Date.now();
    const store = new SqliteStore({ path: path.join(dir, 'list.db') });
    await store.importMany(Array.from({ length: 7 }, (_, i) => ({
      key: `page${i}@list.example`, reason: 'userunknown' as const, bounce: 'hard' as const, source: 'import' as const, code: null, enhanced: null,
      reply: null, provider: null, firstSeen: now - i * DAY, lastSeen: now - i * DAY, count: 1, expiresAt: null,
    })));
    await store.close();
    const first = await cli(['suppression', 'list', '--domain', 'list.example', '--limit', '3']);
    expect(first.stdout).toMatch(/^3 shown of 7 matching \(next page: --after 'page2@list\.example'\)$/m);
    const second = await cli(['suppression', 'list', '--domain', 'list.example', '--limit', '3', '--after', 'page2@list.example', '--format', 'jsonl']);
    expect(second.stdout.trim().split('\n').map((l) => JSON.parse(l).address)).toEqual(['page3@list.example', 'page4@list.example', 'page5@list.example']);
    expect(second.stderr).toMatch(/^3 shown of 7 matching/);
    const recent = await cli(['suppression', 'list', '--domain', 'list.example', '--since', '60h', '--format', 'jsonl']);
    expect(recent.stdout.trim().split('\n').map((l) => JSON.parse(l).address)).toEqual(['page0@list.example', 'page1@list.example', 'page2@list.example']);
    const older = await cli(['suppression', 'list', '--domain', 'list.example', '--until', new Date(now - 4.5 * DAY).toISOString(), '--format', 'jsonl']);
    expect(older.stdout.trim().split('\n').map((l) => JSON.parse(l).address)).toEqual(['page5@list.example', 'page6@list.example']);
    const found = await cli(['suppression', 'list', '--search', 'GE3@', '--format', 'jsonl']);
    expect(found.stdout.trim().split('\n').map((l) => JSON.parse(l).address)).toEqual(['page3@list.example']);
    const bad = await cli(['suppression', 'list', '--since', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since': not a date or time/);
  });

  it('closes quietly when the reader of its output goes away (export | head -1)', async () => {
    const store = new SqliteStore({ path: path.join(dir, 'list.db') });
    const now = Date.now();
    await store.importMany(Array.from({ length: 20_000 }, (_, i) => ({
      key: `bulk${i}@epipe.example`, reason: 'userunknown' as const, bounce: 'hard' as const, source: 'import' as const, code: 550, enhanced: '5.1.1',
      reply: '550 5.1.1 no such user here, and a reply long enough to fill a pipe quickly', provider: null, firstSeen: now, lastSeen: now, count: 1, expiresAt: null,
    })));
    await store.close();
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'bounceguard.js'), '--config', dir, 'suppression', 'export'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const firstLine = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().split('\n')[0])));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(JSON.parse(firstLine)).toHaveProperty('address');
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('classifies replies given as arguments, one JSON line each', async () => {
    const run = await runCli(['classify', '550 5.1.1 <a@example.com>: Recipient address rejected: User unknown', '421 4.7.0 Try again later, too many connections']);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([expect.objectContaining({ reason: 'userunknown', suppress: true }), expect.objectContaining({ throttle: true })]);
  });
});
