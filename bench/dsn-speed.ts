/**
 * Parsing speed: every corpus email is loaded into memory first, then parsed in a loop for at
 * least the given number of seconds (default 5) in this one process.
 *   node dist/bench/dsn-speed.js [seconds]
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseBounce } from '../src/dsn';
import { corpusDir } from './dsn-corpus';

function main(): void {
  const seconds = Number(process.argv[2] ?? 5) || 5;
  const dir = path.join(corpusDir(__dirname), 'sisimai', 'emails', 'maildir', 'bsd');
  const emails = fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).map((f) => fs.readFileSync(path.join(dir, f)));
  const bytes = emails.reduce((n, b) => n + b.length, 0);
  for (const e of emails) parseBounce(e); // warm up: compile rules and regexes
  let parsed = 0;
  let recipients = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < seconds) {
    for (const e of emails) recipients += parseBounce(e).recipients.length;
    parsed += emails.length;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  const rate = parsed / elapsed;
  console.log(`${emails.length} emails (${(bytes / 1024).toFixed(0)} KiB) parsed ${parsed} times in ${elapsed.toFixed(2)} s`);
  console.log(`${Math.round(rate)} emails/s, ${((rate * bytes) / emails.length / 1024 / 1024).toFixed(1)} MiB/s, ${recipients} recipients`);
}

main();
