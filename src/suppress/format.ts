import type { SuppressionEntry } from '../store/types';

/**
 * How entries are written for operators (export, list, check --json): no validation here, so that
 * a command that only prints does not load the schemas that reading files needs (io.ts).
 */

/** Columns of the CSV and keys of the JSON Lines an operator reads and writes, in export order. */
export const COLUMNS = [
  'address', 'reason', 'bounce', 'source', 'code', 'enhanced', 'reply', 'provider',
  'first_seen', 'last_seen', 'count', 'expires_at',
] as const;
type Column = (typeof COLUMNS)[number];
export type Format = 'csv' | 'jsonl';

/** An entry as the files, the CLI's --json and the HTTP API spell it: snake_case, ISO times. */
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
