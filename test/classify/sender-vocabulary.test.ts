import { describe, expect, it } from 'vitest';
import { classify, type Outcome } from '../../src/classify';

type Want = Partial<Outcome>;

/**
 * Sender-side and transport reasons by concept (issue 10): the sending IP or the sender refused,
 * SMTP authentication, a message over the size limit, malware, spam, policy, a fault of the
 * receiving system, a failed connection, a syntax error, in the common languages. Each line names
 * where its words come from (docs/vocabulary/gateways-lang.tsv and mta.tsv cite them); the word
 * orders and languages that no row holds are the concept's other forms. None of them may suppress.
 */
const SENDER_SIDE: Array<[string, string, Outcome['reason']]> = [
  // The sending IP refused: {ip-address} & {refused}
  ['French IP refused', '550 5.7.1 Votre adresse IP est bloquée', 'blocked'],
  ['German IP refused', '554 Ihre IP-Adresse wurde gesperrt', 'blocked'],
  ['French without accents, as many servers print it', '550 Adresse IP bloquee', 'blocked'],
  ['Spanish IP refused, verb first', '550 Rechazada la conexión: dirección IP bloqueada', 'blocked'],
  ['Portuguese IP refused', '554 Endereço IP bloqueado por abuso', 'blocked'],
  ['Italian IP refused', '550 Indirizzo IP rifiutato', 'blocked'],
  ['Japanese IP refused', '550 IPアドレスが拒否されました', 'blocked'],
  ['Chinese IP refused', '554 IP地址被拒绝', 'blocked'],
  ['Russian IP refused', '550 Ваш IP-адрес заблокирован', 'blocked'],
  ['haraka-plugin-dns-list', '550 Host mx.example.net [192.0.2.1] is listed by zen.spamhaus.org', 'blocked'],
  ['Comcast BL000010', '554 192.0.2.1 found on one or more DNSBLs, see http://postmaster.comcast.net/smtp-error-codes.php#BL000010', 'blocked'],
  ['Cox IP block', '554 cmsmtp IP address is blocked', 'blocked'],
  ['haraka-plugin-access client blocklist', '550 You are not welcome here', 'blocked'],
  ['qmail-ldap RBL', '553 sorry, your mailserver [192.0.2.1] is rejected by bl.example.org', 'blocked'],
  // The sender refused: {sender} & {refused}
  ['French sender refused', '550 5.7.1 Expéditeur refusé', 'rejected'],
  ['German sender refused', '553 Absender abgelehnt', 'rejected'],
  ['French sender refused, no accents', '550 Expediteur refuse', 'rejected'],
  ['Spanish sender refused', '550 Remitente rechazado por la política local', 'rejected'],
  ['Italian sender refused', '550 Mittente rifiutato', 'rejected'],
  ['Japanese sender refused', '550 送信者が拒否されました', 'rejected'],
  ['Chinese sender refused', '553 发件人被拒绝', 'rejected'],
  ['Russian sender refused', '550 Отправитель отклонен', 'rejected'],
  ['haraka-plugin-access sender domain', '550 Email from that domain is not accepted here', 'rejected'],
  // SMTP authentication: {authentication} & {auth-failed}
  ['Sisimai\'s French pair', '530 5.7.0 Authentification requise', 'securityerror'],
  ['Sympa fr', '535 5.7.8 La phase d\'authentification a échoué', 'securityerror'],
  ['German', '535 Authentifizierung fehlgeschlagen', 'securityerror'],
  ['Spanish', '530 Se requiere autenticación: autenticación requerida', 'securityerror'],
  ['Sendmail TLS requirement', '403 4.7.0 encryption too weak 56 less than 128', 'securityerror'],
  ['hMailServer, Sisimai\'s SecurityError', '530 SMTP authentication is required.', 'securityerror'],
  // Relaying refused: a relay word and a refusal, in any order or language
  ['MailEnable', '503 This mail server requires authentication when attempting to send to a non-local e-mail address.', 'norelaying'],
  ['Sisimai\'s NoRelaying', '550 5.7.1 <x@example.com> is not permitted to relay through this server without authentication', 'norelaying'],
  ['relay refused by policy', '554 Relay rejected for policy reasons.', 'norelaying'],
  ['no relaying', '550 No relaying', 'norelaying'],
  ['relaying, refusal after', '550 Relaying mail to example.com is not allowed', 'norelaying'],
  ['French', '550 Relais non autorisé', 'norelaying'],
  ['German', '550 Relaying nicht erlaubt', 'norelaying'],
  // The message over the size limit: {size} & {exceeds}
  ['Sympa fr size notice', '552 Votre message n\'a pas pu être envoyé parce que sa taille (600 ko) était supérieure à la taille maximum', 'mesgtoobig'],
  ['German, exceeds first', '552 Überschreitet die maximale Größe für Nachrichten', 'mesgtoobig'],
  ['Spanish', '552 El tamaño del mensaje excede el límite permitido', 'mesgtoobig'],
  ['Portuguese', '552 O tamanho da mensagem excede o máximo permitido', 'mesgtoobig'],
  ['Italian', '552 La dimensione del messaggio supera il limite', 'mesgtoobig'],
  ['Japanese', '552 メッセージのサイズが制限を超えています', 'mesgtoobig'],
  ['Chinese', '552 邮件大小超过限制', 'mesgtoobig'],
  ['Russian, Sympa ru', '552 Размер сообщения превышает допустимый', 'mesgtoobig'],
  // Malware
  ['Sympa pt_BR', '554 5.7.0 Um vírus no seu email', 'virusdetected'],
  ['German infected', '554 Nachricht ist infiziert', 'virusdetected'],
  ['French infected', '554 Message infecté refusé', 'virusdetected'],
  ['Sympa ja', '554 5.7.0 メール中にウイルスがみつかりました', 'virusdetected'],
  ['Sympa zh_CN', '554 5.7.0 您的邮件中有一个病毒', 'virusdetected'],
  ['Sympa ru', '554 5.7.0 В вашем письме вирус', 'virusdetected'],
  ['Sympa pl', '554 Nasz wykrywacz wirusów znalazł wirusa', 'virusdetected'],
  // Spam and policy
  ['French spam', '550 Message considéré comme pourriel', 'spamdetected'],
  ['Spanish unsolicited', '550 Correo no deseado rechazado', 'spamdetected'],
  ['Italian unwanted', '550 Messaggio classificato come posta indesiderata', 'spamdetected'],
  ['French policy', '550 5.7.1 Rejeté par la politique de sécurité', 'policyviolation'],
  ['German policy', '550 5.7.1 Abgewiesen aufgrund einer Richtlinie', 'policyviolation'],
  // Transport and the receiving system
  ['Sympa fr internal error', '451 4.3.0 Diffusion des messages : erreur interne', 'systemerror'],
  ['Sympa de', '451 4.3.0 Nachrichtenverteilung: Interner Fehler des Servers', 'systemerror'],
  ['Sympa ja', '451 メッセージのゆくえ: サーバ内部でのエラー', 'systemerror'],
  ['provider notice zh', '451 投遞失敗，郵件系統出錯', 'systemerror'],
  ['gromox local_bounce BOUNCE_OPERATION_ERROR (ja)', '550 システムエラーがあったため、メール送信失敗', 'systemerror'],
  ['WEB.DE overload, German', '421 Aufgrund einer generellen Überlastsituation die Annahme temporär verweigert', 'systemerror'],
  ['French overload', '421 Serveur surchargé, réessayez plus tard', 'systemerror'],
  ['French connection refused', '451 Connexion refusée par le serveur distant', 'networkerror'],
  ['German timeout', '451 Zeitüberschreitung bei der Verbindung', 'networkerror'],
  ['Chinese connection timeout', '451 连接超时', 'networkerror'],
  ['French syntax error', '500 5.5.2 Erreur de syntaxe', 'syntaxerror'],
  ['German syntax error', '501 Syntaxfehler in Parametern', 'syntaxerror'],
];

/** Look-alikes: a more specific meaning decides, or a word set's form is not the concept. */
const NOT_THAT: Array<[string, string, Want]> = [
  ['a French dead mailbox stays the recipient\'s', '550 5.1.1 Utilisateur inconnu', { reason: 'userunknown', suppress: true }],
  ['a mailbox over its quota is no large message', '552 La taille de votre boîte aux lettres dépasse le quota', { suppress: false }],
  ['a German mailbox over its quota', '552 Die Größe des Postfachs überschreitet das Speicherlimit', { suppress: false }],
  ['an IP block for too many connections is throttling', '421 Ihre IP-Adresse wurde gesperrt: zu viele Verbindungen', { throttle: true }],
  ['an IP refused for SPF is the message\'s authentication', '550 5.7.23 Adresse IP refusée par la politique SPF du domaine', { reason: 'authfailure' }],
  ['an English "refused" is no French "refusé"', '550 5.1.1 RCP-P2 http://postmaster.example.com/codes?ip=192.0.2.1#rcp Refused due to recipient preferences', { reason: 'filtered' }],
  ['SPF authentication stays authfailure', '550 5.7.1 Échec de l\'authentification SPF', { reason: 'authfailure' }],
  ['an open relay listing is no relay refusal', '554 Client host rejected: 192.0.2.1 is an open relay', { reason: 'blocked' }],
  ['the sender\'s relay host refusing the connection', '451 relay host mx.example.com: connection refused', { reason: 'networkerror' }],
  ['the recipient MX\'s own relay refusal still suppresses', '554 5.7.1 <x@example.com>: Relay access denied', { reason: 'norelaying', suppress: true }],
  ['"not listed by" is no listing', '550 5.1.1 Recipient not listed by the directory', { reason: 'userunknown' }],
];

/** Words of a concept far apart, in different clauses: not that reason. */
const NOT_REASON: Array<[string, string, Outcome['reason']]> = [
  ['gromox generic notice: its field list names the sender', '550 投递失败，系统因为某些原因拒绝您了的邮件！ 以下是您所发送邮件的一些基本信息： 发送时间： 2026-01-01 发件人地址： a@example.com', 'rejected'],
  ['ZeptoMail names the sender\'s address, no relay refusal', '553 Relaying disallowed as bounce@example.com', 'norelaying'],
  ['a French notice\'s field list', '550 Expéditeur : a@example.com. Motif : message refusé par le serveur distant', 'rejected'],
  ['a Chinese delivery failure with an unrelated "authentication" far away', '550 投递失败：邮件无法投递到收件人，请检查地址。 该服务器支持SMTP认证', 'securityerror'],
];

describe('sender-side and transport reasons by concept, in the common languages', () => {
  it.each(SENDER_SIDE)('%s: %s', (_source, reply, reason) => {
    const o = classify(reply);
    expect(o.reason).toBe(reason);
    expect(o.suppress).toBe(false);
  });

  it.each(NOT_THAT)('%s: %s', (_what, reply, want) => {
    expect(classify(reply)).toMatchObject(want);
  });

  it.each(NOT_REASON)('%s: %s', (_what, reply, reason) => {
    expect(classify(reply).reason).not.toBe(reason);
  });
});
