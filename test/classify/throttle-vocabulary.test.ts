import { describe, expect, it } from 'vitest';
import { classify, type Outcome } from '../../src/classify';

type Want = Partial<Outcome>;

/**
 * Throttling as MTAs word it (issue 10), by concept: what is limited (connections, sessions, a
 * sending rate, messages or recipients per period) and that the limit is reached, in either order
 * and in the common languages; and the look-alikes that must not throttle. Each line names the
 * server whose words it follows (see docs/vocabulary/mta.tsv); the word orders and languages that
 * no row holds are the concept's other forms.
 */
const SLOW_DOWN: Array<[string, string]> = [
  ['VPOP3 load limiting', '421 4.3.2 VPOP3 Too many connections from your IP address - try later'],
  ['Exim ratelimit per_conn example', '451 Too many connections from this IP right now'],
  ['Exchange Server MaxInboundConnectionPerSource, words reordered', '421 4.3.2 The maximum number of connections per source has been exceeded'],
  ['a connection limit, limit first', '451 Exceeding connection limit'],
  ['a connection limit reached', '421 4.7.0 Maximum concurrent connection limit reached'],
  ['postfwd rate() action, behind Postfix\'s sender wrapper', '554 5.7.1 <s@example.com>: Sender address rejected: limit of 200 exceeded [201 hits]'],
  ['messages per period', '450 4.7.1 Number messages per hour exceeded'],
  ['recipients per period', '450 4.7.1 Number recipients per hour exceeded'],
  ['a limit per period reached', '450 4.7.1 Messages per hour limit for your IP has been reached'],
  ['cPanel Exim outgoing limit', '550 Domain example.com has exceeded the max emails per hour (100/100 (100%)) allowed. Message discarded.'],
  ['a sending rate, adjective after', '450 4.7.1 Client sending rate too high'],
  ['a rate exceeding a limit', '450 4.7.1 Rate of messages from your IP exceeds the limit'],
  ['slow down', '421 4.7.0 Sending volume exceeded, please slow down'],
  ['a request to reduce connections', '421 Please reduce the number of connections'],
  ['high volume under a generic 421 text', '421 4.7.0 Service temporarily unavailable due to high message volume'],
  ['an outgoing quota is no mailbox quota', '550 5.7.1 Quota exceeded for outgoing messages'],
  ['SQLgrey throttling', '450 4.7.1 Throttling too many connections from new source - Try again later.'],
  ['RFC 3463 X.4.5 congestion (Stalwart, maddy, Gmail)', '451 4.4.5 High load, try again later'],
  ['Google 421 4.7.0 DoS protection', '421 4.7.0 Try again later, closing connection.'],
  ['French connections', '421 Trop de connexions simultanées depuis votre adresse IP'],
  ['French sending limit', '450 Limite d\'envoi atteinte, réessayez plus tard'],
  ['French too many messages', '450 4.7.1 Trop de messages, veuillez reessayer plus tard'],
  ['German connections', '450 Zu viele Verbindungen von Ihrer IP-Adresse'],
  ['German GMX', '421 Es wurden zu viele E-Mails in zu kurzer Zeit eingeliefert'],
  ['Spanish connections', '421 Demasiadas conexiones desde su dirección IP'],
  ['Portuguese connections', '421 Muitas conexões do seu endereço IP'],
  ['Italian connections', '421 Troppe connessioni dal tuo indirizzo IP'],
  ['Russian connections', '451 Слишком много соединений с вашего IP-адреса'],
  ['Russian limit', '450 Превышен лимит отправки писем'],
  ['Japanese connections', '421 同時接続数が多すぎます'],
  ['Chinese connections', '421 连接数过多'],
  ['Chinese sending frequency', '450 发信频率过快，请稍后再试'],
  // The sending quota and the per-period forms in each language, and the other word orders.
  ['French sending quota, noun first', '450 Dépassement du quota d\'envoi'],
  ['French messages sent', '450 Trop de messages envoyés, réessayez plus tard'],
  ['French per hour', '450 Trop de destinataires par heure'],
  ['German sending quota', '450 Versandkontingent überschritten'],
  ['Spanish sending quota', '450 Cuota de envío excedida'],
  ['Portuguese sending quota', '450 Cota de envio excedida'],
  ['Italian sending quota', '450 Quota di invio superata'],
  ['Russian number of connections exceeded', '421 Превышено число соединений с вашего адреса'],
  ['Russian number of messages exceeded', '450 Превышено количество писем в час'],
  ['Chinese sending too frequent', '450 发信过于频繁'],
  ['Korean sending limit exceeded', '450 발송 제한을 초과했습니다'],
  ['Korean too many connections', '421 연결이 너무 많습니다'],
  ['SoftBank\'s recipient count (providers.tsv:423)', '550 宛先(rcpt to)が100件を超過したものは受信を拒否'],
  ['Korean too many connections, noun last', '421 너무 많은 연결'],
  ['the volume named as the cause (Yahoo, Apple), other words', '451 4.7.1 Delivery temporarily suspended due to sending volume'],
  ['too much traffic', '451 Too much traffic from your IP'],
  ['a block whose cause is the sending rate', '550 5.7.1 IP blocked due to sending rate'],
  ['Courier ratefilter (a per-sender daily limit under a 5xx)', '500 Number of messages exceeded administrative limit.'],
  ['Courier perlfilter-ratelimit', '552 192.0.2.1 is sending too much mail, slow down.'],
  // A rate limit is neither a blocklisting nor a dead mailbox, whatever else the reply says.
  ['a block for excessive connections', '550 5.7.1 Your IP has been temporarily blocked due to excessive connections'],
  ['a per-recipient rate under "mailbox unavailable"', '550 5.2.1 Mailbox unavailable: the recipient is receiving mail too fast'],
  ['a sending rate under "access denied"', '550 5.7.1 Access denied: sending rate exceeded'],
  ['Exchange Online\'s receive limit under RFC 5321\'s "mailbox unavailable"', '550 Requested action not taken: mailbox unavailable (receive limit exceeded)'],
  ['a receiving rate under "mailbox unavailable", other words', '450 4.2.1 Mailbox unavailable: the user receives mail at too high a rate'],
];

const NOT_THROTTLE: Array<[string, string, Want]> = [
  ['a French full mailbox that holds too many messages', '552 Boite pleine: trop de messages', { reason: 'mailboxfull' }],
  ['RFC 5321 generic 421', '421 Service not available, closing transmission channel', { suppress: false }],
  ['Exim local configuration error', '421 Local configuration error; please try again later.', { reason: 'systemerror' }],
  ['a 421 under a system status', '421 4.3.2 System busy, try again later', { reason: 'systemerror' }],
  ['RFC 5321\'s 421 text under a policy status', '421 4.7.0 Service not available, try again later', { reason: 'systemerror' }],
  ['a temporary failure under a policy status', '421 4.7.0 Temporary failure, please try again later', { reason: 'systemerror' }],
  ['the receiver\'s own storage', '452 4.3.1 Insufficient system storage', { reason: 'systemfull' }],
  ['Sendmail disk space under 4.4.5', '452 4.4.5 Insufficient disk space; try again later', { suppress: false }],
  ['an overloaded receiver', '451 4.3.0 Local error: message processing rate too high (server overloaded)', { reason: 'systemerror' }],
  ['a full mailbox with "too many messages"', '452 4.2.2 Mailbox full: too many messages', { reason: 'mailboxfull' }],
  ['GMX full mailbox in German', '550 Benutzer hat zu viele Mails auf dem Server', { suppress: false }],
  // Look-alikes in the intl forms: a destination (宛先) whose mailbox or size limit is exceeded counts nothing
  // (RFC 3463 X.2.2 mailbox full, X.3.4 message too big, in Japanese), and GMX's "too many mails on the server" in Korean.
  ['a full mailbox of the destination in Japanese (X.2.2)', '552 宛先のメールボックスが容量を超過しています', { suppress: false, throttle: false }],
  ['the destination\'s size limit in Japanese (X.3.4)', '552 宛先サーバーのメッセージサイズ上限を超えています', { suppress: false, throttle: false }],
  ['GMX full mailbox in Korean', '552 사용자의 서버에 너무 많은 메일이 있습니다', { suppress: false, throttle: false }],
  // A size refusal in French or Spanish whose words hold the sent-messages words this round added to {sending-rate}
  // (messages envoyés, mensajes): the size ({size}, Sympa po: taille, tamaño) is the cause, not a sending rate.
  ['a size limit of sent messages in French', '552 La taille des messages envoyés dépasse la limite autorisée', { reason: 'mesgtoobig' }],
  ['a size limit of messages in Spanish', '552 El tamaño de los mensajes excede el límite', { suppress: false }],
  ['a storage limit in one German compound word', '552 Der Empfänger hat sein Speicherlimit überschritten', { suppress: false }],
  ['a mailbox quota in French', '552 Quota de la boîte aux lettres dépassée', { suppress: false }],
  ['a mailbox quota in Spanish', '552 Cuota del buzón excedida', { suppress: false }],
  ['Zimbra LMTP threads all busy (server-wide)', '421 mbox.example.com Zimbra LMTP server closing connection; service busy', { suppress: false }],
  ['a mailbox quota', '552 5.2.2 mailbox quota exceeded for this recipient', { reason: 'mailboxfull' }],
  ['a full mailbox whose cause is the volume of mail', '552 Mailbox full due to volume of messages', { reason: 'mailboxfull' }],
  ['Exchange Online traffic refusal (a block, no rate)', '550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP', { suppress: false }],
  ['the receiver too busy, no rate named', '421 Server too busy, please try again later', { reason: 'systemerror' }],
  ['a size limit in Italian (Mailman)', '552 Il testo del messaggio è troppo grande: 50000 bytes con un limite di 40 KB', { suppress: false }],
  ['a loop', '554 5.4.6 Too many Received header fields (31), possible forwarding loop', { suppress: false }],
  ['a spam score', '554 5.7.1 postfwd3 score exceeded', { suppress: false }],
  ['greylisting is transient (RFC 6647)', '450 4.2.0 Recipient address rejected: Greylisted', { reason: 'onhold' }],
];

/** The sender's own set-up: never a suppression, in any word order or language. */
const SENDER_SIDE: Array<[string, string, Want]> = [
  ['maddy null MX of the MAIL FROM domain', '550 5.7.1 Domain in MAIL FROM has null MX record', { reason: 'rejected' }],
  ['maddy MAIL FROM domain without MX', '550 5.7.1 Domain in MAIL FROM does not have any MX records', { reason: 'rejected' }],
  ['maddy sender authorisation', '550 5.7.1 Unauthorized use of sender address', { reason: 'rejected' }],
  ['Postfix reverse hostname', '450 4.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.1]', { reason: 'requireptr', throttle: false }],
  ['reverse DNS in German', '550 5.7.1 Kein Reverse-DNS-Eintrag für Ihre IP', { reason: 'requireptr' }],
  ['reverse DNS in French', '550 5.7.1 Pas d\'enregistrement DNS inverse pour votre adresse IP', { reason: 'requireptr' }],
  ['reverse DNS in Japanese', '550 5.7.1 逆引きできないホストからの接続は拒否します', { reason: 'requireptr' }],
  ['a blocklist in French', '550 5.7.1 Votre adresse IP est sur liste noire', { reason: 'blocked' }],
  ['a blocklist in German', '550 5.7.1 Ihre IP-Adresse steht auf einer Sperrliste', { reason: 'blocked' }],
  ['a blocklist in Chinese', '550 5.7.1 IP地址在黑名单中', { reason: 'blocked' }],
  ['a blocklist in Russian', '550 5.7.1 Ваш IP-адрес находится в черном списке', { reason: 'blocked' }],
  ['sender not authorised, French', '550 5.7.1 Expéditeur non autorisé', { reason: 'rejected' }],
  ['sender not authorised, German', '550 5.7.1 Absender nicht autorisiert', { reason: 'rejected' }],
  ['SMTP authentication stays an authentication problem', '550 Unauthenticated senders not allowed', { reason: 'securityerror' }],
  ['SPF in Portuguese', '550 5.7.1 Falha na autenticação SPF', { reason: 'authfailure' }],
  ['DMARC alignment', '550 5.7.1 Message failed DMARC alignment', { reason: 'authfailure' }],
  // An address status beside them (a gateway's 5.1.1) does not make these a dead mailbox.
  ['the client\'s HELO under 5.1.1', '550 5.1.1 HELO rejected', { reason: 'blocked' }],
  ['an invalid HELO name under 5.1.1', '550 5.1.1 Invalid HELO name', { reason: 'blocked' }],
  // Postfix smtpd.c's replies about the HELO command itself (sequence, syntax) name no identity: syntax errors, as before.
  ['Postfix smtpd.c: a command before HELO (smtpd_helo_required)', '503 5.5.1 Error: send HELO/EHLO first', { reason: 'syntaxerror' }],
  ['Postfix smtpd.c helo_cmd: the command\'s syntax', '501 5.5.4 Syntax: HELO hostname', { reason: 'syntaxerror' }],
  ['a sender refused by name, not a null MX', '550 5.1.1 Not accepting mail from this sender', { reason: 'blocked' }],
  ['a quarantine under 5.1.1', '550 5.1.1 Your message was quarantined', { reason: 'filtered' }],
  ['suspicious links under 5.1.1', '550 5.1.1 Message rejected: suspicious links', { reason: 'filtered' }],
];

describe('throttling as MTAs word it', () => {
  it.each(SLOW_DOWN)('%s', (_name, reply) => {
    const o = classify(reply);
    expect(o, `${o.rule}: ${reply}`).toMatchObject({ throttle: true, suppress: false });
  });

  it.each(NOT_THROTTLE)('not throttling: %s', (_name, reply, want) => {
    const o = classify(reply);
    expect(o, `${o.rule}: ${reply}`).toMatchObject({ throttle: false, ...want });
  });
});

describe('sender-side replies never suppress', () => {
  it.each(SENDER_SIDE)('%s', (_name, reply, want) => {
    const o = classify(reply);
    expect(o, `${o.rule}: ${reply}`).toMatchObject({ suppress: false, ...want });
  });
});
