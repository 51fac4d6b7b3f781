import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../bench/lib/corpus';
import { ensureBuilt, runCli } from '../helpers/cli';

const emails = path.join(corpusDir(), 'sisimai', 'emails', 'maildir', 'bsd');

describe('bounceguard parse-dsn --record, against a real SQLite file', () => {
  let dir: string;
  const cli = (args: string[]) => runCli(['--config', dir, ...args]);

  beforeAll(() => {
    ensureBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-dsn-record-'));
    fs.mkdirSync(path.join(dir, 'config'));
    fs.writeFileSync(path.join(dir, 'config', 'bounceguard.ini'), '[store]\nbackend=sqlite\nsqlite_path=list.db\n');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('suppresses what the reports prove (a dead address, a complaint) and says what it did with each recipient', async () => {
    const files = ['rfc3464-01.eml', 'arf-01.eml', 'lhost-postfix-01.eml'].map((f) => path.join(emails, f));
    const run = await cli(['parse-dsn', '--record', ...files]);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; recorded: Array<{ recipient: string; action: string }> });
    expect(lines.map((l) => l.kind)).toEqual(['dsn', 'arf', 'dsn']);
    expect(lines[0].recorded).toEqual([{ recipient: 'userunknown@bouncehammer.jp', action: 'suppressed' }]);
    expect(lines[1].recorded).toEqual([{ recipient: 'redacted@example.net', action: 'suppressed' }]);
    // A local delivery program that failed (mailererror) says nothing final about the address.
    expect(lines[2].recorded).toEqual([{ recipient: 'r@p351355.pool.example.ne.jp', action: 'ignored', why: 'soft mailererror does not count' }]);

    const dead = await cli(['check', 'userunknown@bouncehammer.jp', '--json']);
    expect(dead.code).toBe(0);
    expect(JSON.parse(dead.stdout)).toMatchObject({ status: 'suppressed', entry: { reason: 'userunknown', source: 'dsn' } });
    const complaint = await cli(['check', 'redacted@example.net', '--json']);
    expect(JSON.parse(complaint.stdout)).toMatchObject({ status: 'suppressed', entry: { reason: 'feedback', source: 'arf' } });
    expect((await cli(['check', 'r@p351355.pool.example.ne.jp'])).code).toBe(1);
  });

  it('records nothing of a forged mass report (over max_report_recipients) and says why', async () => {
    const part = (p: number) => `--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.victim.example\r\n\r\n${
      Array.from({ length: 50 }, (_, i) => `Final-Recipient: rfc822; u${p}x${i}@victim.example\r\nAction: failed\r\nStatus: 5.1.1\r\n`).join('\r\n')}\r\n`;
    const forged = path.join(dir, 'forged.eml');
    fs.writeFileSync(forged, `From: MAILER-DAEMON@mx.victim.example\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n${[0, 1, 2].map(part).join('')}--b--\r\n`);
    const run = await cli(['parse-dsn', '--record', forged]);
    const line = JSON.parse(run.stdout) as { recipients: unknown[]; recorded: unknown[]; refused: string };
    expect(line.recipients).toHaveLength(150);
    expect(line.recorded).toEqual([]);
    expect(line.refused).toMatch(/150 recipients, over max_report_recipients \(100\)/);
    expect(run.stderr).toMatch(/forged\.eml: report names 150 recipients/);
    expect((await cli(['check', 'u0x0@victim.example'])).code).toBe(1);
  });

  it('records nothing without --record', async () => {
    const other = path.join(emails, 'lhost-postfix-06.eml');
    const run = await cli(['parse-dsn', other]);
    expect(JSON.parse(run.stdout)).not.toHaveProperty('recorded');
    expect((await cli(['check', 'kijitora@neko.example.jp'])).code).toBe(1);
  });
});
