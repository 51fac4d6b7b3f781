import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../bench/lib/corpus';
import { parseReturnpathConfig, SentRecords, signBatv } from '../../src/returnpath';
import { openStore, parseStoreConfig } from '../../src/store';
import { ensureBuilt, runCli } from '../helpers/cli';
import { dsn } from '../helpers/reports';

const SECRET = 'a cli-test secret, long enough';
const corpusBounce = path.join(corpusDir(), 'sisimai', 'emails', 'maildir', 'bsd', 'rfc3464-01.eml');

interface Line {
  kind: string;
  recorded: Array<{ recipient: string; action: string }>;
  not_believed?: Array<{ recipient: string; why: string }>;
}

describe('bounceguard parse-dsn --record --verify', () => {
  let dir: string;
  let signedPath: string;
  const cli = (args: string[]) => runCli(['--config', dir, ...args]);
  const lineOf = (stdout: string) => JSON.parse(stdout.trim()) as Line;

  beforeAll(async () => {
    ensureBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-dsn-verify-'));
    fs.mkdirSync(path.join(dir, 'config'));
    fs.writeFileSync(path.join(dir, 'config', 'bounceguard.ini'), '[store]\nbackend=sqlite\nsqlite_path=list.db\n');
    fs.writeFileSync(path.join(dir, 'config', 'bounceguard-returnpath.ini'), `[keys]\n1=${SECRET}\n[haraka.test]\nmode=batv\n`);
    signedPath = signBatv('sender@haraka.test', parseReturnpathConfig({ keys: { 1: SECRET } }).keys!, Date.now()).address!;
    const store = await openStore(parseStoreConfig({ store: { backend: 'sqlite', sqlite_path: 'list.db' } }, dir));
    await new SentRecords(store).remember({ messageId: '<v1@haraka.test>', sender: 'sender@haraka.test', returnPath: signedPath, recipients: ['dead@dest.example'], at: Date.now() });
    await store.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('with keys configured, records only what a signed return path and the recorded message vouch for', async () => {
    const good = write('good.eml', `Delivered-To: ${signedPath}\r\n${dsn({ to: signedPath, failed: 'dead@dest.example', messageId: '<v1@haraka.test>' })}`);
    const stranger = write('stranger.eml', `Delivered-To: ${signedPath}\r\n${dsn({ to: signedPath, failed: 'other@dest.example', messageId: '<v1@haraka.test>' })}`);
    const run = await cli(['parse-dsn', '--record', good, stranger, corpusBounce]);
    expect(run.code, run.stderr).toBe(0);
    const [g, s, c] = run.stdout.trim().split('\n').map(lineOf);
    expect(g.recorded).toEqual([{ recipient: 'dead@dest.example', action: 'suppressed' }]);
    expect(s).toMatchObject({ recorded: [], not_believed: [{ recipient: 'other@dest.example', why: 'the message was not sent to this recipient' }] });
    expect(c).toMatchObject({ recorded: [], not_believed: [{ recipient: 'userunknown@bouncehammer.jp', why: 'no signed return path' }] });
    expect((await cli(['check', 'other@dest.example'])).code).toBe(1);
    expect((await cli(['check', 'userunknown@bouncehammer.jp'])).code).toBe(1);
  });

  it('--no-verify believes the report as before', async () => {
    const run = await cli(['parse-dsn', '--record', '--no-verify', corpusBounce]);
    expect(lineOf(run.stdout).recorded).toEqual([{ recipient: 'userunknown@bouncehammer.jp', action: 'suppressed' }]);
  });

  it('--verify without keys is a usage error', async () => {
    fs.writeFileSync(path.join(dir, 'config', 'bounceguard-returnpath.ini'), '');
    const run = await cli(['parse-dsn', '--record', '--verify', corpusBounce]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--verify needs the keys of config\/bounceguard-returnpath\.ini/);
  });
});
