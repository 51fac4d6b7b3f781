import * as fs from 'fs';
import { describe, expect, it } from 'vitest';
import { parseBounce, type ParsedReport } from '../../src/dsn';
import { corpusDir } from '../../bench/lib/corpus';
import { emailPath, loadLabels } from '../../bench/dsn-corpus';
import { prng } from '../../bench/lib/prng';
import { settledRatio, LINEAR_RATIO } from '../helpers/timing';

const corpus = corpusDir();
const samples = loadLabels(corpus).map((e) => fs.readFileSync(emailPath(corpus, e)));

type Mutation = (buf: Buffer, rnd: () => number) => Buffer;
const int = (rnd: () => number, n: number) => Math.floor(rnd() * n);

const MUTATIONS: Record<string, Mutation> = {
  truncate: (b, r) => b.subarray(0, int(r, b.length)),
  flipBytes: (b, r) => {
    const out = Buffer.from(b);
    for (let i = 0, n = 1 + int(r, 20); i < n; i++) out[int(r, out.length)] = int(r, 256);
    return out;
  },
  duplicateBoundaries: (b) => {
    const text = b.toString('latin1');
    const m = /boundary="?([^";\r\n]+)/i.exec(text);
    if (!m) return b;
    const line = `\n--${m[1]}\n`;
    return Buffer.from(text.split(`--${m[1]}`).join(line.repeat(50)), 'latin1');
  },
  breakBase64: (b, r) => {
    const text = b.toString('latin1').replace(/Content-Transfer-Encoding: *7bit/gi, 'Content-Transfer-Encoding: base64');
    return Buffer.from(text.slice(0, text.length - int(r, 200)) + '=%=\u0000', 'latin1');
  },
  spliceRandom: (b, r) => {
    const at = int(r, b.length);
    const junk = Buffer.from(Array.from({ length: int(r, 4096) }, () => int(r, 256)));
    return Buffer.concat([b.subarray(0, at), junk, b.subarray(at)]);
  },
  randomBytes: (_b, r) => Buffer.from(Array.from({ length: int(r, 20000) }, () => int(r, 256))),
  dropNewlines: (b) => Buffer.from(b.toString('latin1').replace(/\n/g, ' '), 'latin1'),
  deepNesting: (b, r) => {
    const depth = 100 + int(r, 400);
    let head = '';
    for (let i = 0; i < depth; i++) head += `Content-Type: multipart/mixed; boundary="b${i}"\n\n--b${i}\n`;
    return Buffer.concat([Buffer.from(head), b]);
  },
  manyParts: (b) => {
    const part = '--p\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; a@b.c\nAction: failed\nStatus: 5.1.1\n\n';
    return Buffer.concat([Buffer.from('Content-Type: multipart/report; boundary=p\n\n' + part.repeat(5000)), b]);
  },
  longLine: (b, r) => Buffer.concat([b.subarray(0, int(r, b.length)), Buffer.alloc(200_000, 'a@'), b]),
};

function isReport(r: ParsedReport): boolean {
  return ['dsn', 'arf', 'autoreply', 'unknown'].includes(r.kind) && Array.isArray(r.recipients);
}

describe('parseBounce on hostile input', () => {
  // Every call returns a report (a hang or runaway backtracking ends in vitest's timeout instead);
  // how fast is bench:dsn-speed's business.
  it('returns a report for thousands of mutated corpus emails and random bytes', () => {
    const rnd = prng(20260422);
    const names = Object.keys(MUTATIONS);
    const kinds = new Set<string>();
    for (let i = 0; i < 4000; i++) {
      const name = names[i % names.length];
      const input = MUTATIONS[name](samples[int(rnd, samples.length)], rnd);
      let report: ParsedReport;
      expect(() => { report = parseBounce(input); }, `case ${i} (${name}) threw`).not.toThrow();
      expect(isReport(report!), `case ${i} (${name}): ${JSON.stringify(report!).slice(0, 200)}`).toBe(true);
      expect(report!.error === undefined || typeof report!.error === 'string', `case ${i} (${name}) error`).toBe(true);
      kinds.add(report!.kind);
    }
    // Mutated DSNs are mostly still DSNs: the parser was not answering 'unknown' to everything.
    expect(kinds).toContain('dsn');
  });

  // A real bounce, padded to 50 MB: parsed, it would name its recipients.
  const head = samples[0];
  const big = Buffer.concat([head, Buffer.alloc(50 * 1024 * 1024, 'Received: from x by y; a@b.c\n')]);
  const recipientsOf = (r: ParsedReport) => r.recipients.map((x) => x.recipient);

  it('refuses a 50 MB message over the limit without parsing it', () => {
    const report = parseBounce(big, { maxBytes: 10 * 1024 * 1024 });
    expect(report.kind).toBe('unknown');
    expect(report.error).toMatch(/over the 10485760-byte limit/);
    // Nothing of the bounce inside was read.
    expect(report.recipients).toEqual([]);
  });

  it('parses a 50 MB bounce when the limit allows it', () => {
    const alone = parseBounce(head);
    expect(recipientsOf(alone).length).toBeGreaterThan(0);
    const report = parseBounce(big, { maxBytes: 64 * 1024 * 1024 });
    expect(isReport(report)).toBe(true);
    expect(report.error).toBeUndefined();
    expect(report.kind).toBe(alone.kind);
    expect(recipientsOf(report)).toEqual(recipientsOf(alone));
  });

  it('treats an empty message and a string input as unknown, not errors', () => {
    expect(parseBounce('').kind).toBe('unknown');
    expect(parseBounce(Buffer.alloc(0)).kind).toBe('unknown');
    expect(parseBounce('Subject: hello\n\nhi there').kind).toBe('unknown');
  });

  it('does not take a person\'s mail about a failed delivery for a bounce', () => {
    const human = 'Return-Path: <bob@example.org>\nFrom: Bob <bob@example.org>\nTo: ann@example.net\nSubject: hi\n\n' +
      'My reply could not be delivered to carol@example.com, can you check?\n';
    expect(parseBounce(human)).toMatchObject({ kind: 'unknown', recipients: [] });
    const bounce = human.replace('Return-Path: <bob@example.org>', 'Return-Path: <>');
    expect(parseBounce(bounce).recipients.map((r) => r.recipient)).toEqual(['carol@example.com']);
  });
});

describe('the concept reader stays linear', () => {
  const headed = (subject: string, body: string) => `From: MAILER-DAEMON@mx.example\r\nSubject: ${subject}\r\n\r\n${body}`;
  // Role phrases, announcements, CJK punctuation and many addresses on every line; then a subject
  // naming thousands of addresses over a notice that names none (the subject fallback).
  const attacks: Array<{ name: string; n: number; make: (n: number) => string }> = [
    { name: 'lines of addresses with role phrases', n: 8 * 1024, make: (n) => headed('Undelivered', 'the following recipients: contact a@b.cd 「x@y.zz」まで返信 u@v.wx\n'.repeat(n / 64)) },
    { name: 'a subject of addresses', n: 2 * 1024, make: (n) => headed(`Returned mail: ${'u@v.wx '.repeat(n / 7)}`, 'The message could not be delivered.\n') },
  ];
  it.each(attacks)('$name', ({ make, n }) => {
    const ratio = settledRatio(make, (m) => parseBounce(m), n);
    expect(ratio, `time(2n)/time(n) = ${ratio.toFixed(2)}`).toBeLessThan(LINEAR_RATIO);
  }, 60_000);
});
