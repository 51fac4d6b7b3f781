/**
 * The notice's own vocabulary (src/dsn/wording.ts): timing (delayed, expired, permanent) and the
 * causes notices state in their own words, then what a report does with them when the remote
 * reply is absent or a bare code.
 */
import { describe, expect, it } from 'vitest';
import { parseBounce } from '../../src/dsn';
import { classifyRecipient } from '../../src/dsn/context';
import { noticeCause, noticeTiming } from '../../src/dsn/wording';

describe('timing of a notice', () => {
  it.each([
    // Postfix delay template: says "could not be delivered for more than" and then that it will retry.
    ['THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. Your message could not be delivered for more than 4 hour(s). It will be retried until it is 5 day(s) old.', 'delayed'],
    ['Warning: could not send message for past 4 hours', 'delayed'],
    ['No action is required on your part. Delivery attempts will continue for some time, and this warning may be repeated.', 'delayed'],
    ['Delivery is delayed to these recipients or groups:', 'delayed'],
    ['La remise a été retardée pour ces destinataires', 'delayed'],
    ['Une nouvelle tentative sera effectuée plus tard.', 'delayed'],
    // A negated retry is no delay.
    ['Aucune nouvelle tentative ne sera effectuée.', null],
    ['The message will not be retried.', null],
    ['Die Zustellung wurde verzögert', 'delayed'],
    ['Returned mail: Cannot send message for 5 days', 'expired'],
    ["I'm not going to try again; this message has been in the queue too long.", 'expired'],
    ['Message could not be delivered for 8 hours', 'expired'],
    ['Envelope expired', 'expired'],
    ['Unable to deliver message after multiple retries, giving up.', 'expired'],
    ['Reason: unable to deliver this message after 1 day', 'expired'],
    ['retry time not reached for any host after a long failure period', 'expired'],
    ['Could not deliver the message in the time limit specified.', 'expired'],
    ['Your message was not delivered within 5 days and 0 hours.', 'expired'],
    ['Microsoft Exchange has been trying to deliver this message without success and has stopped trying.', 'expired'],
    ['Microsoft Exchange will not try to redeliver this message for you.', 'permanent'],
    ['Tempo di consegna scaduto', 'expired'],
    ['配信期限を過ぎたため配送できませんでした', 'expired'],
    ['The following addresses had permanent fatal errors', 'permanent'],
    ["This is a permanent error; I've given up. Sorry it didn't work out.", 'permanent'],
    ['Delivery to the following recipient failed permanently:', 'permanent'],
    ['Erreur permanente lors de la remise', 'permanent'],
    ['The message could not be delivered.', null],
    // Exim's delay warning says the MTA "will give up" one day: that is no expiry yet.
    ['Eventually the mail delivery software will give up, and when that happens, the message will be returned to you.', null],
  ])('%s', (text, timing) => {
    expect(noticeTiming([text])).toBe(timing);
  });

  // One form for each word of the pre-screen (DELAYED_WORD_RE, derived from DELAYED_RE) that only it holds: a screen that missed one would read it as no delay.
  it.each([
    'Доставка задерживается.',
    'Ваше сообщение задержано.',
    'Gmail réessayera pendant 46 heures.',
    'Gmail riproverà per altre 46 ore.',
    'Gmail ritenterà più tardi.',
    'Gmail tentará novamente por 46 horas.',
    'Gmail versucht es noch 46 Stunden lang.',
    'La consegna è ritardata.',
    "Il messaggio verra' ritentato.",
    'Non è necessario reinviare il messaggio.',
    "Il messaggio non è ancora stato recapitato.",
    'Il ne s’agit que d’un avertissement : pas besoin de renvoyer le message.',
    'Ceci est seulement un avertissement.',
    'Esto es solo una advertencia.',
    'Isto é apenas um aviso.',
    'Questo è solo un avviso.',
    'Sie müssen die Nachricht nicht erneut senden.',
    'Die Nachricht wurde noch nicht an alle Empfänger zugestellt.',
    'メッセージはまだ配信されていません。',
    '配信が遅延しています。',
    'Gmail は 46 時間再試行します。',
    '这只是一个警告。',
    '邮件尚未投递。',
    'Gmail 将在 46 小时内重试。',
    '系統會繼續嘗試傳送。',
    '无需重新发送邮件。',
    'Это только предупреждение.',
    'Не нужно повторно отправлять сообщение.',
    'Сообщение ещё не доставлено.',
    'Gmail будет повторять попытки ещё 46 часов.',
  ])('%s is a delay', (text) => {
    expect(noticeTiming([text])).toBe('delayed');
  });

  it('reads a delay anywhere in the notice before an expiry or permanence elsewhere', () => {
    expect(noticeTiming(['This is a permanent error', 'It will be retried until it is 5 day(s) old.'])).toBe('delayed');
  });
});

describe('causes in the notice words', () => {
  it.each([
    ['Your message was infected with a virus', 'virusdetected'],
    ['ウイルスが検出されたため配送できませんでした', 'virusdetected'],
    ['邮件含有病毒', 'virusdetected'],
    ['迷惑メールと判定されました', 'spamdetected'],
    ['Le message est trop volumineux', 'mesgtoobig'],
    ['La boîte aux lettres du destinataire est pleine', 'mailboxfull'],
    ['El buzón del destinatario está lleno', 'mailboxfull'],
    ['A caixa postal do destinatário está cheia', 'mailboxfull'],
    ['La casella del destinatario è piena', 'mailboxfull'],
    ['受信者のメールボックス容量が超過しています', 'mailboxfull'],
    ['Der Host wurde nicht gefunden', 'hostunknown'],
    ['ホストが見つかりません', 'hostunknown'],
    ['We do not relay for this domain', 'norelaying'],
    ['Relais refusé', 'norelaying'],
    ['Relaying nicht erlaubt', 'norelaying'],
    ['Host desconocido', 'hostunknown'],
    ['Host sconosciuto', 'hostunknown'],
    ['Hôte inconnu', 'hostunknown'],
    ['Unknown host mx.example.net', 'hostunknown'],
    ['La taille du message dépasse la limite autorisée', 'mesgtoobig'],
    ['Il messaggio supera la dimensione massima', 'mesgtoobig'],
    ['Такого пользователя нет', 'userunknown'],
    ['due to being unable to connect successfully to the destination mail server.', 'networkerror'],
    ['Host example.jp is not responding.', 'networkerror'],
    ['mail forwarding loop for kai@example.com', 'networkerror'],
    ['A configuration error in the e-mail system caused the message to bounce between two servers', 'networkerror'],
    ["The recipient's mailbox is over its storage limit", 'mailboxfull'],
    ['Impossible de se connecter au serveur de destination', 'networkerror'],
    ['Verbindung zum Zielserver fehlgeschlagen', 'networkerror'],
    ['接続できませんでした', 'networkerror'],
    ['Не удалось подключиться к серверу', 'networkerror'],
  ])('%s', (text, reason) => {
    expect(noticeCause(text)?.reason).toBe(reason);
  });

  it.each([
    'This message was scanned for viruses by the MailGuard service.',
    'Protected by the anti-spam service of example.net',
    'The message could not be delivered.',
  ])('a stamp or a bare failure names no cause: %s', (text) => {
    expect(noticeCause(text)).toBeNull();
  });
});

function textBounce(subject: string, body: string): string {
  return ['From: MAILER-DAEMON@mx.example.net', 'To: sender@example.org', `Subject: ${subject}`, 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\n');
}

interface ReportCase {
  name: string;
  subject: string;
  body: string[];
  expected: Record<string, unknown>;
  rule?: RegExp;
}

const REPORTS: ReportCase[] = [
  {
    name: 'a Sendmail expiry: the network failure its retries met is not the cause',
    subject: 'Returned mail: Cannot send message for 5 days',
    body: [
      '   ----- The following addresses had permanent fatal errors -----',
      '<kai@example.com>',
      '',
      '   ----- Transcript of session follows -----',
      '421 example.com (smtp)... Deferred: Connection timed out with example.com',
    ],
    expected: { recipient: 'kai@example.com', reason: 'expired', bounce: 'soft', suppress: false },
  },
  {
    name: 'a delay warning in German is soft',
    subject: 'Zustellung verzögert',
    body: ['Die Zustellung wurde verzögert. Es wird weiterhin versucht.', '', '<lea@example.de>: Verbindung zu mx.example.de fehlgeschlagen'],
    expected: { recipient: 'lea@example.de', action: 'delayed', bounce: 'soft', suppress: false },
  },
  {
    name: 'a code-less cause in the text next to the address decides, in French',
    subject: 'Non remis : bonjour',
    body: ["Votre message n'a pas pu être remis.", '', 'marc@example.fr : la boîte aux lettres du destinataire est pleine'],
    expected: { recipient: 'marc@example.fr', reason: 'mailboxfull', bounce: 'soft', suppress: false },
    // The reply rules read French "full" words too; either reading is the text's, not a code's.
    rule: /^(dsn\.wording\(|text\.mailbox-full)/,
  },
  {
    name: 'a domain failure with no code is hard where the notice calls its failures permanent',
    subject: 'Mail delivery failed: returning message to sender',
    body: [
      'This message was created automatically by mail delivery software.',
      '',
      'A message that you sent could not be delivered to one or more of its',
      'recipients. This is a permanent error. The following address(es) failed:',
      '',
      '  nils@example.invalid',
      '    Der Host wurde nicht gefunden',
    ],
    expected: { recipient: 'nils@example.invalid', reason: 'hostunknown', bounce: 'hard', suppress: false },
  },
];

describe('reports read with the notice words', () => {
  it.each(REPORTS.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const [r] = parseBounce(textBounce(c.subject, c.body.join('\n'))).recipients;
    expect(r).toMatchObject(c.expected);
    if (c.rule) expect(r.rule).toMatch(c.rule);
  });
});

describe('a final report settles the bounce of an address its server called unknown', () => {
  const reply = '450 4.1.1 <ann@example.com>: Recipient address rejected: User unknown in local recipient table';

  it('is hard once the MTA gave up on a 4xx "user unknown", and still not suppressed', () => {
    const r = classifyRecipient({ recipient: 'ann@example.com', action: 'failed', status: '4.1.1', diagnostic: reply });
    expect(r).toMatchObject({ reason: 'userunknown', bounce: 'hard', suppress: false });
  });

  it('stays soft while the MTA is still trying, or on a bare status', () => {
    expect(classifyRecipient({ recipient: 'ann@example.com', action: 'delayed', status: '4.1.1', diagnostic: reply }).bounce).toBe('soft');
    expect(classifyRecipient({ recipient: 'ann@example.com', action: 'failed', status: '4.1.1', diagnostic: '450' }).bounce).not.toBe('hard');
  });
});
