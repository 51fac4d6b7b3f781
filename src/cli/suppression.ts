import fs from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { REASONS, type Reason } from '../classify/types';
import { SOURCES, type ScanFilter, type Source, type SuppressionEntry } from '../store/types';
import type { Format } from '../suppress/format';
import type { Suppression } from '../suppress/open';
import { withSuppression } from './context';
import { expiryText, out } from './output';

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

const formatOption = (what: string, formats: string[], fallback: string) =>
  new Option('-f, --format <format>', what).choices(formats).default(fallback);

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

interface ListOptions {
  limit: number;
  after?: string;
  since?: number;
  until?: number;
  search?: string;
  domain?: string;
  reason?: Reason;
  source?: Source;
  format: string;
}

function registerList(parent: Command): void {
  parent
    .command('list')
    .description('Print entries in key order, a page at a time, with the total that match')
    .option('-n, --limit <n>', 'at most this many entries', positiveInt, 100)
    .option('--after <key>', 'the page after this key (the last one of the previous page)')
    .option('--since <when>', 'last seen at or after: a date or time, or a duration ago (7d)')
    .option('--until <when>', 'last seen before: a date or time, or a duration ago')
    .option('-s, --search <text>', 'only keys containing this text (any case)')
    .option('--domain <domain>', 'only this domain')
    .addOption(new Option('--reason <reason>', 'only this reason').choices(REASONS))
    .addOption(new Option('--source <source>', 'only this source').choices(SOURCES))
    .addOption(formatOption('output format', ['table', 'jsonl', 'csv'], 'table'))
    .action(async (opts: ListOptions & { since?: string; until?: string }, cmd: Command) => {
      const { parsePast } = await import('../util/time');
      const when = (v: string | undefined, name: string) => {
        if (v === undefined) return undefined;
        try {
          return parsePast(v, Date.now());
        } catch (err) {
          return cmd.error(`error: option '--${name}': ${(err as Error).message}`, { exitCode: 2 });
        }
      };
      const filter = { since: when(opts.since, 'since'), until: when(opts.until, 'until') };
      await withSuppression(cmd, { writes: false }, (ctx) => list(ctx, { ...opts, ...filter }));
    });
}

async function list(ctx: Suppression, opts: ListOptions): Promise<void> {
  let domain: string | undefined;
  if (opts.domain) {
    const { normaliseTarget } = await import('../util/address');
    domain = normaliseTarget(`@${opts.domain.replace(/^@/, '')}`).domain;
  }
  const filter: ScanFilter = { domain, reason: opts.reason, source: opts.source, since: opts.since, until: opts.until, contains: opts.search };
  const entries: SuppressionEntry[] = [];
  for await (const e of ctx.store.scan({ ...filter, after: opts.after, limit: opts.limit })) entries.push(e);
  const total = await ctx.store.count(filter);
  const last = entries.at(-1)?.key;
  const more = last !== undefined && (await hasMore(ctx, { ...filter, after: last })) ? ` (next page: --after '${last}')` : '';
  const summary = `${entries.length} shown of ${total} matching${more}`;
  if (opts.format === 'table') {
    await printEntryTable(entries);
    await out.line(summary);
    return;
  }
  await writeEntries(entries, opts.format as Format);
  await out.flush();
  // Machine formats keep stdout to the entries.
  process.stderr.write(`${summary}\n`);
}

async function hasMore(ctx: Suppression, filter: ScanFilter): Promise<boolean> {
  for await (const e of ctx.store.scan({ ...filter, limit: 1 })) return e !== undefined;
  return false;
}

async function printEntryTable(entries: SuppressionEntry[]): Promise<void> {
  const { default: Table } = await import('cli-table3');
  const table = new Table({ head: ['address', 'reason', 'bounce', 'source', 'code', 'count', 'last seen', 'expires'], style: PLAIN });
  const day = (t: number | null) => (t === null ? 'never' : new Date(t).toISOString().slice(0, 16).replace('T', ' '));
  for (const e of entries) {
    table.push([e.key, e.reason, e.bounce, e.source, e.enhanced ?? e.code ?? '', e.count, day(e.lastSeen), day(e.expiresAt)]);
  }
  await out.line(table.toString());
}

async function writeEntries(entries: Iterable<SuppressionEntry> | AsyncIterable<SuppressionEntry>, format: Format): Promise<void> {
  const { csvHeader, encodeEntry } = await import('../suppress/format');
  if (format === 'csv') await out.line(csvHeader());
  for await (const e of entries) await out.line(encodeEntry(e, format));
}

function registerAdd(parent: Command): void {
  parent
    .command('add <address>')
    .description('Suppress an address, or a whole domain given as @domain (source: manual)')
    .addOption(new Option('-r, --reason <reason>', 'why').choices(REASONS).makeOptionMandatory())
    .option('-e, --expires <when>', 'a duration from now (30d, 12h, 2w), a date or time (2030-01-01), or never', 'never')
    .addOption(new Option('--bounce <kind>', 'bounce kind').choices(['hard', 'soft']).default('hard'))
    .action(async (address: string, opts: { reason: Reason; expires: string; bounce: 'hard' | 'soft' }, cmd: Command) => {
      const { parseExpiry } = await import('../util/time');
      const { normaliseTarget } = await import('../util/address');
      const now = Date.now();
      let expiresAt: number | null = null;
      try {
        expiresAt = parseExpiry(opts.expires, now);
      } catch (err) {
        cmd.error(`error: option '--expires': ${(err as Error).message}`, { exitCode: 2 });
      }
      await withSuppression(cmd, { writes: true }, async ({ store, config }) => {
        const key = normaliseTarget(address, { caseSensitiveLocalPart: config.caseSensitiveLocalPart }).key;
        const entry = await store.put({
          key, reason: opts.reason, bounce: opts.bounce, source: 'manual', code: null, enhanced: null, reply: null,
          provider: null, firstSeen: now, lastSeen: now, count: 1, expiresAt,
        });
        await out.line(`suppressed ${entry.key} (${entry.reason}, ${entry.source}, ${expiryText(entry.expiresAt)})`);
      });
    });
}

function registerRemove(parent: Command): void {
  parent
    .command('remove <address>')
    .description('Take an address (or @domain) off the list; exit status 1 when it was not on it')
    .action(async (address: string, _opts: unknown, cmd: Command) =>
      withSuppression(cmd, { writes: true }, async ({ store, config }) => {
        const { normaliseTarget } = await import('../util/address');
        const key = normaliseTarget(address, { caseSensitiveLocalPart: config.caseSensitiveLocalPart }).key;
        const removed = await store.remove(key);
        await out.line(removed ? `removed ${key}` : `${key} is not on the list`);
        if (!removed) process.exitCode = 1;
      }),
    );
}

function registerImport(parent: Command): void {
  parent
    .command('import <file>')
    .description(
      'Add entries from a CSV or JSON Lines file (- for stdin); bad lines are reported and skipped. A CSV header ' +
      "names the columns (ours, or Amazon SES, SendGrid, Mailgun and Postmark suppression exports')",
    )
    .addOption(formatOption('input format of the file', ['csv', 'jsonl'], 'csv'))
    .action(async (file: string, opts: { format: Format }, cmd: Command) =>
      withSuppression(cmd, { writes: true }, async (ctx) => {
        const { imported, bad } = await importFile(ctx, file, opts.format);
        await out.line(`imported ${imported} entries, ${bad} bad lines`);
        if (bad > 0) process.exitCode = 1;
      }),
    );
}

async function importFile(ctx: Suppression, file: string, format: Format): Promise<{ imported: number; bad: number }> {
  const { LineDecoder } = await import('../suppress/io');
  const { readLines } = await import('./lines');
  const input = file === '-' ? process.stdin : fs.createReadStream(file);
  const decoder = new LineDecoder(format, { now: Date.now(), caseSensitiveLocalPart: ctx.config.caseSensitiveLocalPart });
  const bar = await progressBar(file);
  let batch: SuppressionEntry[] = [];
  let imported = 0;
  let bad = 0;
  let lineNo = 0;
  for await (const { text } of readLines(input)) {
    lineNo += 1;
    const decoded = decoder.decode(text);
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
async function progressBar(file: string) {
  if (!process.stdout.isTTY || file === '-') return null;
  const { Presets, SingleBar } = await import('cli-progress');
  const bar = new SingleBar({ format: 'importing [{bar}] {percentage}% | {eta_formatted} left', etaBuffer: 20 }, Presets.shades_classic);
  bar.start(fs.statSync(file).size, 0);
  return bar;
}

function registerExport(parent: Command): void {
  parent
    .command('export')
    .description('Write every entry to stdout, in key order')
    .addOption(formatOption('output format', ['csv', 'jsonl'], 'jsonl'))
    .action(async (opts: { format: Format }, cmd: Command) =>
      withSuppression(cmd, { writes: false }, ({ store }) => writeEntries(store.scan(), opts.format)),
    );
}

function registerStats(parent: Command): void {
  parent
    .command('stats')
    .description('Tables of entries by reason, bounce kind, source, domain, and entries expiring soon')
    .option('--soon <days>', 'what "expiring soon" means, in days', positiveInt, 7)
    .option('--top <n>', 'domains to show', positiveInt, 10)
    .action(async (opts: { soon: number; top: number }, cmd: Command) =>
      withSuppression(cmd, { writes: false }, async ({ store }) => {
        const { collectStats, ranked } = await import('../suppress/stats');
        const stats = await collectStats(store.scan(), Date.now(), opts.soon * DAY_MS);
        await out.line(`${stats.total} entries (${stats.permanent} permanent)`);
        await printCounts('reason', ranked(stats.byReason));
        await printCounts('bounce', ranked(stats.byBounce));
        await printCounts('source', ranked(stats.bySource));
        await printCounts(`domain (top ${opts.top})`, ranked(stats.byDomain, opts.top));
        await printCounts(`expiring within ${opts.soon} days`, [...stats.expiringSoon].sort());
      }),
    );
}

async function printCounts(title: string, rows: [string, number][]): Promise<void> {
  const { default: Table } = await import('cli-table3');
  const table = new Table({ head: [title, 'entries'], style: PLAIN });
  for (const row of rows) table.push(row);
  await out.line(table.toString());
}

function registerPurge(parent: Command): void {
  parent
    .command('purge')
    .description('Delete expired entries and state, and soft bounces older than the escalation window (for cron; Redis expires by itself)')
    .action(async (_opts: unknown, cmd: Command) =>
      withSuppression(cmd, { writes: true }, async ({ store, config }) => {
        const { entries, softBounces, states } = await store.purge(config.escalateWindowMs);
        const days = config.escalateWindowMs / DAY_MS;
        await out.line(`purged ${entries} expired entries, ${softBounces} soft bounces older than ${days} days, ${states} expired state records`);
      }),
    );
}
