import { describe, expect, it } from 'vitest';
import { parseBounce, splitMbox } from '../../src/dsn';

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

  it('keeps a single message whole', () => {
    expect(splitMbox(bounce('a@example.com'))).toHaveLength(1);
    expect(splitMbox('From: x@example.com\n\nFrom here on, body text.\n')).toHaveLength(1);
  });
});
