import fs from 'node:fs';
import type { RuleSet } from '../classify/classifier';
import { DEFAULT_MAX_BYTES, parseBounce, type ParsedReport } from '../dsn';
import type { MessageInput } from './dsn-inputs';

export type ReportLine = { file: string } & ParsedReport;
export interface Parsed {
  result: ReportLine;
  /** The message could not be read at all (exit status 2). */
  unreadable: boolean;
  raw?: Buffer;
}

/** Reads (synchronously: small files, no idle waits) and parses one message; never throws. */
export function parseMessage(input: MessageInput, limit: number | undefined, rules?: RuleSet): Parsed {
  const file = input.name;
  const maxBytes = limit ?? DEFAULT_MAX_BYTES;
  let raw: Buffer;
  try {
    const read = input.data ? { data: input.data, over: input.data.length > maxBytes } : readFileCapped(input.path ?? file, maxBytes);
    if (read.over) return { result: { file, ...unknown(`message is larger than the ${maxBytes}-byte limit (--max-bytes)`) }, unreadable: false };
    raw = read.data;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { result: { file, ...unknown(`cannot read ${file}: ${reason}`) }, unreadable: true };
  }
  return { result: { file, ...parseBounce(raw, { maxBytes, rules }) }, unreadable: false, raw };
}

/** A batch of messages to their output lines; `failed` when one could not be read. */
export function parseBatch(items: MessageInput[], maxBytes: number | undefined, rules?: RuleSet): { text: string; failed: boolean } {
  let failed = false;
  let text = '';
  for (const item of items) {
    // Bytes sent to a worker thread arrive as a plain Uint8Array.
    const parsed = parseMessage(item.data && !Buffer.isBuffer(item.data) ? { ...item, data: Buffer.from(item.data) } : item, maxBytes, rules);
    failed ||= parsed.unreadable;
    text += `${JSON.stringify(parsed.result)}\n`;
  }
  return { text, failed };
}

/** One file by name, as `parse-dsn FILE` reads it. */
export function parseFile(file: string, maxBytes: number, rules?: RuleSet): Parsed {
  return parseMessage({ name: file, path: file }, maxBytes, rules);
}

/** Never reads more than the limit: a huge file is refused by its size, not loaded. */
function readFileCapped(file: string, maxBytes: number): { data: Buffer; over: boolean } {
  const fd = fs.openSync(file, 'r');
  try {
    if (fs.fstatSync(fd).size > maxBytes) return { data: Buffer.alloc(0), over: true };
    return { data: fs.readFileSync(fd), over: false };
  } finally {
    fs.closeSync(fd);
  }
}

function unknown(error: string): ParsedReport {
  return { kind: 'unknown', format: null, mta: null, recipients: [], reporting_mta: null, arrival_date: null, original: null, error };
}
