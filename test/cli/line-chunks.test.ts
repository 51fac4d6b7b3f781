import { describe, expect, it } from 'vitest';
import { lineChunks, readLineBatches, splitWholeLines, type InputLine } from '../../src/cli/lines';

/** Every line lineChunks hands on, read as a thread reads them. */
async function viaChunks(pieces: Array<Buffer | string>, maxBytes: number): Promise<InputLine[]> {
  const lines: InputLine[] = [];
  for await (const chunk of lineChunks(pieces, maxBytes)) for (const line of Array.isArray(chunk) ? chunk : splitWholeLines(chunk)) lines.push(line);
  return lines;
}

async function viaLines(pieces: Array<Buffer | string>, maxBytes: number): Promise<InputLine[]> {
  const lines: InputLine[] = [];
  for await (const batch of readLineBatches(pieces, maxBytes)) for (const line of batch) lines.push(line);
  return lines;
}

/** The same bytes cut at every few bytes, in pseudo-random places. */
function cut(bytes: Buffer, seed: number): Buffer[] {
  const pieces: Buffer[] = [];
  for (let at = 0; at < bytes.length;) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const size = 1 + (seed % 97);
    pieces.push(bytes.subarray(at, at + size));
    at += size;
  }
  return pieces;
}

describe('lineChunks: input cut at line ends for threads', () => {
  const text = ['550 5.1.1 user unknown', '', 'crlf line\r', 'bare \r inside', 'ünïcödé 受信者 не существует', '421 4.7.0 try later', 'last without LF'].join('\n');

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('gives exactly the lines readLineBatches gives, however the input is cut (seed %i)', async (seed) => {
    const pieces = cut(Buffer.from(text.repeat(20)), seed);
    const expected = await viaLines(pieces, 1024);
    expect(expected.length).toBeGreaterThan(100);
    expect(await viaChunks(pieces, 1024)).toEqual(expected);
  });

  it('decodes broken UTF-8 exactly as readLineBatches does (a cut sequence, a stray byte, before CR and LF)', async () => {
    const bytes = Buffer.from([0x61, 0xc3, 0x0a, 0xff, 0x62, 0x0d, 0x0a, 0xe3, 0x81, 0x0d, 0x0a, 0xe5, 0x8f, 0x97, 0x0a, 0x80]);
    for (const seed of [1, 2, 3]) {
      const pieces = cut(Buffer.concat([bytes, bytes]), seed);
      expect(await viaChunks(pieces, 1024)).toEqual(await viaLines(pieces, 1024));
    }
    expect(splitWholeLines(bytes).map((l) => l.text)).toEqual(['a\ufffd', '\ufffdb', '\ufffd', '受', '\ufffd']);
  });

  it('reads a chunk of 300,000 empty lines (more than a call takes as arguments)', async () => {
    const lines = await viaLines([Buffer.alloc(300_000, 0x0a)], 1024 * 1024);
    expect(lines).toHaveLength(300_000);
    expect(lines[299_999]).toEqual({ text: '' });
  });

  it('never splits a line or hands on a piece that ends inside one', async () => {
    for await (const chunk of lineChunks(cut(Buffer.from(`${text}\n`.repeat(5)), 3), 1024)) {
      expect(Array.isArray(chunk)).toBe(false);
      expect((chunk as Buffer).at(-1)).toBe(0x0a);
    }
  });

  it('from a line over the limit on, reads lines one by one: cut, counted, and the rest as before', async () => {
    const long = 'x'.repeat(5000);
    const input = `first\n${long}\nafter\n${'y'.repeat(30)}\nend`;
    for (const seed of [1, 2, 3]) {
      const pieces = cut(Buffer.from(input), seed);
      const lines = await viaChunks(pieces, 100);
      expect(lines).toEqual(await viaLines(pieces, 100));
      expect(lines[1]).toEqual({ text: 'x'.repeat(100), overLong: 5000 });
      expect(lines.map((l) => l.text.slice(0, 5))).toEqual(['first', 'xxxxx', 'after', 'yyyyy', 'end']);
    }
  });

  it('a line over the limit inside one large chunk is found too', async () => {
    const pieces = [`a\n${'z'.repeat(300)}\nb\n`];
    expect(await viaChunks(pieces, 100)).toEqual(await viaLines(pieces, 100));
  });
});
