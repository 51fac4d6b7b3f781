import fs from 'node:fs';
import path from 'node:path';
import type { CounterAdd, SuppressionEntry } from './types';

/** One write the store could not take, kept to be replayed in order. */
export type SpoolOp =
  | { op: 'put'; entry: SuppressionEntry }
  | { op: 'remove'; key: string }
  | { op: 'importMany'; entries: SuppressionEntry[] }
  | { op: 'recordSoftBounce'; recipient: string; messageId: string; at: number; windowMs: number }
  | { op: 'resetSoftBounces'; recipient: string }
  | { op: 'setState'; key: string; value: unknown; expiresAt: number | null }
  | { op: 'setStates'; states: { key: string; value: unknown; expiresAt: number | null }[] }
  | { op: 'addCounters'; adds: CounterAdd[]; ttlMs: number }
  | { op: 'appendLog'; stream: string; items: string[]; maxLen: number };

const CLAIMED = /\.replaying-(\d+)-(\d+)-(\d+)$/;
let claims = 0;
// Claimed files being replayed by this process right now (two stores may share one spool in a process).
const inProgress = new Set<string>();

/**
 * An append-only JSON Lines file of failed writes, shared by the workers of one host (O_APPEND keeps
 * short lines whole). A replay first claims the file by renaming it, so two workers never replay it twice.
 */
export class Spool {
  constructor(readonly file: string) {}

  append(op: SpoolOp): void {
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.appendFileSync(this.file, `${JSON.stringify(op)}\n`);
    } catch (err) {
      throw new Error(`cannot append to the suppression spool ${this.file}: ${(err as Error).message}`, { cause: err });
    }
  }

  /** True when a spool file or a claimed file left by this or a dead process waits for replay. */
  pending(): boolean {
    return fs.existsSync(this.file) || this.claimable().length > 0;
  }

  /**
   * Applies every spooled op in order. On a failure the unapplied rest stays in the claimed file
   * for the next attempt and the error is rethrown.
   */
  async drain(apply: (op: SpoolOp) => Promise<void>): Promise<DrainCount> {
    this.claimMain();
    const count: DrainCount = { applied: 0, unreadable: 0 };
    const files = this.claimable();
    for (const file of files) inProgress.add(file);
    try {
      for (const file of files) await replayFile(file, apply, count);
    } finally {
      for (const file of files) inProgress.delete(file);
    }
    return count;
  }

  private claimMain(): void {
    try {
      claims += 1;
      fs.renameSync(this.file, `${this.file}.replaying-${process.pid}-${Date.now()}-${claims}`);
    } catch (err) {
      // No spool file (or no folder for one: a spool that could not be written): nothing to claim.
      if (!['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
    }
  }

  /** Claimed files this process may replay, oldest claim first. */
  private claimable(): string[] {
    const dir = path.dirname(this.file);
    const base = path.basename(this.file);
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      return [];
    }
    return names
      .filter((n) => n.startsWith(`${base}.replaying-`) && !inProgress.has(path.join(dir, n)))
      .map((n) => ({ n, m: CLAIMED.exec(n) }))
      .filter((x): x is { n: string; m: RegExpExecArray } => x.m !== null && mayReplay(Number(x.m[1])))
      .sort((a, b) => Number(a.m[2]) - Number(b.m[2]) || Number(a.m[3]) - Number(b.m[3]))
      .map((x) => path.join(dir, x.n));
  }
}

export interface DrainCount {
  applied: number;
  unreadable: number;
}

async function replayFile(file: string, apply: (op: SpoolOp) => Promise<void>, count: DrainCount): Promise<void> {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  for (let i = 0; i < lines.length; i += 1) {
    const op = parseLine(lines[i]);
    if (!op) {
      count.unreadable += 1;
      continue;
    }
    try {
      await apply(op);
    } catch (err) {
      fs.writeFileSync(file, lines.slice(i).map((l) => `${l}\n`).join(''));
      throw err;
    }
    count.applied += 1;
  }
  fs.rmSync(file, { force: true });
}

function mayReplay(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function parseLine(line: string): SpoolOp | null {
  try {
    const op = JSON.parse(line) as SpoolOp;
    return typeof op?.op === 'string' ? op : null;
  } catch {
    return null;
  }
}
