import fs from 'node:fs';
import readline from 'node:readline';
import { Presets, SingleBar } from 'cli-progress';
import Table from 'cli-table3';
import { Command, InvalidArgumentError, Option } from 'commander';
import { REASONS, type Reason } from '../classify/types';
import { SOURCES, type Source, type SuppressionEntry } from '../store/types';
import { csvHeader, encodeEntry, LineDecoder, parseExpiry, type Format } from '../suppress/io';
import type { Suppression } from '../suppress/open';
import { collectStats, ranked } from '../suppress/stats';
import { normaliseTarget } from '../util/address';
import { withSuppression } from './context';

const IMPORT_BATCH = 10_000;
const DAY_MS = 86_400_000;
// No colours: tables are read in logs and pipes as often as on terminals.
const PLAIN = { head: [], border: [] };

export function registerSuppressionCommand(program: Command): void {
  const suppression = program.command('suppression').description('Look after the suppression list in the configured store');
  registerList(suppression);
  registerAdd(suppression);
  registerRemove(suppression);
  registerImport(suppression);
  registerExport(suppression);
  registerStats(suppression);
  registerPurge(suppression);
}

const formatOption = (formats: string[], fallback: string) =>
  new Option('-f, --format <format>', 'output format').choices(formats).default(fallback);

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

function registerList(parent: Command): void {
  parent
    .command('list')
    .description('Print entries, in key order where the store keeps one')
    .option('-n, --limit <n>', 'at most this many entries', positiveInt, 100)
    .option('--domain <domain>', 'only this domain')
    .addOption(new Option('--reason <reason>', 'only this reason').choices(REASONS))
    .addOption(new Option('--source <source>', 'only this source').choices(SOURCES))
    .addOption(formatOption(['table', 'jsonl', 'csv'], 'table'))
    .action(async (opts: { limit: number; domain?: string; reason?: Reason; source?: Source; format: string }, cmd: Command) =>
      withSuppression(cmd, { writes: false }, async ({ store }) => {
        const domain = opts.domain ? normaliseTarget(`@${opts.domain.replace(/^@/, '')}`).domain : undefined;
        const entries: SuppressionEntry[] = [];
        for await (const e of store.scan({ domain, reason: opts.reason, source: opts.source })) {
          entries.push(e);
          if (entries.length >= opts.limit) break;
        }
        if (opts.format === 'table') printEntryTable(entries);
        else writeEntries(entries, opts.format as Format);
      }),
    );
}

function printEntryTable(entries: SuppressionEntry[]): void {
  const table = new Table({ head: ['address', 'reason', 'bounce', 'source', 'code', 'count', 'last seen', 'expires'], style: PLAIN });
  const day = (t: number | null) => (t === null ? 'never' : new Date(t).toISOString().slice(0, 16).replace('T', ' '));
  for (const e of entries) {
    table.push([e.key, e.reason, e.bounce, e.source, e.enhanced ?? e.code ?? '', e.count, day(e.lastSeen), day(e.expiresAt)]);
  }
  console.log(table.toString());
  console.log(`${entries.length} entries shown`);
}

function writeEntries(entries: SuppressionEntry[], format: Format): void {
  if (format === 'csv') console.log(csvHeader());
  for (const e of entries) console.log(encodeEntry(e, format));
}

function registerAdd(parent: Command): void {
  parent
    .command('add <address>')
    .description('Suppress an address, or a whole domain given as @domain (source: manual)')
    .addOption(new Option('-r, --reason <reason>', 'why').choices(REASONS).makeOptionMandatory())
    .option('-e, --expires <when>', 'a duration (30d, 12h, 2w), an ISO date, or never', 'never')
    .addOption(new Option('--bounce <kind>', 'bounce kind').choices(['hard', 'soft']).default('hard'))
    .action(async (address: string, opts: { reason: Reason; expires: string; bounce: 'hard' | 'soft' }, cmd: Command) =>
      withSuppression(cmd, { writes: true }, async ({ store, config }) => {
        const now = Date.now();
        const key = normaliseTarget(address, { caseSensitiveLocalPart: config.caseSensitiveLocalPart }).key;
        const entry = await store.put({
          key, reason: opts.reason, bounce: opts.bounce, source: 'manual', code: null, enhanced: null, reply: null,
          provider: null, firstSeen: now, lastSeen: now, count: 1, expiresAt: parseExpiry(opts.expires, now),
        });
        console.log(`suppressed ${entry.key} (${entry.reason}, ${entry.source}, ${expiryText(entry.expiresAt)})`);
      }),
    );
}

function registerRemove(parent: Command): void {
  parent
    .command('remove <address>')
    .description('Take an address (or @domain) off the list; exit status 1 when it was not on it')
    .action(async (address: string, _opts: unknown, cmd: Command) =>
      withSuppression(cmd, { writes: true }, async ({ store, config }) => {
        const key = normaliseTarget(address, { caseSensitiveLocalPart: config.caseSensitiveLocalPart }).key;
        const removed = await store.remove(key);
        console.log(removed ? `removed ${key}` : `${key} is not on the list`);
        if (!removed) process.exitCode = 1;
      }),
    );
}

function registerImport(parent: Command): void {
  parent
    .command('import <file>')
    .description('Add entries from a CSV or JSON Lines file (- for stdin); bad lines are reported and skipped')
    .addOption(formatOption(['csv', 'jsonl'], 'csv'))
    .action(async (file: string, opts: { format: Format }, cmd: Command) =>
      withSuppression(cmd, { writes: true }, async (ctx) => {
        const { imported, bad } = await importFile(ctx, file, opts.format);
        console.log(`imported ${imported} entries, ${bad} bad lines`);
        if (bad > 0) process.exitCode = 1;
      }),
    );
}

async function importFile(ctx: Suppression, file: string, format: Format): Promise<{ imported: number; bad: number }> {
  const input = file === '-' ? process.stdin : fs.createReadStream(file);
  const decoder = new LineDecoder(format, { now: Date.now(), caseSensitiveLocalPart: ctx.config.caseSensitiveLocalPart });
  const bar = progressBar(file);
  let batch: SuppressionEntry[] = [];
  let imported = 0;
  let bad = 0;
  let lineNo = 0;
  for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
    lineNo += 1;
    const decoded = decoder.decode(line);
    if (decoded && 'error' in decoded) {
      bad += 1;
      process.stderr.write(`line ${lineNo}: ${decoded.error}\n`);
    } else if (decoded) batch.push(decoded.entry);
    if (batch.length >= IMPORT_BATCH) {
      imported += await ctx.store.importMany(batch);
      batch = [];
      bar?.update((input as fs.ReadStream).bytesRead);
    }
  }
  if (batch.length > 0) imported += await ctx.store.importMany(batch);
  bar?.update(bar.getTotal());
  bar?.stop();
  return { imported, bad };
}

/** Only for a file on a terminal: pipes and logs get the summary line alone. */
function progressBar(file: string): SingleBar | null {
  if (!process.stdout.isTTY || file === '-') return null;
  const bar = new SingleBar({ format: 'importing [{bar}] {percentage}% | {eta_formatted} left', etaBuffer: 20 }, Presets.shades_classic);
  bar.start(fs.statSync(file).size, 0);
  return bar;
}

function registerExport(parent: Command): void {
  parent
    .command('export')
    .description('Write every entry to stdout')
    .addOption(formatOption(['csv', 'jsonl'], 'jsonl'))
    .action(async (opts: { format: Format }, cmd: Command) =>
      withSuppression(cmd, { writes: false }, async ({ store }) => {
        if (opts.format === 'csv') await writeLine(csvHeader());
        for await (const e of store.scan()) await writeLine(encodeEntry(e, opts.format));
      }),
    );
}

/** Honours back-pressure so exporting millions of entries to a slow pipe does not buffer them all. */
function writeLine(line: string): Promise<void> | void {
  if (process.stdout.write(`${line}\n`)) return;
  return new Promise((resolve) => process.stdout.once('drain', resolve));
}

function registerStats(parent: Command): void {
  parent
    .command('stats')
    .description('Tables of entries by reason, bounce kind, source, domain, and entries expiring soon')
    .option('--soon <days>', 'what "expiring soon" means, in days', positiveInt, 7)
    .option('--top <n>', 'domains to show', positiveInt, 10)
    .action(async (opts: { soon: number; top: number }, cmd: Command) =>
      withSuppression(cmd, { writes: false }, async ({ store }) => {
        const stats = await collectStats(store.scan(), Date.now(), opts.soon * DAY_MS);
        console.log(`${stats.total} entries (${stats.permanent} permanent)`);
        printCounts('reason', ranked(stats.byReason));
        printCounts('bounce', ranked(stats.byBounce));
        printCounts('source', ranked(stats.bySource));
        printCounts(`domain (top ${opts.top})`, ranked(stats.byDomain, opts.top));
        printCounts(`expiring within ${opts.soon} days`, [...stats.expiringSoon].sort());
      }),
    );
}

function printCounts(title: string, rows: [string, number][]): void {
  const table = new Table({ head: [title, 'entries'], style: PLAIN });
  for (const row of rows) table.push(row);
  console.log(table.toString());
}

export function expiryText(expiresAt: number | null): string {
  return expiresAt === null ? 'permanent' : `expires ${new Date(expiresAt).toISOString()}`;
}

function registerPurge(parent: Command): void {
  parent
    .command('purge')
    .description('Delete expired entries and state, and soft bounces older than the escalation window (for cron; Redis expires by itself)')
    .action(async (_opts: unknown, cmd: Command) =>
      withSuppression(cmd, { writes: true }, async ({ store, config }) => {
        const { entries, softBounces, states } = await store.purge(config.escalateWindowMs);
        const days = config.escalateWindowMs / DAY_MS;
        console.log(`purged ${entries} expired entries, ${softBounces} soft bounces older than ${days} days, ${states} expired state records`);
      }),
    );
}
