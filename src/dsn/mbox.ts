/**
 * An mbox file (RFC 4155) holds messages one after another, each opened by a "From " separator line
 * at the start of the file or after an empty line; a "From " line inside a body is written ">From ".
 * Saved bounces often come that way, several to a file: each is a message of its own for parseBounce.
 * One reader serves a whole file (splitMbox) and a stream read in pieces (MboxReader): a large
 * mailbox is never held whole, only the message being cut.
 */

const FROM = Buffer.from('From ');
const LF = 0x0a;
const CR = 0x0d;

/** The messages of an mbox, or the text itself when it does not start as one. */
export function splitMbox(raw: Buffer | string): Buffer[] {
  const reader = new MboxReader();
  return [...reader.push(typeof raw === 'string' ? Buffer.from(raw, 'latin1') : raw), ...reader.end()];
}

/**
 * Cuts an mbox arriving in pieces into its messages. Each message loses its separator line, and
 * ">From " lines written to escape one lose a ">" (mboxrd; harmless for mboxo, where no line a
 * parser reads starts so). Input that does not start with "From " is one message, as it is.
 */
export class MboxReader {
  /** The input not yet cut: bytes [start, stop) of buf, which grows by doubling, never rewriting what a message holds. */
  private buf: Buffer = Buffer.alloc(0);
  private start = 0;
  private stop = 0;
  /** Where (from start) the next separator search resumes: bytes before it were searched already. */
  private searchFrom = 1;
  private isMbox: boolean | undefined;

  /** The messages this piece completed. */
  push(chunk: Buffer): Buffer[] {
    this.append(chunk);
    if (this.isMbox === undefined) {
      if (this.stop - this.start < FROM.length) return [];
      this.isMbox = this.pending().subarray(0, FROM.length).equals(FROM);
    }
    return this.isMbox ? this.cutAll(false) : [];
  }

  /** The last message, once the input has ended. */
  end(): Buffer[] {
    const out = this.isMbox ? this.cutAll(true) : [];
    const rest = this.pending();
    if (hasContent(rest)) out.push(this.isMbox ? unescapeFrom(dropFromLine(rest)) : rest);
    this.buf = Buffer.alloc(0);
    this.start = 0;
    this.stop = 0;
    return out;
  }

  private pending(): Buffer {
    return this.buf.subarray(this.start, this.stop);
  }

  private cutAll(ended: boolean): Buffer[] {
    const out: Buffer[] = [];
    for (;;) {
      const { cut, resume } = nextSeparator(this.pending(), this.searchFrom, ended);
      if (cut < 0) {
        this.searchFrom = resume;
        return out;
      }
      const message = this.buf.subarray(this.start, this.start + cut);
      if (hasContent(message)) out.push(unescapeFrom(dropFromLine(message)));
      this.start += cut;
      this.searchFrom = 1;
    }
  }

  /** Appends in amortised constant time a byte: a large message arriving in many pieces is copied a few times, not once a piece. */
  private append(chunk: Buffer): void {
    if (this.stop + chunk.length > this.buf.length) {
      const held = this.stop - this.start;
      const grown = Buffer.allocUnsafe(Math.max(2 * (held + chunk.length), 64 * 1024));
      this.buf.copy(grown, 0, this.start, this.stop);
      this.buf = grown;
      this.start = 0;
      this.stop = held;
    }
    chunk.copy(this.buf, this.stop);
    this.stop += chunk.length;
  }
}

/**
 * Where the next message's separator starts (past the first byte), searching from `from`; -1: none,
 * or none can be told yet, with where a later search must resume. A separator is a "From " line
 * after an empty line whose next line is a header: a body line "From here on..." after a paragraph
 * break, left unescaped by a careless writer, is not one. Until the input has ended, a candidate
 * whose next line has not fully arrived waits.
 */
function nextSeparator(buf: Buffer, from: number, ended: boolean): { cut: number; resume: number } {
  for (let i = buf.indexOf(FROM, from); i >= 0; i = buf.indexOf(FROM, i + 1)) {
    if (!afterEmptyLine(buf, i)) continue;
    const eol = buf.indexOf(LF, i);
    if (eol < 0) return { cut: -1, resume: i };
    const lineEnd = buf.indexOf(LF, eol + 1);
    if (lineEnd < 0 && !ended) return { cut: -1, resume: i };
    if (isHeaderLine(buf, eol + 1, lineEnd < 0 ? buf.length : lineEnd)) return { cut: i, resume: i };
  }
  // A "From " cut by the end of this piece may still complete.
  return { cut: -1, resume: Math.max(from, buf.length - FROM.length + 1) };
}

function afterEmptyLine(buf: Buffer, i: number): boolean {
  return buf[i - 1] === LF && (buf[i - 2] === LF || (buf[i - 2] === CR && buf[i - 3] === LF));
}

/** `Name:` at the start of the line: letters, digits and hyphens, up to 60 of them after the first letter. */
function isHeaderLine(buf: Buffer, start: number, end: number): boolean {
  const first = buf[start] | 0x20;
  if (first < 0x61 || first > 0x7a) return false;
  for (let i = start + 1; i < end && i <= start + 61; i += 1) {
    const c = buf[i];
    if (c === 0x3a) return true;
    const lower = c | 0x20;
    if (!((lower >= 0x61 && lower <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d)) return false;
  }
  return false;
}

function hasContent(buf: Buffer): boolean {
  return buf.some((b) => b !== LF && b !== CR && b !== 0x20 && b !== 0x09);
}

function dropFromLine(buf: Buffer): Buffer {
  if (!buf.subarray(0, FROM.length).equals(FROM)) return buf;
  const eol = buf.indexOf(LF);
  return eol < 0 ? Buffer.alloc(0) : buf.subarray(eol + 1);
}

function unescapeFrom(buf: Buffer): Buffer {
  if (buf.indexOf('>From ') < 0) return buf;
  // latin1 maps every byte to one character and back: the message's bytes are kept as they are.
  return Buffer.from(buf.toString('latin1').replace(/^>(>*From )/gm, '$1'), 'latin1');
}
