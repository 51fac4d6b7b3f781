import { describe, expect, it } from 'vitest';
import { classify, parseReply } from '../../src/classify';

const CASES: Array<[string, number | null, string | null]> = [
  ['550 5.1.1 User unknown', 550, '5.1.1'],
  ['550-5.1.1 The email account that you tried to reach does not exist.\r\n550-5.1.1 Please try\r\n550 5.1.1 double-checking', 550, '5.1.1'],
  ['smtp; 550 5.1.1 <a@b>... User unknown', 550, '5.1.1'],
  ['host mx.example.net[192.0.2.1] said: 550 5.7.1 blocked (in reply to RCPT TO command)', 550, '5.7.1'],
  ["Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound'", 550, '5.1.10'],
  ['553 sorry, that domain isn\'t in my list of allowed rcpthosts (#5.7.1)', 553, '5.7.1'],
  ['Sorry, no mailbox here by that name. (#5.1.1)', null, '5.1.1'],
  ['550 #5.1.0 Address rejected.', 550, '5.1.0'],
  ['421 4.7.28 rate limited', 421, '4.7.28'],
  ['550 5.7.606 Access denied', 550, '5.7.606'],
  ['550 5.7.708 Access denied', 550, '5.7.708'],
  ['552-5.2.3 Your message exceeded the size limit', 552, '5.2.3'],
  ['220-greeting 421 4.2.1 Service refused', 421, '4.2.1'],
  ['mail-inbound [192.0.2.25] did not like our RCPT TO:550 5.1.1 <x@y>: unknown', 550, '5.1.1'],
  ['5.7.25 Access denied, the sending IPv6 address [2a01:111:f200:2004::240] must have a reverse DNS record', null, '5.7.25'],
  ['451 Resources temporarily unavailable [#4.16.1].', 451, null],
  ['421 4.7.0 [TSS04] deferred - 4.16.55.1; see https://help.yahoo.com', 421, '4.7.0'],
  ['', null, null],
  ['550 5.7.028 leading zeros dropped', 550, '5.7.28'],
  ['550 5.1.1234 not an enhanced code', 550, null],
  ['550 5.1.1.2 a version, not an enhanced code', 550, null],
  ['450 5.1.1 class disagrees with the code', 450, null],
  ['554 4.7.1 then 5.7.1 agrees', 554, '5.7.1'],
  ['421-4.7.0 first line\n421 4.7.28 last line', 421, '4.7.0'],
  ['550', 550, null],
  ['5501 not a code', null, null],
];

describe('parseReply', () => {
  it.each(CASES)('%j', (reply, code, enhanced) => {
    const parsed = parseReply(reply);
    expect(parsed.code).toBe(code);
    expect(parsed.enhanced).toBe(enhanced);
  });

  it('reads codes exactly as classify does, whatever the case of the reply', () => {
    for (const reply of ['REJECTED:550 5.1.1 User unknown', 'CODE:550 x', '550 Mailbox unavailable (ID5.1.1)', '550 5.1.1 USER UNKNOWN']) {
      const parsed = parseReply(reply);
      const outcome = classify(reply);
      expect([parsed.code, parsed.enhanced], reply).toEqual([outcome.code, outcome.enhanced]);
    }
  });

  it('joins continuation lines into one text', () => {
    expect(parseReply('550-5.1.1 The email account\n550-5.1.1 does not\n550 5.1.1 exist').text).toBe('the email account does not exist');
  });

  it('infers the stage from MTA wrappers', () => {
    expect(parseReply('SMTP error from remote mail server after MAIL FROM:<a@b>: 550 no').stage).toBe('mail');
    expect(parseReply('550 5.7.1 no (in reply to end of DATA command)').stage).toBe('dot');
    expect(parseReply('host x refused to talk to me: 554 go away').stage).toBe('connect');
    expect(parseReply('550 5.1.1 unknown').stage).toBeNull();
  });

  it('stays fast and bounded on a huge reply', () => {
    const parsed = parseReply(`550 5.1.1 ${'x'.repeat(5_000_000)}`);
    expect(parsed.code).toBe(550);
    expect(parsed.text.length).toBeLessThanOrEqual(4096);
  });
});
