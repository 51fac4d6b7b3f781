import type { Outcome, Stage } from '../../src/classify';
import type { RecipientResult } from '../../src/dsn';
import { cutLines, multiLine, splitForVariants, type Reply } from './variants';

/**
 * The vocabulary's replies inside whole bounce emails, as MTAs write them: each builder follows one
 * MTA's notice (its text, its RFC 3464 report, its encodings), read from that MTA's source. The
 * report parsed from the email must say of the recipient what the classifier says of the bare reply:
 * found, the same reason, the same hard/soft, the same suppress/throttle decision. The notice is the
 * packaging; the reply is the evidence. Addresses, hosts and dates are ours.
 */
export interface Notice {
  reply: Reply;
  /** A 4xx reply (or a row the vocabulary calls transient): the MTA is still trying, or gave up on a temporary failure. */
  temporary: boolean;
  /** The RFC 3463 status an MTA derives from the reply: its enhanced code, else X.0.0 of its class. */
  status: string;
  /** The reply as the server sent it: one line, or RFC 5321 continuation lines when it is long. */
  lines: string[];
}

export interface Built {
  eml: string;
  /** The SMTP command the notice says the reply answered; the reference is read at that stage. */
  stage?: Stage;
  /** `eml` holds bytes one per character (latin1): a part in an 8-bit charset other than UTF-8. */
  bytes?: true;
}

export interface NoticeBuilder {
  name: string;
  source: string;
  /** The email, or null where the MTA writes no notice for this reply (a temporary failure it only reports when it gives up). */
  build(n: Notice): Built | null;
}

export const RCPT = 'u@example.com';
/** Another failed recipient, with a cause of its own, in the notices that list two. */
const OTHER = 'w@example.net';
const OTHER_REPLY = '552 5.2.2 mailbox full';
export const SENDER = 'sender@example.org';
export const ME = 'mail.example.org';
export const MX = 'mx.example.com';
export const IP = '192.0.2.1';
export const DATE = 'Fri, 27 Nov 2026 16:21:18 +0000';

export function noticeOf(raw: string, verdict?: string): Notice {
  const reply = splitForVariants(raw);
  const lead = /^([245])\.\d{1,3}\.\d{1,3}\b/.exec(reply.text)?.[0];
  const cls = reply.code?.[0] ?? lead?.[0] ?? (verdict === 'throttle' || verdict === 'transient' ? '4' : '5');
  const status = reply.enhanced ?? lead ?? `${cls}.0.0`;
  const lines = reply.raw.length > 76 ? multiLine(reply, 60) ?? [reply.raw] : [reply.raw];
  return { reply, temporary: cls === '4', status, lines };
}

/** The reply the reference reads: the row's, with the status class a notice states in front when the row has no code. */
export function referenceReply(n: Notice): string {
  return n.reply.code || /^[245]\.\d/.test(n.reply.text) ? n.reply.raw : `${n.status} ${n.reply.raw}`;
}

// ---------------------------------------------------------------- MIME assembly

export type Headers = Record<string, string>;

export interface Part {
  type: string;
  body: string;
  headers?: Headers;
}

function head(h: Headers, nl: string): string {
  return Object.entries(h).map(([k, v]) => `${k}: ${v}`).join(nl);
}

export function bounceHeaders(from: string, subject: string, extra: Headers = {}): Headers {
  return { From: from, To: SENDER, Subject: subject, Date: DATE, 'Message-ID': '<bounce.1@mail.example.org>', 'MIME-Version': '1.0', ...extra };
}

/** A message of the days before MIME (qmail-send writes no MIME-Version). */
export function plainHeaders(from: string, subject: string): Headers {
  const { 'MIME-Version': _mime, ...rest } = bounceHeaders(from, subject);
  return rest;
}

/** A multipart/report (RFC 6522) or another multipart, its parts in order. */
export function multipart(h: Headers, type: string, parts: Part[], nl = '\n', boundary = 'B0undary.1'): string {
  const out = [head({ ...h, 'Content-Type': `${type}; boundary="${boundary}"` }, nl), '', 'This is a MIME-encapsulated message.', ''];
  for (const p of parts) out.push(`--${boundary}`, head({ 'Content-Type': p.type, ...p.headers }, nl), '', p.body, '');
  out.push(`--${boundary}--`, '');
  return out.join(nl);
}

export function report(h: Headers, parts: Part[], nl = '\n'): string {
  return multipart(h, 'multipart/report; report-type=delivery-status', parts, nl);
}

export function single(h: Headers, body: string, type = 'text/plain; charset=us-ascii', extra: Headers = {}, nl = '\n'): string {
  return `${head({ ...h, 'Content-Type': type, ...extra }, nl)}${nl}${nl}${body}${nl}`;
}

/** The returned message's headers (RFC 6522 text/rfc822-headers). */
export function originalHeaders(nl = '\n'): Part {
  return { type: 'text/rfc822-headers', body: head({ From: SENDER, To: RCPT, Subject: 'Hello', 'Message-ID': '<m.1@example.org>', Date: DATE }, nl) };
}

/** RFC 3464 fields: the per-message block, then the recipient's. */
export function statusPart(perMessage: string[], recipient: string[], nl = '\n'): Part {
  return { type: 'message/delivery-status', body: [...perMessage, '', ...recipient].join(nl) };
}

export function action(n: Notice): string {
  return n.temporary ? 'delayed' : 'failed';
}

/** Postfix's line_wrap(): at most `width` columns, broken at spaces, continuation lines indented. */
export function lineWrap(text: string, width: number, indent: number): string[] {
  const out: string[] = [];
  let rest = text;
  let pad = '';
  while (pad.length + rest.length > width) {
    const room = width - pad.length;
    let cut = rest.lastIndexOf(' ', room);
    if (cut <= 0) cut = rest.indexOf(' ', room);
    if (cut <= 0) break;
    out.push(pad + rest.slice(0, cut));
    rest = rest.slice(cut + 1).replace(/^ +/, '');
    pad = ' '.repeat(indent);
  }
  out.push(pad + rest);
  return out;
}

/** RFC 2045 6.7 quoted-printable, soft line breaks before column 76. */
export function quotedPrintable(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  const lines: string[] = [];
  let line = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x0a) {
      lines.push(line.replace(/ $/, '=20'));
      line = '';
      continue;
    }
    const enc = b === 0x3d || b > 0x7e || (b < 0x20 && b !== 0x09) ? `=${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b);
    if (line.length + enc.length > 75) {
      lines.push(`${line}=`);
      line = '';
    }
    line += enc;
  }
  lines.push(line);
  return lines.join('\n');
}

export function base64Lines(text: string): string {
  return (Buffer.from(text, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join('\n');
}

/** RFC 2047 B encoding of a header text. */
export function encodedWord(text: string): string {
  return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

/** RFC 5322 2.2.3: a long field folded at spaces near 76 columns, continuation lines indented. */
function folded(name: string, value: string): string {
  return cutLines(`${name}: ${value}`, 76).join('\n    ');
}

// ---------------------------------------------------------------- MTAs

export const PF = 'vdukhovni/postfix:postfix/src';

/** Postfix: "host %s said: %s (in reply to %s command)" (smtp/smtp_proto.c); its own failures carry no reply code. */
export function postfixReason(n: Notice): string {
  if (!n.reply.code) return n.reply.raw;
  return `host ${MX}[${IP}] said: ${n.lines.join(' ')} (in reply to RCPT TO command)`;
}

/** bounce/bounce_template.c default failure and delay templates, then bounce_notify_util.c's "<rcpt>: reason" wrapped at 79, indent 4. */
export function postfixText(n: Notice): string {
  const intro = n.temporary
    ? [
        'This is the mail system at host mail.example.org.',
        '',
        '####################################################################',
        '# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #',
        '####################################################################',
        '',
        'Your message could not be delivered for more than 4 hour(s).',
        'It will be retried until it is 5 day(s) old.',
      ]
    : [
        'This is the mail system at host mail.example.org.',
        '',
        "I'm sorry to have to inform you that your message could not",
        "be delivered to one or more recipients. It's attached below.",
        '',
        'For further assistance, please send mail to postmaster.',
        '',
        'If you do so, please include this problem report. You can',
        'delete your own text from the attached returned message.',
      ];
  return [...intro, '', '                   The mail system', '', ...lineWrap(`<${RCPT}>: ${postfixReason(n)}`, 79, 4)].join('\n');
}

function postfixSubject(n: Notice): string {
  return n.temporary ? 'Delayed Mail (still being retried)' : 'Undelivered Mail Returned to Sender';
}

export function postfixStatus(n: Notice): Part {
  const diag = n.reply.code ? `smtp; ${n.lines.join(' ')}` : `X-Postfix; ${n.reply.raw}`;
  return statusPart(
    ['Reporting-MTA: dns; mail.example.org', 'X-Postfix-Queue-ID: 4XyZ12AbCd7', `X-Postfix-Sender: rfc822; ${SENDER}`, `Arrival-Date: ${DATE}`],
    [
      `Final-Recipient: rfc822; ${RCPT}`,
      `Original-Recipient: rfc822;${RCPT}`,
      `Action: ${action(n)}`,
      `Status: ${n.status}`,
      ...(n.reply.code ? [`Remote-MTA: dns; ${MX}`] : []),
      `Diagnostic-Code: ${diag}`,
      ...(n.temporary ? [`Will-Retry-Until: ${DATE}`] : []),
    ],
  );
}

/** The notices that quote the reply as the answer to RCPT TO (the vocabulary's coded rows); a row without a code names no stage. */
export const rcptStage = (n: Notice): Stage | undefined => (n.reply.code ? 'rcpt' : undefined);
/** Where Sisimai's readers of each notice format are: which markers a format uses, read as facts. */
export const LHOST = 'sisimai/p5-sisimai:lib/Sisimai/Lhost';

/** Exim deliver.c print_address_error: the failed address's host and the remote reply, indented under it. */
export function eximWhere(n: Notice): string[] {
  const lines = n.lines.map((l) => `    ${l}`);
  return n.reply.code ? [`    host ${MX} [${IP}]`, `    SMTP error from remote mail server after RCPT TO:<${RCPT}>:`, ...lines] : lines;
}

/** Exim deliver.c: the failure and the delay warning; transports/smtp.c "SMTP error from remote mail server after ...". */
function eximText(n: Notice): string {
  const where = eximWhere(n);
  if (n.temporary) {
    return [
      'This message was created automatically by mail delivery software.',
      'A message that you sent has not yet been delivered to one or more of its',
      `recipients after more than 24 hours on the queue on ${ME}.`,
      '',
      'The message identifier is:     1kX2Yz-0001Ab-Cd',
      'The subject of the message is: Hello',
      `The date of the message is:    ${DATE}`,
      '',
      'The address to which the message has not yet been delivered is:',
      '',
      `  ${RCPT}`,
      `    Delay reason: SMTP error from remote mail server after RCPT TO:<${RCPT}>:`,
      ...n.lines.map((l) => `    ${l}`),
      '',
      'No action is required on your part. Delivery attempts will continue for',
      'some time, and this warning may be repeated at intervals if the message',
      'remains undelivered. Eventually the mail delivery software will give up,',
      'and when that happens, the message will be returned to you.',
    ].join('\n');
  }
  return [
    'This message was created automatically by mail delivery software.',
    '',
    'A message that you sent could not be delivered to one or more of its',
    'recipients. This is a permanent error. The following address(es) failed:',
    '',
    `  ${RCPT}`,
    ...where,
  ].join('\n');
}

function eximSubject(n: Notice): string {
  return n.temporary ? 'Warning: message 1kX2Yz-0001Ab-Cd delayed 24 hours' : 'Mail delivery failed: returning message to sender';
}

/** Sendmail savemail.c / usersmtp.c: the failed list, the transcript (">>> ", "<<< "), its own summary line. */
function sendmailText(n: Notice): string {
  const transcript = n.reply.code
    ? [`... while talking to ${MX}.:`, `>>> RCPT To:<${RCPT}>`, ...n.lines.map((l) => `<<< ${l}`)]
    : [];
  // deliver.c giveresponse(): "<code> <status> <rcpt>... <text>"; a failure of its own (no remote reply) has its own words only.
  const summary = n.temporary ? `<${RCPT}>... Deferred: ${n.reply.raw}` : n.reply.code ? `${n.reply.code} ${n.status} <${RCPT}>... ${n.reply.text}` : `<${RCPT}>... ${n.reply.raw}`;
  if (n.temporary) {
    return [
      '    **********************************************',
      '    **      THIS IS A WARNING MESSAGE ONLY      **',
      '    **  YOU DO NOT NEED TO RESEND YOUR MESSAGE  **',
      '    **********************************************',
      '',
      `The original message was received at ${DATE}`,
      `from client.example.org [198.51.100.7]`,
      '',
      '   ----- Transcript of session follows -----',
      ...transcript,
      summary,
      'Warning: message still undelivered after 4 hours',
      'Will keep trying until message is 5 days old',
    ].join('\n');
  }
  return [
    `The original message was received at ${DATE}`,
    'from client.example.org [198.51.100.7]',
    '',
    '   ----- The following addresses had permanent fatal errors -----',
    `<${RCPT}>`,
    `    (reason: ${n.reply.raw})`,
    '',
    '   ----- Transcript of session follows -----',
    ...transcript,
    summary,
  ].join('\n');
}

function sendmailRecipient(n: Notice, diagnostic: string): string[] {
  return [
    `Final-Recipient: RFC822; ${RCPT}`,
    `Action: ${action(n)}`,
    `Status: ${n.status}`,
    ...(n.reply.code ? [`Remote-MTA: DNS; ${MX}`] : []),
    diagnostic,
    `Last-Attempt-Date: ${DATE}`,
    ...(n.temporary ? [`Will-Retry-Until: ${DATE}`] : []),
  ];
}

function sendmailSubject(n: Notice): string {
  return n.temporary ? 'Warning: could not send message for past 4 hours' : 'Returned mail: see transcript for details';
}

const SENDMAIL_MESSAGE = ['Reporting-MTA: dns; mail.example.org', 'Received-From-MTA: DNS; client.example.org', `Arrival-Date: ${DATE}`];

/** Exchange 2010-2019 NDR text ("Delivery has failed to these recipients or groups", "Diagnostic information for administrators"). */
function exchangeText(n: Notice): string {
  const lines = n.temporary
    ? [
        'Delivery is delayed to these recipients or groups:',
        '',
        `${RCPT} (${RCPT})`,
        '',
        'Subject: Hello',
        '',
        "This message hasn't been delivered yet. Delivery will continue to be attempted.",
        '',
        "The server will keep trying to deliver this message for the next 1 days, 19 hours and 57 minutes. You'll be notified if the message can't be delivered by that time.",
      ]
    : [
        'Delivery has failed to these recipients or groups:',
        '',
        `${RCPT} (${RCPT})`,
        'A problem occurred while delivering this message to this email address. Try sending this message again. If the problem continues, please contact your helpdesk.',
      ];
  return [
    ...lines,
    '',
    '',
    'Diagnostic information for administrators:',
    '',
    `Generating server: ${ME}`,
    '',
    RCPT,
    MX,
    `Remote Server returned '${n.reply.raw}'`,
    '',
    'Original message headers:',
    '',
    `From: ${SENDER}`,
    `To: ${RCPT}`,
    'Subject: Hello',
  ].join('\r\n');
}

export function exchangeStatus(n: Notice): Part {
  return statusPart(
    [`Reporting-MTA: dns;${ME}`, 'Received-From-MTA: dns;client.example.org', `Arrival-Date: ${DATE}`],
    [`Final-Recipient: rfc822;${RCPT}`, `Action: ${action(n)}`, `Status: ${n.status}`, `Diagnostic-Code: smtp;${n.reply.raw}`, `Remote-MTA: dns;${MX}`],
    '\r\n',
  );
}

/** Office 365's HTML notice: "Your message to x couldn't be delivered", "Remote server returned '<code> <status> SMTP; <reply>'". */
function office365Html(n: Notice): string {
  const code = n.reply.code ?? (n.temporary ? '451' : '550');
  const heading = n.temporary ? "Delivery to these recipients or groups is delayed, but we'll keep trying." : `Your message to ${RCPT} couldn't be delivered.`;
  return [
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>',
    `<p>${heading}</p>`,
    '<p><b>u</b>&nbsp;&nbsp;Office 365&nbsp;&nbsp;<b>example.com</b><br>Action Required Recipient</p>',
    '<p>Diagnostic information for administrators:</p>',
    `<p>Generating server: AM4PR07MB1234.eurprd07.prod.outlook.com<br>`,
    `${RCPT}<br>`,
    `Remote server returned '${escapeHtml(`${code} ${n.status} SMTP; ${n.reply.raw}`)}'</p>`,
    `<p>Original message headers:</p><pre>From: ${SENDER}</pre>`,
    '</body></html>',
  ].join('\r\n');
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Gmail's notice: "** Message not delivered **" / "** Delivery incomplete **", "The response from the remote server was:". */
function gmailText(n: Notice): string {
  return (
    n.temporary
      ? [
          '** Delivery incomplete **',
          '',
          `There was a temporary problem delivering your message to ${RCPT}. Gmail will retry for 46 more hours. You'll be notified if the delivery fails permanently.`,
          '',
          'The response was:',
        ]
      : ['** Message not delivered **', '', `There was a problem delivering your message to ${RCPT}. See the technical details below.`, '', 'The response from the remote server was:']
  )
    .concat(n.lines)
    .join('\n');
}

/** Courier module.dsn: dsnheader.txt, dsnfailed.txt / dsndelayed.txt, format_del_info() and print_smtp_info() of dsn.C. */
function courierText(n: Notice): string {
  const intro = n.temporary
    ? [
        '                     DELAYS IN DELIVERING YOUR MESSAGE',
        '',
        'The delivery of the following E-mail message has been delayed.  This is an',
        'advisory notice only; it is sent only to notify you about a temporary delay',
        'in delivering your message.  You DO NOT need to do anything at this time.',
        'Additional attempts to deliver your message will be made.  Some possible',
        'reasons for this delay:',
        '',
        '   * Network congestion or failure.',
        '',
        '   * The destination mail server is temporarily off-line.',
        '',
        'Diagnostic information is provided below for each recipient.  If copies of',
        'this message were sent to additional recipients, deliveries to those',
        'addresses are not included in this notice.  This is an advisory notice for',
        'the following addresses only:',
      ]
    : ['                           UNDELIVERABLE MAIL', '', 'Your message to the following recipients cannot be delivered:'];
  const info = n.reply.code ? [`     ${MX} [${IP}]:`, ` >>> RCPT TO:<${RCPT}>`, ...n.lines.map((l) => ` <<< ${l}`)] : [` *** ${n.reply.raw}`];
  return [
    '',
    `This is a delivery status notification from ${ME},`,
    'running the Courier mail server, version 1.1.5.',
    '',
    `The original message was received on ${DATE}`,
    'from client.example.org [198.51.100.7]',
    '',
    '---------------------------------------------------------------------------',
    '',
    ...intro,
    '',
    `<${RCPT}>:`,
    ...info,
    '',
    '---------------------------------------------------------------------------',
    '',
    'If your message was also sent to additional recipients, their delivery',
    'status is not included in this report.  You may or may not receive',
    'other delivery status notifications for additional recipients.',
    '',
    'The original message follows as a separate attachment.',
  ].join('\n');
}

/** OpenSMTPD smtpd/bounce.c: NOTICE_INTRO, notice_error / notice_warning, "rcpt: reason"; its report has no Diagnostic-Code. */
function opensmtpdText(n: Notice): string {
  const what = n.temporary
    ? ['    A message is delayed for more than 4 hours for the following', '    list of recipients:']
    : ['    An error has occurred while attempting to deliver a message for', '    the following list of recipients:'];
  const after = n.temporary
    ? ['', '    Please note that this is only a temporary failure report.', '    The message is kept in the queue for up to 4 days.', '    You DO NOT NEED to re-send the message to these recipients.']
    : [];
  return ['    Hi!', '', '    This is the MAILER-DAEMON, please DO NOT REPLY to this email.', '', ...what, '', `${RCPT}: ${n.reply.raw}`, ...after, '', '    Below is a copy of the original message:'].join('\n');
}

/** qmail-send.c's bounce and qmail-remote.c's "does not like recipient." / "Remote host said:" lines. */
function qmailText(n: Notice): string {
  const said = n.reply.code ? [`${IP} does not like recipient.`, `Remote host said: ${n.lines[0]}`, ...n.lines.slice(1), `Giving up on ${IP}.`] : [n.reply.raw];
  return [
    `Hi. This is the qmail-send program at ${ME}.`,
    "I'm afraid I wasn't able to deliver your message to the following addresses.",
    "This is a permanent error; I've given up. Sorry it didn't work out.",
    '',
    `<${RCPT}>:`,
    ...said,
    '',
    '--- Below this line is a copy of the message.',
    '',
    `Return-Path: <${SENDER}>`,
    `From: ${SENDER}`,
    `To: ${RCPT}`,
    'Subject: Hello',
  ].join('\n');
}

/** Haraka config/outbound.bounce_message and outbound/hmail.js (its delivery-status part; Diagnostic-Code "smtp;code extc response "). */
function harakaParts(n: Notice): Part[] {
  const text = [
    `Hi. This is the Haraka Mailer program at ${ME}.`,
    "I'm afraid I wasn't able to deliver your message",
    '    "Hello"',
    'to the following addresses.',
    "This is a permanent error; I've given up. Sorry it didn't work out.",
    '',
    `Intended Recipients: ${RCPT}`,
    `Failure Reason: ${n.reply.raw}`,
  ].join('\r\n');
  const diag = n.reply.code ? [`Diagnostic-Code: smtp;${n.reply.code} ${n.reply.enhanced ? `${n.reply.enhanced} ` : ''}${n.reply.text} `] : [];
  return [
    { type: 'text/plain; charset=us-ascii', body: text },
    statusPart([`Reporting-MTA: dns;${ME}`, `Arrival-Date: ${DATE}`], [`Final-Recipient: rfc822;${RCPT}`, 'Action: failed', `Status: ${n.status}`, `Remote-MTA: ${MX}`, ...diag], '\r\n'),
    { ...originalHeaders('\r\n'), headers: { 'Content-Description': 'Undelivered Message Headers' } },
  ];
}

export const DAEMON = (host = ME) => `MAILER-DAEMON@${host} (Mail Delivery System)`;

export const BUILDERS: readonly NoticeBuilder[] = [
  {
    name: 'postfix',
    source: `${PF}/bounce/bounce_template.c (failure and delay templates), bounce/bounce_notify_util.c (text wrapped at 79, indent 4; the RFC 3464 fields), smtp/smtp_proto.c`,
    build: (n) => ({
      eml: report(bounceHeaders(DAEMON(), postfixSubject(n)), [
        { type: 'text/plain; charset=us-ascii', body: postfixText(n), headers: { 'Content-Description': 'Notification' } },
        { ...postfixStatus(n), headers: { 'Content-Description': 'Delivery report' } },
        originalHeaders(),
      ]),
      stage: rcptStage(n),
    }),
  },
  {
    name: 'postfix text only',
    source: `${PF}/bounce/bounce_template.c: the human text alone, as relays that strip the report and old Postfix (before 2.3 MIME reports) deliver it`,
    build: (n) => ({ eml: single(bounceHeaders(DAEMON(), postfixSubject(n)), postfixText(n)), stage: rcptStage(n) }),
  },
  {
    name: 'postfix quoted-printable',
    source: `${PF}/bounce/bounce_template.c text sent quoted-printable (RFC 2045 6.7; a relay's 8BITMIME downgrade, Postfix smtp/smtp_proto.c mime_conv)`,
    build: (n) => ({
      eml: single(bounceHeaders(DAEMON(), postfixSubject(n)), quotedPrintable(postfixText(n)), 'text/plain; charset=utf-8', { 'Content-Transfer-Encoding': 'quoted-printable' }),
      stage: rcptStage(n),
    }),
  },
  {
    name: 'exim',
    source: 'Exim/exim:src/src/deliver.c (failure text "The following address(es) failed", delay warning, the multipart/report with Status 5.0.0), src/src/transports/smtp.c',
    build: (n) => ({
      eml: report(bounceHeaders(`Mail Delivery System <Mailer-Daemon@${ME}>`, eximSubject(n), n.temporary ? {} : { 'X-Failed-Recipients': RCPT, 'Auto-Submitted': 'auto-replied' }), [
        { type: 'text/plain; charset=us-ascii', body: eximText(n) },
        statusPart(
          [`Reporting-MTA: dns; ${ME}`],
          [
            `Action: ${action(n)}`,
            `Final-Recipient: rfc822;${RCPT}`,
            `Status: ${n.temporary ? '4.0.0' : '5.0.0'}`,
            ...(n.reply.code ? [`Remote-MTA: dns; ${MX}`, `Diagnostic-Code: smtp; ${n.lines.join('\n  ')}`] : []),
          ],
        ),
        originalHeaders(),
      ]),
      stage: n.reply.code ? 'rcpt' : undefined,
    }),
  },
  {
    name: 'exim text only base64',
    source: 'Exim/exim:src/src/deliver.c text without a report (Exim before 4.82 or dsn_advertise_hosts unset), sent base64 in UTF-8 (RFC 2045 6.8)',
    build: (n) => ({
      eml: single(
        bounceHeaders(`Mail Delivery System <Mailer-Daemon@${ME}>`, eximSubject(n), n.temporary ? {} : { 'X-Failed-Recipients': RCPT }),
        base64Lines(eximText(n)),
        'text/plain; charset=utf-8',
        { 'Content-Transfer-Encoding': 'base64' },
      ),
      stage: n.reply.code ? 'rcpt' : undefined,
    }),
  },
  {
    name: 'sendmail',
    source: 'hrs-allbsd/sendmail:sendmail/savemail.c (errbody: "permanent fatal errors", "Transcript of session follows", the DSN fields), usersmtp.c (">>> ", "<<< "), deliver.c',
    build: (n) => ({
      eml: report(bounceHeaders(`Mail Delivery Subsystem <MAILER-DAEMON@${ME}>`, sendmailSubject(n), { 'Auto-Submitted': 'auto-generated (failure)' }), [
        { type: 'text/plain', body: sendmailText(n) },
        statusPart(SENDMAIL_MESSAGE, sendmailRecipient(n, `Diagnostic-Code: SMTP; ${n.lines.join(' ')}`)),
        originalHeaders(),
      ]),
      stage: n.reply.code ? 'rcpt' : undefined,
    }),
  },
  {
    name: 'rfc3464 folded diagnostic',
    source: 'RFC 3464 2.3.6 with RFC 5322 2.2.3 folding: a long Diagnostic-Code folded at spaces near 76 columns; the text part says nothing of the cause',
    build: (n) => ({
      eml: report(bounceHeaders(`Mail Delivery Subsystem <MAILER-DAEMON@${ME}>`, n.temporary ? 'Delivery Status Notification (Delay)' : 'Delivery Status Notification (Failure)'), [
        { type: 'text/plain', body: n.temporary ? 'This is a delivery status notification: delivery is delayed.' : 'This is a delivery status notification. Your message could not be delivered.' },
        statusPart(SENDMAIL_MESSAGE, sendmailRecipient(n, folded('Diagnostic-Code', `smtp; ${n.lines.join(' ')}`))),
      ]),
    }),
  },
  {
    name: 'opensmtpd 4.x text',
    source: 'OpenSMTPD/OpenSMTPD:usr.sbin/smtpd/bounce.c of its first releases (one text part: "Hi !", "Recipient: %s@%s", "Reason:" then the reply on its own line, "Below is a copy of the original message:")',
    build: (n) =>
      n.temporary
        ? null
        : {
            eml: single(
              plainHeaders(`Mailer Daemon <MAILER-DAEMON@${ME}>`, 'Delivery status notification'),
              ['Hi !', '', 'This is the MAILER-DAEMON, please DO NOT REPLY to this e-mail.', 'An error has occurred while attempting to deliver a message.', '', `Recipient: ${RCPT}`, 'Reason:', n.reply.raw, '', 'Below is a copy of the original message:', ''].join('\n'),
            ),
          },
  },
  {
    name: 'qmail',
    source: 'notqmail/notqmail:qmail-send.c (the bounce: "Hi. This is the qmail-send program", "<addr>:" paragraphs), qmail-remote.c ("does not like recipient.", "Remote host said:")',
    // qmail-send reports a temporary failure only when the message leaves the queue: no warning to build.
    build: (n) => (n.temporary ? null : { eml: single(plainHeaders(`MAILER-DAEMON@${ME}`, 'failure notice'), qmailText(n)), stage: n.reply.code ? 'rcpt' : undefined }),
  },
  {
    name: 'exchange',
    source: 'learn.microsoft.com "Non-delivery reports in Exchange Server" / "DSNs and NDRs in Exchange" (text part, "Diagnostic information for administrators", "Remote Server returned \'...\'", delay DSN) and the message/delivery-status Exchange writes',
    build: (n) => ({
      eml: report(
        bounceHeaders(`postmaster@${ME}`, n.temporary ? 'Delivery delayed:Hello' : 'Undeliverable: Hello', { 'Content-Language': 'en-US' }),
        [{ type: 'text/plain; charset="us-ascii"', body: exchangeText(n), headers: { 'Content-Transfer-Encoding': '7bit' } }, exchangeStatus(n), originalHeaders('\r\n')],
        '\r\n',
      ),
    }),
  },
  {
    name: 'office 365 html',
    source: 'learn.microsoft.com "Email non-delivery reports in Exchange Online" (HTML notice, "Remote server returned \'550 5.1.1 SMTP; ...\'") with its message/delivery-status',
    build: (n) => ({
      eml: report(
        bounceHeaders(`Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@example.org>`, n.temporary ? 'Delivery delayed:Hello' : 'Undeliverable: Hello'),
        [{ type: 'text/html; charset="utf-8"', body: office365Html(n) }, exchangeStatus(n), originalHeaders('\r\n')],
        '\r\n',
      ),
    }),
  },
  {
    name: 'gmail',
    source: 'Gmail\'s notice as public NDRs quote it ("** Message not delivered **", "The response from the remote server was:", "** Delivery incomplete **", "Gmail will retry"), multipart/alternative text and HTML, Remote-MTA with a comment',
    build: (n) => {
      const text = gmailText(n);
      const alt = multipart({}, 'multipart/alternative', [
        { type: 'text/plain; charset="UTF-8"', body: text },
        { type: 'text/html; charset="UTF-8"', body: `<html><body>${escapeHtml(text).replace(/\n/g, '<br>\n')}</body></html>` },
      ], '\n', 'Alt.2').replace(/^\n/, '');
      return {
        eml: report(bounceHeaders('Mail Delivery Subsystem <mailer-daemon@googlemail.com>', n.temporary ? 'Delivery Status Notification (Delay)' : 'Delivery Status Notification (Failure)'), [
          { type: 'multipart/alternative; boundary="Alt.2"', body: alt.slice(alt.indexOf('\n\n') + 2) },
          statusPart(
            ['Reporting-MTA: dns; googlemail.com', 'Received-From-MTA: dns; sender@example.org', `Arrival-Date: ${DATE}`],
            [
              `Final-Recipient: rfc822; ${RCPT}`,
              `Action: ${action(n)}`,
              `Status: ${n.status}`,
              `Remote-MTA: dns; ${MX}. (${IP}, the server for the domain example.com.)`,
              `Diagnostic-Code: smtp; ${n.lines.join(' ')}`,
              `Last-Attempt-Date: ${DATE}`,
              ...(n.temporary ? [`Will-Retry-Until: ${DATE}`] : []),
            ],
          ),
          originalHeaders(),
        ]),
      };
    },
  },
  {
    name: 'courier',
    source: 'svarshavchik/courier:courier/courier/module.dsn/dsn.C (format_del_info: "<<< " reply lines; print_smtp_info: a multi-line reply continued on indented lines of its Diagnostic-Code), dsnheader.txt.in, dsnfailed.txt, dsndelayed.txt',
    build: (n) => ({
      eml: report(bounceHeaders(`Courier mail server at ${ME} <@>`, n.temporary ? 'DELAYED NOTICE' : 'NOTICE: mail delivery status.'), [
        { type: 'text/plain; charset="utf-8"', body: courierText(n) },
        statusPart(
          [`Reporting-MTA: dns; ${ME}`, `Arrival-Date: ${DATE}`],
          [
            `Final-Recipient: rfc822; ${RCPT}`,
            `Action: ${action(n)}`,
            `Status: ${n.temporary ? '4.0.0' : '5.0.0'}`,
            ...(n.reply.code ? [`Remote-MTA: dns; ${MX} [${IP}]`, `Diagnostic-Code: smtp; ${n.lines[0]}`, ...n.lines.slice(1).map((l) => `        ${l}`)] : [`X-Network-Error: ${n.reply.raw}`]),
          ],
        ),
        originalHeaders(),
      ]),
      stage: n.reply.code ? 'rcpt' : undefined,
    }),
  },
  {
    name: 'opensmtpd',
    source: 'OpenSMTPD/OpenSMTPD:usr.sbin/smtpd/bounce.c (NOTICE_INTRO, notice_error, notice_warning, "%s: %s" per recipient; its delivery-status without Diagnostic-Code)',
    build: (n) => ({
      eml: report(bounceHeaders(`Mailer Daemon <MAILER-DAEMON@${ME}>`, n.temporary ? 'Delivery status notification: delay' : 'Delivery status notification: error'), [
        { type: 'text/plain; charset=utf-8', body: opensmtpdText(n) },
        statusPart([`Reporting-MTA: dns; ${ME}`], [`Final-Recipient: rfc822; ${RCPT}`, `Action: ${action(n)}`, `Status: ${n.status}`]),
        originalHeaders(),
      ]),
    }),
  },
  {
    name: 'haraka',
    source: 'haraka/Haraka:config/outbound.bounce_message ("Intended Recipients:", "Failure Reason:") and outbound/hmail.js (multipart/report, Diagnostic-Code "smtp;code extc response ")',
    // Haraka retries a temporary failure and bounces only when it gives up: no warning to build.
    build: (n) => (n.temporary ? null : { eml: multipart(bounceHeaders(`MAILER-DAEMON@${ME}`, 'failure notice', { 'Auto-Submitted': 'auto-replied' }), 'multipart/report; report-type=delivery-status', harakaParts(n), '\r\n') }),
  },
  {
    name: 'sendmail text only',
    source: 'hrs-allbsd/sendmail:sendmail/savemail.c errbody() without MIME (SendMailVersion 8 with MIME off, or a relay that kept the text): "----- Transcript of session follows -----", usersmtp.c ">>> "/"<<< " lines',
    build: (n) => ({ eml: single(plainHeaders(`Mail Delivery Subsystem <MAILER-DAEMON@${ME}>`, sendmailSubject(n)), sendmailText(n)), stage: n.reply.code ? 'rcpt' : undefined }),
  },
  {
    name: 'exchange 2003 text',
    source: 'Exchange 2000/2003 NDR text (Microsoft KB 284204): the returned message\'s summary ("To:", "Subject:"), "did not reach the following recipient(s):", "<server #status smtp;reply>"; the category sentence Exchange writes over it left out',
    build: (n) =>
      n.temporary
        ? null
        : {
            eml: single(
              bounceHeaders(`System Administrator <postmaster@${ME}>`, 'Undeliverable: Hello'),
              [
                'Your message',
                '',
                `  To:      ${RCPT}`,
                '  Subject: Hello',
                `  Sent:    ${DATE}`,
                '',
                'did not reach the following recipient(s):',
                '',
                `${RCPT} on ${DATE}`,
                `            <${ME} #${n.status} smtp;${n.reply.raw}>`,
              ].join('\r\n'),
              'text/plain; charset="utf-8"',
              { 'Content-Transfer-Encoding': '8bit' },
              '\r\n',
            ),
          },
  },
  {
    name: 'office 365 html only',
    source: 'learn.microsoft.com "Email non-delivery reports in Exchange Online": the HTML notice alone, as a forward or a relay that drops the report delivers it',
    build: (n) => ({ eml: single(bounceHeaders(`Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@example.org>`, n.temporary ? 'Delivery delayed:Hello' : 'Undeliverable: Hello'), office365Html(n), 'text/html; charset="utf-8"', {}, '\r\n') }),
  },
  {
    name: 'global status base64',
    source: 'RFC 6533 message/global-delivery-status (UTF-8 fields, which RFC 6533 6.2 lets be base64 encoded) under a UTF-8 text part',
    build: (n) => ({
      eml: report(bounceHeaders(`MAILER-DAEMON@${ME}`, n.temporary ? 'Delivery delayed' : 'Delivery failed'), [
        { type: 'text/plain; charset=utf-8', body: n.temporary ? 'Your message is delayed.' : 'Your message could not be delivered.' },
        {
          type: 'message/global-delivery-status',
          headers: { 'Content-Transfer-Encoding': 'base64' },
          body: base64Lines(
            [`Reporting-MTA: dns; ${ME}`, '', `Final-Recipient: rfc822; ${RCPT}`, `Action: ${action(n)}`, `Status: ${n.status}`, `Remote-MTA: dns; ${MX}`, `Diagnostic-Code: smtp; ${n.reply.raw}`].join('\n'),
          ),
        },
      ]),
    }),
  },
  {
    name: 'qmail two recipients',
    source: 'notqmail/notqmail:qmail-send.c: one paragraph per failed address; another recipient\'s reply (a full mailbox) above this one must not lend its words',
    build: (n) => {
      if (n.temporary) return null;
      const text = qmailText(n).replace(`<${RCPT}>:`, `<${OTHER}>:\n${OTHER_REPLY}\n\n<${RCPT}>:`);
      return { eml: single(plainHeaders(`MAILER-DAEMON@${ME}`, 'failure notice'), text), stage: n.reply.code ? 'rcpt' : undefined };
    },
  },
  {
    name: 'exim two recipients',
    source: 'Exim/exim:src/src/deliver.c: the failed addresses listed one under another, each with its host and reply, and one RFC 3464 block each; this recipient second',
    build: (n) => {
      if (n.temporary) return null;
      const text = eximText(n).replace(`  ${RCPT}\n`, `  ${OTHER}\n    host mx.example.net [198.51.100.9]\n    SMTP error from remote mail server after RCPT TO:<${OTHER}>:\n    ${OTHER_REPLY}\n  ${RCPT}\n`);
      const other = ['Action: failed', `Final-Recipient: rfc822;${OTHER}`, 'Status: 5.0.0', 'Remote-MTA: dns; mx.example.net', `Diagnostic-Code: smtp; ${OTHER_REPLY}`, ''];
      const ours = ['Action: failed', `Final-Recipient: rfc822;${RCPT}`, 'Status: 5.0.0', ...(n.reply.code ? [`Remote-MTA: dns; ${MX}`, `Diagnostic-Code: smtp; ${n.lines.join('\n  ')}`] : [])];
      return {
        eml: report(bounceHeaders(`Mail Delivery System <Mailer-Daemon@${ME}>`, eximSubject(n), { 'X-Failed-Recipients': `${OTHER}, ${RCPT}` }), [
          { type: 'text/plain; charset=us-ascii', body: text },
          statusPart([`Reporting-MTA: dns; ${ME}`], [...other, ...ours]),
          originalHeaders(),
        ]),
        stage: n.reply.code ? 'rcpt' : undefined,
      };
    },
  },
  {
    name: 'status only',
    source: 'RFC 6522 3: a report whose human-readable part says nothing (an empty first part), the fields carrying everything',
    build: (n) => ({
      eml: report(bounceHeaders(`MAILER-DAEMON@${ME}`, 'Delivery report'), [
        { type: 'text/plain', body: '' },
        statusPart([`Reporting-MTA: dns; ${ME}`], [`Final-Recipient: rfc822; ${RCPT}`, `Action: ${action(n)}`, `Status: ${n.status}`, `Remote-MTA: dns; ${MX}`, `Diagnostic-Code: smtp; ${n.reply.raw}`]),
      ]),
    }),
  },
  {
    name: 'utf-8 subject and text',
    source: 'a localised Exchange NDR (German language pack: "Unzustellbar:", "Diagnoseinformationen für Administratoren") with an RFC 2047 UTF-8 subject and an 8-bit UTF-8 text part, no report',
    build: (n) =>
      n.temporary
        ? null
        : {
            eml: single(
              bounceHeaders(`postmaster@${ME}`, encodedWord('Unzustellbar: Grüße aus München')),
              [
                'Die Zustellung an folgende Empfänger oder Gruppen ist fehlgeschlagen:',
                '',
                RCPT,
                'Beim Zustellen dieser Nachricht an diese E-Mail-Adresse ist ein Problem aufgetreten.',
                '',
                'Diagnoseinformationen für Administratoren:',
                '',
                `Generierender Server: ${ME}`,
                '',
                RCPT,
                MX,
                `Remote Server returned '${n.reply.raw}'`,
              ].join('\n'),
              'text/plain; charset="utf-8"',
              { 'Content-Transfer-Encoding': '8bit' },
            ),
          },
  },
];

// ---------------------------------------------------------------- the measure

export interface NoticeCase {
  where: string;
  reply: string;
  /** The vocabulary row's verdict: a row with no code is a temporary failure when it says throttle or transient. */
  verdict?: string;
}

export type Category = 'found' | 'reason' | 'hardsoft' | 'verdict';
export const CATEGORIES: readonly Category[] = ['found', 'reason', 'hardsoft', 'verdict'];

export interface NoticeMiss {
  where: string;
  builder: string;
  categories: Category[];
  expected: string;
  got: string;
  diagnostic: string;
}

export interface NoticeTally {
  tried: number;
  changed: number;
  found: number;
  reason: number;
  hardsoft: number;
  verdict: number;
}

const blank = (): NoticeTally => ({ tried: 0, changed: 0, found: 0, reason: 0, hardsoft: 0, verdict: 0 });

/** Decided by a code alone (basic or enhanced, context.ts isGeneric), or by nothing: a delay report turns it into the expiry it warns of. */
function generic(o: Outcome): boolean {
  return o.reason === 'undefined' || o.evidence === 'code-only' || o.evidence === 'enhanced';
}

/**
 * What the report must say of the recipient, from the bare reply's outcome. A failure report never
 * says `undefined` (a failure is certain, its cause not: `onhold`, context.ts). A delay report
 * (RFC 3464 2.3.3 Action delayed) is soft and suppresses nothing; it keeps the reply's reason unless
 * only a code decided it, then it is the expiry it warns of, and a domain not found under its 4.x.x
 * Status is a DNS answer for now (context.ts byContext, byEvidence): the report's context, which the
 * bare reply lacks.
 */
export function expectedOf(o: Outcome, temporary: boolean): { reason: string; bounce: string; suppress: boolean; throttle: boolean } {
  if (temporary) {
    const expired = generic(o);
    const reason = expired ? 'expired' : o.reason === 'hostunknown' ? 'networkerror' : o.reason;
    return { reason, bounce: 'soft', suppress: false, throttle: expired ? false : o.throttle };
  }
  return { reason: o.reason === 'undefined' ? 'onhold' : o.reason, bounce: o.bounce, suppress: o.suppress, throttle: o.throttle };
}

export type Expected = ReturnType<typeof expectedOf>;

export const show = (o: Expected) => `${o.suppress ? 'suppress' : 'keep'}/${o.throttle ? 'throttle' : 'calm'}/${o.bounce}/${o.reason}`;

/** What the report says otherwise than the bare reply: the recipient not found, or its reason, hard/soft, suppress/throttle. */
export function differences(got: RecipientResult | undefined, want: Expected): Category[] {
  if (!got) return ['found'];
  const bad: Category[] = [];
  if (got.reason !== want.reason) bad.push('reason');
  if (got.bounce !== want.bounce) bad.push('hardsoft');
  if (got.suppress !== want.suppress || got.throttle !== want.throttle) bad.push('verdict');
  return bad;
}

/**
 * Every builder over every case: parse the email, find the recipient the builder wrote, compare it with
 * the classifier's reading of the bare reply at the stage the notice names (rcpt where it names one).
 */
export function noticeMisses(
  cases: readonly NoticeCase[],
  parse: (eml: string | Buffer) => RecipientResult[],
  classifyOne: (reply: string, stage: Stage | undefined) => Outcome,
  builders: readonly NoticeBuilder[] = BUILDERS,
): { total: NoticeTally; byBuilder: Map<string, NoticeTally>; misses: NoticeMiss[] } {
  const total = blank();
  const byBuilder = new Map(builders.map((b) => [b.name, blank()]));
  const misses: NoticeMiss[] = [];
  for (const c of cases) {
    const n = noticeOf(c.reply, c.verdict);
    // A 2xx reply or 2.x.x status is no failure: no MTA writes a failure or delay notice of it.
    if (n.reply.code?.startsWith('2') || n.status.startsWith('2')) continue;
    const ref = referenceReply(n);
    const refs = new Map<string, Outcome>();
    for (const b of builders) {
      const built = b.build(n);
      if (!built) continue;
      const key = built.stage ?? '';
      let o = refs.get(key);
      if (!o) refs.set(key, (o = classifyOne(ref, built.stage)));
      const want = expectedOf(o, n.temporary);
      const got = parse(built.bytes ? Buffer.from(built.eml, 'latin1') : built.eml).find((r) => r.recipient.toLowerCase() === RCPT || r.originalRecipient?.toLowerCase() === RCPT);
      const bad = differences(got, want);
      for (const t of [total, byBuilder.get(b.name)!]) {
        t.tried += 1;
        if (bad.length) t.changed += 1;
        for (const k of bad) t[k] += 1;
      }
      if (bad.length) {
        misses.push({
          where: c.where,
          builder: b.name,
          categories: bad,
          expected: show(want),
          got: got ? `${show(got)} [${got.rule}]` : 'not found',
          diagnostic: got?.diagnostic ?? '',
        });
      }
    }
  }
  return { total, byBuilder, misses };
}
