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
  /** Or a message/delivery-status part with these fields (a multipart/report). */
  status?: string[];
  recipients: string[];
  reason?: string;
}

const SENDER = 'sender@example.org';

function message(s: Sample): string {
  const head = (h: Record<string, string>) => Object.entries(h).map(([k, v]) => `${k}: ${v}`).join('\n');
  const base = { To: SENDER, ...s.headers };
  if (s.status) {
    return [
      head({ ...base, 'MIME-Version': '1.0', 'Content-Type': 'multipart/report; report-type=delivery-status; boundary="b1"' }),
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      s.body,
      '--b1',
      'Content-Type: message/delivery-status',
      '',
      ...s.status,
      '',
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
];

describe('notice formats from their sources', () => {
  it.each(SAMPLES.map((s) => [s.name, s] as const))('%s', (_name, sample) => {
    const report = parseBounce(message(sample));
    expect(report.kind, sample.source).toBe('dsn');
    expect(report.recipients.map((r) => r.recipient).sort()).toEqual([...sample.recipients].sort());
    if (sample.reason) for (const r of report.recipients) expect(r.reason, r.diagnostic ?? '').toBe(sample.reason);
    // A warning that delivery goes on is never a hard bounce.
    if (/warning only|will continue/i.test(sample.body)) for (const r of report.recipients) expect(r).toMatchObject({ action: 'delayed', bounce: 'soft' });
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
