import {
  DATE,
  IP,
  LHOST,
  ME,
  MX,
  RCPT,
  SENDER,
  action,
  bounceHeaders,
  multipart,
  originalHeaders,
  plainHeaders,
  rcptStage,
  report,
  single,
  statusPart,
  type Built,
  type Notice,
  type NoticeBuilder,
  type Part,
} from './notice-variants';

/**
 * The vocabulary's replies inside the notices of mail servers for Windows, groupware, gateway and filter
 * appliances and sending services (notice-variants.ts holds the Unix MTAs'). Each layout is written
 * from the product's source code where it is open, else from the markers its readers look for
 * (Sisimai's lib/Sisimai/Lhost/*.pm, read for facts only) and the vendor's or hosting providers' pages
 * that show the notice. The words are ours where the source gives only markers; addresses, hosts and
 * dates are ours.
 */


/** The delivery-status most of these products write beside their text: RFC 3464 with the reply as its Diagnostic-Code. */
function standardStatus(n: Notice, reporting: string, extra: string[] = []): Part {
  return statusPart(
    [`Reporting-MTA: dns; ${reporting}`, `Arrival-Date: ${DATE}`],
    [`Final-Recipient: rfc822; ${RCPT}`, `Action: ${action(n)}`, `Status: ${n.status}`, `Remote-MTA: dns; ${MX}`, `Diagnostic-Code: smtp; ${n.reply.raw}`, ...extra],
  );
}

/** hMailServer SMTPClientConnection.cpp: the error of one recipient, under its address in %MACRO_RECIPIENTS%. */
function hmailRecipient(n: Notice): string[] {
  if (!n.reply.code) return [RCPT, '   Error Type: SMTP', `   Error Description: ${n.reply.raw}`];
  return [RCPT, '   Error Type: SMTP', `   Remote server (${IP}) issued an error.`, `   hMailServer sent: RCPT TO:<${RCPT}>`, `   Remote server replied: ${n.lines.join(' ')}`];
}

function hmailText(n: Notice): string {
  return [
    'Your message did not reach some or all of the intended recipients.',
    '',
    `   Sent: ${DATE}`,
    '   Subject: Hello',
    '',
    'The following recipient(s) could not be reached:',
    '',
    ...hmailRecipient(n),
    '',
    '',
    'hMailServer',
  ].join('\r\n');
}

/** Domino's "Failure Reasons" notice: the reason, then the address it concerns, then the returned message. */
function dominoText(n: Notice): string {
  return ['------- Failure Reasons  --------', '', ...n.lines, RCPT, '', '', '------- Returned Message --------', `From: ${SENDER}`, `To: ${RCPT}`, 'Subject: Hello'].join('\n');
}

/** Messaging Server's per-recipient block: labelled fields, the reply as "Diagnostic code: smtp;". */
function messagingServerText(n: Notice): string {
  return [
    'This report relates to a message you sent with the following header fields:',
    '',
    '  Message-id: <m.1@example.org>',
    `  Date: ${DATE}`,
    `  From: ${SENDER}`,
    `  To: ${RCPT}`,
    '  Subject: Hello',
    '',
    n.temporary ? 'Your message has not yet been delivered to the following recipients:' : 'Your message cannot be delivered to the following recipients:',
    '',
    `  Recipient address: ${RCPT}`,
    `  Reason: ${n.reply.code ? 'Remote SMTP server has rejected address' : n.reply.raw}`,
    ...(n.reply.code ? [`  Diagnostic code: smtp;${n.reply.raw}`, `  Remote system: dns;${MX} (TCP|198.51.100.7|47323|${IP}|25) (${MX} ESMTP)`] : []),
    '',
  ].join('\n');
}

/** Apache James 2.3 AbstractNotify: "Error message below:", the error, "Message details:" with the envelope (its markers only: the message above them is configurable). */
function jamesText(n: Notice): string {
  return [
    'Error message below:',
    ...n.lines,
    '',
    'Message details:',
    '  Subject: Hello',
    '  Sent date: Fri Nov 27 16:21:18 UTC 2026',
    `  MAIL FROM: ${SENDER}`,
    `  RCPT TO: ${RCPT}`,
    `  From: ${SENDER}`,
    `  To: ${RCPT}`,
    '  Size (in bytes): 1024',
    '  Number of lines: 64',
  ].join('\n');
}

const JAMES_INTRO = [
  `Hi. This is the James mail server at ${ME}.`,
  "I'm afraid I wasn't able to deliver your message to the following addresses.",
  "This is a permanent error; I've given up. Sorry it didn't work out.  Below",
  'I include the list of recipients and the reason why I was unable to deliver',
  'your message.',
];

/** James's DSNBounce: the recipients listed, then "Error message:"; its Status field holds the whole delivery error, as the mailet writes it. */
function jamesDsnParts(n: Notice): Part[] {
  const text = [...JAMES_INTRO, '', 'Original email subject: Hello', '', 'Failed recipient(s):', RCPT, '', 'Error message:', n.reply.raw, ''].join('\n');
  const type = /^\d{3}\s/.test(n.reply.raw) ? 'smtp' : 'X-James';
  return [
    { type: 'text/plain; charset=us-ascii', body: text },
    statusPart(
      [`Reporting-MTA: dns; ${ME}`, 'Received-From-MTA: dns; 198.51.100.7'],
      [`Final-Recipient: rfc822; ${RCPT}`, 'Action: failed', `Status: ${n.reply.raw}`, `Diagnostic-Code: ${type}; ${n.reply.raw}`, `Last-Attempt-Date: ${DATE}`],
    ),
    originalHeaders(),
  ];
}

/** James's RemoteDelivery Bouncer: the recipients, then "Remote mail server told me:" and the reply. */
function jamesRemoteText(n: Notice): string {
  return [...JAMES_INTRO, '', RCPT, `Remote mail server told me: ${n.reply.raw}`, ''].join('\n');
}

/** Exchange 2007's words in the languages whose markers its readers know: the failed list, the user's paragraph, the administrators' heading, the server label, the headers' heading. */
const EXCHANGE_2007_WORDS = {
  en: ['Delivery has failed to these recipients or distribution lists:', 'Microsoft Exchange will not try to redeliver this message for you.', 'Diagnostic information for administrators:', 'Generating server:', 'Original message headers:'],
  fr: ['La remise a échoué pour les destinataires ou groupes suivants :', 'Un problème est survenu lors de la remise de ce message à cette adresse de messagerie.', 'Informations de diagnostic pour les administrateurs :', 'Serveur de génération :', "En-têtes de message d'origine :"],
  it: ['Recapito non riuscito per i seguenti destinatari o gruppi:', 'Si è verificato un problema durante il recapito del messaggio a questo indirizzo di posta elettronica.', 'Informazioni di diagnostica per gli amministratori:', 'Server di generazione:', 'Intestazioni originali del messaggio:'],
};

/** Exchange 2007's text NDR: the user's paragraph, then under the administrators' heading the address and "server #reply ##". */
function exchange2007Text(n: Notice, lang: keyof typeof EXCHANGE_2007_WORDS): string {
  const [failed, paragraph, admin, server, headers] = EXCHANGE_2007_WORDS[lang];
  return [failed, '', RCPT, paragraph, '', admin, '', `${server} ${ME}`, '', RCPT, `${MX} #${n.reply.raw} ##`, '', headers, '', `From: ${SENDER}`, `To: ${RCPT}`, 'Subject: Hello'].join('\r\n');
}

/** Exchange 2007's failure notice in one language, its text part in 8-bit UTF-8 (it writes no delay notice of this form). */
function exchange2007(n: Notice, lang: keyof typeof EXCHANGE_2007_WORDS, subject: string, contentLanguage: string): Built | null {
  if (n.temporary) return null;
  const h = bounceHeaders(`postmaster@${ME}`, subject, { 'Content-Language': contentLanguage });
  return { eml: single(h, exchange2007Text(n, lang), 'text/plain; charset="utf-8"', { 'Content-Transfer-Encoding': '8bit' }, '\r\n') };
}

/** Trustwave MailMarshal: the cause first, the recipients it affected after, then its "Additional Information" fields. */
function mailMarshalText(n: Notice): string {
  return [
    'Your message:',
    `   From:    ${SENDER}`,
    '   Subject: Hello',
    '',
    'Could not be delivered because of',
    '',
    ...n.lines,
    '',
    'The following recipients were affected: ',
    `    ${RCPT}`,
    '',
    'Additional Information',
    '======================',
    `Original Sender:    <${SENDER}>`,
    'Sender-MTA:         <198.51.100.7>',
    `Remote-MTA:         <${IP}>`,
    `Reporting-MTA:      <${ME}>`,
    'MessageName:        <B549996730000.000000000001.0003.mml>',
    'Last-Attempt-Date:  <16:21:18 Fri, 27 Nov 2026>',
  ].join('\r\n');
}

/** InterScan MSS: the SMTP exchange as "Sent <<<" and "Received >>>" lines, then "Unable to deliver message to <x>". */
function interScanText(n: Notice): string {
  const session = n.reply.code ? [`Sent <<< RCPT TO:<${RCPT}>`, `Received >>> ${n.lines.join(' ')}`, ''] : [n.reply.raw, ''];
  return [...session, `Unable to deliver message to <${RCPT}>.`].join('\n');
}

/** McAfee SaaS (MXLogic): Exim's notice with the host and reply on the recipient's own line. */
function mxLogicText(n: Notice): string {
  const said = n.reply.code ? `host ${MX} [${IP}]: ${n.lines.join(' ')}` : n.reply.raw;
  return [
    'This message was created automatically by mail delivery software.',
    '',
    'A message that you sent could not be delivered to one or more of its',
    'recipients. This is a permanent error. The following address(es) failed:',
    '',
    `  <${RCPT}>: ${said}`,
    '',
    'Included is a copy of the message header:',
    '-----------------------------------------',
    `From: ${SENDER}`,
    `To: ${RCPT}`,
  ].join('\n');
}

/** MDaemon's failure notice (its DSN template's heading and the session transcript it appends by default). */
function mdaemonText(n: Notice): string {
  const transcript = n.reply.code
    ? [`Fri 2026-11-27 16:21:18: --> RCPT To:<${RCPT}>`, ...n.lines.map((l) => `Fri 2026-11-27 16:21:18: <-- ${l}`)]
    : [`Fri 2026-11-27 16:21:18: ${n.reply.raw}`];
  return [
    'The attached message had PERMANENT fatal delivery errors!',
    '',
    'After one or more unsuccessful delivery attempts the attached message has',
    'been removed from the mail queue on this server.  The number and frequency',
    'of delivery attempts are determined by local configuration parameters.',
    '',
    'YOUR MESSAGE WAS NOT DELIVERED TO ANY OF ITS RECIPIENTS!',
    '',
    '--- Session Transcript ---',
    `Fri 2026-11-27 16:21:18: Session 1234; child 1`,
    `Fri 2026-11-27 16:21:18: Parsing message <${ME}\\pd50000001.msg>`,
    `Fri 2026-11-27 16:21:18: *  From: ${SENDER}`,
    `Fri 2026-11-27 16:21:18: *  To: ${RCPT}`,
    `Fri 2026-11-27 16:21:18: Attempting SMTP connection to [${MX}]`,
    `Fri 2026-11-27 16:21:18: --> MAIL From:<${SENDER}>`,
    `Fri 2026-11-27 16:21:18: <-- 250 2.1.0 Ok`,
    ...transcript,
    '--- End Transcript ---',
  ].join('\r\n');
}

/** SmarterMail: "Could not deliver message to the following recipient(s):", "Failed Recipient:", "Reason:". */
function smarterMailText(n: Notice): string {
  const reason = n.reply.code ? `Remote host said: ${n.lines.join(' ')}` : n.reply.raw;
  return ['Could not deliver message to the following recipient(s):', '', `Failed Recipient: ${RCPT}`, `Reason: ${reason}`, '', '   -- The header and top 20 lines of the message follows --', '', `From: ${SENDER}`, `To: ${RCPT}`].join('\r\n');
}

/** SES's text: "The following message to <x> was undeliverable.", "The reason for the problem:", its status, a short name, the reply quoted. */
function sesText(n: Notice): string {
  return [
    `The following message to <${RCPT}> was undeliverable.`,
    'The reason for the problem:',
    `${n.status} - ${n.temporary ? 'Delivery delayed' : 'Delivery failed'} ${n.reply.code ?? '550'}-'${n.reply.code ? n.reply.raw.slice(n.reply.code.length).trim() : n.reply.raw}'`,
  ].join('\n');
}

/** SendGrid: its apology, then the reply indented with the command it answered. */
function sendGridText(n: Notice): string {
  return [
    'This is an automatically generated message from SendGrid.',
    '',
    "I'm sorry to have to tell you that your message was not able to be",
    'delivered to one of its intended recipients.',
    '',
    'If you require assistance with this, please contact SendGrid support.',
    '',
    `${RCPT}:`,
    `  ${n.reply.raw}${n.reply.code ? '  in RCPT TO' : ''}`,
  ].join('\n');
}

/** PowerMTA: its greeting, then each recipient with what became of it. */
function powerMtaText(n: Notice): string {
  return [
    `Hello, this is the mail server on ${ME}.`,
    '',
    'I am sending you this message to inform you on the delivery status of a',
    'message you previously sent.  Immediately below you will find a list of',
    'the affected recipients;  also attached is a Delivery Status Notification',
    '(DSN) report in standard format, as well as the headers of the original',
    'message.',
    '',
    `  <${RCPT}>  ${n.temporary ? 'delivery delayed; will keep trying' : 'delivery failed; will not continue trying'}`,
  ].join('\n');
}

export const WINDOWS_BUILDERS: readonly NoticeBuilder[] = [
  {
    name: 'hmailserver',
    source: 'hmailserver/hmailserver: source/DBScripts/CreateTablesMYSQL.sql:508 (SEND_FAILED_NOTIFICATION), Server/SMTP/SMTPClientConnection.cpp:555-566 ("Error Type: SMTP", "Remote server replied:"), SMTPDeliverer.cpp:278',
    // hMailServer retries a temporary failure silently and writes its notice when it gives up.
    build: (n) => (n.temporary ? null : { eml: single(bounceHeaders(`MAILER-DAEMON@${ME}`, 'Message undeliverable: Hello'), hmailText(n), 'text/plain; charset="utf-8"', {}, '\r\n'), stage: rcptStage(n) }),
  },
  {
    name: 'domino',
    source: `${LHOST}/Notes.pm (subject "Undeliverable message", "------- Failure Reasons", the reason above the address, "------- Returned Message --------")`,
    build: (n) => (n.temporary ? null : { eml: single(bounceHeaders(`Postmaster@${ME}`, 'Undeliverable message'), dominoText(n)) }),
  },
  {
    name: 'messaging server',
    source: `${LHOST}/MessagingServer.pm (Boundary_(ID_...), "Delivery Notification:", "This report relates to a message you sent", "Recipient address:", "Reason:", "Diagnostic code: smtp;", "Remote system:", Status with a comment)`,
    build: (n) => {
      const text: Part = { type: 'text/plain; charset=us-ascii', body: messagingServerText(n), headers: { 'Content-language': 'en-US' } };
      const status = statusPart(
        [`Reporting-MTA: dns;${ME} (tcp_intranet-daemon)`, `Arrival-date: ${DATE}`],
        [`Original-recipient: rfc822;${RCPT}`, `Final-recipient: rfc822;${RCPT}`, `Action: ${action(n)}`, `Status: ${n.status}${n.reply.code ? ' (Remote SMTP server has rejected address)' : ''}`, `Remote-MTA: dns;${MX}`, `Diagnostic-code: smtp;${n.reply.raw}`],
      );
      const h = bounceHeaders(`Internet Mail Delivery <postmaster@${ME}>`, n.temporary ? 'Delivery Notification: Delivery has been delayed' : 'Delivery Notification: Delivery has failed');
      return { eml: multipart(h, 'multipart/report; report-type=delivery-status', [text, status, originalHeaders()], '\n', 'Boundary_(ID_0000000000000000000000)'), stage: rcptStage(n) };
    },
  },
  {
    name: 'imail',
    source: `${LHOST}/IMailServer.pm (X-Mailer "<SMTP32 v8.22>", subject "Undeliverable Mail", "undeliverable to x", "Body of message generated response:", "Original message follows.")`,
    build: (n) =>
      n.temporary
        ? null
        : {
            eml: single(
              { ...plainHeaders(`Mail Delivery Subsystem <MAILER-DAEMON@${ME}>`, 'Undeliverable Mail '), 'X-Mailer': '<SMTP32 v8.22>' },
              [`undeliverable to ${RCPT}`, '', 'Body of message generated response:', ...n.lines, '', 'Original message follows.', '', `From: ${SENDER}`].join('\r\n'),
              'text/plain; charset=us-ascii',
              {},
              '\r\n',
            ),
          },
  },
  {
    name: 'apache james',
    source: `${LHOST}/ApacheJames.pm (subject "[BOUNCE]", Message-ID "…JavaMail…", AbstractNotify.java "Error message below:", "Message details:", "RCPT TO:")`,
    build: (n) =>
      n.temporary
        ? null
        : {
            eml: multipart(
              bounceHeaders(`postmaster@${ME}`, '[BOUNCE]', { 'Message-ID': '<12345678.1.1790000000000.JavaMail.james@mail.example.org>' }),
              'multipart/mixed',
              [{ type: 'text/plain; charset=us-ascii', body: jamesText(n) }, { type: 'message/rfc822', body: `From: ${SENDER}\nTo: ${RCPT}\nSubject: Hello\n\nHi.` }],
            ),
          },
  },
  {
    name: 'apache james dsn',
    source: 'apache/james-project:server/mailet/mailets/src/main/java/org/apache/james/transport/mailets/DSNBounce.java:207 (the message), createTextMsg ("Failed recipient(s):", "Error message:"), createDSN/appendRecipient (Status holding the delivery error, Diagnostic-Code smtp or X-James)',
    build: (n) => (n.temporary ? null : { eml: report(bounceHeaders(`postmaster@${ME}`, '[BOUNCE]'), jamesDsnParts(n)) }),
  },
  {
    name: 'apache james remote',
    source: 'apache/james-project:server/mailet/mailets/src/main/java/org/apache/james/transport/mailets/remote/delivery/Bouncer.java:88-120 (explanationText: the recipients, "Remote mail server told me: ")',
    build: (n) => (n.temporary ? null : { eml: single(bounceHeaders(`postmaster@${ME}`, '[BOUNCE]'), jamesRemoteText(n)) }),
  },
  {
    name: 'exchange 2007',
    source: `${LHOST}/Exchange2007.pm (subject "Undeliverable", Content-Language, "Diagnostic information for administrators:", "Generating server", the address, then "#reply ##", "Original message headers:")`,
    build: (n) => exchange2007(n, 'en', 'Undeliverable: Hello', 'en-US'),
  },
  {
    name: 'exchange 2007 french',
    source: `${LHOST}/Exchange2007.pm (the fr-FR markers: subject "Non_remis_", "Informations de diagnostic pour les administrateurs", "Serveur de g", "En-têtes de message d'origine")`,
    build: (n) => exchange2007(n, 'fr', '=?iso-8859-1?Q?Non_remis=A0:_Hello?=', 'fr-FR'),
  },
  {
    name: 'exchange 2007 italian',
    source: `${LHOST}/Exchange2007.pm (the it-CH markers: subject "Non recapitabile", "Informazioni di diagnostica per gli amministratori", "Server di generazione", "Intestazioni originali del messaggio:")`,
    build: (n) => exchange2007(n, 'it', 'Non recapitabile: Hello', 'it-CH'),
  },
  {
    name: 'amazon ses',
    source: `${LHOST}/AmazonSES.pm ("The following message to <", its delivery-status from the amazonses.com Reporting-MTA)`,
    build: (n) => ({
      eml: report(bounceHeaders('MAILER-DAEMON@email-bounces.amazonses.com', n.temporary ? 'Delivery Status Notification (Delay)' : 'Delivery Status Notification (Failure)', { 'X-SES-Outgoing': '2026.11.27-54.240.27.159' }), [
        { type: 'text/plain; charset=UTF-8', body: sesText(n) },
        standardStatus(n, 'a27-23.smtp-out.us-west-2.amazonses.com'),
        originalHeaders(),
      ]),
    }),
  },
  {
    name: 'amazon workmail',
    source: `${LHOST}/AmazonWorkMail.pm (X-Mailer "Amazon WorkMail", the fields after "Technical report:", an HTML part after them)`,
    build: (n) => {
      const fields = [`Reporting-MTA: dns; ${ME}`, '', `Final-Recipient: rfc822; ${RCPT}`, `Action: ${action(n)}`, `Status: ${n.status}`, `Remote-MTA: dns; ${MX}`, `Diagnostic-Code: smtp; ${n.reply.raw}`];
      const text = ["We're writing to let you know that the message you sent could not be delivered.", '', 'Technical report:', '', ...fields].join('\n');
      return {
        eml: report(bounceHeaders(`MAILER-DAEMON@${ME}`, n.temporary ? 'Delivery Status Notification (Delay)' : 'Delivery Status Notification (Failure)', { 'X-Mailer': 'Amazon WorkMail', 'X-Original-Mailer': 'Amazon WorkMail' }), [
          { type: 'text/plain; charset=UTF-8', body: text },
          standardStatus(n, ME),
          originalHeaders(),
        ]),
      };
    },
  },
  {
    name: 'sendgrid',
    source: `${LHOST}/SendGrid.pm (Return-Path apps@sendgrid.net, subject "Undelivered Mail Returned to Sender", "This is an automatically generated message from SendGrid.", a Diagnostic-Code with no type, Arrival-Date "2026-11-27 16-21-18", X-SendGrid-QueueID)`,
    build: (n) => ({
      eml: report(bounceHeaders('MAILER-DAEMON <apps@sendgrid.net>', 'Undelivered Mail Returned to Sender', { 'Return-Path': '<apps@sendgrid.net>' }), [
        { type: 'text/plain; charset=us-ascii', body: sendGridText(n) },
        statusPart(
          ['Reporting-MTA: dns; sendgrid.net', 'X-SendGrid-QueueID: 959479146', 'X-SendGrid-Sender: <bounces+61689-10be-u=example.com@sendgrid.info>', 'Arrival-Date: 2026-11-27 16-21-18'],
          [`Final-Recipient: rfc822; ${RCPT}`, `Action: ${action(n)}`, `Status: ${n.status}`, `Diagnostic-Code: ${n.reply.raw}`],
        ),
        originalHeaders(),
      ]),
      stage: rcptStage(n),
    }),
  },
  {
    name: 'powermta',
    source: `${LHOST}/PowerMTA.pm (subject "Delivery report", "Hello, this is the mail server on", X-PowerMTA-BounceCategory in the recipient's fields, text/rfc822-headers)`,
    build: (n) => ({
      eml: report(bounceHeaders(`MAILER-DAEMON@${ME}`, 'Delivery report'), [
        { type: 'text/plain', body: powerMtaText(n) },
        standardStatus(n, ME, ['X-PowerMTA-BounceCategory: other']),
        originalHeaders(),
      ]),
    }),
  },
  {
    name: 'mxlogic',
    source: `${LHOST}/MXLogic.pm (X-MX-Bounce, From "Mail Delivery System", Exim's "This message was created automatically", "  <x>: host ...: reply" on one line, "Included is a copy of the message header:")`,
    build: (n) =>
      n.temporary ? null : { eml: single(bounceHeaders(`Mail Delivery System <mailer-daemon@${ME}>`, 'Mail delivery failed: returning message to sender', { 'X-MX-Bounce': 'mta/src/queue/bounce' }), mxLogicText(n)), stage: rcptStage(n) },
  },
  {
    name: 'mcafee',
    source: `${LHOST}/McAfee.pm (X-NAI-Header "Modified by McAfee", subject "Delivery Status", deliveryproblems.txt "--- The following addresses had delivery problems ---", "<x>   (reply)", deliverystatus.txt)`,
    build: (n) =>
      n.temporary
        ? null
        : {
            eml: multipart(bounceHeaders(`postmaster@${ME}`, 'Delivery Status', { 'X-NAI-Header': 'Modified by McAfee Email and Web Security Virtual Appliance' }), 'multipart/report; report-type=delivery-status', [
              { type: 'text/plain; name="deliveryproblems.txt"', body: ['   --- The following addresses had delivery problems ---', '', `<${RCPT}>   (${n.reply.raw})`].join('\n') },
              { ...standardStatus(n, ME), type: 'message/delivery-status; name="deliverystatus.txt"' },
              { type: 'message/rfc822', body: `From: ${SENDER}\nTo: ${RCPT}\nSubject: Hello\n\nHi.` },
            ]),
          },
  },
  {
    name: 'messagelabs',
    source: `${LHOST}/MessageLabs.pm (From MAILER-DAEMON@messagelabs.com, subject "Mail Delivery Failure", X-Msg-Ref, the report and text/rfc822-headers)`,
    build: (n) =>
      n.temporary
        ? null
        : {
            eml: report(bounceHeaders('MAILER-DAEMON@messagelabs.com', `Mail Delivery Failure`, { 'X-Msg-Ref': 'server-11.tower-143.messagelabs.com!1790000000!36473369!1' }), [
              { type: 'text/plain', body: ['This is an automatically generated Delivery Status Notification.', '', 'Delivery to the following recipients failed permanently:', '', `    ${RCPT}`].join('\n') },
              standardStatus(n, 'server-11.tower-143.messagelabs.com'),
              originalHeaders(),
            ]),
          },
  },
  {
    name: 'interscan',
    source: `${LHOST}/InterScanMSS.pm (From "InterScan MSS", subject "Mail could not be delivered", "Sent <<< RCPT TO:", "Received >>> reply", "Unable to deliver message to <x>")`,
    build: (n) => (n.temporary ? null : { eml: single(bounceHeaders(`"InterScan MSS" <postmaster@${ME}>`, 'Mail could not be delivered'), interScanText(n)), stage: rcptStage(n) }),
  },
  {
    name: 'mailmarshal',
    source: `${LHOST}/MailMarshalSMTP.pm (subject 'Undeliverable Mail: "', "Your message:", "Could not be delivered because of", "The following recipients were affected:", "Additional Information" fields)`,
    build: (n) => (n.temporary ? null : { eml: single(bounceHeaders(`postmaster@${ME}`, 'Undeliverable Mail: "Hello"'), mailMarshalText(n), 'text/plain; charset=us-ascii', {}, '\r\n') }),
  },
  {
    name: 'ironport',
    source: 'Cisco AsyncOS for Email user guide, "Directing Bounced Email" > "Delivery Status Notification Format": RFC 1894 DSNs for hard and soft bounces, an explanation, the original message (its headers only over 10k)',
    build: (n) => ({
      eml: report(bounceHeaders(`Mail Delivery System <MAILER-DAEMON@${ME}>`, n.temporary ? 'Delayed Mail (still being retried)' : 'Delivery Status Notification (Failure)'), [
        { type: 'text/plain; charset=us-ascii', body: n.temporary ? 'The message is delayed; delivery will be retried.' : 'The message could not be delivered to one or more recipients.' },
        standardStatus(n, ME),
        originalHeaders(),
      ]),
    }),
  },
  {
    name: 'mdaemon',
    source: 'MDaemon help "DSN Settings" (session transcripts included in DSNs by default); its "PERMANENT fatal delivery errors" heading as Sympa\'s catalogue of bounce formats reads it (Sympa/Spindle/ProcessBounce.pm)',
    build: (n) => (n.temporary ? null : { eml: single(bounceHeaders(`MDaemon@${ME}`, 'Permanent Delivery Failure'), mdaemonText(n), 'text/plain; charset=us-ascii', {}, '\r\n'), stage: rcptStage(n) }),
  },
  {
    name: 'smartermail',
    source: 'hosting providers\' help pages quoting SmarterMail\'s notice (kb.indsoft.net kb/a70, support.rackteam.com kb/a136: "Could not deliver message to the following recipient(s):", "Failed Recipient:", "Reason:")',
    build: (n) => (n.temporary ? null : { eml: single(bounceHeaders(`System Administrator <postmaster@${ME}>`, 'Undeliverable Mail'), smarterMailText(n), 'text/plain; charset=us-ascii', {}, '\r\n') }),
  },
];
