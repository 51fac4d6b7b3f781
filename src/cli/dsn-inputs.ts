import fs from 'node:fs';
import path from 'node:path';
import { MboxReader } from '../dsn/mbox';

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

/** Every message of an mbox read from a stream, named name#1, name#2... */
export async function* splitMbox(stream: NodeJS.ReadableStream, name: string): AsyncIterable<MessageInput> {
  const reader = new MboxReader();
  let n = 0;
  const named = (data: Buffer): MessageInput => ({ name: `${name}#${(n += 1)}`, data });
  for await (const chunk of stream) yield* reader.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer)).map(named);
  yield* reader.end().map(named);
}
