/**
 * Notices of MTAs, list managers, Japanese services and gateways that the dev corpus does not hold,
 * written by us in the shape their sources print (each case names the source of its format).
 * Addresses, hosts and dates are ours. What is asserted: the failed recipients found (and no one
 * else), and, where the notice states a cause, the reason read from it.
 */
import { describe, expect, it } from 'vitest';
import { parseBounce } from '../../src/dsn';

interface Sample {
  name: string;
  /** Where the shape of this notice comes from. */
  source: string;
  headers: Record<string, string>;
  body: string;
  /** Then a message/rfc822 part with these headers, if any. */
  original?: Record<string, string>;
  /** Or a message/delivery-status part with these fields (a multipart/report; then the original, if any). */
  status?: string[];
  /** The report's type when it is not delivery-status (a message/disposition-notification, RFC 8098). */
  reportType?: string;
  recipients: string[];
  reason?: string;
  /** Whether each recipient is suppressed, where a notice's wording could mislead (a guess stated as a cause). */
  suppress?: boolean;
  /** The Action each recipient gets, where the notice tells retried from failed recipients. */
  actions?: Record<string, string>;
}

const SENDER = 'sender@example.org';

function message(s: Sample): string {
  const head = (h: Record<string, string>) => Object.entries(h).map(([k, v]) => `${k}: ${v}`).join('\n');
  const base = { To: SENDER, ...s.headers };
  if (s.status) {
    return [
      head({ ...base, 'MIME-Version': '1.0', 'Content-Type': `multipart/report; report-type=${s.reportType ?? 'delivery-status'}; boundary="b1"` }),
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      s.body,
      '--b1',
      `Content-Type: message/${s.reportType ?? 'delivery-status'}`,
      '',
      ...s.status,
      '',
      ...(s.original ? ['--b1', 'Content-Type: message/rfc822', '', head(s.original), '', 'Hello.'] : []),
      '--b1--',
      '',
    ].join('\n');
  }
  if (!s.original) return `${head({ ...base, 'Content-Type': 'text/plain; charset=utf-8' })}\n\n${s.body}\n`;
  return [
    head({ ...base, 'MIME-Version': '1.0', 'Content-Type': 'multipart/mixed; boundary="b1"' }),
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    s.body,
    '--b1',
    'Content-Type: message/rfc822',
    '',
    head(s.original),
    '',
    'Hello.',
    '--b1--',
    '',
  ].join('\n');
}

const SAMPLES: Sample[] = [
  {
    name: 'Apache James: recipients listed, then one error message for them all',
    source: 'apache/james-project, Bounce and DSNBounce mailets ("Hi. This is the James mail server at")',
    headers: { From: 'MAILER-DAEMON@mail.example.net', Subject: 'Undeliverable mail: hello' },
    body: [
      'Hi. This is the James mail server at mail.example.net.',
      "I'm afraid I wasn't able to deliver your message to the following addresses.",
      "This is a permanent error; I've given up. Sorry it didn't work out.  Below",
      'I include the list of recipients and the reason why I was unable to deliver',
      'your message.',
      '',
      'Failed recipient(s):',
      'anna@example.net',
      'ben@example.net',
      '',
      'Error message:',
      '550 5.1.1 Requested action not taken: no such user here',
      '',
    ].join('\n'),
    recipients: ['anna@example.net', 'ben@example.net'],
    reason: 'userunknown',
  },
  {
    name: 'hMailServer: the recipient, then the exchange with the remote server',
    source: 'hMailServer, SEND_FAILED_NOTIFICATION template and SMTPClientConnection.cpp error text',
    headers: { From: 'mailer-daemon@mail.example.net', Subject: 'Message undeliverable: hello' },
    body: [
      'Your message did not reach some or all of the intended recipients.',
      '',
      '   Sent: Fri, 27 Nov 2026 08:00:00 +0000',
      '   Subject: hello',
      '',
      'The following recipient(s) could not be reached:',
      '',
      'carla@example.com',
      '   Error Type: SMTP',
      '   Remote server (192.0.2.10) issued an error.',
      '   hMailServer sent: RCPT TO:<carla@example.com>',
      '   Remote server replied: 550 5.1.1 <carla@example.com>: Recipient address rejected: User unknown in local recipient table',
      '',
      'hMailServer',
    ].join('\n'),
    recipients: ['carla@example.com'],
    reason: 'userunknown',
  },
  {
    name: 'Exchange 2000/2003: a summary of the message (its To) above the failed list',
    source: 'Microsoft Knowledge Base NDR samples (Exchange 5.5-2003, "did not reach the following recipient(s)")',
    headers: { From: 'System Administrator <postmaster@corp.example.com>', Subject: 'Undeliverable: hello' },
    body: [
      'Your message',
      '',
      '  To:      dora@corp.example.com; emil@corp.example.com',
      '  Subject: hello',
      '  Sent:    Fri, 27 Nov 2026 08:00:00 +0000',
      '',
      'did not reach the following recipient(s):',
      '',
      'emil@corp.example.com on Fri, 27 Nov 2026 08:00:05 +0000',
      '    The e-mail account does not exist at the organization this message was sent to.  Check the e-mail address, or contact the recipient directly to find out the correct address.',
      '    <mx.corp.example.com #5.1.1>',
    ].join('\n'),
    recipients: ['emil@corp.example.com'],
    reason: 'userunknown',
  },
  {
    name: 'gromox: the address in quotes, then the original mail information listing every recipient',
    source: 'grommunio/gromox data/local_bounce/ascii/BOUNCE_NO_USER',
    headers: { From: '"Mail Daemon" <postmaster@mail.example.net>', Subject: "Delivery failure, user doesn't exist!" },
    body: [
      'Hi,',
      '  I am sorry to tell you that that the address "fritz@example.net" does not',
      'exist. Please check whether the addess is rigthly composed and try it',
      'again.',
      '',
      'Below is the original mail information:',
      '   Time:    Fri, 27 Nov 2026 08:00:00 +0000',
      `   From:    ${SENDER}`,
      '   To:      gina@example.net, fritz@example.net',
      '   Subject: hello',
    ].join('\n'),
    recipients: ['fritz@example.net'],
    reason: 'userunknown',
  },
  {
    name: "gromox: a full mailbox, the address followed by 's",
    source: 'grommunio/gromox data/local_bounce/ascii/BOUNCE_MAILBOX_FULL',
    headers: { From: '"Mail Daemon" <postmaster@mail.example.net>', Subject: "Delivery failure, user's mailbox is full" },
    body: [
      'Hi,',
      "  I am sorry to tell you that hanna@example.net's mailbox is full, we cannot",
      'deliver any message into this mailbox, please try it later.',
    ].join('\n'),
    recipients: ['hanna@example.net'],
    reason: 'mailboxfull',
  },
  {
    name: 'gromox in Japanese: the address in quotes inside Japanese text, sender labelled 送信者',
    source: 'grommunio/gromox data/local_bounce/euc-jp/BOUNCE_NO_USER',
    headers: { From: 'postmaster@mail.example.jp', Subject: '=?utf-8?b?5Y+X5L+h6ICF44GM5a2Y5Zyo44GX44Gm44GE44Gq44GE44Gf44KB44CB44Oh44O844Or6YCB5L+h5aSx5pWX?=' },
    body: [
      'お知らせ：',
      '  受信者が存在していないため、"ichiro@example.jp"へのメールを正しく送信',
      'できません。受信者のメールアドレス有効性の確認をお願いします。',
      '',
      `    送信者：　　  ${SENDER}`,
    ].join('\n'),
    recipients: ['ichiro@example.jp'],
  },
  {
    name: 'fml8 catalogue: a Japanese provider writing the address inside 「」',
    source: 'fmlorg/fml8 fml/lib/Mail/Bounce/Language/Japanese.pm (pakeo.ne.jp example)',
    headers: { From: 'MAILER-DAEMON@mail.example.ne.jp', Subject: 'Returned mail' },
    body: [
      'あなたが送ろうとしたアドレス「jiro@example.ne.jp」は、登録されていません。',
      'もう一度確認して、送信しなおして下さい。',
    ].join('\n'),
    recipients: ['jiro@example.ne.jp'],
    reason: 'userunknown',
  },
  {
    name: 'Lotus Notes in Japanese: 送信先 (destination) label, then 原因 (cause)',
    source: 'fmlorg/fml8 fml/lib/Mail/Bounce/Language/Japanese.pm (Lotus Notes example)',
    headers: { From: 'Postmaster@notes.example.co.jp', Subject: 'DELIVERY FAILURE' },
    body: [
      '送信エラーレポート',
      '',
      '件名:        hello',
      '',
      '送信先:      kenta@notes.example.co.jp',
      '',
      '原因:        The peer SMTP host reports that it received bad SMTP command',
      '             syntax.',
    ].join('\n'),
    recipients: ['kenta@notes.example.co.jp'],
  },
  {
    name: 'Sendmail: the alias the address was expanded from, on its own line, is not a second recipient',
    source: 'Sendmail savemail.c ("The following addresses had permanent fatal errors", "(expanded from: <x>)")',
    headers: { From: 'Mail Delivery Subsystem <MAILER-DAEMON@mx.example.edu>', Subject: 'Returned mail: see transcript for details' },
    body: [
      'The original message was received at Fri, 27 Nov 2026 08:00:00 +0000',
      'from localhost [127.0.0.1]',
      '',
      '   ----- The following addresses had permanent fatal errors -----',
      '<lena.m@mailhost.example.edu>',
      '    (reason: 550 5.1.1 <lena.m@mailhost.example.edu>... User unknown)',
      '    (expanded from: <lena@example.edu>)',
      '',
      '   ----- Transcript of session follows -----',
      '... while talking to mailhost.example.edu.:',
      '>>> RCPT To:<lena.m@mailhost.example.edu>',
      '<<< 550 5.1.1 <lena.m@mailhost.example.edu>... User unknown',
    ].join('\n'),
    recipients: ['lena.m@mailhost.example.edu'],
    reason: 'userunknown',
  },
  {
    name: 'GroupWise 7: address and reason in parentheses on one line',
    source: "Sympa's catalogue of bounce formats, Sympa/Spindle/ProcessBounce.pm (GroupWise 7)",
    headers: { From: 'postmaster@gw.example.com', Subject: 'Message status - undeliverable' },
    body: [
      'The message that you sent was undeliverable to the following:',
      '\tmax@gw.example.com (user not found)',
      '',
      'Possible alternatives:',
    ].join('\n'),
    recipients: ['max@gw.example.com'],
    reason: 'userunknown',
  },
  {
    name: 'MDaemon: "address - no such user here."',
    source: "Sympa's catalogue of bounce formats, Sympa/Spindle/ProcessBounce.pm (MDaemon)",
    headers: { From: 'MDaemon@mail.example.com', Subject: 'Permanent Delivery Failure' },
    body: ['The attached message had PERMANENT fatal delivery errors!', '', 'nora@example.com - no such user here.'].join('\n'),
    recipients: ['nora@example.com'],
    reason: 'userunknown',
  },
  {
    name: 'qmail relaying an ezmlm refusal: the list address is the failed recipient',
    source: 'qmail-send.c bounce text; ezmlm-reject messages ("Sorry, I don\'t accept message with empty Subject")',
    headers: { From: 'MAILER-DAEMON@lists.example.net', Subject: 'failure notice' },
    body: [
      'Hi. This is the qmail-send program at lists.example.net.',
      "I'm afraid I wasn't able to deliver your message to the following addresses.",
      "This is a permanent error; I've given up. Sorry it didn't work out.",
      '',
      '<news@lists.example.net>:',
      "ezmlm-reject: fatal: Sorry, I don't accept message with empty Subject (#5.7.0)",
      '',
      '--- Below this line is a copy of the message.',
    ].join('\n'),
    recipients: ['news@lists.example.net'],
  },
  {
    name: 'Exchange 2007+ in French: the localised list header, then the address and the remote reply',
    source: 'Exchange NDR "Delivery has failed to these recipients or groups", French form quoted in docs/vocabulary/gateways-lang.tsv',
    headers: { From: 'postmaster@corp.example.fr', Subject: 'Non remis : bonjour' },
    body: [
      'Échec de la remise pour ces destinataires ou groupes :',
      '',
      'Olivier (olivier@example.fr)',
      "L'adresse de messagerie que vous avez entrée est introuvable.",
      '',
      'Informations de diagnostic pour les administrateurs :',
      'Serveur de génération : mx.corp.example.fr',
      'olivier@example.fr',
      'mx.example.fr #550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##',
    ].join('\n'),
    recipients: ['olivier@example.fr'],
    reason: 'userunknown',
  },
  {
    name: 'Sympa: a report for an unknown list, with the listmaster to contact in the text',
    source: 'sympa-community/sympa default/mail_tt2/delivery_status_notification.tt2',
    headers: { From: 'SYMPA <sympa@lists.example.org>', Subject: 'List unknown' },
    body: [
      'This is an automatic response sent by Sympa Mailing Lists Manager.',
      "Impossible to distribute your message for list 'nolist@lists.example.org' for the following reason:",
      '',
      'The following address is not a known mailing list:',
      '',
      '\tnolist@lists.example.org',
      '',
      "To find out the correct listname, ask for this server's lists directory:",
      '',
      '\tmailto:sympa@lists.example.org?subject=WHICH',
      '',
      'For further information, please contact listmaster@lists.example.org',
    ].join('\n'),
    status: [
      'Reporting-MTA: dns; lists.example.org',
      '',
      'Final-Recipient: rfc822; nolist@lists.example.org',
      'Action: failed',
      'Status: 5.1.1',
      'Remote-MTA: dns; lists.example.org',
      'Diagnostic-Code: X-Sympa; Unknown list',
    ],
    recipients: ['nolist@lists.example.org'],
    reason: 'userunknown',
  },
  {
    name: 'Biglobe: the failed list, then a separate section with the reason',
    source: 'fmlorg/fml8 fml/lib/Mail/Bounce/SimpleMatch.pm (biglobe.ne.jp markers)',
    headers: { From: 'postmaster@biglobe.example.ne.jp', Subject: 'Returned mail' },
    body: [
      '   ----- The following addresses had delivery problems -----',
      'saburo@biglobe.example.ne.jp',
      'shiro@biglobe.example.ne.jp',
      '',
      '   ----- Non-delivered information -----',
      "The recipient's mailbox is full.",
    ].join('\n'),
    recipients: ['saburo@biglobe.example.ne.jp', 'shiro@biglobe.example.ne.jp'],
    reason: 'mailboxfull',
  },
  {
    name: 'DTI (Japanese ISP), English form: Recipient/Reason lines, then the postmaster to reply to',
    source: 'dream.jp techinfo mail/error/error05.html (the ISP\'s own sample of its notice)',
    headers: { From: 'Mail Administrator <Postmaster@mail.example.ne.jp>', Subject: 'Mail System Error - Returned Mail' },
    body: [
      'This Message was undeliverable due to the following reason:',
      '',
      'Each of the following recipients was rejected by a remote mail server.',
      'The reasons given by the server are included to help you determine why',
      'each recipient was rejected.',
      '',
      'Recipient: <goro@m1.example.ne.jp  >',
      'Reason: < goro@m1.example.ne.jp   > ...User unknown',
      '',
      'Please reply to Postmaster@isp.example.ne.jp',
      'if you feel this message to be in error.',
    ].join('\n'),
    recipients: ['goro@m1.example.ne.jp'],
    reason: 'userunknown',
  },
  {
    name: 'DTI (Japanese ISP), Japanese form: 受取人/原因, then まで返信をお願いします',
    source: 'dream.jp techinfo mail/error/error05.html (the ISP\'s own sample of its notice)',
    headers: { From: 'Mail Administrator <Postmaster@mail.example.ne.jp>', Subject: 'Mail System Error - Returned Mail' },
    body: [
      'このメールは以下の原因により届けることが出来ませんでした:',
      '',
      '以下の受取人は、相手のメールサーバに拒否されました。',
      '',
      '受取人: <hanako@m1.example.ne.jp>',
      '原因:  <hanako@m1.example.ne.jp> のユーザーは登録されていません',
      '',
      'もし、このエラーメールにご不明な点などございましたら',
      'Postmaster@isp.example.ne.jpまで返信をお願いします。',
    ].join('\n'),
    recipients: ['hanako@m1.example.ne.jp'],
    reason: 'userunknown',
  },
  {
    name: 'a notice naming the failed address only in its subject',
    source: "Sympa's catalogue of bounce formats, Sympa/Spindle/ProcessBounce.pm (\"Returned mail: Quota exceeded for user x\")",
    headers: { From: 'MAILER-DAEMON@mail.example.com', Subject: 'Returned mail: Quota exceeded for user paula@example.com' },
    body: ['The message could not be delivered.', ''].join('\n'),
    recipients: ['paula@example.com'],
    reason: 'mailboxfull',
  },
  {
    name: 'Mailman 3: a list-owner notice naming no address; the list is the To of the attached post',
    source: 'GNU Mailman 3 mailman/chains/reject.py ("Your message to the {list_name} mailing-list was rejected")',
    headers: { From: 'ant-owner@lists.example.com', Subject: 'Your message to Ant' },
    body: [
      'Your message to the Ant mailing-list was rejected for the following',
      'reasons:',
      '',
      'The message is not from a list member',
      '',
      'The original message as received by Mailman is attached.',
    ].join('\n'),
    original: { From: SENDER, To: 'ant@lists.example.com', Subject: 'question', 'Message-ID': '<q1@example.org>' },
    recipients: ['ant@lists.example.com'],
  },
  {
    name: 'Mailman: a moderator refusal; the list administrator named on the lines after "directed to"',
    source: 'GNU Mailman 2.1 templates/en/refuse.txt and Mailman 3 list:user:notice:refuse ("has been rejected by the list moderator")',
    headers: { From: 'alist-bounces@lists.example.com', Subject: 'Request to mailing list "A Test List" rejected' },
    body: [
      'Your request to the alist@lists.example.com mailing list',
      '',
      '    Posting of your message titled "Something important"',
      '',
      'has been rejected by the list moderator.  The moderator gave the',
      'following reason for rejecting your request:',
      '',
      '"Non-members are not allowed to post messages to this list."',
      '',
      'Any questions or comments should be directed to the list administrator',
      'at:',
      '',
      '    alist-owner@lists.example.com',
    ].join('\n'),
    recipients: ['alist@lists.example.com'],
  },
  {
    name: 'CompuServe: "Receiver not found:" and the address',
    source: "Sympa's catalogue of bounce formats, Sympa/Spindle/ProcessBounce.pm (CompuServe report)",
    headers: { From: 'postmaster@csi.example.com', Subject: 'Undeliverable Message' },
    body: 'Receiver not found: anna@csi.example.com',
    recipients: ['anna@csi.example.com'],
    reason: 'userunknown',
  },
  {
    name: 'QuickMail: the unknown recipients under a "Special condition follows" heading',
    source: "Sympa's catalogue of bounce formats, Sympa/Spindle/ProcessBounce.pm (Unknown QuickMail recipient(s))",
    headers: { From: 'MAILER-DAEMON@qm.example.com', Subject: 'Returned mail' },
    body: ['   ----- Special condition follows -----', 'Unknown QuickMail recipient(s):', '  bob@qm.example.com'].join('\n'),
    recipients: ['bob@qm.example.com'],
    reason: 'userunknown',
  },
  {
    name: 'X.400 gateway: address and reason on one line',
    source: "Sympa's catalogue of bounce formats, Sympa/Spindle/ProcessBounce.pm (X400 report)",
    headers: { From: 'postmaster@x400.example.com', Subject: 'Nondelivery notification' },
    body: 'Your message was not delivered to:  carl@x400.example.com for the following reason:  Recipient unknown',
    recipients: ['carl@x400.example.com'],
    reason: 'userunknown',
  },
  {
    name: 'NTMail: the requested destination, with no cause',
    source: "Sympa's catalogue of bounce formats, Sympa/Spindle/ProcessBounce.pm (NTMail report)",
    headers: { From: 'postmaster@nt.example.com', Subject: 'Message undeliverable' },
    body: ['Your message could not be delivered.', 'The requested destination was:', '', '   dina@nt.example.com'].join('\n'),
    recipients: ['dina@nt.example.com'],
    reason: 'onhold',
  },
  {
    name: 'IBM VM: the reason, an arrow, the address',
    source: "Sympa's catalogue of bounce formats, Sympa/Spindle/ProcessBounce.pm (IBM VM report)",
    headers: { From: 'MAILER@vm.example.edu', Subject: 'Undeliverable mail' },
    body: ['Your mail item could not be delivered to the following users:', '', 'No such userid       ---->  eve@vm.example.edu'].join('\n'),
    recipients: ['eve@vm.example.edu'],
    reason: 'userunknown',
  },
  {
    name: 'Lotus SMTP gateway: the reason above the address under "Failure Reasons"',
    source: "Sympa's catalogue of bounce formats, Sympa/Spindle/ProcessBounce.pm (Lotus SMTP report)",
    headers: { From: 'postmaster@lotus.example.com', Subject: 'Delivery Failure Report' },
    body: ['------- Failure Reasons --------', '', 'User not listed in public Name & Address Book', 'fred@lotus.example.com'].join('\n'),
    recipients: ['fred@lotus.example.com'],
    reason: 'userunknown',
  },
  {
    name: 'Smap firewall proxy: Rejected-For and an explanation line',
    source: "Sympa's catalogue of bounce formats, Sympa/Spindle/ProcessBounce.pm (Smap report)",
    headers: { From: 'postmaster@fw.example.com', Subject: 'Returned mail' },
    body: ['   ----- Transcript of Report follows -----', 'Rejected-For: gus@fw.example.com,', '   explanation 550 User unknown'].join('\n'),
    recipients: ['gus@fw.example.com'],
    reason: 'userunknown',
  },
  {
    name: 'Mercury 1.43: the address in brackets, then the problem, on one line',
    source: "Sympa's catalogue of bounce formats, Sympa/Spindle/ProcessBounce.pm (Mercury 1.43 report)",
    headers: { From: 'postmaster@mercury.example.com', Subject: 'Delivery problems' },
    body: ['The local mail transport system has reported the following problems', 'while delivering your message:', '', '   <ian@mercury.example.com>   Unknown user'].join('\n'),
    recipients: ['ian@mercury.example.com'],
    reason: 'userunknown',
  },
  {
    name: 'Mercury: a local user, and the address the sender wrote in "(Originally addressed to x)"',
    source: "Sympa's catalogue of bounce formats, Sympa/Spindle/ProcessBounce.pm (Mercury \"encountered delivery problems\")",
    headers: { From: 'postmaster@m.example.com', Subject: 'Delivery problems' },
    body: ['Your message has encountered delivery problems', 'to local user oli.  (Originally addressed to oli@m.example.com)', '', '   User not found'].join('\n'),
    recipients: ['oli@m.example.com'],
    reason: 'userunknown',
  },
  {
    name: 'SMTP32 (IMail): the cause, a colon, the address',
    source: "Sympa's catalogue of bounce formats, Sympa/Spindle/ProcessBounce.pm (SMTP32 report)",
    headers: { From: 'postmaster@imail.example.com', Subject: 'Returned mail' },
    body: 'User mailbox exceeds allowed size: max@imail.example.com',
    recipients: ['max@imail.example.com'],
    reason: 'mailboxfull',
  },
  {
    name: 'PMDF: Recipient address and Reason lines',
    source: "Sympa's catalogue of bounce formats, Sympa/Spindle/ProcessBounce.pm (PMDF report)",
    headers: { From: 'postmaster@pmdf.example.com', Subject: 'Delivery Notification: Delivery has failed' },
    body: ['Your message cannot be delivered to the following recipients:', '', '  Recipient address: ned@pmdf.example.com', '  Reason: Illegal host/domain name found'].join('\n'),
    recipients: ['ned@pmdf.example.com'],
    reason: 'hostunknown',
  },
  {
    name: 'Wanadoo: address, Action and Status with a French comment on one line',
    source: "Sympa's catalogue of bounce formats, Sympa/Spindle/ProcessBounce.pm (Wanadoo report)",
    headers: { From: 'postmaster@wanadoo.example.fr', Subject: 'Non remis' },
    body: 'sam@wanadoo.example.fr; Action: Failed; Status: 5.1.1 (Destinataire inconnu)',
    recipients: ['sam@wanadoo.example.fr'],
    reason: 'userunknown',
  },
  {
    name: 'Postfix delay warning: soft, whatever the remote said',
    source: 'Postfix bounce_template.c, default delay template ("THIS IS A WARNING ONLY", "It will be retried until")',
    headers: { From: 'MAILER-DAEMON@pf.example.com (Mail Delivery System)', Subject: 'Delayed Mail (still being retried)' },
    body: [
      'This is the mail system at host pf.example.com.',
      '',
      '# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #',
      '',
      'Your message could not be delivered for more than 4 hour(s).',
      'It will be retried until it is 5 day(s) old.',
      '',
      '<tom@remote.example.net>: connect to mx.remote.example.net[192.0.2.9]:25:',
      '    Connection timed out',
    ].join('\n'),
    recipients: ['tom@remote.example.net'],
    reason: 'networkerror',
  },
  {
    name: 'Exim delay warning: the address not yet delivered to',
    source: 'Exim deliver.c, delay warning ("The address to which the message has not yet been delivered is:")',
    headers: { From: 'Mail Delivery System <Mailer-Daemon@ex.example.com>', Subject: 'Warning: message delayed' },
    body: [
      'This message was created automatically by mail delivery software.',
      '',
      'A message that you sent has not yet been delivered to one or more of its',
      'recipients after more than 24 hours on the queue on ex.example.com.',
      '',
      'The address to which the message has not yet been delivered is:',
      '',
      '  quinn@remote.example.net',
      '',
      'No action is required on your part. Delivery attempts will continue for',
      'some time, and this warning may be repeated at intervals if the message',
      'remains undelivered. Eventually the mail delivery software will give up,',
      'and when that happens, the message will be returned to you.',
    ].join('\n'),
    recipients: ['quinn@remote.example.net'],
    reason: 'expired',
  },
  {
    name: 'Exchange 2007: a display name above, the address and the expiry only in the diagnostic section',
    source: 'Exchange 2007 NDR text ("Delivery has failed to these recipients or distribution lists", "has been trying to deliver this message without success and has stopped trying", "#550 4.4.7 QUEUE.Expired; message expired ##")',
    headers: { From: 'postmaster@corp.example.com', Subject: 'Undeliverable: hello' },
    body: [
      'Delivery has failed to these recipients or distribution lists:',
      '',
      'Vera Example',
      'Microsoft Exchange has been trying to deliver this message without success and has stopped trying. Please try sending this message again, or provide the following diagnostic text to your system administrator.',
      '',
      'Diagnostic information for administrators:',
      '',
      'Generating server: hub01.corp.example.com',
      '',
      'vera@remote.example.net',
      '#550 4.4.7 QUEUE.Expired; message expired ##',
    ].join('\n'),
    recipients: ['vera@remote.example.net'],
    reason: 'expired',
  },
  {
    name: 'Exchange 2007: an address not found, in the words of the notice and of its diagnostic',
    source: 'Exchange 2007 NDR text ("The recipient\'s e-mail address was not found in the recipient\'s e-mail system. Microsoft Exchange will not try to redeliver this message for you.")',
    headers: { From: 'postmaster@corp.example.com', Subject: 'Undeliverable: hello' },
    body: [
      'Delivery has failed to these recipients or distribution lists:',
      '',
      'xena@corp.example.com',
      "The recipient's e-mail address was not found in the recipient's e-mail system. Microsoft Exchange will not try to redeliver this message for you.",
      '',
      'Diagnostic information for administrators:',
      '',
      'Generating server: hub01.corp.example.com',
      '',
      'xena@corp.example.com',
      '#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##',
    ].join('\n'),
    recipients: ['xena@corp.example.com'],
    reason: 'userunknown',
  },
  {
    name: 'Postfix with a Spanish failure template: the administrator to write to is not a recipient',
    source: 'Postfix bounce(5) failure_template, a site\'s Spanish translation ("No ha sido posible entregar tu mensaje", "envíe un mensaje al administrador")',
    headers: { From: 'MAILER-DAEMON (Sistema de entrega de correo)', Subject: 'Servidor de correo: Mensaje no entregado' },
    body: [
      'Este es un mensaje automático de tu servidor de correo mx.example.es.',
      'No ha sido posible entregar tu mensaje a uno o más destinatarios.',
      'Para más información, envíe un mensaje al administrador: soporte@example.es',
      '',
      '<pilar@example.es>: host mx.example.es[192.0.2.5] said: 550 5.1.1 <pilar@example.es>:',
      '    Recipient address rejected: User unknown in virtual mailbox table (in reply to',
      '    RCPT TO command)',
    ].join('\n'),
    recipients: ['pilar@example.es'],
    reason: 'userunknown',
  },
  {
    name: 'Netscape-style notice of a Japanese carrier: the reason first, the address on its own line',
    source: 'busblog.jp FAQ 410, a provider\'s sample of its notice ("This Message was undeliverable due to the following reason: The user(s) account is temporarily over quota.")',
    headers: { From: 'Mail Administrator <Postmaster@ezweb.example.ne.jp>', Subject: 'Mail System Error - Returned Mail' },
    body: [
      'This Message was undeliverable due to the following reason:',
      '',
      'The user(s) account is temporarily over quota.',
      '',
      '<aiko@ezweb.example.ne.jp>',
      '',
      'Please reply to <Postmaster@ezweb.example.ne.jp>',
      'if you feel this message to be in error.',
    ].join('\n'),
    recipients: ['aiko@ezweb.example.ne.jp'],
    reason: 'mailboxfull',
  },
  {
    name: 'DoList list server: the refused list, the command address and the administrator below their phrases',
    source: 'DoList 4.0 template/common-en/notposted.txt (the list server\'s own refusal template)',
    headers: { From: 'listserv@lists.example.com', Subject: "You cannot post to 'NEWS'" },
    body: [
      'You have sent an email to <news@lists.example.com>',
      'but your mail has been refused for one',
      'of the following reasons :',
      '',
      '- You are not a subscriber to news list, or',
      "- You're not allowed to post.",
      '',
      'For help with listserver commands, send a',
      'message to :',
      '',
      '        listserv@lists.example.com',
      '',
      'If you have any further problems, please contact the',
      'Listserver administrator at :',
      '',
      '        owner-news@lists.example.com',
      '',
      'Thank you.',
    ].join('\n'),
    recipients: ['news@lists.example.com'],
  },
  {
    name: 'Windows SMTP service: could not connect, the address indented under the sentence',
    source: 'Windows (IIS) SMTP service DSN text ("This is an automatically generated Delivery Status Notification.", "Unable to deliver message to the following recipients, due to being unable to connect successfully to the destination mail server.")',
    headers: { From: 'postmaster@win.example.com', Subject: 'Delivery Status Notification (Failure)' },
    body: [
      'This is an automatically generated Delivery Status Notification.',
      '',
      'Unable to deliver message to the following recipients, due to being unable to connect successfully to the destination mail server.',
      '',
      '       abe@remote.example.net',
    ].join('\n'),
    recipients: ['abe@remote.example.net'],
    reason: 'networkerror',
  },
  {
    name: 'Windows SMTP service delay warning: the reason under "The reason for the problem"',
    source: 'Windows (IIS) SMTP service delay DSN ("THIS IS A WARNING MESSAGE ONLY.", "Delivery to the following recipients has been delayed.", "The reason for the problem:")',
    headers: { From: 'postmaster@win.example.com', Subject: 'Delivery Status Notification (Delay)' },
    body: [
      'This is an automatically generated Delivery Status Notification.',
      '',
      'THIS IS A WARNING MESSAGE ONLY.',
      '',
      'YOU DO NOT NEED TO RESEND YOUR MESSAGE.',
      '',
      'Delivery to the following recipients has been delayed.',
      '',
      '       zoe@remote.example.net',
      '',
      'The reason for the problem:',
      "4.1.0 - Unknown address error 451-'DNS temporary failure (#4.3.0)'",
    ].join('\n'),
    recipients: ['zoe@remote.example.net'],
  },
  {
    name: 'Nifty: "x could not receive a mail that you had sent" between unsent-reason and unsent-message markers',
    source: 'fmlorg/fml8 fml/lib/Mail/Bounce/SimpleMatch.pm (nifty.ne.jp markers)',
    headers: { From: 'postmaster@nifty.example.ne.jp', Subject: 'Returned mail' },
    body: ['----- Unsent reason follows ----', 'ken@nifty.example.ne.jp could not receive a mail that you had sent.', '', '----- Unsent message follows ----', `From: ${SENDER}`, 'To: ken@nifty.example.ne.jp'].join('\n'),
    recipients: ['ken@nifty.example.ne.jp'],
  },
  {
    name: 'smail: the failed addresses between "Failed addresses follow" and "Message text follows" rules',
    source: 'fmlorg/fml8 fml/lib/Mail/Bounce/SimpleMatch.pm (smail markers)',
    headers: { From: 'MAILER-DAEMON@smail.example.com', Subject: 'mail failed, returning to sender' },
    body: [
      '|------------------------- Failed addresses follow: ---------------------|',
      ' <lou@smail.example.com> ... unknown user',
      '|------------------------- Message text follows: ------------------------|',
      `From: ${SENDER}`,
      'To: lou@smail.example.com',
    ].join('\n'),
    recipients: ['lou@smail.example.com'],
    reason: 'userunknown',
  },
  {
    name: 'CompuServe: "Invalid receiver address: x"',
    source: 'fmlorg/fml8 fml/lib/Mail/Bounce/SimpleMatch.pm (compuserve.net pattern)',
    headers: { From: 'postmaster@compuserve.example.com', Subject: 'Undeliverable Message' },
    body: ['Your message could not be delivered.', 'Invalid receiver address: mia@compuserve.example.com'].join('\n'),
    recipients: ['mia@compuserve.example.com'],
    reason: 'userunknown',
  },
  {
    name: 'a list of failed recipients, then "Here is your returned mail." and the copy',
    source: 'fmlorg/fml8 fml/lib/Mail/Bounce/SimpleMatch.pm ("here is your list of failed recipients", "here is your returned mail")',
    headers: { From: 'postmaster@x.example.com', Subject: 'Returned mail' },
    body: ['Here is your list of failed recipients:', '', 'ned@x.example.com', '', 'Here is your returned mail.', '', `From: ${SENDER}`, 'To: ned@x.example.com'].join('\n'),
    recipients: ['ned@x.example.com'],
    reason: 'onhold',
  },
  {
    name: 'jp-r.ne.jp: "送信先E-mailアドレスの不一致です" and the address on a To: line',
    source: 'fmlorg/fml8 fml/lib/Mail/Bounce/Language/Japanese.pm (jp-r.ne.jp example)',
    headers: { From: 'postmaster@jp-r.example.ne.jp', Subject: 'Returned mail' },
    body: ['送信先E-mailアドレスの不一致です', 'To:oto@jp-r.example.ne.jp', 'Subject: hello', 'hello body'].join('\n'),
    recipients: ['oto@jp-r.example.ne.jp'],
    reason: 'userunknown',
  },
  {
    name: 'freeserve.ne.jp: a Japanese full-mailbox notice naming nobody; the recipient is the To of the returned message',
    source: 'fmlorg/fml8 fml/lib/Mail/Bounce/Language/Japanese.pm (freeserve.ne.jp example)',
    headers: { From: 'support@freeserve.example.ne.jp', Subject: '=?utf-8?b?44Oh44O844Or44KS5Y+X44GR5Y+W44KL44GT44Go44GM5Ye65p2l44G+44Gb44KT44Gn44GX44Gf44CC?=' },
    body: [
      '【このメールはfreeserveシステムから自動的に送信されています】',
      '',
      'freeserveではメールボックスに容量制限があります。',
      'あなた様がメールを送ったfreeserveユーザーのメールボックスが制限値に達しており、お送りになったメールを受け取ることが出来ませんでした。',
    ].join('\n'),
    original: { From: SENDER, To: 'pia@freeserve.example.ne.jp', Subject: 'hi', 'Message-ID': '<hi@example.org>' },
    recipients: ['pia@freeserve.example.ne.jp'],
    reason: 'mailboxfull',
  },
  {
    name: 'goo mail: the failed address only in the subject "Rejecting your mail to x"',
    source: 'fmlorg/fml8 fml/lib/Mail/Bounce/GOO.pm (goo.ne.jp subject, X-SMType: Notification)',
    headers: { From: 'goo mail <mail-admin@mail.goo.example.ne.jp>', Subject: '[goo mail] Rejecting your mail to rin@mail.goo.example.ne.jp', 'X-SMType': 'Notification' },
    body: 'このメールは配信されませんでした。',
    recipients: ['rin@mail.goo.example.ne.jp'],
  },
  {
    name: 'smtpfeed -F: the returned message\'s To names the envelope recipient twice',
    source: 'fmlorg/fml8 fml/lib/Mail/Bounce/Smtpfeed.pm ("To: (original recipient in envelope at ADDRESS) <ADDRESS>")',
    headers: { From: 'MAILER-DAEMON@relay.example.jp', Subject: 'Returned mail: User unknown' },
    body: 'The original message was received and could not be delivered.',
    original: { From: SENDER, To: '(original recipient in envelope at sai@example.jp) <sai@example.jp>', Subject: 'hi', 'Message-ID': '<sai@example.org>' },
    recipients: ['sai@example.jp'],
    reason: 'userunknown',
  },
  ...gromoxSamples(),
  ...smarterMailSamples(),
  ...messageLabsSamples(),
  ...exchange2003Samples(),
  ...harakaSamples(),
  {
    name: 'a report naming the failed mailbox by its local part alone; the domain is that of the returned message\'s recipient',
    source: 'fmlorg/fml8 fml/lib/Mail/Bounce/FixBrokenAddress.pm ("error address from nifty.ne.jp has no domain part"); RFC 3464 2.3.2',
    headers: { From: 'MAILER-DAEMON@mail.nifty.example.ne.jp', Subject: 'Returned mail: User unknown' },
    body: 'The original message was received and could not be delivered.',
    status: ['Reporting-MTA: dns; mail.nifty.example.ne.jp', '', 'Final-Recipient: rfc822; ken', 'Action: failed', 'Status: 5.1.1', 'Diagnostic-Code: smtp; 550 5.1.1 <ken>... User unknown'],
    original: { From: SENDER, To: 'Ken <ken@nifty.example.ne.jp>, ann@example.com', Subject: 'hi' },
    recipients: ['ken@nifty.example.ne.jp'],
    reason: 'userunknown',
  },
  {
    name: 'ezmlm-idx through qmail: the subscribers-only refusal asks to forward the message to the list owner, who is no recipient',
    source: 'ezmlm-idx ezmlmrc (ezmlm-issubn: "Sorry, only subscribers may post. If you are a subscriber, please forward this message to <#L#>-owner@<#H#> to get your new address included (#5.7.2)"); qmail-send.c notice',
    headers: { From: 'MAILER-DAEMON@lists.example.org', Subject: 'failure notice' },
    body: [
      'Hi. This is the qmail-send program at lists.example.org.',
      "I'm afraid I wasn't able to deliver your message to the following addresses.",
      "This is a permanent error; I've given up. Sorry it didn't work out.",
      '',
      '<dev@lists.example.org>:',
      'Sorry, only subscribers may post. If you are a subscriber, please forward this message to dev-owner@lists.example.org to get your new address included (#5.7.2)',
    ].join('\n'),
    recipients: ['dev@lists.example.org'],
    reason: 'policyviolation',
  },
  {
    name: 'ezmlm-idx through Postfix\'s pipe: the owner\'s address wrapped onto the line after "forward this message to"',
    source: 'ezmlm-idx ezmlmrc (ezmlm-issubn refusal); Postfix pipe(8) "permission denied. Command output:" in bounce_notify_util.c recipient lines',
    headers: { From: 'MAILER-DAEMON@lists.example.org (Mail Delivery System)', Subject: 'Undelivered Mail Returned to Sender' },
    body: [
      'This is the mail system at host lists.example.org.',
      '',
      "I'm sorry to have to inform you that your message could not",
      'be delivered to one or more recipients.',
      '',
      '<dev@lists.example.org>: permission denied. Command output: Sorry, only',
      '    subscribers may post. If you are a subscriber, please forward this message to',
      '    dev-owner@lists.example.org to get your new address included (#5.7.2)',
    ].join('\n'),
    recipients: ['dev@lists.example.org'],
    reason: 'policyviolation',
  },
  {
    name: 'Domino: the cause under "because:", a routing loop',
    source: 'HCL Domino router NDR ("was not delivered to:", "because:", "Maximum hop count exceeded.  Message probably in a routing loop.")',
    headers: { From: 'Postmaster@notes.example.com', Subject: 'DELIVERY FAILURE: Maximum hop count exceeded.  Message probably in a routing loop.' },
    body: ['Your message', '', '  Subject: hello', '', 'was not delivered to:', '', '  zed@example.com', '', 'because:', '', '  Maximum hop count exceeded.  Message probably in a routing loop.'].join('\n'),
    recipients: ['zed@example.com'],
    reason: 'networkerror',
  },
  {
    name: 'Sympa: a moderator\'s rejection naming the list address and, in parentheses, the moderator',
    source: 'sympa-community/sympa default/mail_tt2/reject.tt2 ("Your message for list %1@%2 has been rejected by the moderator (%3)")',
    headers: { From: 'ant-request@lists.example.org', Subject: 'Your message has been rejected' },
    body: ['Your message for list ant@lists.example.org has been rejected by the moderator (mod@example.org).', '', '(Subject of your mail: hello)'].join('\n'),
    recipients: ['ant@lists.example.org'],
  },
  {
    name: 'Sympa: a virus alert naming the addressee and, after "From:", the sender',
    source: 'sympa-community/sympa default/mail_tt2/your_infected_msg.tt2 ("Delivery of this message has been blocked")',
    headers: { From: 'sympa@lists.example.org', Subject: 'A virus in your email' },
    body: [
      '    ***** V I R U S    A L E R T *****',
      '',
      `Our viruschecker found a virus named EICAR-Test in a message addressed to ant@lists.example.org and that seems to be yours (From: ${SENDER}).`,
      '',
      'Delivery of this message has been blocked.',
    ].join('\n'),
    recipients: ['ant@lists.example.org'],
    reason: 'virusdetected',
  },
  {
    name: 'Sympa: a distribution report naming the message by its id and the list by its name; the list is the To of the returned post',
    source: 'sympa-community/sympa default/mail_tt2/message_report.tt2 ("Message %1 for list \'%2\' has been rejected.")',
    headers: { From: 'sympa@lists.example.org', Subject: 'Message distribution' },
    body: "Message <m1@example.org> for list 'ant' has been rejected.",
    original: { From: SENDER, To: 'ant@lists.example.org', Subject: 'hello', 'Message-ID': '<m1@example.org>' },
    recipients: ['ant@lists.example.org'],
  },
  {
    name: 'kopano-spooler: recipients still retried and recipients failed for good, under their own headings',
    source: 'Kopano-dev/kopano-core spooler/mailer.cpp SendUndeliverable ("Recipients that will be retried:", "Recipients that failed permanently:")',
    headers: { From: 'Mail Delivery System <MAILER-DAEMON@kc.example.com>', Subject: 'Undelivered Mail Returned to Sender' },
    body: [
      'Unfortunately, kopano-spooler was unable to deliver your mail to the/some of the recipient(s).',
      'You may need to contact your e-mail administrator to solve this problem.',
      '',
      'Recipients that will be retried:',
      '\tLea <lea@example.com>',
      '',
      'Recipients that failed permanently:',
      '\tMax <max@example.com>',
    ].join('\n'),
    recipients: ['lea@example.com', 'max@example.com'],
    actions: { 'lea@example.com': 'delayed', 'max@example.com': 'failed' },
  },
  {
    name: 'kopano-spooler: the whole message failed, the error given below the sentence',
    source: 'Kopano-dev/kopano-core spooler/mailer.cpp SendUndeliverable ("kopano-spooler was unable to deliver your mail.\\nThe error given was:")',
    headers: { From: 'Mail Delivery System <MAILER-DAEMON@kc.example.com>', Subject: 'Undelivered Mail Returned to Sender' },
    body: [
      'Unfortunately, kopano-spooler was unable to deliver your mail.',
      'The error given was:',
      '',
      '550 5.1.1 <ned@example.com>: Recipient address rejected: User unknown in virtual mailbox table',
      '',
      'You may need to contact your e-mail administrator to solve this problem.',
    ].join('\n'),
    recipients: ['ned@example.com'],
    reason: 'userunknown',
  },
  ...hMailServerSamples(),
  {
    name: 'Mailman 3: a non-member rejection naming the list by its display name; the list is the To of the attached post',
    source: 'GNU Mailman 3 src/mailman/chains/reject.py ("Your message to the {list_name} mailing-list was rejected for the following reasons"), rules/moderation.py ("The message is not from a list member")',
    headers: { From: 'ant-owner@lists.example.org', Subject: 'hello', Precedence: 'bulk' },
    body: ['Your message to the Ant mailing-list was rejected for the following', 'reasons:', '', 'The message is not from a list member', '', 'The original message as received by Mailman is attached.'].join('\n'),
    original: { From: SENDER, To: 'ant@lists.example.org', Subject: 'hello', 'Message-ID': '<ant1@example.org>' },
    recipients: ['ant@lists.example.org'],
    reason: 'policyviolation',
  },
  {
    name: 'Mailman 3: a DMARC rejection with the list owner to contact in the reasons',
    source: 'GNU Mailman 3 src/mailman/chains/reject.py and rules/dmarc.py ("You are not allowed to post to this mailing list From: a domain which publishes a DMARC policy")',
    headers: { From: 'ant-owner@lists.example.org', Subject: 'hello', Precedence: 'bulk' },
    body: [
      'Your message to the Ant mailing-list was rejected for the following',
      'reasons:',
      '',
      'You are not allowed to post to this mailing list From: a domain which',
      'publishes a DMARC policy of reject or quarantine, and your message has',
      'been automatically rejected.  If you think that your messages are',
      'being rejected in error, contact the mailing list owner at',
      'ant-owner@lists.example.org.',
      '',
      'The original message as received by Mailman is attached.',
    ].join('\n'),
    original: { From: SENDER, To: 'ant@lists.example.org', Subject: 'hello', 'Message-ID': '<ant2@example.org>' },
    recipients: ['ant@lists.example.org'],
  },
  {
    name: 'Postfix with a Dutch failure template and a delivery-status part',
    source: 'Postfix bounce(5) failure_template, a Dutch template as deployed with Simple NixOS Mailserver ("Uw bericht kon niet worden afgeleverd")',
    headers: { From: 'MAILER-DAEMON@mx.example.net (Mail Delivery System)', Subject: 'Niet-bezorgde mail teruggestuurd naar afzender' },
    body: [
      'Dit is het mailsysteem van example.net.',
      '',
      'Uw bericht kon niet worden afgeleverd aan één of meer',
      'ontvangers. Het bericht is bijgevoegd in de bijlage.',
      '',
      'Voor verdere hulp kunt u een mail sturen naar postmaster <at>',
      'example.net.',
      '',
      '<nora@example.com>: host mx.example.com[192.0.2.5] said: 550 5.1.1',
      '    <nora@example.com>: Recipient address rejected: User unknown (in reply to RCPT TO command)',
    ].join('\n'),
    status: ['Reporting-MTA: dns; mx.example.net', '', 'Final-Recipient: rfc822; nora@example.com', 'Action: failed', 'Status: 5.1.1', 'Diagnostic-Code: smtp; 550 5.1.1 <nora@example.com>: Recipient address rejected: User unknown'],
    recipients: ['nora@example.com'],
    reason: 'userunknown',
  },
  {
    name: 'Postfix with a Russian failure template (Yandex), the notice text alone',
    source: 'Postfix bounce(5) failure_template as Yandex words it ("Ваше письмо не может быть отправлено одному или нескольким адресатам"), bounce_notify_util.c recipient lines',
    headers: { From: 'mailer-daemon@yandex.example', Subject: encoded('Недоставленное сообщение') },
    body: [
      'Это письмо отправлено почтовым сервером example.net.',
      '',
      'К сожалению, мы вынуждены сообщить Вам о том, что Ваше письмо не может',
      'быть отправлено одному или нескольким адресатам.',
      '',
      '<oleg@example.ru>: host mx.example.ru[192.0.2.7] said: 552 5.2.2 Mailbox size limit exceeded (in reply to end of DATA command)',
    ].join('\n'),
    recipients: ['oleg@example.ru'],
    reason: 'mailboxfull',
  },
  {
    name: 'Exchange 2010: the address, the notice\'s sentence, then the RESOLVER code under "Diagnostic information for administrators"',
    source: 'Microsoft Learn, Exchange Server NDR 5.1.1 ("RESOLVER.ADR.RecipNotFound; not found", "Delivery has failed to these recipients or groups")',
    headers: { From: 'postmaster@corp.example.com', Subject: 'Undeliverable: hello' },
    body: [
      'Delivery has failed to these recipients or groups:',
      '',
      'ida@corp.example.com',
      "The e-mail address you entered couldn't be found. Please check the recipient's e-mail address and try to resend the message.",
      '',
      'Diagnostic information for administrators:',
      '',
      'Generating server: ex1.corp.example.com',
      '',
      'ida@corp.example.com',
      '#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##',
    ].join('\n'),
    recipients: ['ida@corp.example.com'],
    reason: 'userunknown',
  },
  {
    name: 'Exchange 2013+: a display name with the address in parentheses, a full mailbox in STOREDRV words',
    source: 'Microsoft Learn, Exchange Server NDRs ("Remote Server returned", 5.2.2 "STOREDRV.Deliver.Exception:QuotaExceededException")',
    headers: { From: 'postmaster@corp.example.com', Subject: 'Undeliverable: hello' },
    body: [
      'Delivery has failed to these recipients or groups:',
      '',
      'Jon Doe (jon@corp.example.com)',
      "Your message couldn't be delivered because the recipient's mailbox is full.",
      '',
      'Diagnostic information for administrators:',
      '',
      'Generating server: ex1.corp.example.com',
      '',
      'jon@corp.example.com',
      "Remote Server returned '554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded'",
    ].join('\n'),
    recipients: ['jon@corp.example.com'],
    reason: 'mailboxfull',
  },
  ...stalwartSamples(),
  ...maddySamples(),
  ...slimtaSamples(),
  ...postalSamples(),
  ...dovecotSamples(),
  ...postfixLocalSamples(),
  ...masqmailSamples(),
  ...mailman2RefusalSamples(),
  ...mlmmjSamples(),
];

/** An RFC 2047 encoded word: how a notice's subject in another script reaches us. */
function encoded(text: string): string {
  return `=?utf-8?b?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

/**
 * gromox's notices (data/local_bounce, mail_bounce, mlist_bounce; ascii, gb2312, big5, euc-jp): the
 * recipient in quotes in one sentence, then a summary of the message whose To lists every recipient,
 * under a heading in the notice's language.
 */
function gromoxSamples(): Sample[] {
  const summary = (label: string, to: string) => ({
    en: ['', 'Below is the original mail information:', '   Time:    Fri, 27 Nov 2026 08:00:00 +0000', `   From:    ${SENDER}`, `   To:      ${to}`, '   Subject: hello'],
    zh: ['', '以下是您所发送邮件的一些基本信息：', '    发送时间：    Fri, 27 Nov 2026 08:00:00 +0000', `    发件人地址：  ${SENDER}`, `    收件人：      ${to}`, '    邮件主题：    hello'],
    tw: ['', '以下是您所發送郵件的一些基本信息：', '    發送時間：    Fri, 27 Nov 2026 08:00:00 +0000', `    發件人地址：  ${SENDER}`, `    收件人：      ${to}`, '    郵件主題：    hello'],
    ja: ['', '送信情報は下記となります：', '    送信時間：    Fri, 27 Nov 2026 08:00:00 +0000', `    送信者：　　  ${SENDER}`, `    宛先：　      ${to}`, '    メール標題：  hello'],
  })[label] ?? [];
  const from = '"Mail Daemon" <postmaster@mail.example.net>';
  const sample = (name: string, file: string, lang: string, subject: string, text: string[], rcpt: string, to: string, reason?: string): Sample => ({
    name: `gromox ${name}`,
    source: `grommunio/gromox data/${file}`,
    headers: { From: from, Subject: /^[\x20-\x7e]*$/.test(subject) ? subject : encoded(subject) },
    body: [...text, ...summary(lang, to)].join('\n'),
    recipients: [rcpt],
    ...(reason ? { reason } : {}),
  });
  return [
    sample('operation error: a fault of the receiving system', 'local_bounce/ascii/BOUNCE_OPERATION_ERROR', 'en', 'Delivery failure, mail system error!', [
      'Hi,', '  I am sorry to tell you that some error occurred in our mail system,', 'your message to "ada@example.net" cannot be delivered, please contact our mail', 'system administrator to settle this problem.',
    ], 'ada@example.net', 'bea@example.net, ada@example.net', 'systemerror'),
    sample('generic refusal: no cause stated', 'mail_bounce/ascii/BOUNCE_GENERIC_ERROR', 'en', 'Delivery failure, system has refused your mail because of some reason', [
      'Hi,', '  your message to "cai@example.net" has been be refused by some reason!',
    ], 'cai@example.net', 'cai@example.net', 'onhold'),
    sample('mail list open to internal members only: "send mail to mail list x" names the recipient', 'mlist_bounce/ascii/BOUNCE_MLIST_INTERNAL', 'en', 'Delivery failure, privilege not enough', [
      'Hi,', '  You have not enough privilege to send mail to mail list team@example.net,', 'this mail list can only accept mails come from internal members.', 'please contact the administrator for authorization. Thank you!',
    ], 'team@example.net', 'team@example.net, dan@example.net', 'policyviolation'),
    sample('in Chinese: no such user, the summary heading 以下是您所发送邮件的一些基本信息', 'local_bounce/gb2312/BOUNCE_NO_USER', 'zh', '投递失败，收件人不存在', [
      '您好：', '  很抱歉通知您，您发送到“wei@example.cn”的邮件无法被正确投递，', '因为该收件人并不存在！请验证该邮件地址是否真实有效。',
    ], 'wei@example.cn', 'li@example.cn, wei@example.cn', 'userunknown'),
    sample('in Chinese: mail system error', 'local_bounce/gb2312/BOUNCE_OPERATION_ERROR', 'zh', '投递失败，邮件系统出错', [
      '您好：', '  很抱歉通知您，您发送到“fang@example.cn”的邮件无法被正确投递，', '我们的邮件系统出错，请联系系统管理员以解决该问题。',
    ], 'fang@example.cn', 'fang@example.cn', 'systemerror'),
    sample('in Chinese: a list open to its members only', 'mlist_bounce/gb2312/BOUNCE_MLIST_INTERNAL', 'zh', '投递失败，没有足够的权限', [
      '您好：', '  很抱歉通知您，您没有足够的权限向“dev@example.cn”这个邮件列表发送邮件，', '仅列表内成员才可向该列表发送邮件！', '请联系管理员并取得相应的权限后再尝试发送。',
    ], 'dev@example.cn', 'dev@example.cn, ops@example.cn', 'policyviolation'),
    sample('in traditional Chinese: no such user', 'local_bounce/big5/BOUNCE_NO_USER', 'tw', '投遞失敗，收件人不存在', [
      '您好：', '  很抱歉通知您，您發送到“mei@example.tw”的郵件無法被正確投遞，', '因為該收件人並不存在！請驗證該郵件地址是否真實有效。',
    ], 'mei@example.tw', 'lin@example.tw, mei@example.tw', 'userunknown'),
    sample('in Japanese: a full mailbox, the summary heading 送信情報は下記となります', 'local_bounce/euc-jp/BOUNCE_MAILBOX_FULL', 'ja', '受信者のメールボックスが一杯になるため、メール送信失敗', [
      'お知らせ：', '  受信者のメールボックスが一杯になって、1通のメールでも受信', 'できないため、"ken@example.jp"へのメールが正しく送信できません。',
    ], 'ken@example.jp', 'aki@example.jp, ken@example.jp', 'mailboxfull'),
    sample('in Japanese: a system error', 'local_bounce/euc-jp/BOUNCE_OPERATION_ERROR', 'ja', 'システムエラーがあったため、メール送信失敗', [
      'お知らせ：', '  "yui@example.jp"へのメールを正しく送信できません。システムエラーが', 'あったため、システムの管理員への問い合わせをお願いします。',
    ], 'yui@example.jp', 'yui@example.jp', 'systemerror'),
  ];
}

/** hMailServer's SEND_FAILED_NOTIFICATION with each error text its delivery code writes under the recipient. */
function hMailServerSamples(): Sample[] {
  const sample = (name: string, source: string, rcpt: string, lines: string[], reason: string): Sample => ({
    name: `hMailServer: ${name}`,
    source: `hMailServer ${source}, under the SEND_FAILED_NOTIFICATION server message (DBScripts/CreateTablesMYSQL.sql)`,
    headers: { From: 'mailer-daemon@mail.example.net', Subject: 'Message undeliverable: hello' },
    body: [
      'Your message did not reach some or all of the intended recipients.', '', '   Sent: Fri, 27 Nov 2026 08:00:00 +0000', '   Subject: hello', '',
      'The following recipient(s) could not be reached:', '', rcpt, ...lines, '', 'hMailServer',
    ].join('\n'),
    recipients: [rcpt],
    reason,
  });
  return [
    sample('a local inbox over its quota', 'Server/SMTP/LocalDelivery.cpp CheckAccountQuotas_', 'dave@example.net', ['   Error Type: SMTP', '   Error Description: Inbox is full', '   Additional information: The recipients inbox is full.'], 'mailboxfull'),
    sample('no mail server for the domain', 'Server/SMTP/ExternalDelivery.cpp HandleNoRecipientServers_', 'erin@nodomain.example', ['   Error Type: SMTP', "   Error Description: No mail servers appear to exists for the recipient's address.", "   Additional information: Please check that you have not misspelled the recipient's email address."], 'hostunknown'),
    sample('the DNS query failed', 'Server/SMTP/ExternalDelivery.cpp HandleNoRecipientServers_', 'fay@example.com', ['   Error Type: SMTP', "   Error Description: Unable to find the recipient's email server. The DNS query has failed."], 'hostunknown'),
    sample('the connection failed', 'Server/SMTP/SMTPClientConnection.cpp (bPreConnectError)', 'gus@example.com', ['   Error Type: SMTP', "   Connection to recipients server failed.", '   Error: Connection refused'], 'networkerror'),
  ];
}

describe('notice formats from their sources', () => {
  it.each(SAMPLES.map((s) => [s.name, s] as const))('%s', (_name, sample) => {
    const report = parseBounce(message(sample));
    expect(report.kind, sample.source).toBe('dsn');
    expect(report.recipients.map((r) => r.recipient).sort()).toEqual([...sample.recipients].sort());
    if (sample.reason) for (const r of report.recipients) expect(r.reason, r.diagnostic ?? '').toBe(sample.reason);
    if (sample.suppress !== undefined) for (const r of report.recipients) expect(r.suppress, `${r.reason}: ${r.diagnostic ?? ''}`).toBe(sample.suppress);
    if (sample.actions) expect(Object.fromEntries(report.recipients.map((r) => [r.recipient, r.action]))).toEqual(sample.actions);
    // A warning that delivery goes on is never a hard bounce.
    if (/warning (?:message )?only|will continue/i.test(sample.body)) for (const r of report.recipients) expect(r).toMatchObject({ action: 'delayed', bounce: 'soft' });
  });
});

describe('a receipt for a message deleted unread (RFC 8098 3.2.6) is no Sieve rejection', () => {
  it('is not a bounce', () => {
    const receipt = [
      'From: Rita <rita@example.com>', `To: ${SENDER}`, 'Subject: Not read: hello', 'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=disposition-notification; boundary="b1"', '',
      '--b1', 'Content-Type: text/plain', '', 'Your message to rita@example.com was deleted without being read.', '',
      '--b1', 'Content-Type: message/disposition-notification', '', 'Reporting-UA: pc.example.com; Mail Client',
      'Final-Recipient: rfc822; rita@example.com', 'Disposition: automatic-action/MDN-sent-automatically; deleted', '', '--b1--', '',
    ].join('\n');
    const report = parseBounce(receipt);
    expect(report.kind).not.toBe('dsn');
    expect(report.recipients.filter((r) => r.bounce !== 'none')).toEqual([]);
  });
});

describe('messages that only look like notices', () => {
  const mail = (headers: Record<string, string>, body: string) =>
    `${Object.entries({ To: SENDER, ...headers }).map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${body}\n`;

  it.each([
    ['a person quoting a failure', { From: 'Quinn <quinn@example.net>', Subject: 'about yesterday' }, 'My mail to rita@example.com could not be delivered, can you check?'],
    ['a list post about a rejection', { From: 'Sam <sam@example.net>', Sender: 'talk-bounces@lists.example.org', Subject: '[talk] rejected again' }, 'The message I sent to tom@example.com was rejected by their filter.'],
    ['a robot notice that states no failure', { From: 'notification@service.example.com', Subject: 'Your weekly report' }, 'Your report for uma@example.com is ready.'],
  ])('%s is not a bounce', (_name, headers, body) => {
    const report = parseBounce(mail(headers, body));
    expect(report.kind).not.toBe('dsn');
    expect(report.recipients).toEqual([]);
  });
});

/** SmarterMail's notice as hosting providers' help pages quote it (rackteam.com, kb.indsoft.net "Common email delivery errors"). */
function smarterMailSamples(): Sample[] {
  const sample = (name: string, rcpt: string, reason: string[], expected?: string): Sample => ({
    name: `SmarterMail: ${name}`,
    source: 'SmarterMail delivery failure notice ("Could not deliver message to the following recipient(s):", "Failed Recipient:", "Reason:")',
    headers: { From: 'System Administrator <postmaster@mail.example.net>', Subject: 'Undeliverable: hello' },
    body: ['Could not deliver message to the following recipient(s):', '', `Failed Recipient: ${rcpt}`, `Reason: ${reason[0]}`, ...reason.slice(1)].join('\n'),
    recipients: [rcpt],
    ...(expected ? { reason: expected } : {}),
  });
  return [
    sample('a full mailbox', 'val@example.net', ['The mailbox is full'], 'mailboxfull'),
    sample('the remote reply quoted after "Remote host said:"', 'xia@example.com', ['Remote host said: 550 5.1.1 The email account that you tried to reach does not exist.'], 'userunknown'),
    sample('connection attempts that all failed', 'yan@example.com', ['Failed four attempts to connect to recipients mail server'], 'networkerror'),
    sample('no MX for the domain, the addresses tried listed below', 'una@nomx.example', ["Failed to connect to the recipients mail server. No MX records were found for the 'nomx.example' domain.", '', 'Failed all attempts to connect to the recipients mail server.', "Attempted to send the message to the following ip's: 192.0.2.4"]),
  ];
}

/**
 * Symantec Email Security.cloud (MessageLabs) returning a recipient server's refusal: its notice and
 * the refusals it quotes, as Broadcom's knowledge base article 162445 lists them ("This is the mail
 * delivery agent at messagelabs.com. I was unable to deliver your message to the following addresses").
 */
function messageLabsSamples(): Sample[] {
  const sample = (rcpt: string, reply: string, reason: string): Sample => ({
    name: `MessageLabs: "${reply}"`,
    source: 'Broadcom KB 162445 "Outbound Mail returned by MAILER-DAEMON@messagelabs.com"; KB 152083 (5.4.7 "exceeded max time without delivery")',
    headers: { From: 'MAILER-DAEMON@messagelabs.com', Subject: 'failure notice' },
    body: ['This is the mail delivery agent at messagelabs.com.', '', 'I was unable to deliver your message to the following addresses:', '', `${rcpt}:`, `    ${reply}`].join('\n'),
    original: { From: SENDER, To: rcpt, Subject: 'hi' },
    recipients: [rcpt],
    reason,
  });
  return [
    sample('ml1@example.com', '552 Requested mail action aborted: exceeded storage allocation', 'mailboxfull'),
    // Postfix says "Recipient address rejected" at RCPT TO only: "no such user" there is the mailbox's verdict, not a policy's.
    sample('ml2@example.com', '554 5.7.1 Recipient address rejected: No such user', 'userunknown'),
    sample('ml3@example.com', '550 5.7.1 Unable to Relay', 'norelaying'),
    sample('ml4@example.com', '554 5.4.7 [internal] exceeded max time without delivery', 'expired'),
  ];
}

/**
 * Exchange 5.5-2003 NDRs: "The following recipient(s) cannot be reached:", then each recipient as the
 * sender addressed it (an address in quotes, a bare address, or an address book's display name alone),
 * its date, the explanation and the "<host #x.y.z>" line (Microsoft Knowledge Base NDR samples).
 */
function exchange2003Samples(): Sample[] {
  const sample = (name: string, lines: string[], reason: string, original?: Record<string, string>): Sample => ({
    name: `Exchange 2003: ${name}`,
    source: 'Microsoft Knowledge Base, Exchange 2000/2003 NDR samples ("Your message did not reach some or all of the intended recipients", "The following recipient(s) cannot be reached")',
    headers: { From: 'System Administrator <postmaster@corp.example.com>', Subject: 'Undeliverable: hello' },
    body: ['Your message did not reach some or all of the intended recipients.', '', '      Subject:\thello', '      Sent:\t11/27/2026 8:00 AM', '', 'The following recipient(s) cannot be reached:', '', ...lines].join('\n'),
    ...(original ? { original } : {}),
    recipients: ['joe@example.com'],
    reason,
  });
  const full = ["      'Joe Bloggs' on 11/27/2026 8:00 AM", "            The recipient's mailbox is full and can't accept messages now.", '            <mx.corp.example.com #5.2.2>'];
  return [
    sample('the address in quotes', ["      'joe@example.com' on 11/27/2026 8:00 AM", '            The e-mail account does not exist at the organization this message was sent to.', '            <mx.corp.example.com #5.1.1>'], 'userunknown'),
    sample('the remote reply inside the "<host #5.5.0 smtp;...>" line', ['      joe@example.com on 11/27/2026 8:00 AM', "            There was a SMTP communication problem with the recipient's email server.", '            <mx.corp.example.com #5.5.0 smtp;550 5.1.1 <joe@example.com>... User unknown>'], 'userunknown'),
    sample('a display name alone: the returned message\'s To recipient of that name, not the others', full, 'mailboxfull', { From: SENDER, To: 'Joe Bloggs <joe@example.com>, "Other, Ann" <ann@example.com>', Subject: 'hello' }),
  ];
}

/**
 * Haraka's own bounce (config/outbound.bounce_message, outbound/hmail.js populate_bounce_message_with_headers):
 * "Intended Recipients:" and "Failure Reason:" in the text, and a delivery-status part whose Status carries the
 * code and message in a comment ("5.1.2 (550 No MX for x)") and which has no Diagnostic-Code when no remote
 * server answered (DNS failures, haraka-dsn addr_bad_dest_system, addr_null_mx).
 */
function harakaSamples(): Sample[] {
  const sample = (rcpt: string, reason: string, status: string, diagnostic: string | null, expected: string): Sample => ({
    name: `Haraka: ${reason}`,
    source: 'haraka/Haraka config/outbound.bounce_message and outbound/hmail.js; haraka-dsn index.js',
    headers: { From: 'MAILER-DAEMON@mx.example.org', Subject: 'failure notice', 'Auto-Submitted': 'auto-replied' },
    body: [
      'Hi. This is the Haraka Mailer program at mx.example.org.',
      "I'm afraid I wasn't able to deliver your message",
      '    "hello"',
      'to the following addresses.',
      "This is a permanent error; I've given up. Sorry it didn't work out.",
      '',
      `Intended Recipients: ${rcpt}`,
      `Failure Reason: ${reason}`,
    ].join('\n'),
    status: ['Reporting-MTA: dns;mx.example.org', '', `Final-Recipient: rfc822;${rcpt}`, 'Action: failed', `Status: ${status}`, ...(diagnostic ? [`Diagnostic-Code: ${diagnostic}`] : [])],
    recipients: [rcpt],
    reason: expected,
  });
  return [
    sample('ha@nomx.example', 'No MX for nomx.example', '5.1.2 (550 No MX for nomx.example)', null, 'hostunknown'),
    sample('hb@nullmx.example', 'Domain nullmx.example sends and receives no email (NULL MX)', '5.1.10 (556 Domain nullmx.example sends and receives no email (NULL MX))', null, 'notaccept'),
    sample('hc@example.com', '552 5.2.2 Mailbox full', '5.2.2', 'smtp;552 5.2.2 Mailbox full ', 'mailboxfull'),
  ];
}

/**
 * Stalwart's DSN (crates/smtp/src/queue/dsn.rs): a multipart/report whose text names each recipient as
 * "<x> (what failed)"; for a failure of its own (DNS, connection, TLS) the report has Status 5.0.0 or
 * 4.0.0 and no Diagnostic-Code, so only the text says what happened (lookup.rs, outbound/mod.rs,
 * delivery.rs give the texts).
 */
function stalwartSamples(): Sample[] {
  const sample = (name: string, rcpt: string, line: string, action: string, status: string, reason: string, diagnostic?: string): Sample => ({
    name: `Stalwart: ${name}`,
    source: 'stalwartlabs/mail-server crates/smtp/src/queue/dsn.rs (write_dsn_text, the DSN text and subjects), outbound/lookup.rs and mod.rs (DNS error texts)',
    headers: { From: 'Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>', Subject: action === 'failed' ? 'Failed to deliver message' : 'Warning: Delay in message delivery' },
    body: [action === 'failed' ? 'Your message could not be delivered to the following recipients:' : 'There was a temporary problem delivering your message to the following recipients:', '', `<${rcpt}> ${line}`].join('\n'),
    status: ['Reporting-MTA: dns;mx.example.org', 'Arrival-Date: Fri, 27 Nov 2026 08:00:00 +0000', '', `Final-Recipient: rfc822;${rcpt}`, `Action: ${action}`, `Status: ${status}`, ...(diagnostic ? [`Diagnostic-Code: smtp;${diagnostic}`] : [])],
    recipients: [rcpt],
    reason,
  });
  return [
    sample('the domain does not exist, said only in the text', 'sa@nxdomain.example', "(failed to lookup 'nxdomain.example': Domain not found: NXDomain)", 'failed', '5.0.0', 'hostunknown'),
    sample('a domain with no MX record', 'sb@nomx.example', "(failed to lookup 'nomx.example': no MX record found.)", 'failed', '5.0.0', 'hostunknown'),
    sample('a null MX', 'sc@nullmx.example', "(failed to lookup 'nullmx.example': Domain does not accept messages (null MX))", 'failed', '5.0.0', 'notaccept'),
    sample('a refused connection, still being retried', 'sd@example.com', "(connection to 'mx.example.com' failed: Connection refused (os error 111))", 'delayed', '4.0.0', 'networkerror'),
    sample('the remote refusal of RCPT TO', 'se@example.com', "(host 'mx.example.com' rejected command 'RCPT TO:<se@example.com>' with code 550 (5.1.1) 'Mailbox does not exist')", 'failed', '5.1.1', 'userunknown', '550 Mailbox does not exist'),
  ];
}

/**
 * maddy's DSN (internal/dsn/dsn.go): "Delivery to x failed with error: ..." under an introduction that
 * guesses ("The usual cause of this problem is invalid recipient address or maintenance at the recipient
 * side"): that guess is no statement about this recipient. Errors of internal/target/remote.
 */
function maddySamples(): Sample[] {
  const sample = (name: string, rcpt: string, code: string, status: string, reason?: string, suppress?: boolean, type = 'smtp'): Sample => ({
    name: `maddy: ${name}`,
    source: 'foxcpp/maddy internal/dsn/dsn.go (failedText, writeHumanReadablePart), internal/target/remote/connect.go and remote.go (errors)',
    headers: { From: 'MAILER-DAEMON@mx.example.org', Subject: 'Undelivered Mail Returned to Sender', 'Auto-Submitted': 'auto-replied' },
    body: [
      'This is the mail delivery system at mx.example.org.', '',
      'Unfortunately, your message could not be delivered to one or more', 'recipients. The usual cause of this problem is invalid',
      'recipient address or maintenance at the recipient side.', '',
      'Contact the postmaster for further assistance, provide the Message ID (below):', '',
      'Message ID: 1f2e3d4c', 'Arrival: 2026-11-27 08:00:00 +0000 UTC', 'Last delivery attempt: 2026-11-27 08:00:05 +0000 UTC', '',
      `Delivery to ${rcpt} failed with error: ${code}`,
    ].join('\n'),
    status: ['Reporting-MTA: dns; mx.example.org', 'X-Maddy-MsgID: 1f2e3d4c', '', `Final-Recipient: rfc822; ${rcpt}`, 'Action: failed', `Status: ${status}`, `Diagnostic-Code: ${type}; ${code}`],
    recipients: [rcpt],
    ...(reason ? { reason } : {}),
    ...(suppress !== undefined ? { suppress } : {}),
  });
  return [
    sample('a null MX', 'ma@nullmx.example', '556 5.1.10 Domain does not accept email (null MX)', '5.1.10', 'notaccept'),
    sample('the MX lookup failed', 'mb@nxdomain.example', '554 5.4.4 MX lookup error', '5.4.4', 'hostunknown'),
    sample('a quarantined message refused by the sender\'s own server: the introduction\'s guess does not make the address invalid', 'mc@example.com', '550 5.7.0 Refusing to deliver a quarantined message', '5.7.0', undefined, false),
    // A Go error of its own (Diagnostic-Code type X-Maddy) that no rule reads: the introduction's guess
    // ("invalid recipient address") is no evidence about this recipient.
    sample('a connection that ended unexpectedly (X-Maddy; EOF): undetermined, not an invalid address', 'md@example.com', 'EOF', '5.0.0', 'onhold', false, 'X-Maddy'),
    sample('an internal error (X-Maddy): undetermined, not an invalid address', 'me@example.com', 'unexpected error', '5.0.0', 'onhold', false, 'X-Maddy'),
  ];
}

/**
 * python-slimta's bounce (slimta/bounce/__init__.py default_header_template): the text lists the failed
 * recipients after "Delivery failed for:" as "- x" lines and the reply after "Destination host
 * responded:"; its delivery-status part has no Final-Recipient at all, so the text names them.
 */
function slimtaSamples(): Sample[] {
  const sample = (name: string, rcpts: string[], reply: string, reason: string): Sample => ({
    name: `slimta: ${name}`,
    source: 'slimta/python-slimta slimta/bounce/__init__.py (default_header_template, _get_delivery_info)',
    headers: { From: 'MAILER-DAEMON', Subject: 'Undelivered Mail Returned to Sender', 'Auto-Submitted': 'auto-replied' },
    body: ['Delivery failed for:', `- ${rcpts.join('\n- ')}`, '', 'Destination host responded:', reply].join('\n'),
    status: ['Received-From-MTA: dns; client.example.org (192.0.2.10)', 'Remote-MTA: dns; mx.example.com', `Diagnostic-Code: smtp; ${reply}`],
    original: { From: SENDER, To: rcpts.join(', '), Subject: 'hello' },
    recipients: rcpts,
    reason,
  });
  return [
    sample('one recipient, no Final-Recipient in the report', ['la@example.com'], '550 5.1.1 <la@example.com>: Recipient address rejected: User unknown', 'userunknown'),
    sample('two recipients sharing the reply', ['lb@example.com', 'lc@example.com'], '552 5.2.2 Mailbox full', 'mailboxfull'),
  ];
}

/**
 * Postal's bounce for mail it could not hand to a route (app/models/bounce_message.rb): sent from the
 * route's own address ("Mail Delivery Service <route@domain>"), which is the failed recipient, named
 * again on the "Rcpt To:" line; "Mail from:" names the sender.
 */
function postalSamples(): Sample[] {
  return [
    {
      name: 'Postal: the failed route is the bounce\'s From and its "Rcpt To:" line',
      source: 'postalserver/postal app/models/bounce_message.rb (raw_message, body), app/models/route.rb (description)',
      headers: { From: 'Mail Delivery Service <support@example.net>', Subject: 'Mail Delivery Failed (hello)' },
      body: [
        'This is the mail delivery service responsible for delivering mail to support@example.net.', '',
        "The message you've sent cannot be delivered. Your original message is attached to this message.", '',
        'For further assistance please contact postmaster@example.net. Please include the details below to help us identify the issue.', '',
        'Message Token: a1b2c3@d4e5f6', 'Orginal Message ID: <m1@example.org>', `Mail from: ${SENDER}`, 'Rcpt To: support@example.net',
      ].join('\n'),
      original: { From: SENDER, To: 'Support <support@example.net>', Subject: 'hello' },
      recipients: ['support@example.net'],
    },
  ];
}

/**
 * Dovecot's rejections: a Sieve "reject" is an MDN whose Disposition is "automatic-action/MDN-sent-
 * automatically; deleted" (RFC 5429 2.1), with the script's own words as the reason; the delivery agent's
 * refusal for a mailbox over quota is a DSN with Status 5.2.2 and no Diagnostic-Code, the reason in the
 * text (quota_exceeded_message).
 */
function dovecotSamples(): Sample[] {
  const sample = (name: string, rcpt: string, reason: string, expected: string, mdn: boolean, suppress?: boolean): Sample => ({
    name: `Dovecot: ${name}`,
    source: 'dovecot/pigeonhole src/lib-sieve/sieve-actions.c (the reject action\'s MDN); dovecot/core src/lib-lda/mail-send.c (mail_send_rejection), lda-settings.c (rejection_subject, rejection_reason), plugins/quota/quota-settings.c (quota_exceeded_message); RFC 5429 2.1',
    headers: { From: 'Postmaster <postmaster@example.net>', Subject: mdn ? 'Automatically rejected mail' : 'Rejected: hello', 'Auto-Submitted': 'auto-replied (rejected)', Precedence: 'bulk' },
    body: [`Your message to <${rcpt}> was automatically rejected:`, reason].join('\n'),
    status: mdn
      ? ['Reporting-UA: mx.example.net; Dovecot Mail Delivery Agent', `Final-Recipient: rfc822; ${rcpt}`, 'Original-Message-ID: <m1@example.org>', 'Disposition: automatic-action/MDN-sent-automatically; deleted']
      : ['Reporting-MTA: dns; mx.example.net', `Final-Recipient: rfc822; ${rcpt}`, 'Action: failed', 'Status: 5.2.2'],
    ...(mdn ? { reportType: 'disposition-notification' } : {}),
    original: { From: SENDER, To: rcpt, Subject: 'hello', 'Message-ID': '<m1@example.org>' },
    recipients: [rcpt],
    reason: expected,
    ...(suppress !== undefined ? { suppress } : {}),
  });
  return [
    sample('a Sieve reject in the recipient\'s words, which name no server condition: the mailbox exists, its filter refused', 'dv@example.net', 'I am not accepting mail from you.', 'filtered', true, false),
    sample('a Sieve reject naming no cause', 'dw@example.net', 'Rejected by filter.', 'filtered', true, false),
    sample('the delivery agent\'s refusal for a mailbox over quota', 'dx@example.net', 'Quota exceeded (mailbox for user is full)', 'mailboxfull', false),
  ];
}

/**
 * Postfix's own delivery to a local mailbox (local(8), virtual(8)): the write error's strerror() says
 * the cause, and mbox_dsn() maps it (EDQUOT and EFBIG, the mailbox_size_limit: 5.2.2 mailbox full;
 * ENOSPC: 4.3.0 mail system full). The notice text alone, as Postfix words it under "The mail system".
 */
function postfixLocalSamples(): Sample[] {
  const sample = (name: string, rcpt: string, lines: string[], reason: string): Sample => ({
    name: `Postfix local delivery: ${name}`,
    source: 'vdukhovni/postfix postfix/src/local/mailbox.c ("cannot update mailbox %s for user %s."), global/mail_copy.c ("error writing message: %m"), global/mbox_open.c (mbox_dsn), local/maildir.c ("maildir delivery failed")',
    headers: { From: 'MAILER-DAEMON@mx.example.net (Mail Delivery System)', Subject: 'Undelivered Mail Returned to Sender' },
    body: ['This is the mail system at host mx.example.net.', '', "I'm sorry to have to inform you that your message could not", "be delivered to one or more recipients. It's attached below.", '', '                   The mail system', '', `<${rcpt}>: ${lines[0]}`, ...lines.slice(1)].join('\n'),
    recipients: [rcpt],
    reason,
  });
  return [
    sample('the mailbox file reached mailbox_size_limit (EFBIG, "File too large"): a full mailbox, not a message too large', 'pa@example.net', ['cannot update mailbox /var/mail/pa for user pa. error writing', '    message: File too large'], 'mailboxfull'),
    sample('the disk is full (ENOSPC): the receiving system is full', 'pb@example.net', ['cannot update mailbox /var/mail/pb for user pb. error writing', '    message: No space left on device'], 'systemfull'),
    sample('a maildir over its file system quota (EDQUOT)', 'pc@example.net', ['maildir delivery failed: error writing message: Disk quota exceeded'], 'mailboxfull'),
  ];
}

/**
 * masqmail's failure and delay notices (tpl/failmsg.tpl*, warnmsg.tpl*, filled by src/fail_msg.c: each failed
 * recipient on its own line as "\t<x>", then one error message for them all), in English and in its German,
 * French and Italian templates, which carry the English in parentheses or below. Each ends by naming the
 * postmaster to write to ("write to", "schreiben Sie an", "écrivez à", "scrivi a"), who is no recipient; the
 * delay notices say so in their own words.
 */
function masqmailSamples(): Sample[] {
  const sample = (lang: string, subject: string, lines: string[], rcpts: string[], reason: string, delayed = false): Sample => ({
    name: `masqmail ${delayed ? 'delay warning' : 'failure'} (${lang})`,
    source: `ossilator/masqmail tpl/${delayed ? 'warnmsg' : 'failmsg'}.tpl${lang === 'en' ? '' : `.${lang}`}, src/fail_msg.c (@failed_rcpts, \${err_msg})`,
    headers: { From: 'MAILER-DAEMON@mx.example.net', Subject: subject },
    body: lines.join('\n'),
    recipients: rcpts,
    reason,
    ...(delayed ? { actions: Object.fromEntries(rcpts.map((r) => [r, 'delayed'])) } : {}),
  });
  return [
    sample('en', 'Mail Delivery Failure Notice', [
      'This message was sent to you by the mailer daemon (masqmail 0.3.6)', 'at mx.example.net.', '',
      'Sorry, but your mail could not be delivered to all recipients.', 'Delivery to the following recipients failed permanently and has been given', 'up:', '',
      '\t<ma@example.com>', '', 'This error message may give you a hint about what caused the', 'failure:', '',
      '550 5.1.1 <ma@example.com>... User unknown', '', 'If you need help, write to <postmaster@mx.example.net>.', '', 'Your message follows attached, including all headers:',
    ], ['ma@example.com'], 'userunknown'),
    sample('de', 'Mail Delivery Failure Notice', [
      'Diese Nachricht wurde Ihnen von dem Mail Agenten', '(masqmail 0.3.6) auf mx.example.net geschickt.', '(This message was sent to you by the mailer daemon (masqmail 0.3.6)', 'at mx.example.net.)', '',
      'Bedauerlicherweise konnte Ihre Mail nicht an alle Empfänger weitergeleitet', 'werden.', '(Sorry, but your mail could not be delivered to all recipients.)', '',
      'Die Zustellung zu den folgenden Empfängern ist permanent', 'fehlgeschlagen. Es wird kein weiterer Versuch unternommen:', '(Delivery to the following recipients failed permanently and has been given', 'up:)', '',
      '\t<mb@example.com>', '\t<mc@example.com>', '', 'Diese Fehlermeldung könnte einen Hinweis über die Ursache geben:', '(This error message may give you a hint about what caused the', 'failure:)', '',
      '552 5.2.2 Mailbox full', '', 'Für weitere Hilfe, schreiben Sie an <postmaster@mx.example.net>.', '(If you need help, write to <postmaster@mx.example.net>.)',
    ], ['mb@example.com', 'mc@example.com'], 'mailboxfull'),
    sample('it', 'invio messaggio FALLITO / Mail Delivery Failure Notice', [
      "Questo messaggio ti e' stato spedito dal demone: ", ' (This message was sent to you by the mailer daemon:)', '(masqmail 0.3.6) @ mx.example.net:', '',
      "Spiacente ma non e' stato possibile spedire il tuo msg a tutti", "i destinatari. L'invio ai seguenti destinatari e' fallito in modo", "permanente e non verra' ritentato:", '',
      '\t<me@example.com>', '', "Il seguente msg d'errore potrebbe aiutarti a capire la causa ", "dell'errore:", '',
      '550 5.1.1 <me@example.com>... User unknown', '', 'In caso ti serva aiuto scrivi a <postmatster@mx.example.net>.', 'Il tuo msg segue in allegato.',
    ], ['me@example.com'], 'userunknown'),
    sample('fr', "Attention: impossible d'envoyer un message", [
      '[ENGLISH BELOW]', '', '------------------------------[ FRANCAIS ]------------------------------', '',
      'Ce message vous a été envoyé par le serveur de messagerie', '(masqmail 0.3.6) sur mx.example.net.', '',
      "J'ai le regret de vous informer que votre courrier n'a pas pu être transmis", "à tous ses destinataires. L'expédition vers les destinataires suivants a été", 'différée:', '',
      '\t<md@example.com>', '', "D'autres tentatives d'envoi vont être effectuées, jusqu'à ce que cela", 'réussisse ou dépasse une certaine limite dans le temps.', '',
      "Ce message d'erreur peut peut-être vous aider à déterminer l'origine du", 'délai:', '', '452 4.2.2 Mailbox full', '',
      "Si vous avez besoin d'aide, écrivez à <postmaster@mx.example.net>.",
    ], ['md@example.com'], 'mailboxfull', true),
    sample('de', 'Warning: could not yet send message', [
      'Diese Nachricht wurde Ihnen von dem Mail Agenten', '(masqmail 0.3.6) auf mx.example.net geschickt.', '',
      'Bedauerlicherweise konnte Ihre Mail noch nicht an alle Empfänger', 'zugestellt werden.', '(Sorry, but your mail could not yet be delivered to all recipients.)', '',
      'Die Mail konnte bis jetzt zu folgenden Empfängern nicht zugestellt werden:', '(Delivery to the following recipients has been defered:)', '',
      '\t<mf@example.com>', '', 'Die Zustellung wird weiterhin versucht, bis sie entweder erfolgreich', 'ist oder ein Zeitlimit eingetreten ist.', '',
      '451 4.4.1 Connection refused', '', 'Für weitere Hilfe, schreiben Sie an <postmaster@mx.example.net>.',
    ], ['mf@example.com'], 'networkerror', true),
    sample('it', 'Warning: could not yet send message', [
      "Questo messaggio ti e' stato spedito dal servente: ", 'masqmail 0.3.6) a mx.example.net.', '',
      "Spiacente ma non e' stato possibile spedire il tuo msg a tutti", "i destinatari. L'invio ai seguenti destinatari e' stato ritardato:", '',
      '\t<mg@example.com>', '', "La spedizione verra' ritentata, finche' ha successo o scade il ", 'tempo disponibile impostato.', '',
      '452 4.2.2 Mailbox full', '', 'In caso ti serva aiuto scrivi a:', '(If you need help, write to:)', '  <postmaster@mx.example.net>.',
    ], ['mg@example.com'], 'mailboxfull', true),
  ];
}

/**
 * GNU Mailman 2.1's moderator refusal in its translations (templates/<lang>/refuse.txt): the list is named
 * by its name only, so the failed recipient is the To of the returned post; the list administrator's
 * address stands on its own line below a request to write to it ("richten Sie bitte an den
 * Listenadministrator:", "doit être adressé à l'administrateur de la liste à l'adresse:", "se deberá dirigir
 * al administrador", "以下のリスト管理者宛にお願いします。"). The reader before did not take these for notices.
 */
function mailman2RefusalSamples(): Sample[] {
  const sample = (lang: string, lines: string[]): Sample => ({
    name: `Mailman 2.1 moderator refusal (${lang}): the list is the To of the returned post, the administrator below the request is no recipient`,
    source: `GNU Mailman 2.1 templates/${lang}/refuse.txt (jaredmauch/mailman2-python3), Mailman/ListAdmin.py (the notice and its attached post)`,
    headers: { From: 'talk-bounces@lists.example.org', Subject: 'Request to mailing list Talk rejected' },
    body: lines.join('\n'),
    original: { From: SENDER, To: 'talk@lists.example.org', Subject: 'hello' },
    recipients: ['talk@lists.example.org'],
  });
  return [
    sample('de', ["Ihre Anfrage an die Mailingliste Talk", "", "    Posting of your message titled \"hello\"", "", "wurde vom Listenmoderator mit folgender Begründung abgewiesen:", "", "\"Off topic.\"", "", "Fragen oder Kommentare richten Sie bitte an den Listenadministrator:", "", "    talk-owner@lists.example.org"]),
    sample('fr', ["Votre demande à la liste de diffusion Talk", "", "    Posting of your message titled \"hello\" ", "", "a été rejetée par le modérateur de la liste. Le modérateur a", "donné la justification suivante comme cause de ce rejet: ", "", "    \"Off topic.\" ", "", "Toute question ou commentaire doit être adressé à l'administrateur", "de la liste à l'adresse:", "", "    talk-owner@lists.example.org"]),
    sample('ja', ["Talk メーリングリストに送られた以下の申請は、", "リスト司会者により拒否されました。", "", "    Posting of your message titled \"hello\"", "", "司会者による拒否の理由は以下の通りです。", "", "\"Off topic.\"", "", "この件に関する質問コメントは以下のリスト管理者宛にお願いします。", "", "    talk-owner@lists.example.org"]),
    sample('es', ["Su petición a la lista de distribución Talk:", "", "    Posting of your message titled \"hello\"", "", "ha sido rechazada por el moderador dando la siguiente razón:", "", "\"Off topic.\"", "", "Cualquier pregunta o sugerencia se deberá dirigir al administrador de la", "lista en la siguiente dirección de correo:", "", "    talk-owner@lists.example.org"]),
  ];
}

/**
 * mlmmj's refusals of a list post (listtexts/en/*), sent from the list's +bounces-help address: the list address
 * on a line of its own, the poster's address (the bounce's To) too; the post attached.
 */
function mlmmjSamples(): Sample[] {
  const list = 'talk@lists.example.org';
  const intro = ['Hi, this is the mlmmj program managing the mailinglist', '', list, ''];
  const sample = (file: string, subject: string, lines: string[], reason: string): Sample => ({
    name: `mlmmj ${file}: the list is the failed recipient, the poster named in the text is not`,
    source: `neonkore/MLmmj listtexts/en/${file}`,
    headers: { From: 'talk+bounces-help@lists.example.org', Subject: subject },
    body: [...intro, ...lines].join('\n'),
    original: { From: SENDER, To: list, Subject: 'hello' },
    recipients: [list],
    reason,
  });
  return [
    sample('subonlypost', `${list} is a subscribers only list`, [
      'Your post with subject line', '', 'hello', '', 'came from the email address', '', SENDER, '',
      'but this address is not subscribed, and only subscribers may post to', 'the list.', '', '(The denied message is below.)',
    ], 'policyviolation'),
    sample('maxmailsize', `Post to ${list} denied due to size limit`, [
      "I'm sorry to inform you that your message could not be delivered to the", 'list. Your mail was rejected due to the size limit of 100000 bytes.', '', 'Thanks.',
    ], 'mesgtoobig'),
    sample('access', `Post to ${list} denied`, [
      "I'm sorry to inform you that your message with subject line", '', 'hello', '', 'could not be delivered to the list. Your mail was rejected because it', 'matched a rule set up by the list administrator.',
    ], 'onhold'),
  ];
}
