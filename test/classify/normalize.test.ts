import { describe, expect, it } from 'vitest';
import { providerReplies, sisimaiReplies } from '../../bench/lib/corpus';
import { normalizeReplyText } from '../../src/classify/normalize';
import { ReplyBytesNormalizer } from '../../src/classify/normalize-bytes';

describe('normalizeReplyText', () => {
  it.each<[string, string]>([
    ['550 5.1.1 <kijitora@example.jp>: user unknown', '550 5.1.1 <x@example.jp>: user unknown'],
    ['blocked [192.0.2.1] and 10.0.0.25.', 'blocked [0.0.0.0] and 0.0.0.0.'],
    ['host mx1.example.net[203.0.113.9]:25', 'host mx1.example.net[0.0.0.0]:25'],
    ['421 4.7.28 rate 4.16.55.1 kept', '421 4.7.28 rate 0.0.0.0 kept'],
    ['552 5.2.3 version 1.2.3 stays', '552 5.2.3 version 1.2.3 stays'],
    ['queue id 4f2a9c81be3d7 and 1234567 gone', 'queue id # and # gone'],
    ['short ids ab12 and 12345 stay', 'short ids ab12 and 12345 stay'],
    ['lpn006_107 ofr006_103 markers stay', 'lpn006_107 ofr006_103 markers stay'],
    ['ip 1.2.3.4567 runs on', 'ip 0.0.0.07 runs on'],
    ['from [2001:db8::1] bye', 'from [::] bye'],
    ['no variable parts at all', 'no variable parts at all'],
  ])('%s', (input, expected) => {
    expect(normalizeReplyText(input)).toBe(expected);
  });

  it('gives one text for the same reply from other hosts, recipients and queue ids', () => {
    const a = normalizeReplyText('550 5.1.1 <a.b@example.com> unknown [198.51.100.7] id 9q8w7e6r5t4y');
    const b = normalizeReplyText('550 5.1.1 <zz@example.com> unknown [203.0.113.200] id 1a2s3d4f5g6h');
    expect(a).toBe(b);
  });
});

/** What the byte form gives for a reply: the text, or null when it leaves the reply to the string form. */
function normalizedAsBytes(reply: string): string | null {
  const normalizer = new ReplyBytesNormalizer(4096);
  const length = normalizer.normalize(Buffer.from(reply, 'utf8'), 0, Buffer.byteLength(reply));
  return length < 0 ? null : Buffer.from(normalizer.bytes.subarray(0, length)).toString('utf8');
}

describe('ReplyBytesNormalizer: the same text as normalizeReplyText, as bytes', () => {
  // Each reply with what a log line adds (an address, a queue id, a client IP), upper case included.
  const corpus = [...sisimaiReplies().map((r) => r.reply), ...providerReplies().map((r) => r.reply)]
    .flatMap((reply, i) => [reply, `${reply} (rcpt User${i}@Example.COM, queue id ${(0x10000000000 + i * 7919).toString(16).toUpperCase()}, from [192.0.2.${i % 256}])`]);

  it('on every corpus reply, and the same reply as a log line gives it', () => {
    let asBytes = 0;
    for (const reply of corpus) {
      const bytes = normalizedAsBytes(reply);
      if (bytes === null) continue;
      asBytes += 1;
      expect(bytes, reply).toBe(normalizeReplyText(reply.toLowerCase()));
    }
    expect(asBytes).toBeGreaterThan(corpus.length * 0.9);
  });

  it.each<[string]>([
    ['550-5.1.1 The email 550-5.1.1 account 550 5.1.1 gone'], ['550-spf-check failed 550-12345678 x'], ['a@b@c@ @@ x@'],
    ['ID AB12CD34EF56@HOST 1.2.3.4567 1.2.3 999.999.999.999.1 12345-ab-67=89+cdef'], ['  x  '], ['1.2.3.4@example.com'],
    ['ip 10.0.0.1.'], ['run 123456'], ['5.1.1.'], ['rate 4.16.55.1 kept'], ['ends in 123.4'], ['lpn006_107 OFR006_103'],
    ['<Kijitora.Neko+tag@Example.JP>: mailbox full 4.2.2'], ['ユーザー Neko (Kijitora12@example.co.jp) は見つかりません 20240101123456'],
    ['مرحبًا kijitora@example.jp، 550 5.1.1 abc123def456'], ['müller@example.de 550 5.1.1 straße'], ['user.имя@пример.рф ok'], ['550 abc-1234567890 qid=AbC9dEf8Gh7 at 12:34:56'],
    ['550-Kijitora@example.com... No\r\n550 such user'], ['550-@x 550-a@b 450-neko.Tora@x'], ['a\\b \\N55 \\n5500'],
  ])('%s', (reply) => {
    expect(normalizedAsBytes(reply)).toBe(normalizeReplyText(reply.toLowerCase()));
  });

  it('leaves malformed UTF-8 to the string form (which reads it as U+FFFD)', () => {
    const normalizer = new ReplyBytesNormalizer(4096);
    for (const bytes of [[0x35, 0xc3], [0x35, 0xe3, 0x81], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x80, 0x35]]) {
      expect(normalizer.normalize(Uint8Array.from(bytes), 0, bytes.length), bytes.join(' ')).toBe(-1);
    }
  });

  it('on 20,000 strings made of the characters masking looks at (digits, dots, dashes, @, stops, upper case)', () => {
    const alphabet = '0123456789012345.....---+=_@@ :;<>[]"aAbBfFnxXzZéÉ語ß\\';
    let seed = 15;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8;
    for (let n = 0; n < 20_000; n += 1) {
      let reply = '';
      for (let i = next() % 40; i > 0; i -= 1) reply += alphabet[next() % alphabet.length];
      const bytes = normalizedAsBytes(reply);
      if (bytes !== null) expect(bytes, reply).toBe(normalizeReplyText(reply.toLowerCase()));
    }
  });

  it.each<[string, string]>([
    ['a character with case beyond ASCII', '550 Benutzer MÜLLER@example.de unbekannt'],
    ['a four-byte character', '550 mailbox \u{1F4E7} full'],
    ['an IPv6 "::"', 'from [2001:db8::1] bye'],
    ['longer than the buffer', `550 ${'a'.repeat(5000)}`],
    ['Exim\'s escaped line break before a continuation line', 'after RCPT TO:<u@example.com>: 554-delivery error\\n554 5.1.1 no such user'],
  ])('leaves a reply with %s to the string form', (_why, reply) => {
    expect(normalizedAsBytes(reply)).toBeNull();
  });
});
