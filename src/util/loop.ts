/**
 * A background round run every interval (timer unref'd: it never keeps a process alive), never two
 * at once: a tick while a round runs shares that round. A failed round is reported, never thrown.
 */
export class BackgroundLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly intervalMs: number, private readonly round: () => Promise<void>, private readonly onError: (err: Error) => void) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  tick(): Promise<void> {
    this.running ??= this.round().catch((err: Error) => this.onError(err)).finally(() => { this.running = null; });
    return this.running;
  }
}
