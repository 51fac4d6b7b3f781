import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailPath, loadLabels } from '../../bench/dsn-corpus';
import { corpusDir } from '../../bench/lib/corpus';
import { splitMbox } from '../../src/cli/dsn-inputs';
import { ensureBuilt, ROOT } from '../helpers/cli';

const corpus = corpusDir();
const emails = loadLabels(corpus).map((e) => emailPath(corpus, e));

function parseDsn(args: string[]): { status: number | null; lines: Array<{ file: string; kind: string; recipients: unknown[] }>; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'bounceguard.js'), 'parse-dsn', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, lines: r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l)), stderr: r.stderr };
}

async function messagesOf(mbox: Buffer, chunk: number): Promise<string[]> {
  const pieces = Array.from({ length: Math.ceil(mbox.length / chunk) }, (_, i) => mbox.subarray(i * chunk, (i + 1) * chunk));
  const out: string[] = [];
  for await (const m of splitMbox(Readable.from(pieces), 'box')) out.push(`${m.name}|${m.data!.toString('latin1')}`);
  return out;
}

describe('parse-dsn inputs: files, directories, Maildir, mbox, worker threads', () => {
  let tmp: string;
  beforeAll(() => {
    ensureBuilt();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-dsn-inputs-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('cuts an mbox at From lines after an empty line, whatever the chunks, and undoes >From quoting', async () => {
    const box = Buffer.from([
      'From MAILER-DAEMON Thu Jan  1 00:00:00 2026', 'Subject: one', '', 'body', '>From the start', 'From here on, not a separator', '',
      'From MAILER-DAEMON Thu Jan  1 00:00:01 2026', 'Subject: two', '', 'text', '',
    ].join('\n'), 'latin1');
    const expected = [
      'box#1|Subject: one\n\nbody\nFrom the start\nFrom here on, not a separator\n\n',
      'box#2|Subject: two\n\ntext\n',
    ];
    for (const chunk of [1, 7, 64, box.length]) expect(await messagesOf(box, chunk)).toEqual(expected);
  });

  it('reads a directory in name order, a Maildir from cur/ and new/ but not tmp/, and skips hidden files', () => {
    const maildir = path.join(tmp, 'Maildir');
    for (const sub of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(maildir, sub), { recursive: true });
    fs.copyFileSync(emails[0], path.join(maildir, 'new', 'b-message'));
    fs.copyFileSync(emails[1], path.join(maildir, 'cur', 'a-message'));
    fs.copyFileSync(emails[2], path.join(maildir, 'tmp', 'being-written'));
    fs.writeFileSync(path.join(maildir, 'cur', '.hidden'), 'x');
    const run = parseDsn([maildir]);
    expect(run.status).toBe(0);
    expect(run.lines.map((l) => path.relative(maildir, l.file))).toEqual([path.join('cur', 'a-message'), path.join('new', 'b-message')]);
  });

  it('parses every message of an mbox as it parses the same messages one file each', () => {
    const sample = emails.slice(0, 25);
    const quoted = (raw: string) => raw.replace(/\r\n/g, '\n').replace(/^(>*From )/gm, '>$1');
    const box = path.join(tmp, 'bounces.mbox');
    fs.writeFileSync(box, sample.map((f) => `From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n${quoted(fs.readFileSync(f, 'latin1')).replace(/\n*$/, '\n')}\n`).join(''), 'latin1');
    const fromBox = parseDsn(['--mbox', box]);
    const fromFiles = parseDsn(sample);
    expect(fromBox.lines.map((l) => l.file)).toEqual(sample.map((_, i) => `${box}#${i + 1}`));
    const summary = (l: { kind: string; recipients: unknown[] }) => ({ kind: l.kind, recipients: l.recipients });
    expect(fromBox.lines.map(summary)).toEqual(fromFiles.lines.map(summary));
  });

  it('gives the same output, in the same order, on worker threads as on one', () => {
    const dir = path.join(tmp, 'many');
    fs.mkdirSync(dir);
    // With --jobs given, workers start from two batches (64 messages) on; named so that name order is input order.
    for (let i = 0; i < 400; i += 1) fs.copyFileSync(emails[i % emails.length], path.join(dir, `m${String(i).padStart(4, '0')}.eml`));
    const one = parseDsn(['--jobs', '1', dir]);
    const two = parseDsn(['--jobs', '2', dir]);
    expect(one.status).toBe(0);
    expect(two.lines).toHaveLength(400);
    expect(two.lines).toEqual(one.lines);
  });

  it('reports a file it cannot read as an error line among the others, exit 2', () => {
    const run = parseDsn([emails[0], path.join(tmp, 'missing.eml'), emails[1]]);
    expect(run.status).toBe(2);
    expect(run.lines.map((l) => l.kind)).toEqual([expect.any(String), 'unknown', expect.any(String)]);
    expect(run.lines[1]).toMatchObject({ error: expect.stringMatching(/cannot read .*missing\.eml/) });
  });
});

describe('a directory of many messages', () => {
  // Run with a small stack, as a call's argument list is bounded by it: 20,000 names overflow a
  // 64 KB stack where a spread of them into one call is the way they are collected (on the default
  // stack that took some 120,000 files, too many to write in a test on a busy machine).
  it('names every file of a Maildir folder of 20,000 messages under a 64 KB stack (more than a call takes as arguments)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-many-'));
    try {
      for (const sub of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(dir, sub));
      for (let i = 0; i < 20_000; i += 1) fs.writeFileSync(path.join(dir, 'cur', `m${i}`), '');
      ensureBuilt();
      const inputs = path.join(ROOT, 'dist', 'src', 'cli', 'dsn-inputs.js');
      const script = `const { messagesOf } = require(${JSON.stringify(inputs)});
        (async () => { let n = 0; for await (const m of messagesOf([process.argv[1]], false)) if (m.path && m.path.includes('${path.sep}cur${path.sep}')) n += 1;
          process.stdout.write(String(n)); })().catch((e) => { process.stderr.write(String(e)); process.exit(1); });`;
      const run = spawnSync(process.execPath, ['--stack-size=64', '-e', script, dir], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe('20000');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
