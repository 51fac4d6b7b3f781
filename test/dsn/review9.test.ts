/**
 * Probes of the notice readers against forms the notice builders do not show: final notices that negate a
 * retry in their language, a summary ("Message details:") that is not the end of the notice, a wrapped request
 * to resend, and "address not found" words about the sender. Each notice is written from its MTA's facts.
 */
import { describe, expect, it } from 'vitest';
import { parseBounce } from '../../src/dsn';
import { noticeCause, noticeTiming } from '../../src/dsn/wording';

function notice(subject: string, body: string[]): string {
  return [
    'Return-Path: <>',
    'From: Mail Delivery System <MAILER-DAEMON@mx.example.net>',
    'To: sender@example.org',
    `Subject: ${subject}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    ...body,
    '',
  ].join('\n');
}

function only(raw: string) {
  const { recipients } = parseBounce(raw);
  expect(recipients).toHaveLength(1);
  return recipients[0];
}

describe('a final notice that says it will not retry, in its language', () => {
  it.each([
    ['es', 'El servidor no volverá a intentar la entrega.'],
    ['es', 'No se volverá a intentar la entrega.'],
    ['fr', 'Le serveur ne réessaiera pas.'],
    ['it', 'Il server non riproverà a consegnare il messaggio.'],
    ['pt', 'O servidor não tentará novamente.'],
    ['pt', 'O servidor não continuará tentando.'],
    ['zh', '系统将不再重试。'],
    ['zh', '系统不会继续尝试投递此邮件。'],
    ['ru', 'Сервер не будет повторять попытки доставки.'],
  ])('%s: "%s" is no delay warning', (_lang, sentence) => {
    expect(noticeTiming([sentence])).toBeNull();
    const r = only(notice('Undelivered Mail', ['Delivery failed for:', '', '  ana@example.com', '    550 5.1.1 User unknown', '', sentence]));
    expect(r.action).not.toBe('delayed');
    expect(r).toMatchObject({ reason: 'userunknown', bounce: 'hard', suppress: true });
  });

  it('still reads the same verbs unnegated as a delay (Gmail\'s localized delay notices)', () => {
    for (const s of ['Gmail volverá a intentarlo durante 46 horas más.', 'Gmail réessaiera pendant encore 46 heures.', 'Gmail riproverà per altre 46 ore.', 'O Gmail tentará novamente por mais 46 horas.', 'Gmail 将在接下来的 46 小时内重试。', 'Gmail будет повторять попытки ещё 46 часов.']) {
      expect(noticeTiming([s])).toBe('delayed');
    }
  });

  it('reads "nicht erneut senden" as a warning only where there is no need to resend', () => {
    expect(noticeTiming(['SIE MÜSSEN IHRE NACHRICHT NICHT ERNEUT SENDEN.'])).toBe('delayed');
    expect(noticeTiming(['Bitte die Nachricht nicht erneut senden.'])).toBeNull();
  });
});

describe('"address not found" about another party than the recipient', () => {
  it.each(["L'indirizzo email del mittente non è stato trovato", '送信者のアドレスが見つかりません', 'サーバーのアドレスが見つかりません'])('%s is no unknown user', (text) => {
    expect(noticeCause(text)).toBeNull();
  });

  it("keeps Gmail's own heading as an unknown user", () => {
    expect(noticeCause("L'indirizzo non è stato trovato")?.reason).toBe('userunknown');
    expect(noticeCause('アドレスが見つかりません')?.reason).toBe('userunknown');
  });

  it('does not suppress a recipient for the sender\'s address (a bare 550)', () => {
    const r = only(notice('Mancato recapito', ['Impossibile recapitare il messaggio a:', '', '  bob@example.it', "    550 L'indirizzo email del mittente non è stato trovato"]));
    expect(r.suppress).toBe(false);
    expect(r.reason).not.toBe('userunknown');
  });
});

describe('a "Message details:" summary (Verizon, Sisimai lib/Sisimai/Lhost/Verizon.pm) ends at its blank line', () => {
  const summary = ['Message details:', '  Subject: Hello', '  Sent date: Wed Jun 12 02:21:53 GMT 2026', '  MAIL FROM: sender@example.org', '  RCPT TO: 5555550100@vtext.example.com'];

  it('names the failed recipient by its RCPT TO where the summary has no To', () => {
    const r = only(notice('Undeliverable Message', ['Error: 550 - Requested action not taken: no such user here', '', ...summary]));
    expect(r.recipient).toBe('5555550100@vtext.example.com');
    expect(r.reason).toBe('userunknown');
  });

  it('reads the reply written after the summary', () => {
    const r = only(notice('Undeliverable Message', ['Error:', '', ...summary, '', '550 - Requested action not taken: no such user here']));
    expect(r.reason).toBe('userunknown');
  });

  it('reads the failed recipients listed after a summary, and no field as their text', () => {
    const r = only(notice('Undeliverable: Hello', ['Delivery has failed.', '', 'Message details:', '  Subject: Hello', '  Size (bytes): 1024', '', 'bob@example.com', '  550 5.1.1 User unknown']));
    expect(r).toMatchObject({ recipient: 'bob@example.com', reason: 'userunknown' });
  });
});

describe('a wrapped request to send the message again', () => {
  it('does not make the recipients below it an address to write to', () => {
    const r = only(notice('Undelivered Mail', ['Your message could not be delivered. After correcting the address, please send the message', 'again to the recipients below:', '', '  bob@example.com', '    550 5.1.1 User unknown']));
    expect(r).toMatchObject({ recipient: 'bob@example.com', reason: 'userunknown' });
  });
});

describe('a course sentence that states the cause in a clause of its own', () => {
  it.each([
    ['ja', ['以下のアドレスへの配信に失敗しました。', '', '  bob@example.jp', '    メールボックスが一杯のため、配信中に問題が発生しました。']],
    ['de', ['Die Nachricht konnte nicht zugestellt werden an:', '', '  bob@example.jp', '    Beim Zustellen ist ein Problem aufgetreten: Postfach voll.']],
  ])('%s: keeps the cause and drops only the course clause', (_lang, body) => {
    const r = only(notice('Undelivered Mail', body));
    expect(r.reason).toBe('mailboxfull');
    expect(r.diagnostic).not.toMatch(/問題が発生|Problem aufgetreten/);
  });
});
