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
 * counts when it is not empty. Bytes are decoded as UTF-8 one line at a time, so a character
 * split across chunks stays whole.
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
    for (let lf = buf.indexOf(LF); lf >= 0; lf = buf.indexOf(LF, start)) {
      take(buf.subarray(start, lf));
      batch.push(finish());
      start = lf + 1;
    }
    if (start < buf.length) take(buf.subarray(start));
    if (batch.length > 0) yield batch;
  }
  if (seen > 0) yield [finish()];
}
