import { describe, expect, it } from 'vitest';
import { findStage } from '../../src/classify/stage';
import { addressesIn, collapseSpace, scanRecipients, splitNotice } from '../../src/dsn/text';

describe('notice text', () => {
  const notice = [
    'This message was created automatically by mail delivery software.',
    '',
    'The following address(es) failed:',
    '',
    '  cat@example.jp',
    '    SMTP error from remote mail server after RCPT TO:<cat@example.jp>:',
    '    host mx.example.jp [192.0.2.1]: 550 5.1.1 User unknown',
    '',
    '  <dog@example.jp>: 452 4.2.2 Mailbox full (in reply to end of DATA command)',
    '',
    '------ This is a copy of the message, including all the headers. ------',
    '',
    'From: sender@example.org',
    'To: cat@example.jp',
  ].join('\n');

  it('stops at the returned copy of the message', () => {
    const { lines, rest } = splitNotice(notice);
    expect(lines.some((l) => l.includes('This is a copy'))).toBe(false);
    expect(rest).toContain('From: sender@example.org');
  });

  it('gives each failed address the text that follows it, and the stage it names', () => {
    const found = scanRecipients(splitNotice(notice).lines, new Set(['sender@example.org']));
    expect(found.map((r) => r.recipient)).toEqual(['cat@example.jp', 'dog@example.jp']);
    expect(found[0].diagnostic).toMatch(/^SMTP error .* 550 5\.1\.1 User unknown$/);
    expect(found[0].stage).toBe('rcpt');
    expect(found[1].diagnostic).toContain('452 4.2.2 Mailbox full');
    expect(found[1].stage).toBe('dot');
  });

  it('gives no text to the words that announce the address ending their line', () => {
    // KDDI's "Could not be delivered to: <x>" over its cause: the cause is the recipient's text, whatever it says.
    const lines = ['Your mail sent on: Thu, 29 Apr 2026 00:00:00 +0900', '     Could not be delivered to: <x@example.com>', '     As their mailbox is full.'];
    expect(scanRecipients(lines, new Set()).map((r) => r.diagnostic)).toEqual(['As their mailbox is full.']);
    // A reply on the address's line stays whole.
    const reply = ['<x@example.com>: 550 5.1.1 the following address is not a known mailing list:'];
    expect(scanRecipients(reply, new Set())[0].diagnostic).toContain('not a known mailing list');
  });

  it('says once what a notice lists twice for the same address', () => {
    // Mail.Ru's account in Russian, then Exim's in English, each with the address and its reply.
    const lines = [
      'К сожалению, Ваше письмо не может быть доставлено одному или нескольким получателям:',
      '',
      '  x@example.com',
      '    550 5.1.1 User unknown',
      '',
      '**********************',
      '',
      'The following address(es) failed:',
      '',
      '  x@example.com',
      '    SMTP error from remote mail server after RCPT TO: host mx.example.com [192.0.2.1]: 550 5.1.1 User unknown',
    ];
    const [r] = scanRecipients(lines, new Set());
    expect(r.diagnostic).toBe('SMTP error from remote mail server after RCPT TO: host mx.example.com [192.0.2.1]: 550 5.1.1 User unknown');
    expect(r.stage).toBe('rcpt');
  });

  it('uses the introduction when the address line carries no reason', () => {
    const lines = ['Your mailbox is full, so your mail could not be delivered to:', '', '   <x@example.com>'];
    // The cause stays; the clause announcing the list ("could not be delivered to:") says nothing of why.
    expect(scanRecipients(lines, new Set())[0].diagnostic).toBe('Your mailbox is full,');
  });

  it('skips the bounce parties and mailer daemons', () => {
    const lines = ['From MAILER-DAEMON@mx.example.org to me@example.org:', 'rcpt@example.net: no such user'];
    expect(scanRecipients(lines, new Set(['me@example.org'])).map((r) => r.recipient)).toEqual(['rcpt@example.net']);
  });

  it('keeps a recipient whose reply names an address to contact, and never takes that address', () => {
    const lines = [
      '<rcpt@example.net>: host mx.example.net said: 550 5.7.1 Message refused, contact abuse@example.net (in reply to RCPT TO command)',
      'For further information, please contact listmaster@example.org',
      '(expanded from: <alias@example.net>)',
    ];
    expect(scanRecipients(lines, new Set()).map((r) => r.recipient)).toEqual(['rcpt@example.net']);
  });

  // The role phrases added for masqmail ("If you need help, write to <postmaster>") and Mailman 2.1's fr and es
  // refuse.txt ("adressé à l'administrateur", "dirigir al administrador") name a person to write to, not any
  // address after "write to" or "adressé à l'": a French notice's "le message adressé à l'utilisateur x" (the
  // common idiom, "the message addressed to the user x") and a delivery agent's "could not write to the mailbox of
  // x" name the failed recipient.
  it('reads a role phrase as a request to write to someone, not any address after its words', () => {
    const fr = ["Le message adressé à l'utilisateur rcpt@example.net n'a pas pu être remis : boîte aux lettres inexistante."];
    expect(scanRecipients(fr, new Set()).map((r) => r.recipient)).toEqual(['rcpt@example.net']);
    const en = ['Could not write to the mailbox of rcpt@example.net: permission denied'];
    expect(scanRecipients(en, new Set()).map((r) => r.recipient)).toEqual(['rcpt@example.net']);
    const help = ['rcpt@example.net: 550 5.1.1 User unknown', 'If you need help, write to <postmaster@mx.example.net>.'];
    expect(scanRecipients(help, new Set()).map((r) => r.recipient)).toEqual(['rcpt@example.net']);
  });

  it("reads the text a local delivery printed under Exim's dashed heading, and not the notice's closing words", () => {
    // Exim deliver.c: a pipe's failure, then "The following text was generated during the delivery attempt:"
    // and the pipe's output under "------ pipe to |x generated by rcpt ------".
    const lines = [
      'recipients. This is a permanent error. The following address(es) failed:',
      '',
      '  pipe to |/usr/lib/dovecot/deliver',
      '    generated by cat@example.jp',
      '',
      'The following text was generated during the delivery attempt:',
      '',
      '------ pipe to |/usr/lib/dovecot/deliver',
      '       generated by cat@example.jp ------',
      '',
      'Quota exceeded (mailbox for user is full)',
    ];
    expect(scanRecipients(lines, new Set())[0].diagnostic).toContain('Quota exceeded');
    // OpenSMTPD (smtpd/bounce.c): the indented closing paragraph under the flush-left reasons is the notice's own.
    const closing = ['cat@example.jp: 550 5.1.1 User unknown', '', '    Please note that this is only a temporary failure report.'];
    expect(scanRecipients(closing, new Set())[0].diagnostic).toBe('550 5.1.1 User unknown');
  });

  it("keeps Sendmail's session transcript with the recipient it follows: its stage is that recipient's", () => {
    // savemail.c: the reason, a blank line, then the indented heading of the transcript (usersmtp.c ">>> MAIL From:").
    const lines = [
      '   ----- The following addresses had permanent fatal errors -----',
      '<cat@example.jp>',
      '    (reason: 550 5.1.1 <sender@example.org>... User unknown)',
      '',
      '   ----- Transcript of session follows -----',
      '... while talking to mx.example.jp.:',
      '>>> MAIL From:<sender@example.org> SIZE=1234',
      '<<< 550 5.1.1 <sender@example.org>... User unknown',
    ];
    expect(scanRecipients(lines, new Set(['sender@example.org']))[0].stage).toBe('mail');
  });

  it('keeps a reply in a paragraph of its own out of the announcement that follows it', () => {
    // MailMarshal: the cause first, the recipients after; the reply has no full stop to end a clause.
    const lines = ['Could not be delivered because of', '', '550 5.1.1 user unknown in local recipient table', '', 'The following recipients were affected:', '    cat@example.jp'];
    expect(scanRecipients(lines, new Set())[0].diagnostic).toContain('550 5.1.1 user unknown in local recipient table');
  });

  it('keeps a reply whose words announce a list (the reply is the server\'s, not the notice\'s)', () => {
    const lines = ['------- Failure Reasons --------', '', '5.1.1 the following address is not a known mailing list', 'cat@example.jp'];
    expect(scanRecipients(lines, new Set())[0].diagnostic).toContain('not a known mailing list');
  });

  it('reads no cause in a transcript\'s successful replies, its commands or its time stamps', () => {
    // MDaemon's DSN with its session transcript: the 250 above the refusal is no cause.
    const lines = [
      'Fri 2026-11-27 16:21:18: --> RCPT To:<cat@example.jp>',
      'Fri 2026-11-27 16:21:18: <-- 250 2.1.0 Ok',
      'Fri 2026-11-27 16:21:18: <-- 550-5.1.1 mailbox',
      'Fri 2026-11-27 16:21:18: <-- 550 5.1.1 unavailable',
    ];
    const [found] = scanRecipients(lines, new Set());
    expect(found.diagnostic).toBe('550-5.1.1 mailbox 550 5.1.1 unavailable');
  });

  it("reads Exchange 2007's \"#reply ##\" as the reply", () => {
    const lines = ['Diagnostic information for administrators:', '', 'cat@example.jp', 'mx.example.jp #552 too much mail data ##'];
    expect(scanRecipients(lines, new Set())[0].diagnostic).toBe('mx.example.jp 552 too much mail data');
  });

  it('ends a recipient\'s text at a heading underlined with "="', () => {
    const lines = ['The following recipients were affected:', '    cat@example.jp', '', 'Additional Information', '======================', 'MessageName: <B5.mml>'];
    expect(scanRecipients(['550 5.2.2 mailbox full', '', ...lines], new Set())[0].diagnostic).toBe('550 5.2.2 mailbox full');
  });

  it('finds addresses without catastrophic backtracking on long junk', () => {
    expect(addressesIn('mailto:a.b@example.co.jp.')).toEqual(['a.b@example.co.jp']);
    // Runaway backtracking would not return in the test's timeout; returning, it still reads what follows.
    const found = addressesIn('x'.repeat(100_000) + '@' + 'y'.repeat(100_000) + ' and then <z@example.com>');
    expect(found.at(-1)).toBe('z@example.com');
  });
});

describe('SMTP stage', () => {
  it.each([
    ['550 Unknown user (in reply to end of DATA command)', 'dot'],
    ['host mx [1.2.3.4] SMTP error from remote mail server after MAIL FROM:<a@b>', 'mail'],
    ['... while talking to mx:\n>>> RCPT To:<a@b>\n<<< 550 no\n>>> DATA\n<<< 503 need RCPT', 'data'],
    ['mx.example [1.2.3.4] did not like our final DATA: 554 spam', 'dot'],
    ['SMTP error after initial connection: 554 go away', 'connect'],
    ['SMTP error from remote server for TEXT command, host: mx', 'data'],
    ['192.0.2.1 does not like recipient. Remote host said: 550 5.2.1 User Unknown', 'rcpt'],
    ['Connected to 192.0.2.1 but my name was rejected.', 'helo'],
    ['Remote host said: 550 sorry', undefined],
  ])('%s -> %s', (text, stage) => {
    expect(findStage(text)).toBe(stage);
  });
});

describe('a moved user\'s forwarding address', () => {
  // RFC 5321 3.4 (551 "please try <forward-path>"), Sendmail cf/feature/redirect.m4, Postfix relocated(5):
  // the address to try instead is no failed recipient, and the failed one keeps its reason.
  it('is not taken as a failed recipient', () => {
    const lines = [
      '   ----- The following addresses had permanent fatal errors -----',
      '<rcpt@example.net>',
      '    (reason: 551 User has moved; please try <new@example.org>)',
      '',
      '   ----- Transcript of session follows -----',
      '>>> RCPT To:<rcpt@example.net>',
      '<<< 551 User has moved; please try <new@example.org>',
    ];
    expect(scanRecipients(lines, new Set()).map((r) => r.recipient)).toEqual(['rcpt@example.net']);
    const moved = ['<rcpt@example.net>: 550 5.1.6 User has moved to new@example.org'];
    expect(scanRecipients(moved, new Set()).map((r) => r.recipient)).toEqual(['rcpt@example.net']);
  });
});

describe('collapseSpace', () => {
  it.each([' a  b\tc\r\nd\n\n e ', 'x\u00a0y\u3000\u3000z\u2028', 'one two', '\t', '  ', ''])('%j: each run of whitespace as one space', (text) => {
    expect(collapseSpace(text)).toBe(text.replace(/\s+/g, ' '));
  });
});

describe('where the returned message starts', () => {
  // One heading per cut pattern, so that the pre-screen derived from them (CUT_WORD_RE) is checked on each.
  it.each([
    '------ This is a copy of the message, including all the headers. ------',
    '--- Original message follows.',
    '----- Unsent message follows -----',
    'MESSAGE HEADERS FOLLOW',
    'Message text follows:',
    '--- Returned message ---',
    'Here is your returned mail.',
    '以下是您所发送邮件的一些基本信息：',
    '送信情報は下記となります：',
    "En-têtes du message d'origine :",
    'Ursprüngliche Nachrichtenkopfzeilen:',
    'Kopfzeilen der ursprünglichen Nachricht:',
    'Encabezados del mensaje original:',
    'Cabeçalhos da mensagem original:',
    'Intestazioni del messaggio originale:',
    '元のメッセージ ヘッダー:',
    '原始邮件头:',
    'Заголовки исходного сообщения:',
  ])('cuts at %s', (heading) => {
    expect(splitNotice(`Delivery failed.\n\n${heading}\nSubject: hello`).lines).toEqual(['Delivery failed.', '']);
  });
});
