/** How much output is gathered before one write: a line a write costs a system call a line. */
const FLUSH_BYTES = 64 * 1024;

/**
 * Buffered standard output. Lines are gathered and written in large pieces; a full pipe makes
 * `write` return a promise to wait on, so a slow reader never makes the process hold everything.
 * A reader that goes away (`| head -1`) ends the process quietly with status 0: there is no one
 * left to tell.
 */
export class Output {
  private pending: Array<string | Uint8Array> = [];
  private size = 0;
  private bytes = false;

  constructor(private readonly stream: NodeJS.WritableStream = process.stdout) {}

  /** Text as is (give it its newline), or bytes of UTF-8 text; wait on the result when there is one. */
  write(text: string | Uint8Array): Promise<void> | void {
    this.pending.push(text);
    this.size += text.length;
    if (typeof text !== 'string') this.bytes = true;
    if (this.size >= FLUSH_BYTES) return this.flush();
  }

  line(text: string): Promise<void> | void {
    return this.write(`${text}\n`);
  }

  flush(): Promise<void> | void {
    if (this.pending.length === 0) return;
    const data = this.pending.length === 1 ? this.pending[0] : this.bytes ? Buffer.concat(this.pending.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))) : this.pending.join('');
    this.pending = [];
    this.size = 0;
    this.bytes = false;
    if (this.stream.write(data)) return;
    return new Promise((resolve) => this.stream.once('drain', resolve));
  }
}

export const out = new Output();

/** A closed pipe on stdout is the reader's choice, not an error (EPIPE would otherwise be a stack trace). */
export function quietOnClosedPipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(0);
  });
}

export function expiryText(expiresAt: number | null): string {
  return expiresAt === null ? 'permanent' : `expires ${new Date(expiresAt).toISOString()}`;
}
