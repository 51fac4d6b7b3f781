import { describe, expect, it } from 'vitest';
import { parseBounce } from '../../src/dsn';
import { htmlToText, parseContentType } from '../../src/dsn/mime';
import { settledRatio, LINEAR_RATIO } from '../helpers/timing';

/** Issue 13's attacks on parse-dsn, each timed at n and at 4n (the size the issue names): the time may not grow faster than the input. */
const headed = (headers: string, body: string) => `From: MAILER-DAEMON@mx.example\r\nSubject: Undelivered Mail\r\n${headers}\r\n${body}`;

const attacks: Array<{ name: string; n: number; make: (n: number) => string }> = [
  // Was quadratic in the /^\s*Final-Recipient:/im search over the whole notice: 128 KB took 26 s.
  { name: '1 MB of blank lines', n: 256 * 1024, make: (n) => headed('', '\n'.repeat(n)) },
  { name: '1 MB of CRLF blank lines', n: 128 * 1024, make: (n) => headed('', '\r\n'.repeat(n)) },
  { name: '1 MB of blank lines in a text/plain part', n: 256 * 1024, make: (n) => headed('Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n', `--b\r\n\r\n${'\n'.repeat(n)}\r\n--b--\r\n`) },
  // Was quadratic in the parameter regex: 64 KB took 5 s. Timed at 128 and 512 KB: both sizes above V8's
  // 128 KB limit for an ordinary heap object, where a string of the message gets pages of its own. At 32 and
  // 128 KB that step alone made the larger input cost ten times the smaller one on a loaded VM (the build that
  // passed here before failed the same way), which reads as quadratic; the parser is linear on either side.
  { name: '512 KB Content-Type parameter', n: 128 * 1024, make: (n) => headed(`Content-Type: multipart/report; ${'a'.repeat(n)}\r\n`, 'x\r\n') },
  { name: '512 KB Content-Type of "a=" pairs', n: 128 * 1024, make: (n) => headed(`Content-Type: text/plain; ${'a='.repeat(n / 2)}\r\n`, 'x\r\n') },
  { name: '128 KB folded Content-Type', n: 32 * 1024, make: (n) => headed(`Content-Type: multipart/mixed;\r\n${' b\r\n'.repeat(n / 4)}`, 'x\r\n') },
  // Was 11 s a megabyte in the HTML tag regex.
  { name: '2 MB of "<a" in an HTML notice', n: 512 * 1024, make: (n) => headed('Content-Type: text/html\r\n', '<a'.repeat(n / 2)) },
  { name: '2 MB of "<br" in an HTML notice', n: 512 * 1024, make: (n) => headed('Content-Type: text/html\r\n', '<br'.repeat(n / 3)) },
  { name: '1 MB of "=?" encoded-word starts in the Subject', n: 256 * 1024, make: (n) => `Subject: ${'=?a?b?'.repeat(n / 6)}\r\n\r\nx` },
  { name: '1 MB of "(" in a Status field', n: 256 * 1024, make: (n) => headed('Content-Type: message/delivery-status\r\n', `Final-Recipient: rfc822; a@b.example\r\nStatus: 5.1.1 ${'('.repeat(n)}\r\n`) },
  { name: '1 MB of addresses without a domain', n: 256 * 1024, make: (n) => headed('', 'a@'.repeat(n / 2)) },
];

describe('parseBounce answers hostile input in linear time', () => {
  it.each(attacks)('$name', ({ make, n }) => {
    const ratio = settledRatio(make, (m) => parseBounce(m), n);
    expect(ratio, `time(2n)/time(n) = ${ratio.toFixed(2)}`).toBeLessThan(LINEAR_RATIO);
  }, 60_000);
});

describe('the MIME helpers are linear on their own', () => {
  it('parseContentType over a 2 MB parameter', () => {
    const ratio = settledRatio((n) => `multipart/report; ${'a'.repeat(n)}`, parseContentType, 512 * 1024);
    expect(ratio, `time(2n)/time(n) = ${ratio.toFixed(2)}`).toBeLessThan(LINEAR_RATIO);
  }, 60_000);

  it('htmlToText over 2 MB of "<a" and of "<" then one ">"', () => {
    expect(settledRatio((n) => '<a'.repeat(n / 2), htmlToText, 512 * 1024)).toBeLessThan(LINEAR_RATIO);
    expect(settledRatio((n) => `${'<'.repeat(n)}>`, htmlToText, 512 * 1024)).toBeLessThan(LINEAR_RATIO);
  }, 60_000);

  it('still reads parameters and tags as before', () => {
    expect(parseContentType('multipart/report; report-type=delivery-status;\r\n boundary="a b;c"')).toEqual({
      type: 'multipart/report', params: { 'report-type': 'delivery-status', boundary: 'a b;c' },
    });
    expect(parseContentType('multipart/mixed boundary = x1 charset=UTF-8').params).toEqual({ boundary: 'x1', charset: 'UTF-8' });
    expect(parseContentType('text/plain; name; charset="unterminated').params).toEqual({ charset: 'unterminated' });
    expect(htmlToText('<p>User <b>a@b.example</b> unknown</p><br/>550 5.1.1 &lt;x&gt;')).toBe(' User  a@b.example  unknown\n\n550 5.1.1 <x>');
    expect(htmlToText('a < b and c > d <i>e</i>')).toBe('a   d  e ');
  });
});
