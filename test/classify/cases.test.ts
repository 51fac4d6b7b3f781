import { describe, expect, it } from 'vitest';
import { classify, type Outcome, type Stage } from '../../src/classify';

type Want = Partial<Outcome>;
const c = (reply: string, stage?: Stage, mx?: string) => classify({ reply, stage, mx });

/** The everyday cases the classifier must get right; text outranks code. */
const CASES: Array<[string, string, Want, Stage?]> = [
  ['2xx delivered', '250 2.0.0 OK queued as 12345', { reason: 'delivered', bounce: 'none', suppress: false, code: 250, enhanced: '2.0.0' }],
  // Issue 10: RFC 5321's generic 421 wording is any fault's, not a request to slow down.
  ['421 generic at greeting', '421 4.3.2 Service not available, closing transmission channel', { throttle: false, suppress: false, bounce: 'soft', evidence: 'enhanced' }, 'connect'],
  ['4xx disabled account', '450 4.2.1 <a@example.com>: account disabled', { reason: 'suspend', suppress: false, bounce: 'soft', evidence: 'text' }],
  ['bare 551', '551 <a@example.com>', { reason: 'hasmoved', suppress: false, evidence: 'code-only' }],
  ['5.1.1 with no words', '550 5.1.1 <a@example.com>', { reason: 'userunknown', suppress: true, evidence: 'enhanced' }],
  ['421 bare at greeting', '421 closing connection', { throttle: false, suppress: false, evidence: 'code-only' }, 'connect'],
  ['421 4.7.0 try later', '421 4.7.0 Try again later, closing connection.', { throttle: true, suppress: false }],
  ['421 4.7.28 Gmail rate', '421 4.7.28 Gmail has detected an unusual rate of unsolicited mail. - gsmtp', { reason: 'speeding', throttle: true, provider: 'google', enhanced: '4.7.28' }],
  ['421 permanently deferred', '421 4.7.1 [TS03] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed.', { reason: 'blocked', suppress: false, throttle: false, provider: 'yahoo' }],
  ['450 4.2.1 recipient rate', '450 4.2.1 The user you are trying to contact is receiving mail too quickly.', { reason: 'speeding', throttle: true, suppress: false }],
  ['450 4.1.1 user unknown is temporary', '450 4.1.1 <a@b.example>: Recipient address rejected: User unknown in virtual alias table', { reason: 'userunknown', suppress: false, bounce: 'soft' }],
  ['450 4.1.8 sender domain', '450 4.1.8 <s@x.example>: Sender address rejected: Domain not found', { reason: 'rejected', suppress: false }],
  ['450 greylisting', '450 4.7.1 Greylisted, please try again in 300 seconds', { reason: 'onhold', suppress: false, throttle: false }],
  ['451 4.3.0', '451 4.3.0 Mail server temporarily rejected message.', { reason: 'systemerror', suppress: false, throttle: false }],
  ['451 4.7.1 greylisting', '451 4.7.1 Greylisting in action, please come back later', { reason: 'onhold', throttle: false }],
  ['452 4.2.2 over quota', '452 4.2.2 The email account that you tried to reach is over quota. - gsmtp', { reason: 'mailboxfull', suppress: false, bounce: 'soft' }],
  ['452 4.3.1 storage', '452 4.3.1 Insufficient system storage', { reason: 'systemfull', suppress: false }],
  ['452 4.5.3 too many recipients is not a full mailbox: a recipient limit, slow down', '452 4.5.3 Your message has too many recipients.', { reason: 'exceedlimit', suppress: false, throttle: true }],
  // Issue 10 vocabulary: other words, other languages, MTAs' own limits; and the precision traps.
  ['Postfix access map REJECT after the recipient wrapper', '554 5.7.1 <a@b.example>: Recipient address rejected: Access denied', { reason: 'policyviolation', suppress: false }],
  ['Exchange Online 5.7.64 relay refusal is the sender\'s connector', '550 5.7.64 TenantAttribution; Relay Access Denied', { reason: 'norelaying', suppress: false }],
  ['Sendmail relaying denied for lack of authentication', '550 5.7.1 <a@b.example>... Relaying denied. Proper authentication required.', { suppress: false }],
  ['content filter under a mailbox status', '550 5.2.1 Content Filter agent quarantined this message', { reason: 'filtered', suppress: false }],
  ['system not accepting messages is no dead address', '550 5.3.2 STOREDRV.Deliver: Missing or bad StoreDriver MDB properties', { suppress: false }],
  ['German unknown user', '550 Benutzer nicht bekannt', { reason: 'userunknown', suppress: true, evidence: 'text' }],
  ['French unknown recipient, words in another order', '550 adresse du destinataire inconnue', { reason: 'userunknown', suppress: true }],
  ['Spanish', '550 el usuario no existe', { reason: 'userunknown', suppress: true }],
  ['Japanese', '550 受信者が存在していないため、メール送信失敗', { reason: 'userunknown', suppress: true }],
  ['Chinese', '550 该用户不存在', { reason: 'userunknown', suppress: true }],
  ['Russian', '550 пользователь не существует', { reason: 'userunknown', suppress: true }],
  ['mailing list for members only', '550 5.7.1 Non-members are not allowed to post messages to this list', { reason: 'policyviolation', suppress: true }],
  ['Postfix anvil connection limit', '421 4.7.0 mx.example Error: too many connections from 192.0.2.1', { reason: 'toomanyconn', throttle: true }],
  ['Postfix anvil message rate', '450 4.7.1 Error: too much mail from 192.0.2.1', { reason: 'speeding', throttle: true, suppress: false }],
  ['Exim ratelimit', '450 sender rate exceeds 100 messages per hour', { reason: 'speeding', throttle: true }],
  ['qmail recipient limit', '550 5.5.3 sorry, reached maximum number of recipients allowed in one session', { throttle: true, suppress: false }],
  // Round 2 of issue 10: specific before generic, throttling as MTAs and providers word it, precision traps.
  ['5.1.1 with dead-mailbox words outranks a generic word after them', '550 5.1.1 <a@b.example>: Recipient address rejected: User unknown; spam protection', { reason: 'userunknown', suppress: true, evidence: 'text' }],
  ['the recipient wrapper with another reason after it is not "user unknown"', '550 5.7.1 <a@b.example>: Recipient address rejected: protocol error', { suppress: false }],
  ['the recipient wrapper alone names the address', '550 <a@b.example>: Recipient address rejected.', { reason: 'userunknown', suppress: true }],
  ['Exchange Online 5.4.1 directory-based edge blocking without its host name', '550 5.4.1 Recipient address rejected: Access denied', { reason: 'userunknown', suppress: true }],
  ['Exchange 5.7.12: the recipient takes internal senders only', '550 5.7.12 Sender was not authenticated by organization', { reason: 'policyviolation', suppress: true }],
  ['Exchange 5.3.190 journaling: "disabled" is no account', '550 5.3.190 Journaling on-premises messages to Microsoft 365 not supported when Journaling Archive is disabled', { suppress: false }],
  ['Postfix: no valid recipients at DATA proves nothing alone', '554 5.5.1 Error: no valid recipients', { suppress: false, bounce: 'soft' }],
  ['recipient syntax 5.1.3', '501 5.1.3 Syntax error in mailbox address', { reason: 'syntaxerror', suppress: true, bounce: 'hard' }],
  ['RFC 5321 553 mailbox name not allowed', '553 Requested action not taken: mailbox name not allowed', { reason: 'syntaxerror', suppress: true }],
  ['a MAIL FROM refusal never suppresses, whatever its words', '553 5.1.3 Sender address syntax not allowed', { suppress: false }, 'mail'],
  ['French sender noun: invalid sender is the sender', '550 5.1.0 Emetteur invalide. Invalid Sender.', { reason: 'rejected', suppress: false }],
  ['Japanese reception refusal by the recipient', '550 受信拒否', { reason: 'filtered', suppress: true }],
  ['Haraka: a domain this MX does not serve', '550 I cannot deliver mail for <a@b.example>', { reason: 'norelaying', suppress: true }],
  ['Yahoo: temporarily deferred asks to back off', '421 Message temporarily deferred - 4.16.51', { reason: 'speeding', throttle: true }],
  ['Orange in French: too many connections', '421 Trop de connexions, veuillez verifier votre configuration', { reason: 'toomanyconn', throttle: true }],
  ['La Poste: service refused, try later', '450 4.7.1 Service refuse. Veuillez essayer plus tard.', { throttle: true, suppress: false }],
  ['Exim load reserve is the host\'s load, no per-client limit', '421 Too much load; please try again later', { reason: 'systemerror', throttle: false }],
  ['Google per-transaction recipient limit', '452 4.5.3 Domain policy size per transaction exceeded, please try this recipient in a separate transaction', { throttle: true, suppress: false }],
  ['mox per-IP rate limit under a mailbox-full status', '452 4.2.2 more than 200 messages in past 1h0m0s from your ip/network', { reason: 'speeding', throttle: true }],
  ['GMX: too many messages on the server is a full mailbox', '550 user has too many messages on server', { reason: 'mailboxfull', throttle: false, suppress: false }],
  ['Cox temporary IP block: a 4xx backs off', '421 AUP#CDRBL', { reason: 'blocked', throttle: true }],
  ['Amazon SES unverified sender', '554 Message rejected: Email address is not verified.', { reason: 'rejected', suppress: false }],
  ['a 2xx with an RFC 3463 success status', '250 2.1.5 Ok', { reason: 'delivered', evidence: 'enhanced' }],
  ['a continuation code glued to a word is not an id', '550-SPF-check failed: 550 example.com doesn\'t allow sending mails from 192.0.2.1', { reason: 'authfailure', suppress: false }],
  ['Exchange receive connector: too many concurrent connections', '421 4.3.2 The maximum number of concurrent connections has exceeded a limit, closing transmission channel', { reason: 'toomanyconn', throttle: true }],
  ['RFC 3463 X.3.2 is the receiving system, not the address', '554 5.3.2 System not accepting network messages', { suppress: false, bounce: 'soft' }],
  ['RFC 7504 521: the host accepts no mail at all', '521 5.3.2 <a@b.example>: Recipient address rejected: System not accepting network messages', { reason: 'notaccept', suppress: true }],
  ['Exchange 5.4.310: the DNS domain does not exist', '550 5.4.310 DNS domain example.invalid does not exist [Message=InfoDomainNonexistent]', { reason: 'hostunknown', suppress: true }],
  ['Postfix: a DNS failure that says try again is no dead domain', 'Host or domain name not found. Name service error for name=example.com type=MX: Host not found, try again', { reason: 'hostunknown', suppress: false, bounce: 'soft' }],
  ['WEB.DE in German: mailbox over its storage', '550 Benutzer hat das Speichervolumen ueberschritten', { reason: 'mailboxfull', suppress: false }],
  ['Gromox in Chinese: the mailbox is full', '投递失败，收件人邮箱已满', { reason: 'mailboxfull', suppress: false }],
  ['Sympa in French: message too large', '552 Message trop gros', { reason: 'mesgtoobig', suppress: false }],
  ['Mailman in Japanese: message body too long', 'メールの本文が長すぎます', { reason: 'mesgtoobig' }],
  ['AOL code without the host name: a blocked dynamic IP asks to back off', '421 DYN:T1', { reason: 'blocked', throttle: true, suppress: false, evidence: 'provider' }],
  ['Comcast code without the host name', '554 BL000010', { reason: 'blocked', suppress: false }],
  ['Exim: a header line too long is the message format', '552 A message header line is too long', { reason: 'contenterror', suppress: false }],
  ['Mailman holds a post for its moderator: nothing about the address', 'Your message to the list awaits moderator approval', { reason: 'onhold', suppress: false, throttle: false }],
  ['Sympa in German: forwarded to the moderators', 'Ihre Nachricht an die Liste wurde an den/die Moderator(en) weitergeleitet', { reason: 'onhold', suppress: false }],
  ['Mailman\'s own recipient limit is no destination limit', 'Too many recipients to the message', { reason: 'exceedlimit', throttle: false, suppress: false }],
  ['a list moderator rejected the message', 'Your message has been rejected by the list moderator', { reason: 'filtered', suppress: false }],
  ['550 5.1.1', '550 5.1.1 <a@b.example>: Recipient address rejected: User unknown in local recipient table', { reason: 'userunknown', suppress: true, bounce: 'hard' }],
  ['550 5.1.2 no such domain', '550 5.1.2 Host unknown (Name server: example.invalid: host not found)', { reason: 'hostunknown', suppress: true, bounce: 'hard' }],
  ['550 5.1.0', '550 #5.1.0 Address rejected.', { reason: 'userunknown', suppress: true, enhanced: '5.1.0' }],
  ['550 5.1.10 null MX', '550 5.1.10 Recipient domain has a null MX', { reason: 'notaccept', suppress: true }],
  ['550 5.1.10 Microsoft', '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup', { reason: 'userunknown', suppress: true, provider: 'microsoft' }],
  ['550 5.2.1 disabled', '550 5.2.1 The email account that you tried to reach is disabled. - gsmtp', { reason: 'suspend', suppress: true }],
  ['550 5.4.1 access denied', '550 5.4.1 Recipient address rejected: Access denied. [x.prod.protection.outlook.com]', { suppress: true }],
  ['550 5.7.0 policy', '550 5.7.0 Local Policy Violation', { reason: 'policyviolation', suppress: false }],
  ['550 5.7.1 spamhaus is the sender', '550 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org', { reason: 'blocked', suppress: false }],
  ['550 5.7.1 IP blocked', '550 5.7.1 Mail from IP 192.0.2.1 was rejected due to listing in Spamhaus SBL', { reason: 'blocked', suppress: false }],
  ['550 5.7.1 spam content', '550 5.7.1 Message considered as SPAM', { reason: 'spamdetected', suppress: false }],
  ['550 5.7.1 relay denied', '554 5.7.1 <a@b.example>: Relay access denied', { reason: 'norelaying', suppress: true }],
  ['550 5.7.1 recipient rejected', '550 5.7.1 <a@b.example>: Recipient address rejected: User unknown', { reason: 'userunknown', suppress: true }],
  ['550 5.7.25 no PTR', '550 5.7.25 The IP address sending this message does not have a PTR record setup', { reason: 'requireptr', suppress: false }],
  ['550 5.7.26 DMARC', '550 5.7.26 Unauthenticated email from example.com is not accepted due to domain\'s DMARC policy. - gsmtp', { reason: 'authfailure', suppress: false }],
  ['550 5.7.27 SPF', '550 5.7.27 The sender domain fails SPF checks', { reason: 'authfailure', suppress: false }],
  ['550 5.7.350', '550 5.7.350 Remote server returned message detected as spam', { reason: 'spamdetected', suppress: false }],
  ['550 5.7.606 banned IP', '550 5.7.606 Access denied, banned sending IP [192.0.2.1].', { reason: 'blocked', suppress: false }],
  ['550 5.7.708 traffic not accepted', '550 5.7.708 Access denied, traffic not accepted from this IP.', { reason: 'blocked', suppress: false }],
  ['550 that says rate limited', '550 5.7.1 This email has been rate limited.', { reason: 'speeding', throttle: true, suppress: false, bounce: 'soft' }],
  ['550 that says try again later', '550 Temporarily locked, try again later', { suppress: false, bounce: 'soft' }],
  ['551 5.1.6 moved with forwarding address', '551 5.1.6 User not local; please try <new.address@example.org>', { reason: 'hasmoved', suppress: true, forwardTo: 'new.address@example.org' }],
  ['552 5.2.2 quota', '552 5.2.2 Mailbox size limit exceeded', { reason: 'mailboxfull', suppress: false }],
  ['552 5.2.3 too large', '552 5.2.3 Message size exceeds fixed maximum message size (10485760)', { reason: 'exceedlimit', suppress: false }],
  ['552 5.3.4 too large', '552 5.3.4 Message too big for system', { reason: 'mesgtoobig', suppress: false }],
  ['552 too many recipients', '552 Too many recipients', { reason: 'exceedlimit', suppress: false }],
  ['553 5.1.3 bad syntax', '553 5.1.3 The recipient address <a@b> is not a valid RFC 5321 address.', { reason: 'userunknown', suppress: true }],
  ['553 5.1.7 sender syntax', '553 5.1.7 The sender address <x> is not a valid RFC 5321 address.', { suppress: false }],
  ['554 5.7.1 content', '554 5.7.1 Message rejected under suspicion of SPAM', { reason: 'spamdetected', suppress: false }],
  ['554 5.7.9 policy', '554 5.7.9 Message not accepted for policy reasons. See https://postmaster.yahooinc.com/error-codes', { reason: 'policyviolation', suppress: false, provider: 'yahoo' }],
  ['554 transaction failed', '554 Transaction failed', { suppress: false, bounce: 'soft' }],
  ['Sender address rejected is about the sender', '550 5.1.1 <s@x.example>: Sender address rejected: User unknown in local recipient table', { reason: 'rejected', suppress: false }],
  ['a 5xx at MAIL FROM never blames the recipient', '550 5.1.1 User unknown', { reason: 'rejected', suppress: false }, 'mail'],
  ['a 5xx at greeting blames the sending host', '554 mx.example.net ESMTP not accepting connections', { reason: 'blocked', suppress: false }, 'connect'],
  ['no code at all', 'connection lost', { code: null, enhanced: null, suppress: false }],
  ['sender verify after DATA is about the sender', '550 Sender verify failed: <news@sender.example>: unknown user', { reason: 'rejected', suppress: false }, 'dot'],
  ['envelope-from unknown after DATA', '554 5.7.1 Message rejected: Envelope-From user unknown', { suppress: false, bounce: 'soft' }, 'dot'],
  ['return path unknown', '550 Return path unknown user', { reason: 'rejected', suppress: false }, 'dot'],
  ['5.1.8 is the sender system, whatever the text', '550 5.1.8 <news@sender.example>: user unknown', { reason: 'rejected', suppress: false, bounce: 'soft' }, 'dot'],
  ['5.1.7 at RCPT is still the sender', '553 5.1.7 <news@sender>: user unknown', { reason: 'rejected', suppress: false }, 'rcpt'],
  ['5.1.1 user unknown after DATA names the recipient', '550 5.1.1 <gone@b.example>: user unknown', { reason: 'userunknown', suppress: true }, 'dot'],
];

describe('everyday replies', () => {
  it.each(CASES)('%s', (_name, reply, want, stage) => {
    const o = c(reply, stage);
    expect(o, o.rule).toMatchObject(want);
    expect(o.rule).not.toBe('');
  });

  it('recognises the provider from the MX host', () => {
    expect(c('550 5.1.1 user unknown', undefined, 'gmail-smtp-in.l.google.com').provider).toBe('google');
    expect(c('550 5.1.1 user unknown', undefined, 'example-com.mail.protection.outlook.com').provider).toBe('microsoft');
    expect(c('550 5.1.1 user unknown', undefined, 'mx.example.net').provider).toBeNull();
  });

  it('returns a fresh object each time, so callers may change it', () => {
    const a = c('550 5.1.1 user unknown');
    a.suppress = false;
    expect(c('550 5.1.1 user unknown').suppress).toBe(true);
  });
});
