import { describe, expect, it } from 'vitest';
import { normalizeReplyText } from '../../src/classify/normalize';

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
