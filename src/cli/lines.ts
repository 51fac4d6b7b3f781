import { isAscii } from 'node:buffer';
import fs from 'node:fs';

/** A line of input: its text, or why it was cut. */
export interface InputLine {
  text: string;
  /** Set when the line was longer than the limit: `text` holds its first `maxBytes` bytes only. */
  overLong?: number;
}

/** Longer lines are cut, so that one endless line cannot hold the whole input in memory. */
export const MAX_LINE_BYTES = 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;

/** The lines of a byte stream one at a time (see readLineBatches). */
export async function* readLines(input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, maxBytes = MAX_LINE_BYTES): AsyncGenerator<InputLine> {
  for await (const batch of readLineBatches(input, maxBytes)) yield* batch;
}

/**
 * The lines of a byte stream, in order, as many at a time as each chunk of input completes: a
 * caller that handles a batch without waiting pays for one await a chunk, not one a line. A line is what ends in LF (a CRLF ending drops its CR;
 * a CR anywhere else is data, unlike node:readline, which splits there); a last line without LF
 * counts when it is not empty. Bytes are decoded as UTF-8 in whole lines, so a character split
 * across chunks stays whole.
 */
export async function* readLineBatches(input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, maxBytes = MAX_LINE_BYTES): AsyncGenerator<InputLine[]> {
  let held: Buffer[] = [];
  let heldBytes = 0;
  let seen = 0; // bytes of the current line, including any dropped over the limit
  const take = (piece: Buffer) => {
    seen += piece.length;
    const room = maxBytes - heldBytes;
    if (room <= 0) return;
    const kept = piece.length > room ? piece.subarray(0, room) : piece;
    held.push(kept);
    heldBytes += kept.length;
  };
  const finish = (): InputLine => {
    let bytes = held.length === 1 ? held[0] : Buffer.concat(held, heldBytes);
    if (seen === heldBytes && bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    const line: InputLine = seen > maxBytes ? { text: bytes.toString('utf8'), overLong: seen } : { text: bytes.toString('utf8') };
    held = [];
    heldBytes = 0;
    seen = 0;
    return line;
  };
  for await (const chunk of input) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    const batch: InputLine[] = [];
    const first = buf.indexOf(LF);
    if (first >= 0 && seen > 0) {
      take(buf.subarray(0, first));
      batch.push(finish());
      start = first + 1;
    }
    const last = buf.lastIndexOf(LF);
    if (last >= start && last - start <= maxBytes) {
      // None of these lines can be over the limit: decoded at once, which costs far less than a line at a time.
      // A loop, not push(...lines): a chunk of empty lines would be more arguments than a call takes.
      for (const line of splitWholeLines(buf.subarray(start, last + 1))) batch.push(line);
      start = last + 1;
    }
    for (let lf = buf.indexOf(LF, start); lf >= 0; lf = buf.indexOf(LF, start)) {
      take(buf.subarray(start, lf));
      batch.push(finish());
      start = lf + 1;
    }
    if (start < buf.length) take(buf.subarray(start));
    if (batch.length > 0) yield batch;
  }
  if (seen > 0) yield [finish()];
}

/**
 * The lines of bytes that hold whole lines only, none over the limit (what lineChunks gives): each
 * ends in LF, but the input's last line may not.
 */
export function splitWholeLines(bytes: Uint8Array): InputLine[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Latin-1 maps each byte to one character, so a line's characters are its bytes: decoded so first
  // (a copy, several times faster than UTF-8), and only a line with a byte over 127 decoded as UTF-8.
  const text = buf.toString('latin1');
  const wide = isAscii(buf) ? [] : linesWithWideBytes(text);
  const lines: InputLine[] = [];
  const end = text.endsWith('\n') ? text.length - 1 : text.length;
  let next = 0;
  for (let start = 0; start <= end;) {
    const lf = text.indexOf('\n', start);
    const stop = lf < 0 || lf > end ? end : lf;
    const cut = stop > start && text.charCodeAt(stop - 1) === CR ? stop - 1 : stop;
    while (next < wide.length && wide[next] < start) next += 1;
    lines.push({ text: next < wide.length && wide[next] < cut ? buf.toString('utf8', start, cut) : text.slice(start, cut) });
    start = stop + 1;
  }
  return lines;
}

const WIDE_BYTE = /[\u0080-\u00ff]/g;

/** Where a byte over 127 first occurs in each line that has one, in one pass over the text. */
function linesWithWideBytes(text: string): number[] {
  const found: number[] = [];
  WIDE_BYTE.lastIndex = 0;
  for (let m = WIDE_BYTE.exec(text); m !== null; m = WIDE_BYTE.exec(text)) {
    found.push(m.index);
    const lf = text.indexOf('\n', m.index);
    if (lf < 0) break;
    WIDE_BYTE.lastIndex = lf + 1;
  }
  return found;
}

/**
 * The input cut into pieces of whole lines, without splitting them (splitWholeLines does, where the
 * work is): bytes are handed on as they came, cut only at the last LF of each chunk. A line over the
 * limit would have to be held whole; from the first one on, lines are read one by one as
 * readLineBatches reads them, and handed on as lines.
 */
export async function* lineChunks(input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, maxBytes = MAX_LINE_BYTES): AsyncGenerator<Buffer | InputLine[]> {
  const source = chunksOf(input);
  let carry: Buffer = Buffer.alloc(0);
  for (let next = await source.next(); !next.done; next = await source.next()) {
    const buf = typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : next.value;
    const last = buf.lastIndexOf(LF);
    const whole = last < 0 ? null : carry.length > 0 ? Buffer.concat([carry, buf.subarray(0, last + 1)]) : buf.subarray(0, last + 1);
    const rest = last < 0 ? (carry.length > 0 ? Buffer.concat([carry, buf]) : buf) : buf.subarray(last + 1);
    const mayHoldLongLine = whole !== null && whole.length > maxBytes && longestLine(whole) > maxBytes;
    if (rest.length > maxBytes || mayHoldLongLine) {
      yield* readLineBatches(chunksOf([whole ?? Buffer.alloc(0), rest], source), maxBytes);
      return;
    }
    if (whole !== null) yield whole;
    carry = rest;
  }
  if (carry.length > 0) yield carry;
}

async function* chunksOf(...inputs: Array<AsyncIterable<Buffer | string> | Iterable<Buffer | string>>): AsyncGenerator<Buffer | string> {
  for (const input of inputs) yield* input;
}

function longestLine(buf: Buffer): number {
  let longest = 0;
  for (let start = 0, lf = buf.indexOf(LF); lf >= 0; start = lf + 1, lf = buf.indexOf(LF, start)) longest = Math.max(longest, lf - start);
  return longest;
}

/** How much of a file on stdin is read at a time: a pipe gives what it holds, a file as much as asked. */
const FILE_READ_BYTES = 1024 * 1024;

/**
 * Standard input to read lines from. A file (`< replies.txt`) is read in large pieces: process.stdin
 * reads 64 KiB at a time, and a large input paid for hundreds of small reads.
 */
export function standardInput(): NodeJS.ReadableStream {
  let isFile = false;
  try {
    isFile = fs.fstatSync(0).isFile();
  } catch {
    // Closed or not a descriptor we can look at: process.stdin reports it as it reads.
  }
  return isFile ? fs.createReadStream('', { fd: 0, autoClose: false, highWaterMark: FILE_READ_BYTES }) : process.stdin;
}
