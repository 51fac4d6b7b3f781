import { describe, expect, it } from 'vitest';
import { classify, type Outcome } from '../../src/classify';
import { parseBounce } from '../../src/dsn';

/**
 * The sending MTA's own words for why delivery failed, with no remote reply to quote (issue 10,
 * round 6): transport failures, DNS, queue lifetime, local delivery programs. Each line names the
 * source file the words come from (docs/vocabulary/mta.tsv rows cite file and line). Read bare, as
 * a reply would be, and inside a plain notice. Only a domain said not to exist suppresses (the
 * project's rule for a dead domain); every transient failure stays unsuppressed.
 */
const OWN_WORDS: Array<[string, string, Outcome['reason'], Outcome['bounce']]> = [
  // networkerror: transient by nature (RFC 3463 X.4.x), soft
  ['Postfix smtp_trouble.c', 'lost connection with mx.example.net[192.0.2.1] while sending RCPT TO', 'networkerror', 'soft'],
  ['Postfix smtp_connect.c', 'server unavailable or unable to receive mail', 'networkerror', 'soft'],
  ['Postfix qmgr_deliver.c + smtp_connect.c', 'delivery temporarily suspended: connect to mx.example.net[192.0.2.1]:25: Connection refused', 'networkerror', 'soft'],
  ['Postfix smtp_addr.c', 'mail for example.net loops back to myself', 'networkerror', 'soft'],
  ['Postfix local/recipient.c', 'recipient nesting limit exceeded', 'networkerror', 'soft'],
  ['Postfix smtp_proto.c TLS handshake', 'Cannot start TLS: handshake failure', 'networkerror', 'soft'],
  ['Postfix smtp_proto.c certificate', 'Server certificate not verified', 'networkerror', 'soft'],
  ['Exim transports/smtp.c timeout', 'SMTP timeout after RCPT TO:<rcpt@example.net>', 'networkerror', 'soft'],
  ['Exim transports/smtp.c closed', 'Remote host closed connection in response to RCPT TO:<rcpt@example.net>', 'networkerror', 'soft'],
  ['Exim transports/smtp.c TLS', 'a TLS session is required, but an attempt to start TLS failed', 'networkerror', 'soft'],
  ['Sendmail err.c', 'Host mx.example.net is down', 'networkerror', 'soft'],
  ['Sendmail util.c', 'timeout waiting for input from mx.example.net during client RCPT', 'networkerror', 'soft'],
  ['Sendmail deliver.c', '454 TLS session initiation failed', 'networkerror', 'soft'],
  ['qmail-remote.c', 'Connected to 192.0.2.1 but greeting failed.', 'networkerror', 'soft'],
  ['OpenSMTPD mta_session.c', 'Connection closed unexpectedly', 'networkerror', 'soft'],
  ['OpenSMTPD mta.c', 'No valid route to remote MX', 'networkerror', 'soft'],
  ['Courier libesmtp.C', 'Network connection shut down by the remote mail server', 'networkerror', 'soft'],
  ['Haraka hmail.js certificate', 'Host failed TLS verification required by configuration.', 'networkerror', 'soft'],
  ['Exim rf_self_action.c', 'lowest numbered MX record points to local host', 'networkerror', 'soft'],
  ['Exim deliver.c', 'retry time not reached', 'networkerror', 'soft'],
  ['Stalwart queue/dsn.rs', "(connection to 'mx.example.net' failed: Timeout while connecting)", 'networkerror', 'soft'],
  ['Stalwart queue/dsn.rs TLS', "(TLS error from 'mx.example.net': invalid peer certificate: UnknownIssuer)", 'networkerror', 'soft'],
  ['Go net timeout', 'dial tcp 192.0.2.1:25: i/o timeout', 'networkerror', 'soft'],
  ['Go crypto/x509', 'tls: failed to verify certificate: x509: certificate signed by unknown authority', 'networkerror', 'soft'],
  ['hMailServer SMTPClientConnection.cpp', 'Error Type: SMTP Connection to recipients server failed. Error: ', 'networkerror', 'soft'],
  ['hMailServer ExternalDelivery.cpp, our own relay', 'The host specified as SMTP relay server could not be found. Please contact your server administrator.', 'networkerror', 'soft'],
  // hostunknown: a dead domain is hard, a resolver failure for now is soft
  ['Apache James MailDelivrer.java, no DNS entries', 'There are no DNS entries for the hostname example.net.  I cannot determine where to send this message.', 'hostunknown', 'hard'],
  ['Apache James MailDelivrer.java, DNS for now', 'Temporary problem looking up mail server for host: example.net.  I cannot determine where to send this message.', 'hostunknown', 'soft'],
  ['Go resolver NXDOMAIN (chasquid, maddy, mox)', 'lookup example.net on 127.0.0.53:53: no such host', 'hostunknown', 'hard'],
  ['Go resolver SERVFAIL', 'lookup example.net on 127.0.0.53:53: server misbehaving', 'hostunknown', 'soft'],
  ['Stalwart queue/dsn.rs DNS', "(failed to lookup 'example.net': record not found)", 'hostunknown', 'soft'],
  ['Exim transports/smtp.c, every host unresolvable', "all host address lookups for 'example.net' failed permanently", 'hostunknown', 'hard'],
  ['Exim transports/smtp.c, DNS for now', "all host address lookups for 'example.net' failed temporarily", 'hostunknown', 'soft'],
  ['Postfix smtp_addr.c, no such host', 'unable to look up host example.net: Name or service not known', 'hostunknown', 'hard'],
  ['Postfix smtp_addr.c, EAI_AGAIN', 'unable to look up host example.net: Temporary failure in name resolution', 'hostunknown', 'soft'],
  ['Sendmail daemon.c', 'Name server timeout', 'hostunknown', 'soft'],
  ['OpenSMTPD mta.c', 'No MX found for destination', 'hostunknown', 'soft'],
  ['Courier libesmtp.C', "This domain's DNS violates RFC 1035.", 'hostunknown', 'hard'],
  // expired: the queue lifetime, soft
  ['Sendmail envelope.c', 'Cannot send message for 5 days', 'expired', 'soft'],
  ['Sendmail envelope.c warning', 'Warning: could not send message for past 4 hours', 'expired', 'soft'],
  ['Haraka hmail.js, gave up after its retries', 'Too many failures (Tried all MXs)', 'expired', 'soft'],
  ['Apache James DeliveryRunnable.java', 'Too many retries failure. Bouncing after 5 retries.', 'expired', 'soft'],
  // mailererror: the local delivery program failed
  ['Postfix pipe_command.c', 'Command died with status 75: "/usr/local/bin/maildrop"', 'mailererror', 'soft'],
  ['Postfix pipe_command.c, not a queue lifetime', 'Command time limit exceeded: "/usr/bin/procmail"', 'mailererror', 'soft'],
  ['Exim transports/pipe.c', 'Child process of address_pipe transport returned 1 from command: /usr/bin/foo', 'mailererror', 'soft'],
  ['Exim transports/pipe.c timeout', 'pipe delivery process timed out', 'mailererror', 'soft'],
  // systemerror: a mail system's own fault
  ['Postfix smtp_connect.c', 'Server configuration error', 'systemerror', 'soft'],
  ['Postfix local/mailbox.c', 'table lookup failure', 'systemerror', 'soft'],
  ['Postfix local/recipient.c', 'cannot access home directory /home/rcpt: Permission denied', 'systemerror', 'soft'],
  ['Postfix smtp_connect.c, not a disabled account', 'all network protocols are disabled', 'systemerror', 'soft'],
  ['Postfix smtp_addr.c backup MX', 'unable to find primary relay for example.net', 'networkerror', 'soft'],
  ['Postfix dns_strerror.c NO_DATA', 'Name service error for name=mx.example.net type=A: Host found but no data record of requested type', 'hostunknown', 'hard'],
];

const notice = (diagnostic: string) => [
  'From: MAILER-DAEMON@mx.example.org', 'To: sender@example.com', 'Subject: Undelivered Mail Returned to Sender',
  'Content-Type: text/plain', '', 'This is the mail system at host mx.example.org.', '',
  "I'm sorry to have to inform you that your message could not be delivered to one or more recipients.", '',
  `<rcpt@example.net>: ${diagnostic}`, '',
].join('\n');

describe('the MTA\'s own words for a failed delivery', () => {
  for (const [where, text, reason, bounce] of OWN_WORDS) {
    const suppress = reason === 'hostunknown' && bounce === 'hard';
    it(`${where}: ${text}`, () => {
      const bare = classify({ reply: text });
      expect({ reason: bare.reason, bounce: bare.bounce, suppress: bare.suppress }).toEqual({ reason, bounce, suppress });
      const [r] = parseBounce(notice(text)).recipients;
      expect({ reason: r.reason, bounce: r.bounce, suppress: r.suppress }).toEqual({ reason, bounce, suppress });
    });
  }

  it('reads the sending Exim\'s own connection limit as no throttling', () => {
    // Exim transports/smtp.c:6515 (serialize_hosts): the sender's limit, not the destination's request
    expect(classify({ reply: "connection limit reached for all hosts for 'example.net'" })).toMatchObject({ reason: 'networkerror', throttle: false, suppress: false });
  });

  it('reads a held destination by the reason after it, never as a suspended account', () => {
    expect(classify({ reply: '550 delivery temporarily suspended: lost connection with mx.example.net[192.0.2.1] while sending end of data' }))
      .toMatchObject({ reason: 'networkerror', suppress: false });
    // an account suspended is still one
    expect(classify({ reply: '550 5.2.1 Account suspended' }).reason).toBe('suspend');
  });
});
