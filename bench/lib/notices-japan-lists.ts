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
  postfixReason,
  postfixStatus,
  quotedPrintable,
  rcptStage,
  report,
  single,
  statusPart,
  type Notice,
  type NoticeBuilder,
} from './notice-variants';

/**
 * More bounce notices around the vocabulary's replies (bench/lib/notice-variants.ts measures them):
 * Japanese carriers' and gateways' notices, their ISO-2022-JP and Shift_JIS encodings, and providers'
 * own notices. Which markers each format writes is read from Sisimai's lib/Sisimai/Lhost/*.pm
 * (sisimai/p5-sisimai@21cfb93, code only); the text around the markers, and every address, host and
 * date, are ours. Mailing-list managers write notices of their own words, not of a server's reply:
 * test/dsn/notices-japan-lists.test.ts reads those apart.
 */

// ---------------------------------------------------------------- Japanese encodings

/** JIS X 0208 row/cell of each character, read back from the platform's ISO-2022-JP decoder. */
let jisTable: Map<string, [number, number]> | null = null;

function jisOf(ch: string): [number, number] | undefined {
  if (!jisTable) {
    const bytes: number[] = [0x1b, 0x24, 0x42];
    for (let r = 0x21; r <= 0x7e; r++) for (let c = 0x21; c <= 0x7e; c++) bytes.push(r, c);
    const text = new TextDecoder('iso-2022-jp').decode(Uint8Array.from(bytes));
    jisTable = new Map();
    let i = 0;
    for (let r = 0x21; r <= 0x7e; r++) {
      for (let c = 0x21; c <= 0x7e; c++, i++) if (text[i] !== '\ufffd' && !jisTable.has(text[i])) jisTable.set(text[i], [r, c]);
    }
  }
  return jisTable.get(ch);
}

/** Whether every character of the reply is ASCII or JIS X 0208: a Japanese notice cannot carry others. */
function jisReady(n: Notice): boolean {
  for (const ch of n.reply.raw) if (ch.charCodeAt(0) >= 0x80 && !jisOf(ch)) return false;
  return true;
}

/** RFC 1468: ASCII runs, and JIS X 0208 runs between ESC $ B and ESC ( B. */
function iso2022jp(text: string): string {
  let out = '';
  let kanji = false;
  for (const ch of text) {
    const jis = ch.charCodeAt(0) < 0x80 ? undefined : jisOf(ch);
    if (jis && !kanji) out += '\x1b$B';
    if (!jis && kanji) out += '\x1b(B';
    kanji = Boolean(jis);
    out += jis ? String.fromCharCode(jis[0], jis[1]) : ch;
  }
  return kanji ? `${out}\x1b(B` : out;
}

/** Shift_JIS: the JIS X 0208 row/cell pair mapped to the two-byte range of JIS X 0208:1997 Annex 1. */
function shiftJis(text: string): string {
  let out = '';
  for (const ch of text) {
    const jis = ch.charCodeAt(0) < 0x80 ? undefined : jisOf(ch);
    if (!jis) {
      out += ch;
      continue;
    }
    const [r, c] = jis;
    const lead = ((r + 1) >> 1) + (r <= 0x5e ? 0x70 : 0xb0);
    const trail = r % 2 ? c + (c >= 0x60 ? 0x20 : 0x1f) : c + 0x7e;
    out += String.fromCharCode(lead, trail);
  }
  return out;
}

/** RFC 2047 B encoding of an ISO-2022-JP header text. */
function jisWord(text: string): string {
  return `=?ISO-2022-JP?B?${Buffer.from(iso2022jp(text), 'latin1').toString('base64')}?=`;
}

// ---------------------------------------------------------------- texts

/** The reply's code, a space, and the rest, as a notice that writes "code - text" needs them. */
function dashed(n: Notice): string {
  return n.reply.code ? `${n.reply.code} - ${n.reply.raw.slice(n.reply.code.length).trim()}` : n.reply.raw;
}

/** au (EZweb): "Each of the following recipients was rejected by a remote mail server.", "Recipient: <x>", ">>> RCPT TO", "<<< reply". */
function ezwebText(n: Notice): string {
  return [
    'The following recipients did not receive this message:',
    '',
    'Each of the following recipients was rejected by a remote mail server.',
    '',
    `    Recipient: <${RCPT}>`,
    ...(n.reply.code ? [`    >>> RCPT TO:<${RCPT}>`, ...n.lines.map((l) => `    <<< ${l}`)] : [`    ${n.reply.raw}`]),
  ].join('\n');
}

/** DTI's bilingual notice: the English account, then the same in Japanese, each naming the recipient and the reason. */
function dtiText(n: Notice): string {
  return [
    'This Message was undeliverable due to the following reason:',
    '',
    'Each of the following recipients was rejected by a remote mail server.',
    'The reasons given by the server are included to help you determine why',
    'each recipient was rejected.',
    '',
    `Recipient: <${RCPT}>`,
    `Reason: ${n.reply.raw}`,
    '',
    'Please reply to Postmaster@point.example.jp',
    'if you feel this message to be in error.',
    '',
    'このメールは以下の原因により届けることが出来ませんでした:',
    '',
    '以下の受取人は、相手のメールサーバに拒否されました。',
    '',
    `受取人: <${RCPT}>`,
    `原因: ${n.reply.raw}`,
    '',
    'もし、このエラーメールにご不明な点などございましたら',
    'Postmaster@point.example.jpまで返信をお願いします。',
  ].join('\n');
}

/** m-FILTER: its Japanese lead, the address alone on a line, "-------server message", "-------SMTP command". */
function mfilterText(n: Notice): string {
  return [
    'このメールは「m-FILTER」が自動的に生成して送信しています。',
    'メールサーバーとの通信中、下記の理由により',
    'このメールは送信できませんでした。',
    '',
    '以下のメールアドレスへの送信に失敗しました。',
    RCPT,
    '',
    '',
    '-------server message',
    ...n.lines,
    '',
    ...(n.reply.code ? ['-------SMTP command', 'RCPT', ''] : []),
    '-------original mail info',
    `From: ${SENDER}`,
    `To: ${RCPT}`,
    'Subject: Hello',
  ].join('\n');
}

/** Postfix's failure text in a Japanese bounce(5) template (its "Charset:" line lets a template be in any charset). */
function japanesePostfixText(n: Notice): string {
  return [
    `このメールは ${ME} のメールシステムからお送りしています。`,
    '',
    '申し訳ありませんが、あなたのメッセージを次の宛先に配信できませんでした。',
    '元のメッセージを添付します。',
    '',
    '                   メールシステム',
    '',
    `<${RCPT}>: ${postfixReason(n)}`,
  ].join('\n');
}

/** Postfix's text, shortened, at a provider's host (AOL's and Yandex's outbound relays run Postfix). */
function postfixAt(host: string, n: Notice): string {
  const what = n.temporary ? 'Your message could not be delivered for more than 4 hour(s).' : "I'm sorry to have to inform you that your message could not be delivered to one or more recipients.";
  return [`This is the mail system at host ${host}.`, '', what, '', `<${RCPT}>: ${postfixReason(n)}`].join('\n');
}

function gmxText(n: Notice): string {
  return [
    'This message was created automatically by mail delivery software.',
    '',
    'A message that you sent could not be delivered to one or more of',
    'its recipients. This is a permanent error. The following address',
    'failed:',
    '',
    `"${RCPT}":`,
    ...(n.reply.code ? ['SMTP error from remote server after RCPT command:', `host: ${MX}`, ...n.lines] : ['Reason:', n.reply.raw]),
    '',
    '--- The header of the original message is following. ---',
    '',
    `From: ${SENDER}`,
    `To: ${RCPT}`,
    'Subject: Hello',
  ].join('\n');
}

function einsUndEinsText(n: Notice): string {
  return [
    'This message was created automatically by mail delivery software.',
    '',
    'A message that you sent could not be delivered to one or more of',
    'its recipients. This is a permanent error. The following address failed:',
    '',
    RCPT,
    '',
    'For the following reason:',
    '',
    ...(n.reply.code ? [`SMTP error from remote server for RCPT TO command, host: ${MX} (${IP}) reason: ${n.lines[0]}`, ...n.lines.slice(1)] : [n.reply.raw]),
    '',
    '--- The header of the original message is following. ---',
  ].join('\n');
}

/** Mail.ru runs Exim: its failure and delay texts, "------ This is a copy of the message, including all the headers. ------". */
function mailruText(n: Notice): string {
  const where = n.reply.code
    ? [`    SMTP error from remote mail server after RCPT TO:<${RCPT}>:`, `    host ${MX} [${IP}]: ${n.lines[0]}`, ...n.lines.slice(1).map((l) => `    ${l}`)]
    : [`    ${n.reply.raw}`];
  const intro = n.temporary
    ? ['This message was created automatically by mail delivery software.', 'A message that you sent has not yet been delivered to one or more of its', 'recipients after more than 24 hours on the queue on corp.mail.ru.', '', 'The address to which the message has not yet been delivered is:']
    : ['This message was created automatically by mail delivery software.', '', 'A message that you sent could not be delivered to one or more of its', 'recipients. This is a permanent error. The following address(es) failed:'];
  const outro = n.temporary ? ['', 'No action is required on your part. Delivery attempts will continue for', 'some time, and this warning may be repeated at intervals if the message', 'remains undelivered.'] : [];
  return [...intro, '', `  ${RCPT}`, ...where, ...outro, '', '------ This is a copy of the message, including all the headers. ------', '', `From: ${SENDER}`, `To: ${RCPT}`].join('\n');
}

function yahooText(n: Notice): string {
  return [
    'Sorry, we were unable to deliver your message to the following address.',
    '',
    `<${RCPT}>:`,
    ...(n.reply.code ? `Remote host said: ${n.lines.join('\n')} [RCPT_TO]`.split('\n') : [n.reply.raw]),
    '',
    '--- Below this line is a copy of the message.',
    '',
    `From: ${SENDER}`,
    `To: ${RCPT}`,
    'Subject: Hello',
  ].join('\n');
}

function verizonText(n: Notice): string {
  return [
    `Error: ${dashed(n)}`,
    '',
    'Message details:',
    '  Subject: Hello',
    `  Sent date: ${DATE}`,
    `  MAIL FROM: ${SENDER}`,
    `  RCPT TO: ${RCPT}`,
    `  From: ${SENDER}`,
    `  To: ${RCPT}`,
    '  Size (bytes): 1024',
    '  Number of Attachments: 0',
  ].join('\n');
}

/** Zoho: the address, then "ERROR_CODE :" with the code and with the text; quoted-printable. */
function zohoText(n: Notice): string {
  const code = n.reply.code ?? n.status;
  const rest = n.reply.code ? n.reply.raw.slice(n.reply.code.length).trim() : n.reply.raw;
  return [
    'This message was created automatically by mail delivery software.',
    'A message that you sent could not be delivered to one or more of its recipients. This is a permanent error. ',
    '',
    `${RCPT} ERROR_CODE :${code}, ERROR_CODE :${rest}`,
    '',
    'Received: from mail.zoho.com by mx.zohomail.com',
  ].join('\n');
}

function outlookComText(n: Notice): string {
  return [
    'This is an automatically generated Delivery Status Notification.',
    '',
    n.temporary ? 'Delivery to the following recipients has been delayed.' : 'Delivery to the following recipients failed.',
    '',
    `       ${RCPT}`,
  ].join('\r\n');
}

/** Facebook writes its RFC 3464 fields inside the text part, under "This message was created automatically by Facebook.". */
function facebookText(n: Notice): string {
  return [
    'This message was created automatically by Facebook.',
    '',
    'Your message could not be delivered.',
    '',
    `Reporting-MTA: dns; mx.facebook.example`,
    '',
    `Final-Recipient: rfc822; ${RCPT}`,
    `Action: ${action(n)}`,
    `Status: ${n.status}`,
    `Diagnostic-Code: smtp; ${n.lines.join(' ')}`,
  ].join('\n');
}


// ---------------------------------------------------------------- builders

export const JAPAN_PROVIDER_BUILDERS: readonly NoticeBuilder[] = [
  {
    name: 'au ezweb',
    source: `${LHOST}/EZweb.pm (From Postmaster@ezweb.ne.jp, Subject "Mail System Error - Returned Mail", "Each of the following recipients was rejected", "Recipient: <x>", ">>> RCPT TO", "<<< reply"); EZweb warns of no delay`,
    build: (n) =>
      n.temporary
        ? null
        : {
            eml: single({ ...plainHeaders('<Postmaster@ezweb.ne.jp>', 'Mail System Error - Returned Mail'), 'Message-ID': '<20261127162118.abc@mail.ezweb.ne.jp>', 'MIME-Version': '1.0' }, ezwebText(n)),
            stage: rcptStage(n),
          },
  },
  {
    name: 'dti bilingual iso-2022-jp',
    source: 'dream.jp techinfo mail/error/error05 ("Mail System Error - Returned Mail" from Postmaster@point.ne.jp: "Each of the following recipients was rejected by a remote mail server", "Recipient: <x>", "Reason: ...", "Please reply to Postmaster@..." and the same in Japanese, "受取人:", "原因:", "...まで返信をお願いします"); the reply is repeated under 原因, not translated',
    build: (n) =>
      n.temporary || !jisReady(n)
        ? null
        : {
            eml: single(bounceHeaders('Mail Administrator <Postmaster@point.example.jp>', 'Mail System Error - Returned Mail'), iso2022jp(dtiText(n)), 'text/plain; charset="iso-2022-jp"', { 'Content-Transfer-Encoding': '7bit' }),
          },
  },
  {
    name: 'biglobe iso-2022-jp',
    source: `${LHOST}/Biglobe.pm (From postmaster@biglobe.ne.jp, Subject "Returned mail:", an iso-2022-jp text: "----- The following addresses had delivery problems -----", the address alone, "----- Non-delivered information -----")`,
    build: (n) =>
      n.temporary || !jisReady(n)
        ? null
        : {
            eml: single(
              bounceHeaders('postmaster@biglobe.ne.jp', 'Returned mail: Delivery failed'),
              iso2022jp(
                ['送信されたメールは、以下の理由で配送できませんでした。', '', '   ----- The following addresses had delivery problems -----', RCPT, '', '   ----- Non-delivered information -----', ...n.lines].join('\n'),
              ),
              'text/plain; charset="iso-2022-jp"',
              { 'Content-Transfer-Encoding': '7bit' },
            ),
          },
  },
  {
    name: 'm-filter iso-2022-jp',
    source: `${LHOST}/mFILTER.pm (X-Mailer: m-FILTER, Subject "failure notice", its Japanese lead, the address alone, "-------server message", "-------SMTP command", "-------original mail info")`,
    build: (n) =>
      n.temporary || !jisReady(n)
        ? null
        : {
            eml: single(bounceHeaders(`MAILER-DAEMON@${ME}`, 'failure notice', { 'X-Mailer': 'm-FILTER' }), iso2022jp(mfilterText(n)), 'text/plain; charset="ISO-2022-JP"', { 'Content-Transfer-Encoding': '7bit' }),
            stage: rcptStage(n),
          },
  },
  {
    name: 'active!hunter',
    source: `${LHOST}/Activehunter.pm (X-AHMailID, From "MAILER-DAEMON", Subject "FAILURE NOTICE :", "----- The following addresses had permanent fatal errors -----", ">>> x <x>", "----- Transcript of session follows -----")`,
    build: (n) =>
      n.temporary
        ? null
        : {
            eml: single(
              bounceHeaders(`"MAILER-DAEMON" <postmaster@${ME}>`, 'FAILURE NOTICE : Hello', { 'X-AHMailID': '20261127162118-0001' }),
              ['  ----- The following addresses had permanent fatal errors -----', `>>> ${RCPT} <${RCPT}>`, '', '  ----- Transcript of session follows -----', ...n.lines].join('\n'),
            ),
          },
  },
  {
    name: 'postfix japanese iso-2022-jp',
    source: 'vdukhovni/postfix:postfix/src/bounce/bounce_template.c with a Japanese failure template (bounce(5): a template\'s "Charset:" names its charset), the text ISO-2022-JP (RFC 1468) and an RFC 2047 subject',
    build: (n) =>
      n.temporary || !jisReady(n)
        ? null
        : {
            eml: report(bounceHeaders(`MAILER-DAEMON@${ME} (Mail Delivery System)`, jisWord('配信不能のお知らせ')), [
              { type: 'text/plain; charset=iso-2022-jp', body: iso2022jp(japanesePostfixText(n)), headers: { 'Content-Transfer-Encoding': '7bit' } },
              postfixStatus(n),
              originalHeaders(),
            ]),
            stage: rcptStage(n),
          },
  },
  {
    name: 'postfix japanese shift_jis text',
    source: 'the same Japanese Postfix template text alone in Shift_JIS 8-bit (IANA charset Shift_JIS), as a Windows-side relay rewrites it',
    build: (n) =>
      n.temporary || !jisReady(n)
        ? null
        : {
            eml: single(bounceHeaders(`MAILER-DAEMON@${ME} (Mail Delivery System)`, jisWord('配信不能のお知らせ')), shiftJis(japanesePostfixText(n)), 'text/plain; charset=Shift_JIS', { 'Content-Transfer-Encoding': '8bit' }),
            bytes: true,
            stage: rcptStage(n),
          },
  },
  {
    name: 'yahoo',
    source: `${LHOST}/Yahoo.pm (X-YMailISG, "Sorry, we were unable to deliver your message to the following address.", "<x>:", "Remote host said: ... [RCPT_TO]", "--- Below this line is a copy of the message.")`,
    build: (n) => (n.temporary ? null : { eml: single(bounceHeaders('MAILER-DAEMON@yahoo.com', 'Failure Notice', { 'X-YMailISG': 'Zm9vYmFy' }), yahooText(n)), stage: rcptStage(n) }),
  },
  {
    name: 'aol',
    source: `${LHOST}/Aol.pm (X-AOL-IP, a Postfix multipart/report with X-Outbound-Mail-Relay-Queue-ID and -Sender fields)`,
    build: (n) => {
      const status = postfixStatus(n);
      const body = status.body.replace('X-Postfix-Queue-ID: 4XyZ12AbCd7', 'X-Outbound-Mail-Relay-Queue-ID: 07391702BF4DC').replace('X-Postfix-Sender:', 'X-Outbound-Mail-Relay-Sender:');
      return {
        eml: report(bounceHeaders('MAILER-DAEMON@aol.com (Mail Delivery System)', n.temporary ? 'Delayed Mail (still being retried)' : 'Undelivered Mail Returned to Sender', { 'X-AOL-IP': '192.0.2.135' }), [
          { type: 'text/plain; charset=us-ascii', body: postfixAt('omr-m01.mx.aol.com', n) },
          { ...status, body },
          originalHeaders(),
        ]),
        stage: rcptStage(n),
      };
    },
  },
  {
    name: 'verizon vtext',
    source: `${LHOST}/Verizon.pm (From post_master@vtext.com, "Error: <code> - <text>", "Message details:", "  RCPT TO: x")`,
    build: (n) => (n.temporary ? null : { eml: single(bounceHeaders('post_master@vtext.com', 'Undeliverable Message'), verizonText(n)) }),
  },
  {
    name: 'gmx',
    source: `${LHOST}/GMX.pm (X-GMX-Antispam, "This message was created automatically by mail delivery software", "\\"x\\":", "SMTP error from remote server after RCPT command:", "host:", "--- The header of the original message is following. ---")`,
    build: (n) => (n.temporary ? null : { eml: single(bounceHeaders('"Mail Delivery System" <mailer-daemon@gmx.net>', 'Mail delivery failed: returning message to sender', { 'X-GMX-Antispam': '0 (Mail was not recognized as spam)' }), gmxText(n)), stage: rcptStage(n) }),
  },
  {
    name: '1&1',
    source: `${LHOST}/EinsUndEins.pm (From "Mail Delivery System", the address alone, "For the following reason:", "SMTP error from remote server for RCPT TO command, host: ... reason: ...")`,
    build: (n) => (n.temporary ? null : { eml: single(bounceHeaders('"Mail Delivery System" <mailer-daemon@kundenserver.de>', 'Mail delivery failed: returning message to sender'), einsUndEinsText(n)), stage: rcptStage(n) }),
  },
  {
    name: 'mail.ru',
    source: `${LHOST}/MailRu.pm (mailer-daemon@...mail.ru, Exim's failure and delay texts, "------ This is a copy of the message, including all the headers. ------")`,
    build: (n) => ({
      eml: single(
        { ...bounceHeaders('Mail Delivery System <mailer-daemon@corp.mail.ru>', n.temporary ? 'Warning: message 1kX2Yz-0001Ab-Cd delayed 24 hours' : 'Mail delivery failed: returning message to sender'), 'Message-ID': '<E1kX2Yz-0001Ab-Cd@corp.mail.ru>' },
        mailruText(n),
        'text/plain; charset=utf-8',
      ),
      stage: rcptStage(n),
    }),
  },
  {
    name: 'yandex',
    source: `${LHOST}/Yandex.pm (X-Yandex-Uniq, From mailer-daemon@yandex.ru, Postfix's report "This is the mail system at host yandex.ru.")`,
    build: (n) => ({
      eml: report(bounceHeaders('mailer-daemon@yandex.ru', n.temporary ? 'Delayed Mail (still being retried)' : 'Undelivered Mail Returned to Sender', { 'X-Yandex-Uniq': '92309766-f1c8-4bd4-92bc-657c75766587' }), [
        { type: 'text/plain; charset=us-ascii', body: postfixAt('yandex.ru', n) },
        postfixStatus(n),
        originalHeaders(),
      ]),
      stage: rcptStage(n),
    }),
  },
  {
    name: 'zoho quoted-printable',
    source: `${LHOST}/Zoho.pm (X-ZohoMail, "This message was created automatically by mail delivery", "x ..., ERROR_CODE :550, ERROR_CODE :text" quoted-printable); the category words Zoho writes before the codes are left out (they depend on the reply)`,
    build: (n) => (n.temporary ? null : { eml: single(bounceHeaders('mailer-daemon@mail.zoho.com', 'Undelivered Mail Returned to Sender', { 'X-ZohoMail': 'Si CHF_MF_NL SS_10', 'X-Mailer': 'Zoho Mail' }), quotedPrintable(zohoText(n)), 'text/plain; charset=utf-8', { 'Content-Transfer-Encoding': 'quoted-printable' }) }),
  },
  {
    name: 'outlook.com older',
    source: `${LHOST}/Outlook.pm (X-Message-Delivery, X-Message-Info, "This is an automatically generated Delivery Status Notification", "Delivery to the following recipients failed.", the report's Diagnostic-Code)`,
    build: (n) => ({
      eml: report(
        bounceHeaders('postmaster@hotmail.com', n.temporary ? 'Delivery Status Notification (Delay)' : 'Delivery Status Notification (Failure)', { 'X-Message-Delivery': 'Vj0xLjE7RD0wO0dEPTA7U0NMPTk7bD0xO3VzPTE=', 'X-Message-Info': 'AuEzbeVr9u5fkDpn2vR5iCu5wb6HBeY4' }),
        [
          { type: 'text/plain; charset=unicode-1-1-utf-7', body: outlookComText(n) },
          statusPart(['Reporting-MTA: dns;BAY0-MC1-F21.Bay0.hotmail.com', `Received-From-MTA: dns;${ME}`, `Arrival-Date: ${DATE}`], [`Final-Recipient: rfc822;${RCPT}`, `Action: ${action(n)}`, `Status: ${n.status}`, `Diagnostic-Code: smtp;${n.reply.raw}`], '\r\n'),
          originalHeaders('\r\n'),
        ],
        '\r\n',
      ),
    }),
  },
  {
    name: 'bigfoot',
    source: `${LHOST}/Bigfoot.pm (From ...@bigfoot.com, "   ----- Transcript of session follows -----", ">>> RCPT TO:<x>", "<<< reply", the RFC 3464 fields, the original as message/partial)`,
    build: (n) =>
      n.temporary
        ? null
        : {
            eml: report(bounceHeaders('Mail Delivery Subsystem <postmaster@bigfoot.com>', 'Returned mail: see transcript for details'), [
              {
                type: 'text/plain',
                body: ['   ----- Transcript of session follows -----', ...(n.reply.code ? [`>>> RCPT TO:<${RCPT}>`, ...n.lines.map((l) => `<<< ${l}`)] : [n.reply.raw])].join('\n'),
              },
              statusPart(['Reporting-MTA: dns; mx-by.bigfoot.com'], [`Final-Recipient: rfc822; ${RCPT}`, 'Action: failed', `Status: ${n.status}`, `Diagnostic-Code: smtp; ${n.lines.join(' ')}`]),
              { type: 'message/partial; id="m.1@example.org"; number=1; total=1', body: [`From: ${SENDER}`, `To: ${RCPT}`, 'Subject: Hello', '', 'Hi.'].join('\n') },
            ]),
            stage: rcptStage(n),
          },
  },
  {
    name: 'facebook',
    source: `${LHOST}/Facebook.pm (From "Facebook <mailer-daemon@mx.facebook.com>", Subject "Sorry, your message could not be delivered", "This message was created automatically by Facebook.", RFC 3464 fields in its text part)`,
    build: (n) =>
      n.temporary
        ? null
        : {
            eml: multipart(bounceHeaders('Facebook <mailer-daemon@mx.facebook.com>', 'Sorry, your message could not be delivered'), 'multipart/mixed', [
              { type: 'text/plain; charset="utf-8"', body: facebookText(n), headers: { 'Content-Disposition': 'inline' } },
              { type: 'message/rfc822', body: [`From: ${SENDER}`, `To: ${RCPT}`, 'Subject: Hello', '', 'Hi.'].join('\n') },
            ]),
          },
  },
];
