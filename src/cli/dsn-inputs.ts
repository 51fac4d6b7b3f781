import fs from 'node:fs';
import path from 'node:path';

/** One message to parse: a file read where it is parsed, or bytes already read (stdin, an mbox). */
export interface MessageInput {
  name: string;
  path?: string;
  data?: Buffer;
}

/**
 * The messages the arguments name, in order: files; directories, walked in name order (a Maildir's
 * cur/ and new/, never its tmp/, where messages are still being written); with `mbox`, every message
 * of each mbox file (named file#1, file#2...); "-" is stdin, one message (or an mbox with `mbox`).
 */
export async function* messagesOf(args: string[], mbox: boolean): AsyncIterable<MessageInput> {
  for (const arg of args) {
    if (arg === '-') {
      if (mbox) yield* splitMbox(process.stdin, '-');
      else yield { name: '-', data: await readAll(process.stdin) };
      continue;
    }
    let isDir = false;
    try {
      isDir = fs.statSync(arg).isDirectory();
    } catch {
      // Reported as unreadable where it is read, like any file that cannot be opened.
    }
    if (isDir) for (const file of walk(arg)) yield* fileMessages(file, mbox);
    else yield* fileMessages(arg, mbox);
  }
}

async function* fileMessages(file: string, mbox: boolean): AsyncIterable<MessageInput> {
  let readable = mbox;
  if (mbox) {
    try {
      fs.accessSync(file, fs.constants.R_OK);
    } catch {
      readable = false;
    }
  }
  // An mbox that cannot be opened is named like a message file: reading it reports why.
  if (readable) yield* splitMbox(fs.createReadStream(file), file);
  else yield { name: file, path: file };
}

/** Regular files under a directory, in name order; hidden entries and Maildir tmp/ left out. */
function walk(dir: string, files: string[] = []): string[] {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => !e.name.startsWith('.'));
  const names = new Set(entries.filter((e) => e.isDirectory()).map((e) => e.name));
  const maildir = names.has('cur') && names.has('new') && names.has('tmp');
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      // Into the one list, not push(...walk()): a Maildir folder of many messages is more arguments than a call takes.
      if (!(maildir && e.name === 'tmp')) walk(full, files);
    } else if (e.isFile()) {
      files.push(full);
    }
  }
  return files;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

const FROM_LINE = Buffer.from('From ');

/**
 * The messages of an mbox (RFC 4155): each starts with a "From " line at the start of the file or
 * after an empty line; that line is dropped, and ">From " lines written to escape one lose a ">"
 * (mboxrd; harmless for mboxo, where no line a parser reads starts so). Read in pieces: a large
 * mailbox is never held whole, only the message being cut.
 */
export async function* splitMbox(stream: NodeJS.ReadableStream, name: string): AsyncIterable<MessageInput> {
  let pending: Buffer = Buffer.alloc(0);
  let n = 0;
  const message = (bytes: Buffer): MessageInput => {
    n += 1;
    return { name: `${name}#${n}`, data: unescapeFrom(dropFromLine(bytes)) };
  };
  for await (const chunk of stream) {
    pending = pending.length ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
    let cut = nextSeparator(pending, 1);
    while (cut >= 0) {
      if (hasContent(pending.subarray(0, cut))) yield message(pending.subarray(0, cut));
      pending = pending.subarray(cut);
      cut = nextSeparator(pending, 1);
    }
  }
  if (hasContent(pending)) yield message(pending);
}

/** Where the next message's "From " line starts (after an empty line), from `from` on; -1: none yet. */
function nextSeparator(buf: Buffer, from: number): number {
  for (let i = buf.indexOf(FROM_LINE, from); i >= 0; i = buf.indexOf(FROM_LINE, i + 1)) {
    if (buf[i - 1] !== 0x0a) continue;
    if (buf[i - 2] === 0x0a || (buf[i - 2] === 0x0d && buf[i - 3] === 0x0a)) return i;
  }
  return -1;
}

function hasContent(buf: Buffer): boolean {
  return buf.some((b) => b !== 0x0a && b !== 0x0d && b !== 0x20 && b !== 0x09);
}

function dropFromLine(buf: Buffer): Buffer {
  if (!buf.subarray(0, 5).equals(FROM_LINE)) return buf;
  const eol = buf.indexOf(0x0a);
  return eol < 0 ? Buffer.alloc(0) : buf.subarray(eol + 1);
}

function unescapeFrom(buf: Buffer): Buffer {
  if (buf.indexOf('>From ') < 0) return buf;
  // latin1 maps every byte to one character and back: the message's bytes are kept as they are.
  return Buffer.from(buf.toString('latin1').replace(/^>(>*From )/gm, '$1'), 'latin1');
}
