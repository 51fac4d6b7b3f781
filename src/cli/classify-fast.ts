import { classifyShared, type RuleSet } from '../classify/classifier';
import { ReplyBytesNormalizer } from '../classify/normalize-bytes';
import type { Outcome } from '../classify/types';

const LF = 0x0a;
const CR = 0x0d;

/** Replies no longer than this are normalised as bytes (the classifier reads no more of a reply). */
const MAX_REPLY_BYTES = 4096;
/** Distinct replies remembered, and the bytes they hold; past either the table starts over (a log holds a few hundred replies). */
const MAX_ENTRIES = 10_000;
const MAX_BYTES = 8 * 1024 * 1024;

/** Replies already answered, as one thread hands them to another (structured-clone data). */
export interface KnownReply {
  length: number;
  key: Int32Array;
  line: Uint8Array;
}

interface Entry {
  /** The normalised reply's length and its bytes as words (see ReplyBytesNormalizer). */
  length: number;
  key: Int32Array;
  /** The answer's JSON line, newline included. */
  line: Uint8Array;
  next: Entry | undefined;
}

/**
 * `classify --text` over bytes of whole lines (as lineChunks cuts them), answered as bytes: a line
 * of ASCII is normalised as bytes and looked up by a hash of them, so a repeated reply (most of a
 * log) makes no string at all. Any other line, and a reply seen for the first time, is answered as
 * classifyLine answers it: the same output, line for line.
 */
export class PlainTextClassifier {
  private readonly normalizer = new ReplyBytesNormalizer(MAX_REPLY_BYTES);
  private readonly table = new Map<number, Entry>();
  private bytesHeld = 0;
  private out: Buffer = Buffer.allocUnsafe(0);
  private written = 0;

  /** `lineOf` answers a line as classifyLine does, for every line this does not answer itself. */
  constructor(private readonly rules: RuleSet, private readonly lineOf: (text: string) => string) {}

  /** The output lines of bytes holding whole lines (each ends in LF but the input's last may not). */
  classifyBytes(bytes: Uint8Array): Buffer {
    this.out = Buffer.allocUnsafe(bytes.length + 4096);
    this.written = 0;
    const end = bytes[bytes.length - 1] === LF ? bytes.length - 1 : bytes.length;
    for (let start = 0; start <= end;) {
      let stop = bytes.indexOf(LF, start);
      if (stop < 0 || stop > end) stop = end;
      this.classifyOne(bytes, start, stop > start && bytes[stop - 1] === CR ? stop - 1 : stop);
      start = stop + 1;
    }
    return this.out.subarray(0, this.written);
  }

  private classifyOne(bytes: Uint8Array, start: number, end: number): void {
    const length = this.normalizer.normalize(bytes, start, end);
    const entry = length > 0 ? this.find(length) : undefined;
    if (entry !== undefined) this.append(entry.line);
    else this.classifyAnew(bytes, start, end, length);
  }

  /** The way every line is read as text; remembered when the answer depends on the normalised reply alone. */
  private classifyAnew(bytes: Uint8Array, start: number, end: number, length: number): void {
    // UTF-8 even where the normaliser read the bytes: it takes caseless scripts (Japanese, Chinese) too.
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8', start, end);
    const outcome = length > 0 && text.trim() !== '' ? sharedOutcome(text, this.rules) : undefined;
    const line = Buffer.from(`${outcome === undefined ? this.lineOf(text) : outcomeJson(outcome)}\n`, 'utf8');
    // A forward's answer carries the address it names, which normalising masks.
    if (outcome !== undefined && outcome.reason !== 'hasmoved') this.remember(length, line);
    this.append(line);
  }

  /** What this has answered, for a worker thread to start with (it would otherwise classify each reply again, cold). */
  known(): KnownReply[] {
    const known: KnownReply[] = [];
    for (const first of this.table.values()) for (let e: Entry | undefined = first; e !== undefined; e = e.next) known.push({ length: e.length, key: e.key, line: e.line });
    return known;
  }

  /** Takes replies another thread answered with the same rules. */
  learn(known: KnownReply[]): void {
    for (const { length, key, line } of known) this.hold({ length, key, line, next: undefined });
  }

  private find(length: number): Entry | undefined {
    const key = this.normalizer.words;
    for (let e = this.table.get(hashOf(key, length)); e !== undefined; e = e.next) {
      if (e.length === length && sameWords(e.key, key)) return e;
    }
    return undefined;
  }

  private remember(length: number, line: Uint8Array): void {
    this.hold({ length, key: this.normalizer.words.slice(0, wordsOf(length)), line, next: undefined });
  }

  /** Adds an entry, starting the table over when it is full: hostile input must not grow it without end. */
  private hold(entry: Entry): void {
    if (this.table.size >= MAX_ENTRIES || this.bytesHeld >= MAX_BYTES) {
      this.table.clear();
      this.bytesHeld = 0;
    }
    const hash = hashOf(entry.key, entry.length);
    entry.next = this.table.get(hash);
    this.table.set(hash, entry);
    this.bytesHeld += entry.key.byteLength + entry.line.byteLength;
  }

  private append(line: Uint8Array): void {
    if (this.written + line.length > this.out.length) {
      const bigger = Buffer.allocUnsafe(2 * (this.written + line.length));
      this.out.copy(bigger, 0, 0, this.written);
      this.out = bigger;
    }
    this.out.set(line, this.written);
    this.written += line.length;
  }
}

/** The Outcome of a reply as classifyLine gets it; undefined when that fails (classifyLine reports it). */
function sharedOutcome(text: string, rules: RuleSet): Readonly<Outcome> | undefined {
  try {
    return classifyShared(text, rules);
  } catch {
    return undefined;
  }
}

function wordsOf(length: number): number {
  return (length + 3) >> 2;
}

/** FNV-1a over the words of a normalised reply, kept to a small integer (a cheap Map key). */
function hashOf(words: Int32Array, length: number): number {
  let h = 0x811c9dc5 ^ length;
  for (let i = 0, n = wordsOf(length); i < n; i += 1) h = Math.imul(h ^ words[i], 0x01000193);
  return h & 0x3fffffff;
}

/** Whether a stored key equals the start of `words` (the same length known). */
function sameWords(key: Int32Array, words: Int32Array): boolean {
  for (let i = 0; i < key.length; i += 1) if (key[i] !== words[i]) return false;
  return true;
}

/**
 * The JSON of an Outcome, made once for each Outcome object: a repeated reply comes back as the
 * very object the rule set's cache holds, and writing it out cost more than classifying it.
 */
const jsonOfOutcome = new WeakMap<object, string>();

export function outcomeJson(outcome: Readonly<Outcome>): string {
  let json = jsonOfOutcome.get(outcome);
  if (json === undefined) {
    json = JSON.stringify(outcome);
    jsonOfOutcome.set(outcome, json);
  }
  return json;
}
