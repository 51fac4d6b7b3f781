import { z } from 'zod';
import { REASONS } from '../classify/types';
import { SOURCES, type SuppressionEntry } from '../store/types';
import { normaliseTarget, type NormaliseOptions } from '../util/address';

/** Columns of the CSV and keys of the JSON Lines an operator reads and writes, in export order. */
export const COLUMNS = [
  'address', 'reason', 'bounce', 'source', 'code', 'enhanced', 'reply', 'provider',
  'first_seen', 'last_seen', 'count', 'expires_at',
] as const;
type Column = (typeof COLUMNS)[number];
export type Format = 'csv' | 'jsonl';

/** The latest epoch millisecond a JavaScript Date can hold (ECMA-262 21.4.1.1). */
const MAX_TIME = 8.64e15;
const blankToNull = (v: unknown) => (v === '' || v === undefined ? null : v);
const time = z.preprocess(
  blankToNull,
  z.union([z.number(), z.string().regex(/^\d+$/).transform(Number), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))])
    .pipe(z.number().int().min(0).max(MAX_TIME, 'not a time a date can hold'))
    .nullable(),
);
const text = z.preprocess(blankToNull, z.string().nullable());

const recordSchema = z.object({
  address: z.string().min(1, 'address is required'),
  reason: z.preprocess(blankToNull, z.enum(REASONS).nullable()),
  bounce: z.preprocess(blankToNull, z.enum(['hard', 'soft', 'none']).nullable()),
  source: z.preprocess(blankToNull, z.enum(SOURCES).nullable()),
  code: z.preprocess(blankToNull, z.coerce.number().int().min(200).max(599).nullable()),
  enhanced: z.preprocess(blankToNull, z.string().regex(/^[245]\.\d{1,3}\.\d{1,3}$/, 'not an x.y.z status').nullable()),
  reply: text,
  provider: text,
  first_seen: time,
  last_seen: time,
  count: z.preprocess(blankToNull, z.coerce.number().int().min(1).nullable()),
  expires_at: time,
});

/** Turns one validated record into an entry; missing fields get import defaults. */
function toEntry(fields: Record<string, unknown>, now: number, opts: NormaliseOptions): SuppressionEntry {
  const r = recordSchema.parse(fields);
  const firstSeen = r.first_seen ?? now;
  return {
    key: normaliseTarget(r.address, opts).key,
    reason: r.reason ?? 'undefined',
    bounce: r.bounce ?? 'hard',
    // Operator files keep the source they carry (a migration), else they are an import.
    source: r.source ?? 'import',
    code: r.code,
    enhanced: r.enhanced,
    reply: r.reply,
    provider: r.provider,
    firstSeen,
    lastSeen: r.last_seen ?? firstSeen,
    count: r.count ?? 1,
    expiresAt: r.expires_at,
  };
}

export type Decoded = { entry: SuppressionEntry } | { error: string } | null;

/** Decodes a file line by line; keeps the CSV header state between lines. */
export class LineDecoder {
  private columns: readonly string[] | null = null;
  private lineNo = 0;

  constructor(
    private readonly format: Format,
    private readonly opts: NormaliseOptions & { now: number },
  ) {}

  /** null for blank lines, comments and the header. */
  decode(line: string): Decoded {
    this.lineNo += 1;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return null;
    try {
      const fields = this.format === 'jsonl' ? parseJsonLine(trimmed) : this.csvFields(trimmed);
      return fields ? { entry: toEntry(fields, this.opts.now, this.opts) } : null;
    } catch (err) {
      return { error: describe(err) };
    }
  }

  private csvFields(line: string): Record<string, unknown> | null {
    const values = parseCsvLine(line);
    if (this.lineNo === 1 && values[0]?.trim().toLowerCase() === 'address') {
      this.columns = values.map((v) => v.trim().toLowerCase());
      return null;
    }
    const columns = this.columns ?? COLUMNS;
    if (values.length > columns.length) throw new Error(`${values.length} fields, at most ${columns.length} expected`);
    return Object.fromEntries(values.map((v, i) => [columns[i], v]));
  }
}

function parseJsonLine(line: string): Record<string, unknown> {
  const value: unknown = JSON.parse(line);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
  return value as Record<string, unknown>;
}

function describe(err: unknown): string {
  if (err instanceof z.ZodError) return err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  return (err as Error).message;
}

/** One RFC 4180 line (quoted fields, doubled quotes); multi-line fields are not written by export. */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i += 1;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted field');
        value += line.slice(i, q);
        i = q + 1;
        if (line[i] !== '"') break;
        value += '"';
        i += 1;
      }
      out.push(value);
      if (i < line.length && line[i] !== ',') throw new Error(`unexpected character after a quoted field at column ${i + 1}`);
    } else {
      const comma = line.indexOf(',', i);
      out.push(line.slice(i, comma < 0 ? line.length : comma));
      i = comma < 0 ? line.length : comma;
    }
    if (i >= line.length) return out;
    i += 1;
  }
}

/** An entry as operators read it (export, import, the HTTP API): snake_case, ISO times. */
export function toRecord(entry: SuppressionEntry): Record<Column, string | number | null> {
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  return {
    address: entry.key, reason: entry.reason, bounce: entry.bounce, source: entry.source, code: entry.code,
    enhanced: entry.enhanced, reply: entry.reply, provider: entry.provider, first_seen: iso(entry.firstSeen),
    last_seen: iso(entry.lastSeen), count: entry.count, expires_at: iso(entry.expiresAt),
  };
}

export function csvHeader(): string {
  return COLUMNS.join(',');
}

/** One entry as a line (no newline) in the given format. */
export function encodeEntry(entry: SuppressionEntry, format: Format): string {
  const rec = toRecord(entry);
  if (format === 'jsonl') return JSON.stringify(rec);
  return COLUMNS.map((c) => csvField(rec[c])).join(',');
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const s = String(value).replace(/\r?\n/g, ' ');
  return /[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30d`, `12h`, `2w`... from now, an ISO date, or `never`; throws on anything else. */
export function parseExpiry(value: string, now: number): number | null {
  if (value === 'never') return null;
  const d = /^(\d+)([smhdw])$/.exec(value.trim());
  if (d) return now + Number(d[1]) * UNIT_MS[d[2]];
  const t = Date.parse(value);
  if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}/.test(value)) throw new Error(`not a duration (30d, 12h) or an ISO date: ${value}`);
  return t;
}
