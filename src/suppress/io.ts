import { z } from 'zod';
import { classify } from '../classify/classifier';
import { REASONS, type Bounce, type Reason } from '../classify/types';
import { SOURCES, type SuppressionEntry } from '../store/types';
import { normaliseTarget, type NormaliseOptions } from '../util/address';
import { parseExpiry, parseInstant } from '../util/time';
import { COLUMNS, type Format } from './format';

export { COLUMNS, csvHeader, encodeEntry, type Format } from './format';
export { parseExpiry } from '../util/time';

const blankToNull = (v: unknown) => (v === '' || v === undefined ? null : v);
/** Every time in a file is read by the one parser the commands use (util/time). */
const parsedBy = <T>(parse: (v: string | number) => T) =>
  z.union([z.string(), z.number()]).transform((v, ctx) => {
    try {
      return parse(v);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  });
const time = z.preprocess(blankToNull, parsedBy(parseInstant).nullable());
const text = z.preprocess(blankToNull, z.string().nullable());

const recordSchema = z.object({
  address: z.string().min(1, 'address is required'),
  reason: text,
  bounce: z.preprocess(blankToNull, z.enum(['hard', 'soft', 'none']).nullable()),
  source: z.preprocess(blankToNull, z.enum(SOURCES).nullable()),
  code: z.preprocess(blankToNull, z.coerce.number().int().min(200).max(599).nullable()),
  enhanced: z.preprocess(blankToNull, z.string().regex(/^[245]\.\d{1,3}\.\d{1,3}$/, 'not an x.y.z status').nullable()),
  reply: text,
  provider: text,
  first_seen: time,
  last_seen: time,
  count: z.preprocess(blankToNull, z.coerce.number().int().min(1).nullable()),
  expires_at: z.preprocess(blankToNull, z.union([z.string(), z.number()]).nullable()),
});
type Field = keyof z.infer<typeof recordSchema>;

/**
 * Column names of other systems' suppression exports, by what they hold here (compared without
 * case, spaces or punctuation). Amazon SES (SuppressedDestinationSummary: EmailAddress, Reason,
 * LastUpdateTime), SendGrid (email, created in Unix seconds, reason: the remote reply, status: the
 * enhanced code), Mailgun (address, code, error: the reply, created_at in RFC 2822), Postmark
 * (EmailAddress, SuppressionReason, Origin, CreatedAt).
 */
const HEADER_ALIASES: Record<string, Field> = {
  email: 'address', emailaddress: 'address', recipient: 'address',
  suppressionreason: 'reason', error: 'reply', status: 'enhanced',
  created: 'first_seen', createdat: 'first_seen', lastupdatetime: 'last_seen',
};
const KNOWN = new Set<string>(COLUMNS);
/** Those exports' reason words: a complaint is no bounce; the rest says only "a hard bounce". */
const PROVIDER_REASONS: Record<string, { reason: Reason; bounce: Bounce }> = {
  bounce: { reason: 'undefined', bounce: 'hard' }, hardbounce: { reason: 'undefined', bounce: 'hard' },
  complaint: { reason: 'feedback', bounce: 'none' }, spamcomplaint: { reason: 'feedback', bounce: 'none' },
  manualsuppression: { reason: 'undefined', bounce: 'none' },
};

/** A header name as this format's column, or null when it is none of ours or the aliases. */
function columnOf(name: string): Field | null {
  const bare = name.trim().toLowerCase();
  if (KNOWN.has(bare)) return bare as Field;
  return HEADER_ALIASES[bare.replace(/[^a-z0-9]/g, '')] ?? null;
}

/**
 * The reason and bounce a record carries: our own reason word, an export's word (BOUNCE,
 * SpamComplaint...), or else a reply (SendGrid puts the remote reply under "reason"), classified.
 */
function decisionOf(reason: string | null, reply: string | null, code: number | null): { reason: Reason; bounce: Bounce | null; reply: string | null } {
  if (reason !== null && (REASONS as readonly string[]).includes(reason)) return { reason: reason as Reason, bounce: null, reply };
  const word = PROVIDER_REASONS[(reason ?? '').toLowerCase().replace(/[^a-z]/g, '')];
  if (word) return { ...word, reply };
  if (reason !== null && /^[a-z_-]+$/i.test(reason.trim())) throw new Error(`reason: ${JSON.stringify(reason)} is not a reason (one of ${REASONS.join(', ')})`);
  const said = reply ?? reason;
  if (said === null) return { reason: 'undefined', bounce: null, reply };
  const withCode = code !== null && !said.trim().startsWith(String(code)) ? `${code} ${said}` : said;
  const outcome = classify(withCode);
  return { reason: outcome.reason === 'delivered' ? 'undefined' : outcome.reason, bounce: outcome.bounce === 'none' ? null : outcome.bounce, reply: said };
}

/** Turns one validated record into an entry; missing fields get import defaults. */
function toEntry(fields: Record<string, unknown>, now: number, opts: NormaliseOptions): SuppressionEntry {
  const r = recordSchema.parse(fields);
  const firstSeen = r.first_seen ?? r.last_seen ?? now;
  const decided = decisionOf(r.reason, r.reply, r.code);
  let expiresAt: number | null;
  try {
    expiresAt = r.expires_at === null ? null : parseExpiry(String(r.expires_at), now);
  } catch (err) {
    throw new Error(`expires_at: ${(err as Error).message}`, { cause: err });
  }
  return {
    key: normaliseTarget(r.address, opts).key,
    reason: decided.reason,
    bounce: r.bounce ?? decided.bounce ?? 'hard',
    // Operator files keep the source they carry (a migration), else they are an import.
    source: r.source ?? 'import',
    code: r.code,
    enhanced: r.enhanced,
    reply: decided.reply,
    provider: r.provider,
    firstSeen,
    lastSeen: r.last_seen ?? firstSeen,
    count: r.count ?? 1,
    expiresAt,
  };
}

export type Decoded = { entry: SuppressionEntry } | { error: string } | null;

/** Decodes a file line by line; keeps the CSV header state between lines. */
export class LineDecoder {
  private columns: readonly (string | null)[] | null = null;
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

  /**
   * The first line is a header when it names an address column (ours or an alias): columns are then
   * read by name, in any order, and columns of no meaning here are skipped. Without one, fields are
   * in export order.
   */
  private csvFields(line: string): Record<string, unknown> | null {
    const values = parseCsvLine(line);
    if (this.columns === null && this.lineNo === 1) {
      const named = values.map(columnOf);
      if (named.includes('address')) {
        this.columns = named;
        return null;
      }
    }
    const columns = this.columns ?? COLUMNS;
    if (values.length > columns.length) throw new Error(`${values.length} fields, at most ${columns.length} expected`);
    return Object.fromEntries(values.flatMap((v, i) => (columns[i] ? [[columns[i], v]] : [])));
  }
}

/** A JSON object's keys are read like a CSV header: ours, or an export's names. */
function parseJsonLine(line: string): Record<string, unknown> {
  const value: unknown = JSON.parse(line);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
  return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => {
    const column = columnOf(k);
    return column ? [[column, v]] : [];
  }));
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
