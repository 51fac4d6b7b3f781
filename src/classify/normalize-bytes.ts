import { DIGIT, isDigit, isId, KIND, LETTER, LOCAL_PART_STOP, OTHER } from './normalize';

/**
 * normalizeReplyText(reply.toLowerCase()) for a reply in UTF-8 bytes, without making a string: the
 * same characters, in UTF-8, in one reused buffer. For a reader of many lines (the command line's
 * `classify`), where lower-casing, masking and hashing a fresh string for the cache were most of
 * the time a line. A reply it cannot do exactly as the string form does is left to it (-1).
 */
export class ReplyBytesNormalizer {
  /** The normalised reply, bytes [0, length) after normalize, then zeros to a whole word. */
  readonly bytes: Uint8Array;
  /** The same memory as 32-bit words, to hash and compare four bytes at a time. */
  readonly words: Int32Array;

  /** Where each run of digits starts, as the first pass writes them: the masks go from one to the next. */
  private readonly digitRuns: DigitRuns;

  constructor(private readonly maxBytes: number) {
    this.words = new Int32Array(Math.ceil(maxBytes / 4) + 1);
    this.bytes = new Uint8Array(this.words.buffer);
    this.digitRuns = { starts: new Int32Array(Math.ceil(maxBytes / 2) + 1), count: 0 };
  }

  /**
   * Normalises bytes [start, end) of `src` into `bytes`; the length, or -1 for a reply left to the
   * string form: longer than maxBytes, a character that has case beyond ASCII or is not well-formed
   * UTF-8 of two or three bytes, or '::' (the IPv6 mask is a regex).
   */
  normalize(src: Uint8Array, start: number, end: number): number {
    if (end - start > this.maxBytes) return -1;
    const lowered = lowerAndMaskLocalParts(src, start, end, this.bytes, this.digitRuns);
    if (lowered < 0) return -1;
    const length = maskIpv4AndIdsInPlace(this.bytes, lowered, this.digitRuns);
    for (let i = length; (i & 3) !== 0; i += 1) this.bytes[i] = 0;
    return length;
  }
}

interface DigitRuns {
  starts: Int32Array;
  count: number;
}

/**
 * Lower-cases into `a` and masks local parts as maskLocalParts does: the run of non-stop characters
 * before each '@'. Notes where each run of digits starts in what it writes.
 */
function lowerAndMaskLocalParts(src: Uint8Array, start: number, end: number, a: Uint8Array, digitRuns: DigitRuns): number {
  const starts = digitRuns.starts;
  let runs = 0;
  let length = 0;
  let run = 0; // where the current run of characters that a local part may hold begins
  for (let i = start; i < end; i += 1) {
    const c = src[i];
    const kind = BYTE_KIND[c];
    if (kind === PLAIN) {
      a[length++] = c;
    } else if (kind === DIGIT_BYTE) {
      if (length === 0 || !isDigit(a[length - 1])) starts[runs++] = length;
      a[length++] = c;
    } else if (kind === UPPER) {
      a[length++] = c + 32;
    } else if (kind === WIDE) {
      // A character of a script without case: to the masks, as to the string form, neither a stop nor part of an id.
      const bytes = caselessCharAt(src, i, end);
      if (bytes === 0) return -1;
      for (const last = i + bytes - 1; i < last; i += 1) a[length++] = src[i];
      a[length++] = src[i];
    } else if (c === 58 && i > start && src[i - 1] === 58) {
      return -1;
    } else if (kind === BACKSLASH) {
      // Exim's escaped line break before a continuation line: the string form makes it a line break first.
      if (isEscapedLineBreak(src, i, end)) return -1;
      a[length++] = c;
    } else {
      // "550-kijitora@...": the continuation code is not the address's (as maskLocalParts).
      if (c === 64 && length > run && isContinuationAt(a, run, length)) run += 4;
      if (c === 64 && length > run) {
        length = run;
        while (runs > 0 && starts[runs - 1] >= length) runs -= 1;
        a[length++] = 120; // 'x'
      }
      a[length++] = c;
      run = length;
    }
  }
  digitRuns.count = runs;
  return length;
}

const PLAIN = 0;
const UPPER = 1;
const STOP = 2;
const WIDE = 3;
const DIGIT_BYTE = 4;
const BACKSLASH = 5;

/** `\n550-` or `\N550 ` at i: what ESCAPED_LINE_BREAK reads. */
function isEscapedLineBreak(src: Uint8Array, i: number, end: number): boolean {
  if (i + 5 >= end || (src[i + 1] !== 110 && src[i + 1] !== 78)) return false;
  const c = src[i + 2];
  return (c === 50 || c === 52 || c === 53) && isDigit(src[i + 3]) && isDigit(src[i + 4]) && (src[i + 5] === 32 || src[i + 5] === 45);
}

/**
 * The length of the UTF-8 character at i (two or three bytes, well formed) when lower-casing leaves
 * it as it is (Japanese, Chinese, Arabic, Hindi...); 0 for any other: one with case, a four-byte
 * one, a malformed sequence (which the string form would read as U+FFFD).
 */
function caselessCharAt(src: Uint8Array, i: number, end: number): number {
  const lead = src[i];
  if (lead >= 0xc2 && lead <= 0xdf) {
    return i + 1 < end && isContinuationByte(src[i + 1]) && isCaseless(((lead & 0x1f) << 6) | (src[i + 1] & 0x3f)) ? 2 : 0;
  }
  if (lead < 0xe0 || lead > 0xef || i + 2 >= end || !isContinuationByte(src[i + 1]) || !isContinuationByte(src[i + 2])) return 0;
  const point = ((lead & 0x0f) << 12) | ((src[i + 1] & 0x3f) << 6) | (src[i + 2] & 0x3f);
  // Not overlong, not a surrogate.
  return point >= 0x800 && (point < 0xd800 || point > 0xdfff) && isCaseless(point) ? 3 : 0;
}

function isContinuationByte(b: number): boolean {
  return (b & 0xc0) === 0x80;
}

/** Per code point of the BMP: 0 not asked yet, 1 lower-casing leaves it, 2 it does not. Asked of toLowerCase itself. */
const CASELESS = new Uint8Array(0x10000);

function isCaseless(point: number): boolean {
  if (CASELESS[point] === 0) {
    const c = String.fromCharCode(point);
    CASELESS[point] = c.toLowerCase() === c ? 1 : 2;
  }
  return CASELESS[point] === 1;
}

/** What each byte is to lowerAndMaskLocalParts (a table: the loop runs on every byte of every line). */
const BYTE_KIND = (() => {
  const kinds = new Uint8Array(256).fill(WIDE, 128);
  for (let c = 65; c <= 90; c += 1) kinds[c] = UPPER;
  for (let c = 48; c <= 57; c += 1) kinds[c] = DIGIT_BYTE;
  for (let c = 0; c < 128; c += 1) if (LOCAL_PART_STOP[c] === 1) kinds[c] = STOP;
  kinds[92] = BACKSLASH;
  return kinds;
})();

/**
 * maskIpv4AndIds over bytes [0, length) of `a`, written over them (a mask is never longer than what
 * it replaces, and every later read is past what was written); the new length.
 */
function maskIpv4AndIdsInPlace(a: Uint8Array, length: number, digitRuns: DigitRuns): number {
  const { starts, count } = digitRuns;
  let written = 0;
  let from = 0;
  let done = 0;
  let next = 0; // the first run of digits not passed yet
  for (;;) {
    // The next digit at or after `done`: there, when a run goes on past it, else where the next run starts.
    while (next < count && starts[next] < done) next += 1;
    const digit = done < length && isDigit(a[done]) ? done : next < count ? starts[next] : length;
    if (digit >= length) break;
    let start = digit;
    while (start > done && KIND[a[start - 1]] !== OTHER) start -= 1;
    if (isContinuationAt(a, start, length)) start += 4;
    let end = start;
    let digits = 0;
    let letters = 0;
    for (let kind = kindAt(a, end, length); kind !== OTHER; kind = kindAt(a, end, length)) {
      if (kind === DIGIT) digits += 1;
      else if (kind === LETTER) letters += 1;
      end += 1;
    }
    const ipStart = end < length && a[end] === 46 ? trailingDigitsStartAt(a, start, end) : -1;
    const ipEnd = ipStart < 0 ? -1 : ipv4EndAt(a, ipStart, length);
    if (ipEnd > 0) {
      written = moveDown(a, written, from, ipStart);
      for (let i = 0; i < ZERO_IPV4.length; i += 1) a[written++] = ZERO_IPV4[i];
      from = ipEnd;
      end = ipEnd;
    } else if (isId(end - start, digits, letters)) {
      written = moveDown(a, written, from, start);
      a[written++] = 35; // '#'
      from = end;
    }
    done = end;
  }
  return moveDown(a, written, from, length);
}

/**
 * Moves bytes [from, to) down to `written`; where they end. A loop: copyWithin is a call into the
 * runtime, which cost more than the few bytes it moves (and nothing moves before the first mask).
 */
function moveDown(a: Uint8Array, written: number, from: number, to: number): number {
  if (written === from) return to;
  let w = written;
  for (let i = from; i < to; i += 1) a[w++] = a[i];
  return w;
}

const ZERO_IPV4 = new Uint8Array([48, 46, 48, 46, 48, 46, 48]);

function kindAt(a: Uint8Array, i: number, length: number): number {
  return i < length ? KIND[a[i]] : OTHER;
}

function digitAt(a: Uint8Array, i: number, length: number): boolean {
  return i < length && a[i] >= 48 && a[i] <= 57;
}

function isContinuationAt(a: Uint8Array, p: number, length: number): boolean {
  const c = a[p];
  return p < length && (c === 50 || c === 52 || c === 53) && digitAt(a, p + 1, length) && digitAt(a, p + 2, length) && p + 3 < length && a[p + 3] === 45;
}

function trailingDigitsStartAt(a: Uint8Array, start: number, end: number): number {
  let p = end;
  while (p > start && p > end - 3 && a[p - 1] >= 48 && a[p - 1] <= 57) p -= 1;
  return p === end ? -1 : p;
}

function ipv4EndAt(a: Uint8Array, p: number, length: number): number {
  let q = p;
  for (let group = 0; group < 4; group += 1) {
    const begin = q;
    while (q - begin < 3 && digitAt(a, q, length)) q += 1;
    if (q === begin) return -1;
    if (group === 3) return q;
    if (q >= length || a[q] !== 46) return -1;
    q += 1;
  }
  return -1;
}
