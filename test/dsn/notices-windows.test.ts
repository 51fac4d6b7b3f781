import { WINDOWS_BUILDERS } from '../../bench/lib/notices-windows';
import { noticeSuite } from './notice-suite';

/**
 * The cited replies of docs/vocabulary inside the notices of mail servers for Windows, groupware,
 * gateways and sending services (bench/lib/notices-windows.ts: hMailServer, Domino, Messaging Server,
 * IMail, Apache James (its AbstractNotify, DSNBounce and RemoteDelivery notices), Exchange 2007 in English and French, Amazon SES and WorkMail, SendGrid, PowerMTA,
 * MXLogic, McAfee, MessageLabs, InterScan MSS, MailMarshal, IronPort, MDaemon, SmarterMail): the report must find
 * the recipient and say of it what the classifier says of the bare reply. The rows below do not in some
 * notices, for the reason named; the test fails when one of them holds in every notice (take it off) and
 * when the number of changed emails grows. `npm run bench:dsn-variants -- --windows --misses` lists them.
 */
const KNOWN: Record<string, string[]> = {
  'the row stops where a DNSBL\'s name goes ("listed at"): with the words a notice writes after it, it reads as the blocklisting it is (test/dsn/notice-variants.test.ts knows the same rows)': [
    'mta.tsv:165', 'gateways-lang.tsv:221',
  ],
  'a 5.7.x reply with "no such user" words: the report takes its policy status over the words unless the notice names RCPT TO (context.ts byEvidence; test/dsn/notice-variants.test.ts knows the same rows)': [
    'mta.tsv:205', 'providers.tsv:51', 'providers.tsv:330', 'gateways-lang.tsv:36', 'gateways-lang.tsv:153',
  ],
  'qmail\'s "5.2.2 file too large" is a full mailbox where the status leads, a size refusal where the notice\'s words come first (test/dsn/notice-variants.test.ts knows the same row)': [
    'mta.tsv:53',
  ],
  'the bare reply says only that something "does not exist"; a notice that writes it under the recipient\'s address (Messaging Server\'s "Recipient address:", MailMarshal\'s "The following recipients were affected") says what: the recipient': [
    'providers.tsv:422', 'gateways-lang.tsv:151',
  ],
};
// Emails that change what the bare reply says may only fall: main's parser before the fixes for these layouts changed 2,774 of the first 21 builders' 32,856.
noticeSuite({ title: 'the cited vocabulary inside the notices of Windows mail servers, groupware, gateways and sending services', builders: WINDOWS_BUILDERS, known: KNOWN, ceiling: 124 });
