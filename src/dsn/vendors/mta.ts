/**
 * Which MTA or provider wrote a bounce, from the phrases and headers each one uses. Purely
 * informative (reported as `mta`): the readers do not depend on it. Phrases are taken from the
 * notices themselves, as the samples in the corpus show them.
 */
import { header, type Part } from '../mime';

type Test = (from: string, head: string, root: Part) => boolean;

const has = (phrase: string): Test => (_f, head) => head.includes(phrase);
const from = (re: RegExp): Test => (f) => re.test(f);
const hdr = (name: string): Test => (_f, _h, root) => header(root.headers, name) !== undefined;

/** First match wins: providers before the MTA software they run. */
const SIGNATURES: [string, Test][] = [
  ['amazon-ses', from(/amazonses\.com|sns\.amazonaws\.com/i)],
  ['google', from(/mailer-daemon@google(?:mail)?\.com/i)],
  ['yahoo', from(/@yahoo(?:-inc)?\.com/i)],
  ['mailru', from(/@(?:corp\.)?mail\.ru/i)],
  ['zoho', from(/@mail\.zoho\.com/i)],
  ['microsoft', (f, head) => head.includes('Delivery has failed to these recipients') || /outlook\.com|hotmail\.com/i.test(f)],
  ['exchange', has('did not reach the following recipient')],
  ['postfix', (f, head, root) => head.includes('This is the mail system at host') || hdr('x-postfix-queue-id')(f, head, root)],
  ['qmail', has('This is the qmail-send program')],
  ['courier', has('Courier mail server')],
  ['dragonfly', has('DragonFly Mail Agent')],
  ['opensmtpd', has('This is the MAILER-DAEMON, please DO NOT REPLY')],
  ['messaging-server', has('This report relates to a message you sent')],
  ['domino', (_f, head) => head.includes('Domino') || head.includes('Lotus')],
  ['exim', (f, head, root) => hdr('x-failed-recipients')(f, head, root) || head.includes('This message was created automatically by mail delivery software')],
  ['sendmail', (_f, head) => head.includes('Transcript of session follows') || head.includes('The original message was received at')],
];

export function recogniseMta(root: Part, notice: string): string | null {
  const f = header(root.headers, 'from') ?? '';
  const head = notice.slice(0, 4096);
  for (const [name, test] of SIGNATURES) if (test(f, head, root)) return name;
  return null;
}
