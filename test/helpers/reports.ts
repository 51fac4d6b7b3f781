/** Bounce, complaint and auto-reply messages as remote servers write them, for the inbound tests. */

const CRLF = (s: string) => s.replace(/\r?\n/g, '\r\n');

/** An RFC 3464 DSN from the recipient's MX about `failed`, quoting the original's headers. */
export function dsn(opts: { to: string; failed: string; messageId: string; from?: string; status?: string; diagnostic?: string }): string {
  const status = opts.status ?? '5.1.1';
  return CRLF(`From: Mail Delivery System <MAILER-DAEMON@mx.dest.example>
To: <${opts.to}>
Subject: Undelivered Mail Returned to Sender
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

This is the mail system at host mx.dest.example. Your message could not be delivered.

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.dest.example

Final-Recipient: rfc822; ${opts.failed}
Action: failed
Status: ${status}
Diagnostic-Code: smtp; ${opts.diagnostic ?? `550 ${status} <${opts.failed}>: Recipient address rejected: User unknown in local recipient table`}

--b1
Content-Type: text/rfc822-headers

From: ${opts.from ?? 'sender@haraka.test'}
To: ${opts.failed}
Subject: hello
Message-ID: ${opts.messageId}

--b1--
`);
}

/** An RFC 5965 abuse report about the message `messageId`, by `complainant`. */
export function arf(opts: { to: string; complainant: string; messageId: string }): string {
  return CRLF(`From: Feedback Loop <fbl@provider.example>
To: <${opts.to}>
Subject: Abuse report
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="b2"

--b2
Content-Type: text/plain

This is an email abuse report for an email message received from IP 192.0.2.1.

--b2
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: ProviderFBL/1.0
Version: 1
Original-Rcpt-To: <${opts.complainant}>
Arrival-Date: Fri, 27 Nov 2026 05:00:00 +0000

--b2
Content-Type: message/rfc822

From: sender@haraka.test
To: ${opts.complainant}
Subject: hello
Message-ID: ${opts.messageId}

hello
--b2--
`);
}

/** An RFC 3834 out-of-office reply from `from`. */
export function autoReply(opts: { to: string; from: string }): string {
  return CRLF(`From: <${opts.from}>
To: <${opts.to}>
Subject: Out of office: hello
Auto-Submitted: auto-replied

I am away until Monday and will read your message then.
`);
}
