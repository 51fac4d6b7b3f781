import { describe, expect, it } from 'vitest';
import {
  decodeBase64, decodeQP, decodeWords, flatten, htmlToText, parseContentType, parseHeaders, parsePart, partText, splitMultipart, toUnicode,
} from '../../src/dsn/mime';

const bytes = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

describe('headers', () => {
  it('unfolds continuation lines and lower-cases names', () => {
    const h = parseHeaders('Subject: one\r\n two\r\nX-Tag:  a \nnot a header line\n\tthree');
    expect(h).toEqual([
      { name: 'subject', value: 'one two' },
      { name: 'x-tag', value: 'a three' },
    ]);
  });

  it('reads media types, quoted parameters, and sloppy headers without a semicolon', () => {
    expect(parseContentType('multipart/report; report-type=delivery-status;\tboundary="a;b"')).toEqual({
      type: 'multipart/report',
      params: { 'report-type': 'delivery-status', boundary: 'a;b' },
    });
    expect(parseContentType('Text/Plain charset="iso-2022-jp"')).toEqual({ type: 'text/plain', params: { charset: 'iso-2022-jp' } });
    expect(parseContentType(undefined).type).toBe('text/plain');
  });

  it('decodes RFC 2047 encoded words, adjacent ones joined', () => {
    expect(decodeWords('=?UTF-8?B?44Gr44KD44O8?= =?UTF-8?Q?=E3=82=93?=')).toBe('にゃーん');
    expect(decodeWords('=?iso-8859-1?q?caf=E9_noir?=')).toBe('café noir');
  });
});

describe('bodies', () => {
  it('splits multipart bodies and tolerates a missing close delimiter', () => {
    const body = 'preamble\n--b\nContent-Type: text/plain\n\none\n--b\n\ntwo\n--b--\nepilogue';
    expect(splitMultipart(body, 'b')).toEqual(['Content-Type: text/plain\n\none', '\ntwo']);
    expect(splitMultipart('--b\n\none\n--b\n\ntwo (truncated', 'b')).toEqual(['\none', '\ntwo (truncated']);
    expect(splitMultipart('no delimiter at all', 'b')).toEqual([]);
  });

  it('decodes quoted-printable, keeping malformed escapes as text', () => {
    expect(decodeQP('caf=C3=A9 =\nsoft =ZZ end=')).toBe(bytes('café soft =ZZ end='));
  });

  it('decodes broken base64 without throwing', () => {
    expect(decodeBase64('aGVsbG8=')).toBe('hello');
    expect(() => decodeBase64('a%G$V\u0000sb')).not.toThrow();
  });

  it('converts charsets, recognising unlabelled ISO-2022-JP', () => {
    const jis = '\x1b$B%f!<%6!<\x1b(B';
    expect(toUnicode(jis, undefined)).toBe('ユーザー');
    expect(toUnicode('\xe9t\xe9', 'iso-8859-1')).toBe('été');
    expect(toUnicode('plain', 'no-such-charset')).toBe('plain');
  });

  it('reads the text of HTML-only notices', () => {
    expect(htmlToText('<p>Your message to <b>bob@example.net</b> couldn&#39;t be delivered.</p>550&nbsp;5.1.1').replace(/\s+/g, ' ').trim())
      .toBe("Your message to bob@example.net couldn't be delivered. 550 5.1.1");
  });

  it('parses nested parts and decodes a base64 text part', () => {
    const msg = [
      'Content-Type: multipart/mixed; boundary=x',
      '',
      '--x',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('réponse').toString('base64'),
      '--x',
      'Content-Type: message/rfc822',
      '',
      'Message-ID: <m@x>',
      '',
      'body',
      '--x--',
    ].join('\n');
    const root = parsePart(msg);
    const parts = flatten(root);
    expect(parts.map((p) => p.type)).toEqual(['multipart/mixed', 'text/plain', 'message/rfc822', 'text/plain']);
    expect(partText(parts[1])).toBe('réponse');
    expect(parts[3].headers[0]).toEqual({ name: 'message-id', value: '<m@x>' });
  });
});
