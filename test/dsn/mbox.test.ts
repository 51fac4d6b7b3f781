import { describe, expect, it } from 'vitest';
import { parseBounce, splitMbox } from '../../src/dsn';
import { MboxReader } from '../../src/dsn/mbox';

const bounce = (rcpt: string) =>
  [
    'From MAILER-DAEMON  Thu Apr 29 23:34:45 2015',
    'From: MAILER-DAEMON@mx.example.net',
    'To: sender@example.org',
    'Subject: Undelivered Mail Returned to Sender',
    '',
    'This is the mail system at host mx.example.net.',
    '',
    `<${rcpt}>: host mx.example.com[192.0.2.1] said: 550 5.1.1 User unknown (in reply to RCPT TO command)`,
    '>From the original message, a quoted line',
    '',
  ].join('\n');

describe('splitMbox', () => {
  it('splits an mbox of bounces at its separator lines, not at quoted ">From " lines', () => {
    const messages = splitMbox(bounce('a@example.com') + '\n' + bounce('b@example.com'));
    expect(messages).toHaveLength(2);
    expect(messages.map((m) => parseBounce(m).recipients.map((r) => r.recipient))).toEqual([['a@example.com'], ['b@example.com']]);
  });

  it('does not cut at a body line starting "From " after a paragraph break: a separator is followed by a header', () => {
    const body = bounce('a@example.com').replace('>From the original', 'More text.\n\nFrom here on, the original');
    const messages = splitMbox(body + '\n' + bounce('b@example.com'));
    expect(messages).toHaveLength(2);
    expect(messages[0].toString('latin1')).toContain('From here on, the original');
  });

  it('reads the same messages whatever pieces the mbox arrives in', () => {
    const box = Buffer.from(bounce('a@example.com') + '\n' + bounce('b@example.com') + '\n' + bounce('c@example.com'), 'latin1');
    const whole = splitMbox(box).map((m) => m.toString('latin1'));
    expect(whole).toHaveLength(3);
    for (const size of [1, 2, 5, 13, 64]) {
      const reader = new MboxReader();
      const pieces: Buffer[] = [];
      for (let i = 0; i < box.length; i += size) pieces.push(...reader.push(box.subarray(i, i + size)));
      pieces.push(...reader.end());
      expect(pieces.map((m) => m.toString('latin1'))).toEqual(whole);
    }
  });

  it('reads a large message arriving in small pieces whole, beside the next one', () => {
    const big = bounce('a@example.com').replace('>From the original', `${'x'.repeat(70)}\n`.repeat(4000) + '\nFrom the middle of a paragraph');
    const box = Buffer.from(big + '\n' + bounce('b@example.com'), 'latin1');
    const reader = new MboxReader();
    const messages: Buffer[] = [];
    for (let i = 0; i < box.length; i += 1000) messages.push(...reader.push(box.subarray(i, i + 1000)));
    messages.push(...reader.end());
    expect(messages.map((m) => m.toString('latin1'))).toEqual(splitMbox(box).map((m) => m.toString('latin1')));
    expect(messages).toHaveLength(2);
    expect(messages[0].length).toBeGreaterThan(4000 * 71);
  });

  it('keeps a single message whole', () => {
    expect(splitMbox(bounce('a@example.com'))).toHaveLength(1);
    expect(splitMbox('From: x@example.com\n\nFrom here on, body text.\n')).toHaveLength(1);
  });
});
