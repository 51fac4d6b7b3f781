/**
 * The attacks of issue 13, timed at the sizes the issue names: `npm run bench:hostile`. Each line is
 * the fastest of five runs, in milliseconds of this process's CPU time.
 */
import { classify } from '../src/classify';
import { parseBounce } from '../src/dsn';

const headed = (headers: string, body: string) => `From: MAILER-DAEMON@mx.example\r\nSubject: Undelivered Mail\r\n${headers}\r\n${body}`;

function cpuMs(fn: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const start = process.cpuUsage();
    fn();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

const attacks: Array<[string, () => unknown]> = [
  ['parse-dsn, 128 KB of blank lines', () => parseBounce(headed('', '\n'.repeat(128 * 1024)))],
  ['parse-dsn, 1 MB of blank lines', () => parseBounce(headed('', '\n'.repeat(1024 * 1024)))],
  ['parse-dsn, 64 KB Content-Type parameter', () => parseBounce(headed(`Content-Type: multipart/report; ${'a'.repeat(64 * 1024)}\r\n`, 'x'))],
  ['parse-dsn, 128 KB Content-Type parameter', () => parseBounce(headed(`Content-Type: multipart/report; ${'a'.repeat(128 * 1024)}\r\n`, 'x'))],
  ['parse-dsn, 1 MB of "<a" (HTML notice)', () => parseBounce(headed('Content-Type: text/html\r\n', '<a'.repeat(512 * 1024)))],
  ['parse-dsn, 2 MB of "<a" (HTML notice)', () => parseBounce(headed('Content-Type: text/html\r\n', '<a'.repeat(1024 * 1024)))],
];
const forward = (i: number) => `551 5.1.6 User not local; please try <a@${'.'.repeat(4000)} ${i}`;
const plain = (i: number) => `551 5.1.6 User not local; please try <someone@example.net> ${'x'.repeat(3960)} ${i}`;
const replies = (make: (i: number) => string) => Array.from({ length: 200 }, (_, i) => make(i));
attacks.push(
  ['classify, 200 forwarding-address attacks (4 KB "<a@....")', () => replies(forward).forEach((r) => classify(r))],
  ['classify, 200 plain 551 replies of the same length', () => replies(plain).forEach((r) => classify(r))],
);

for (const [name, fn] of attacks) console.log(`${name.padEnd(62)} ${cpuMs(fn).toFixed(1).padStart(8)} ms`);
