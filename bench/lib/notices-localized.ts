import {
  bounceHeaders,
  DAEMON,
  encodedWord,
  exchangeStatus,
  eximWhere,
  lineWrap,
  ME,
  MX,
  originalHeaders,
  PF,
  postfixReason,
  postfixStatus,
  RCPT,
  rcptStage,
  report,
  SENDER,
  single,
  type Notice,
  type NoticeBuilder,
} from './notice-variants';

/**
 * The vocabulary's replies inside localized bounce notices: the same MTAs as notice-variants.ts, with
 * their human text in French, German, Spanish, Portuguese, Italian, Japanese, Chinese and Russian.
 *
 * - Exchange and Exchange Online write the NDR's user section and headings in the language of the
 *   organisation or the sender ("This section may display content in any language other than English",
 *   learn.microsoft.com/{fr-fr,de-de}/exchange/mail-flow/non-delivery-reports-and-bounce-messages), and
 *   keep the remote server's reply in English under the localized heading ("Diagnoseinformationen für
 *   Administratoren ... Generierender Server: ... Remote Server returned '...'", hilfe.cloud4you.biz's
 *   Hosted Exchange page). The subject prefixes are textbounce.ts SUBJECT_RE's.
 * - Postfix sites translate bounce.cf ("To change Postfix DSN messages, perhaps to add non-English
 *   text, follow instructions in the bounce(5) manual page", bounce.cf.default); Postfix appends its
 *   ASCII "<rcpt>: reason" lines after the translated text (bounce(5): "Postfix appends ASCII text
 *   after the message template").
 * - Exim sites replace the paragraphs with bounce_message_file and warn_message_file, whose items are the
 *   subject and the texts before and after the addresses; Exim prints the addresses and their errors itself
 *   (Exim spec, "Customizing bounce and warning messages").
 * - Gmail writes its notice in the sender's language, the remote reply under a localized lead, its subject in
 *   English (support.google.com answer 6596 in de, es-419, ja, it).
 * - A notice that says why only in its own localized sentence (no reply quoted): an Exchange NDR whose
 *   user section carries the row's own words (the vocabulary's phrase), as its localized NDR texts do.
 * A 4xx row becomes the notice's delay warning (Exchange, Postfix, Exim, Gmail).
 * The translations are ours, in each language's plain administrative wording; no provider publishes
 * its localized strings as a list (docs/vocabulary/gateways-lang.md).
 */
interface Language {
  code: string;
  exchange: { subject: string; failed: string; problem: string; diagnostic: string; server: string; headers: string; delayed: [string, string, string] };
  /** bounce(5): template headers are ASCII only, so a subject is translated only where ASCII can write it. */
  postfix: { failure: string[]; delay: string[]; system: string; subjects?: [string, string] };
  /** Exim's bounce_message_file item before the failed addresses. */
  exim: string[];
  /** Exim's warn_message_file: the subject, the text before the delayed address, the text after it. */
  eximWarn: [string, string, string];
  /** Gmail's notice in the sender's language: its heading, the sentence naming the recipient (`%`), the lead of the reply. */
  gmail: { failed: [string, string]; delayed: [string, string]; response: string };
}

const LANGUAGES: readonly Language[] = [
  {
    code: 'fr',
    exchange: {
      subject: 'Non remis : ',
      failed: 'Échec de la remise pour ces destinataires ou groupes :',
      problem: "Un problème s'est produit lors de la remise de ce message à cette adresse e-mail. Essayez de renvoyer ce message. Si le problème persiste, contactez votre support technique.",
      diagnostic: 'Informations de diagnostic pour les administrateurs :',
      server: 'Serveur de génération :',
      headers: "En-têtes du message d'origine :",
      delayed: ['Remise différée : ', 'La remise à ces destinataires ou groupes est retardée :', "Ce message n'a pas encore été remis. La remise sera de nouveau tentée."],
    },
    postfix: {
      failure: ["Nous avons le regret de vous informer que votre message n'a pas pu", 'être remis à un ou plusieurs destinataires. Il est joint ci-dessous.'],
      delay: ["# CECI EST UN AVERTISSEMENT. VOUS N'AVEZ PAS À RENVOYER VOTRE MESSAGE. #", '', "Votre message n'a pas pu être remis depuis plus de 4 heure(s).", "De nouvelles tentatives seront faites jusqu'à ce qu'il ait 5 jour(s)."],
      system: 'Le système de messagerie',
      subjects: ["Message non distribue retourne a l'expediteur", 'Courrier retarde (nouvelles tentatives en cours)'],
    },
    exim: ['Ce message a été créé automatiquement par le logiciel de distribution du courrier.', '', "Un message que vous avez envoyé n'a pas pu être remis à un ou plusieurs", 'de ses destinataires. Ceci est une erreur permanente. Les adresses suivantes ont échoué :'],
    eximWarn: ['Avertissement : message 1kX2Yz-0001Ab-Cd en attente depuis 24 heures', "Un message que vous avez envoyé n'a pas encore été remis à un ou plusieurs de ses destinataires après plus de 24 heures dans la file d'attente de mail.example.org.", "Aucune action n'est requise de votre part. Les tentatives de remise se poursuivront pendant un certain temps."],
    gmail: { failed: ['** Message non distribué **', 'Un problème est survenu lors de la distribution de votre message à %. Pour en savoir plus, consultez les détails techniques ci-dessous.'], delayed: ['** Distribution incomplète **', 'Un problème temporaire est survenu lors de la distribution de votre message à %. Gmail réessaiera pendant encore 46 heures. Vous serez averti si la distribution échoue définitivement.'], response: 'La réponse du serveur distant était :' },
  },
  {
    code: 'de',
    exchange: {
      subject: 'Unzustellbar: ',
      failed: 'Die Zustellung an folgende Empfänger oder Gruppen ist fehlgeschlagen:',
      problem: 'Beim Zustellen dieser Nachricht an diese E-Mail-Adresse ist ein Problem aufgetreten. Versuchen Sie erneut, die Nachricht zu senden. Wenn das Problem weiterhin besteht, wenden Sie sich an Ihr Helpdesk.',
      diagnostic: 'Diagnoseinformationen für Administratoren:',
      server: 'Generierender Server:',
      headers: 'Ursprüngliche Nachrichtenkopfzeilen:',
      delayed: ['Zustellung verzögert: ', 'Die Zustellung an folgende Empfänger oder Gruppen ist verzögert:', 'Diese Nachricht wurde noch nicht zugestellt. Es wird weiterhin versucht, die Nachricht zuzustellen.'],
    },
    postfix: {
      failure: ['Leider müssen wir Ihnen mitteilen, dass Ihre Nachricht nicht an einen', 'oder mehrere Empfänger zugestellt werden konnte. Sie ist unten angehängt.'],
      delay: ['# DIES IST NUR EINE WARNUNG. SIE MÜSSEN IHRE NACHRICHT NICHT ERNEUT SENDEN. #', '', 'Ihre Nachricht konnte seit mehr als 4 Stunde(n) nicht zugestellt werden.', 'Die Zustellung wird weiter versucht, bis sie 5 Tag(e) alt ist.'],
      system: 'Das Mailsystem',
      subjects: ['Unzustellbare Nachricht an den Absender zurueck', 'Verzoegerte Nachricht (Zustellung wird weiter versucht)'],
    },
    exim: ['Diese Nachricht wurde automatisch von der Mail-Zustellsoftware erstellt.', '', 'Eine von Ihnen gesendete Nachricht konnte an einen oder mehrere Empfänger', 'nicht zugestellt werden. Dies ist ein permanenter Fehler. Folgende Adressen sind fehlgeschlagen:'],
    eximWarn: ['Warnung: Nachricht 1kX2Yz-0001Ab-Cd seit 24 Stunden in der Warteschlange', 'Eine von Ihnen gesendete Nachricht wurde nach mehr als 24 Stunden in der Warteschlange auf mail.example.org noch nicht an alle Empfänger zugestellt.', 'Sie müssen nichts unternehmen. Die Zustellversuche werden noch einige Zeit fortgesetzt.'],
    gmail: { failed: ['** Nachricht nicht zugestellt **', 'Beim Zustellen Ihrer Nachricht an % ist ein Problem aufgetreten. Weitere Informationen finden Sie in den technischen Details unten.'], delayed: ['** Zustellung unvollständig **', 'Beim Zustellen Ihrer Nachricht an % ist ein vorübergehendes Problem aufgetreten. Gmail versucht es noch 46 Stunden lang. Sie werden benachrichtigt, falls die Zustellung endgültig fehlschlägt.'], response: 'Die Antwort vom Remote-Server lautete:' },
  },
  {
    code: 'es',
    exchange: {
      subject: 'No se puede entregar: ',
      failed: 'Error en la entrega a estos destinatarios o grupos:',
      problem: 'Se produjo un problema al entregar este mensaje a esta dirección de correo electrónico. Intente enviar el mensaje de nuevo. Si el problema continúa, póngase en contacto con el departamento de soporte técnico.',
      diagnostic: 'Información de diagnóstico para administradores:',
      server: 'Servidor de generación:',
      headers: 'Encabezados del mensaje original:',
      delayed: ['Entrega retrasada: ', 'La entrega a estos destinatarios o grupos se ha retrasado:', 'Este mensaje aún no se ha entregado. Se seguirá intentando entregarlo.'],
    },
    postfix: {
      failure: ['Lamentamos informarle de que no ha sido posible entregar su mensaje', 'a uno o más destinatarios. Se adjunta a continuación.'],
      delay: ['# ESTO ES SOLO UNA ADVERTENCIA. NO NECESITA REENVIAR SU MENSAJE. #', '', 'Su mensaje no ha podido entregarse durante más de 4 hora(s).', 'Se seguirá intentando hasta que tenga 5 día(s).'],
      system: 'El sistema de correo',
      subjects: ['Correo no entregado devuelto al remitente', 'Correo retrasado (se sigue intentando)'],
    },
    exim: ['Este mensaje ha sido creado automáticamente por el software de entrega de correo.', '', 'No se ha podido entregar un mensaje que usted envió a uno o más de sus', 'destinatarios. Este es un error permanente. Las siguientes direcciones fallaron:'],
    eximWarn: ['Aviso: mensaje 1kX2Yz-0001Ab-Cd en cola desde hace 24 horas', 'Un mensaje que usted envió aún no se ha entregado a uno o más de sus destinatarios tras más de 24 horas en la cola de mail.example.org.', 'No es necesario que haga nada. Los intentos de entrega continuarán durante algún tiempo.'],
    gmail: { failed: ['** Mensaje no entregado **', 'Se ha producido un problema al entregar tu mensaje a %. Consulta los detalles técnicos a continuación.'], delayed: ['** Entrega incompleta **', 'Se ha producido un problema temporal al entregar tu mensaje a %. Gmail volverá a intentarlo durante 46 horas más. Te avisaremos si la entrega falla de forma permanente.'], response: 'La respuesta del servidor remoto fue:' },
  },
  {
    code: 'pt',
    exchange: {
      subject: 'Não é possível entregar: ',
      failed: 'Falha na entrega a estes destinatários ou grupos:',
      problem: 'Ocorreu um problema ao entregar esta mensagem a este endereço de email. Tente enviar a mensagem novamente. Se o problema persistir, contate o suporte técnico.',
      diagnostic: 'Informações de diagnóstico para administradores:',
      server: 'Servidor de geração:',
      headers: 'Cabeçalhos da mensagem original:',
      delayed: ['Entrega atrasada: ', 'A entrega a estes destinatários ou grupos está atrasada:', 'Esta mensagem ainda não foi entregue. A entrega continuará a ser tentada.'],
    },
    postfix: {
      failure: ['Lamentamos informar que não foi possível entregar a sua mensagem', 'a um ou mais destinatários. Ela segue anexa abaixo.'],
      delay: ['# ISTO É APENAS UM AVISO. NÃO É NECESSÁRIO REENVIAR A SUA MENSAGEM. #', '', 'Não foi possível entregar a sua mensagem há mais de 4 hora(s).', 'Novas tentativas serão feitas até que ela tenha 5 dia(s).'],
      system: 'O sistema de correio',
      subjects: ['Mensagem nao entregue devolvida ao remetente', 'Mensagem atrasada (novas tentativas em curso)'],
    },
    exim: ['Esta mensagem foi criada automaticamente pelo software de entrega de correio.', '', 'Uma mensagem que você enviou não pôde ser entregue a um ou mais dos seus', 'destinatários. Este é um erro permanente. Os seguintes endereços falharam:'],
    eximWarn: ['Aviso: mensagem 1kX2Yz-0001Ab-Cd na fila há 24 horas', 'Uma mensagem que você enviou ainda não foi entregue a um ou mais dos seus destinatários após mais de 24 horas na fila de mail.example.org.', 'Não é necessária nenhuma ação da sua parte. As tentativas de entrega continuarão por algum tempo.'],
    gmail: { failed: ['** Mensagem não entregue **', 'Ocorreu um problema ao entregar sua mensagem para %. Veja os detalhes técnicos abaixo.'], delayed: ['** Entrega incompleta **', 'Ocorreu um problema temporário ao entregar sua mensagem para %. O Gmail tentará novamente por mais 46 horas. Você será notificado se a entrega falhar permanentemente.'], response: 'A resposta do servidor remoto foi:' },
  },
  {
    code: 'it',
    exchange: {
      subject: 'Non recapitabile: ',
      failed: 'Recapito non riuscito per i destinatari o i gruppi seguenti:',
      problem: "Si è verificato un problema durante il recapito del messaggio a questo indirizzo di posta elettronica. Prova a inviare di nuovo il messaggio. Se il problema persiste, contatta l'help desk.",
      diagnostic: 'Informazioni di diagnostica per gli amministratori:',
      server: 'Server di generazione:',
      headers: 'Intestazioni del messaggio originale:',
      delayed: ['Recapito ritardato: ', 'Il recapito ai destinatari o ai gruppi seguenti è stato ritardato:', 'Il messaggio non è ancora stato recapitato. Verranno effettuati altri tentativi di recapito.'],
    },
    postfix: {
      failure: ['Siamo spiacenti di informarla che non è stato possibile recapitare', 'il suo messaggio a uno o più destinatari. È allegato qui sotto.'],
      delay: ['# QUESTO È SOLO UN AVVISO. NON È NECESSARIO REINVIARE IL MESSAGGIO. #', '', 'Non è stato possibile recapitare il suo messaggio da più di 4 ora/e.', 'Il recapito verrà ritentato finché il messaggio non avrà 5 giorno/i.'],
      system: 'Il sistema di posta',
      subjects: ['Messaggio non recapitato restituito al mittente', 'Messaggio ritardato (verra ritentato)'],
    },
    exim: ['Questo messaggio è stato creato automaticamente dal software di recapito della posta.', '', 'Non è stato possibile recapitare un messaggio da lei inviato a uno o più', 'destinatari. Questo è un errore permanente. I seguenti indirizzi non sono riusciti:'],
    eximWarn: ['Avviso: messaggio 1kX2Yz-0001Ab-Cd in coda da 24 ore', 'Un messaggio da lei inviato non è ancora stato recapitato a uno o più destinatari dopo più di 24 ore nella coda di mail.example.org.', 'Non è richiesta alcuna azione da parte sua. I tentativi di recapito continueranno per qualche tempo.'],
    gmail: { failed: ['** Messaggio non recapitato **', 'Si è verificato un problema durante il recapito del messaggio a %. Leggi i dettagli tecnici di seguito.'], delayed: ['** Recapito incompleto **', 'Si è verificato un problema temporaneo durante il recapito del messaggio a %. Gmail riproverà per altre 46 ore. Riceverai una notifica se il recapito non andrà a buon fine in modo definitivo.'], response: 'La risposta del server remoto è stata:' },
  },
  {
    code: 'ja',
    exchange: {
      subject: '配信不能: ',
      failed: '次の受信者またはグループへの配信に失敗しました:',
      problem: 'このメッセージをこのメール アドレスに配信するときに問題が発生しました。メッセージをもう一度送信してください。問題が解決しない場合は、ヘルプデスクに連絡してください。',
      diagnostic: '管理者用診断情報:',
      server: '生成サーバー:',
      headers: '元のメッセージ ヘッダー:',
      delayed: ['配信の遅延: ', '次の受信者またはグループへの配信が遅延しています:', 'このメッセージはまだ配信されていません。配信は引き続き試行されます。'],
    },
    postfix: {
      failure: ['申し訳ありませんが、お送りいただいたメッセージを1人以上の', '宛先に配信できませんでした。メッセージを以下に添付します。'],
      delay: ['# これは警告のみです。メッセージを再送する必要はありません。 #', '', 'メッセージは4時間以上配信できていません。', '5日経過するまで再送を試みます。'],
      system: 'メールシステム',
    },
    exim: ['このメッセージはメール配信ソフトウェアによって自動的に作成されました。', '', 'お送りいただいたメッセージを1人以上の宛先に配信できませんでした。', 'これは恒久的なエラーです。次のアドレスへの配信に失敗しました:'],
    eximWarn: ['警告: メッセージ 1kX2Yz-0001Ab-Cd は24時間キューにあります', 'お送りいただいたメッセージは、mail.example.org のキューに24時間以上ありますが、まだ1人以上の宛先に配信されていません。', '対応は不要です。配信の試行はしばらく続けられます。'],
    gmail: { failed: ['** メッセージ未配信 **', '% へのメッセージ配信中に問題が発生しました。詳しくは、以下の技術情報をご覧ください。'], delayed: ['** 配信未完了 **', '% へのメッセージ配信中に一時的な問題が発生しました。Gmail は今後 46 時間再試行します。配信が完全に失敗した場合は通知されます。'], response: 'リモート サーバーからの応答:' },
  },
  {
    code: 'zh',
    exchange: {
      subject: '无法传递: ',
      failed: '传递到这些收件人或组失败:',
      problem: '将此邮件传递到此电子邮件地址时出现问题。请尝试重新发送此邮件。如果问题仍然存在，请与技术支持人员联系。',
      diagnostic: '管理员的诊断信息:',
      server: '生成服务器:',
      headers: '原始邮件头:',
      delayed: ['延迟传递: ', '传递到这些收件人或组的邮件延迟:', '此邮件尚未传递。将继续尝试传递。'],
    },
    postfix: {
      failure: ['很抱歉通知您，您的邮件无法投递给一个或多个收件人。', '原邮件附在下面。'],
      delay: ['# 这只是一个警告。您无需重新发送邮件。 #', '', '您的邮件已超过 4 小时未能投递。', '系统将继续尝试投递，直到邮件满 5 天。'],
      system: '邮件系统',
    },
    exim: ['此邮件由邮件投递软件自动创建。', '', '您发送的邮件无法投递给一个或多个收件人。', '这是一个永久性错误。以下地址投递失败:'],
    eximWarn: ['警告: 邮件 1kX2Yz-0001Ab-Cd 已在队列中 24 小时', '您发送的邮件在 mail.example.org 的队列中已超过 24 小时，仍尚未投递给一个或多个收件人。', '您无需采取任何操作。系统会在一段时间内继续尝试投递。'],
    gmail: { failed: ['** 邮件未送达 **', '向 % 传递邮件时出现问题。请参阅下面的技术详情。'], delayed: ['** 传送未完成 **', '向 % 传递邮件时出现临时问题。Gmail 将在接下来的 46 小时内重试。如果传送最终失败，您会收到通知。'], response: '远程服务器返回的响应为：' },
  },
  {
    code: 'ru',
    exchange: {
      subject: 'Недоставляемое: ',
      failed: 'Не удалось доставить сообщение этим получателям или группам:',
      problem: 'При доставке этого сообщения на этот адрес электронной почты возникла проблема. Попробуйте отправить сообщение еще раз. Если проблема сохранится, обратитесь в службу поддержки.',
      diagnostic: 'Диагностические сведения для администраторов:',
      server: 'Создающий сервер:',
      headers: 'Заголовки исходного сообщения:',
      delayed: ['Доставка задерживается: ', 'Доставка этим получателям или группам задерживается:', 'Это сообщение еще не доставлено. Попытки доставки будут продолжены.'],
    },
    postfix: {
      failure: ['К сожалению, ваше сообщение не удалось доставить одному', 'или нескольким получателям. Оно приложено ниже.'],
      delay: ['# ЭТО ТОЛЬКО ПРЕДУПРЕЖДЕНИЕ. ПОВТОРНО ОТПРАВЛЯТЬ СООБЩЕНИЕ НЕ НУЖНО. #', '', 'Ваше сообщение не удается доставить уже более 4 час(ов).', 'Попытки доставки будут продолжаться, пока ему не исполнится 5 дн(ей).'],
      system: 'Почтовая система',
    },
    exim: ['Это сообщение создано автоматически программой доставки почты.', '', 'Отправленное вами сообщение не удалось доставить одному или нескольким', 'получателям. Это постоянная ошибка. Не удалось доставить по следующим адресам:'],
    eximWarn: ['Предупреждение: сообщение 1kX2Yz-0001Ab-Cd в очереди 24 часа', 'Отправленное вами сообщение ещё не доставлено одному или нескольким получателям после более чем 24 часов в очереди mail.example.org.', 'От вас не требуется никаких действий. Попытки доставки будут продолжаться ещё некоторое время.'],
    gmail: { failed: ['** Сообщение не доставлено **', 'При доставке сообщения на адрес % возникла проблема. Подробнее см. технические сведения ниже.'], delayed: ['** Доставка не завершена **', 'При доставке сообщения на адрес % возникла временная проблема. Gmail будет повторять попытки ещё 46 часов. Если доставка окончательно не удастся, вы получите уведомление.'], response: 'Ответ удаленного сервера:' },
  },
];

const UTF8 = 'text/plain; charset="utf-8"';
const EIGHT_BIT = { 'Content-Transfer-Encoding': '8bit' };
const EXCHANGE_FROM = 'Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@example.org>';

/** The NDR's user section and administrators' section; `reply` false leaves the remote reply out (the user section alone says why). */
function exchangeText(l: Language, n: Notice, reply: boolean): string {
  const e = l.exchange;
  const admin = reply ? ['', e.diagnostic, '', `${e.server} ${ME}`, '', RCPT, MX, `Remote Server returned '${n.reply.raw}'`] : [];
  const [heading, user] = n.temporary ? [e.delayed[1], e.delayed[2]] : [e.failed, reply ? e.problem : n.reply.raw];
  return [heading, '', RCPT, user, ...admin, '', e.headers, '', `From: ${SENDER}`, `To: ${RCPT}`, 'Subject: Hello'].join('\r\n');
}

function exchangeHeaders(l: Language, n: Notice) {
  return bounceHeaders(EXCHANGE_FROM, encodedWord(`${n.temporary ? l.exchange.delayed[0] : l.exchange.subject}Hello`));
}

/** Postfix bounce_template.c's layout with a translated template: the text, the signature, then Postfix's own ASCII lines. */
function postfixText(l: Language, n: Notice): string {
  const p = l.postfix;
  const intro = [`This is the mail system at host ${ME}.`, '', ...(n.temporary ? p.delay : p.failure)];
  return [...intro, '', `                   ${p.system}`, '', ...lineWrap(`<${RCPT}>: ${postfixReason(n)}`, 79, 4)].join('\n');
}

/** Exim deliver.c with bounce_message_file: the file's item, then the failed address and its error as Exim prints them. */
function eximText(l: Language, n: Notice): string {
  if (!n.temporary) return [...l.exim, '', `  ${RCPT}`, ...eximWhere(n)].join('\n');
  const [, before, after] = l.eximWarn;
  const reason = [`    Delay reason: SMTP error from remote mail server after RCPT TO:<${RCPT}>:`, ...n.lines.map((x) => `    ${x}`)];
  return [before, '', `  ${RCPT}`, ...reason, '', after].join('\n');
}

function eximSubject(l: Language, n: Notice): string {
  return n.temporary ? encodedWord(l.eximWarn[0]) : 'Mail delivery failed: returning message to sender';
}

/** Gmail's notice in the sender's language: heading, the sentence naming the recipient, the remote reply under its lead. */
function gmailText(l: Language, n: Notice): string {
  const [heading, sentence] = n.temporary ? l.gmail.delayed : l.gmail.failed;
  return [heading, '', sentence.replace('%', RCPT), '', l.gmail.response, ...n.lines].join('\n');
}

function postfixSubject(l: Language, n: Notice): string {
  const [failure, delay] = l.postfix.subjects ?? ['Undelivered Mail Returned to Sender', 'Delayed Mail (still being retried)'];
  return n.temporary ? delay : failure;
}

function forLanguage(l: Language): NoticeBuilder[] {
  return [
    {
      name: `exchange ${l.code} text`,
      source: 'learn.microsoft.com NDR pages (the user section in the organisation\'s language); hilfe.cloud4you.biz (the localized headings over "Remote Server returned"): the text part alone, no report',
      build: (n) => ({ eml: single(exchangeHeaders(l, n), exchangeText(l, n, true), UTF8, EIGHT_BIT, '\r\n') }),
    },
    {
      name: `exchange ${l.code} report`,
      source: 'the same localized NDR with its RFC 3464 report (Exchange\'s message/delivery-status, the reply in Diagnostic-Code)',
      build: (n) => ({
        eml: report(exchangeHeaders(l, n), [{ type: UTF8, body: exchangeText(l, n, true), headers: EIGHT_BIT }, exchangeStatus(n), originalHeaders('\r\n')], '\r\n'),
      }),
    },
    {
      name: `postfix ${l.code} template`,
      source: `${PF}/bounce/bounce_template.c, bounce(5) and bounce.cf.default: a translated failure_template and delay_template (Charset: utf-8), Postfix's ASCII lines after them; with the report`,
      build: (n) => ({
        eml: report(bounceHeaders(DAEMON(), postfixSubject(l, n)), [
          { type: 'text/plain; charset=utf-8', body: postfixText(l, n), headers: { 'Content-Description': 'Notification', ...EIGHT_BIT } },
          { ...postfixStatus(n), headers: { 'Content-Description': 'Delivery report' } },
          originalHeaders(),
        ]),
        stage: rcptStage(n),
      }),
    },
    {
      name: `postfix ${l.code} text only`,
      source: `${PF}/bounce/bounce_template.c with a translated bounce.cf: the text alone, as relays that strip the report deliver it`,
      build: (n) => ({ eml: single(bounceHeaders(DAEMON(), postfixSubject(l, n)), postfixText(l, n), 'text/plain; charset=utf-8', EIGHT_BIT), stage: rcptStage(n) }),
    },
    {
      name: `exim ${l.code} text only`,
      source: 'Exim spec "Customizing bounce and warning messages" (bounce_message_file and warn_message_file: the subject and the texts around the addresses translated), src/src/deliver.c print_address_error and its "Delay reason:" line',
      build: (n) => ({
        eml: single(bounceHeaders(`Mail Delivery System <Mailer-Daemon@${ME}>`, eximSubject(l, n), n.temporary ? {} : { 'X-Failed-Recipients': RCPT }), eximText(l, n), 'text/plain; charset=utf-8', EIGHT_BIT),
        stage: n.reply.code ? 'rcpt' : undefined,
      }),
    },
    {
      name: `gmail ${l.code} text only`,
      source: 'Gmail\'s notice as support.google.com answer 6596 describes it in the sender\'s language (de, es-419, ja, it 82454): the text part alone, no report, the subject in English as Gmail keeps it',
      build: (n) => ({ eml: single(bounceHeaders('Mail Delivery Subsystem <mailer-daemon@googlemail.com>', n.temporary ? 'Delivery Status Notification (Delay)' : 'Delivery Status Notification (Failure)'), gmailText(l, n), UTF8, EIGHT_BIT) }),
    },
    {
      name: `exchange ${l.code} sentence only`,
      source: 'a localized NDR whose user section alone says why, in the row\'s own words (no reply quoted, no report): only for rows with no code',
      build: (n) => (n.temporary || n.reply.code || /^[245]\.\d/.test(n.reply.text) ? null : { eml: single(exchangeHeaders(l, n), exchangeText(l, n, false), UTF8, EIGHT_BIT, '\r\n') }),
    },
  ];
}

const BY_LANGUAGE = LANGUAGES.map(forLanguage);

export const LOCALIZED_BUILDERS: readonly NoticeBuilder[] = BY_LANGUAGE.flat();

/** A reply's language among the eight, from its text: the same reply always gets the same one. */
function languageOf(n: Notice): number {
  let h = 0;
  for (let i = 0; i < n.reply.raw.length; i++) h = (h * 31 + n.reply.raw.charCodeAt(i)) >>> 0;
  return h % LANGUAGES.length;
}

/**
 * Each notice form once, in a language that rotates with the reply: every reply through every form in a
 * eighth of the emails of LOCALIZED_BUILDERS (the tests' measure; the bench runs every language).
 */
export const ROTATING_BUILDERS: readonly NoticeBuilder[] = BY_LANGUAGE[0].map((form, i) => ({
  name: form.name.replace(` ${LANGUAGES[0].code} `, ' (each language) '),
  source: form.source,
  build: (n: Notice) => BY_LANGUAGE[languageOf(n)][i].build(n),
}));

export const LOCALIZED_LANGUAGES: readonly string[] = LANGUAGES.map((l) => l.code);
