export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Appended to the timeout error, e.g. a server's recent log lines. */
  context?: () => string;
}

/**
 * Polls `probe` until it gives something other than undefined or false, and resolves to that; past
 * the timeout it rejects, naming `what`.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 30_000, intervalMs = 100, context }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${context ? `\n${context()}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The last lines of a log that match `pattern`, for a timeout message. */
export function recentLines(log: string, pattern: RegExp, count = 30): string {
  return log.split('\n').filter((l) => pattern.test(l)).slice(-count).join('\n');
}
