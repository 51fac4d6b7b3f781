/**
 * Parsing speed: every corpus email is loaded into memory first, then parsed in a loop for at
 * least the given number of seconds (default 5) in this one process. With --compare, the same
 * emails are then only MIME-parsed by postal-mime, the library the MIME reader was measured against.
 *   node dist/bench/dsn-speed.js [seconds] [--compare]
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseBounce } from '../src/dsn';
import { corpusDir } from './lib/corpus';

/** Runs `parse` over every email for `seconds`; emails a second. */
async function rateOf(emails: Buffer[], seconds: number, parse: (e: Buffer) => unknown): Promise<{ parsed: number; elapsed: number }> {
  const run = async (e: Buffer) => {
    const r = parse(e);
    if (r instanceof Promise) await r; // only postal-mime is asynchronous: no await for ours
  };
  for (const e of emails) await run(e); // warm up: compile rules and regexes
  let parsed = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < seconds) {
    for (const e of emails) await run(e);
    parsed += emails.length;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return { parsed, elapsed };
}

async function main(): Promise<void> {
  const seconds = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 5) || 5;
  const dir = path.join(corpusDir(), 'sisimai', 'emails', 'maildir', 'bsd');
  const emails = fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).map((f) => fs.readFileSync(path.join(dir, f)));
  const bytes = emails.reduce((n, b) => n + b.length, 0);
  let recipients = 0;
  const { parsed, elapsed } = await rateOf(emails, seconds, (e) => { recipients += parseBounce(e).recipients.length; });
  const rate = parsed / elapsed;
  console.log(`${emails.length} emails (${(bytes / 1024).toFixed(0)} KiB) parsed ${parsed} times in ${elapsed.toFixed(2)} s`);
  console.log(`${Math.round(rate)} emails/s, ${((rate * bytes) / emails.length / 1024 / 1024).toFixed(1)} MiB/s, ${recipients} recipients`);
  if (process.argv.includes('--compare')) {
    const { default: PostalMime } = await import('postal-mime');
    const other = await rateOf(emails, seconds, (e) => PostalMime.parse(e));
    console.log(`postal-mime, MIME parsing only: ${Math.round(other.parsed / other.elapsed)} emails/s`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
