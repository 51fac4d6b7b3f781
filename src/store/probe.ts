import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StoreConfig } from './config';
import type { Logger } from './resilient';

/** A file bounceguard writes while Haraka runs: the SQLite store (and its -wal/-shm) or the spool. */
export interface WritableTarget {
  what: 'store' | 'spool';
  file: string;
}

export interface Unwritable extends WritableTarget {
  /** The path that refused: the file itself, a companion file, or the folder that must hold them. */
  path: string;
  reason: string;
}

/** The files of a store config that must stay writable: the spool always, the SQLite file when used. */
export function writableTargets(config: Pick<StoreConfig, 'backend' | 'sqlitePath' | 'spoolPath'>): WritableTarget[] {
  const targets: WritableTarget[] = [{ what: 'spool', file: config.spoolPath }];
  if (config.backend === 'sqlite') targets.unshift({ what: 'store', file: config.sqlitePath });
  return targets;
}

/**
 * Checks, as the user this process runs as now, what the store and the spool will do: write each
 * existing file, and create and remove a file in its folder (SQLite creates -wal and -shm there; the
 * spool is created and renamed there). Existing files are checked with access(2), never opened:
 * closing any descriptor of a SQLite file drops the POSIX locks this process holds on it. Root
 * passes any permission check, so this must run again after Haraka drops privileges.
 */
export function probeWritable(targets: WritableTarget[]): Unwritable[] {
  const problems: Unwritable[] = [];
  for (const target of targets) {
    const files = target.what === 'store' ? [target.file, `${target.file}-wal`, `${target.file}-shm`] : [target.file];
    const refused = [...files.filter((f) => fs.existsSync(f)).map(tryWrite), tryCreateIn(path.dirname(target.file))].find((p) => p !== null);
    if (refused) problems.push({ ...target, ...refused });
  }
  return problems;
}

function tryWrite(file: string): { path: string; reason: string } | null {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return null;
  } catch (err) {
    return { path: file, reason: (err as Error).message };
  }
}

function tryCreateIn(dir: string): { path: string; reason: string } | null {
  const probe = path.join(dir, `.bounceguard-probe-${process.pid}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.closeSync(fs.openSync(probe, 'wx'));
    fs.rmSync(probe);
    return null;
  } catch (err) {
    return { path: dir, reason: (err as Error).message };
  }
}

const currentIds = (): string => `${process.getuid?.() ?? '?'}:${process.getgid?.() ?? '?'}`;

/** Who this process runs as: name when it has one, and uid:gid. */
export function runningUser(): { name: string; ids: string } {
  const ids = currentIds();
  try {
    return { name: os.userInfo().username, ids };
  } catch {
    return { name: `uid ${process.getuid?.() ?? '?'}`, ids };
  }
}

/** The error an operator sees: what, where, as whom, what is lost, and the fix. */
export function unwritableMessage(problem: Unwritable, user = runningUser()): string {
  const owned = `${path.dirname(problem.file)} ${problem.file}*`;
  const setting = problem.what === 'store' ? 'sqlite_path' : 'spool_path';
  const lost = problem.what === 'store' ? 'suppressions are not saved' : 'writes the store cannot take are lost';
  return `bounceguard: ${problem.what} ${problem.file} is not writable by ${user.name} (${user.ids}): ${problem.path}: ${problem.reason}; ` +
    `${lost} while this lasts. Fix: chown ${user.name} ${owned} (the user= of smtp.ini), or set ${setting} in bounceguard.ini [store] to a folder that user owns`;
}

export interface WritableWatchOptions {
  log: Logger;
  /** Called once per target found unwritable by a probe (for a metric). */
  onUnwritable?: (problem: Unwritable) => void;
  /** Called when every target is writable again after a failing probe. */
  onWritable?: () => void;
  /** How often the files are probed. */
  intervalMs?: number;
  /** How often an error is repeated while it lasts. */
  repeatMs?: number;
  /** How often the process's uid/gid is compared with the last probe's, to probe at once after a switch. */
  userCheckMs?: number;
  now?: () => number;
}

export interface WritableWatch {
  /** Probes now; true when every target is writable. */
  probe(): boolean;
  stop(): void;
}

/**
 * Probes the targets now, again whenever the process's uid/gid changes (Haraka drops privileges
 * after the plugins start) and every `intervalMs`; logs the problems as errors, repeated every
 * `repeatMs` while they last, and once when the files are writable again.
 */
export function watchWritable(targets: WritableTarget[], opts: WritableWatchOptions): WritableWatch {
  const intervalMs = opts.intervalMs ?? 5000;
  const repeatMs = opts.repeatMs ?? 60_000;
  const now = opts.now ?? Date.now;
  let lastProbe = 0;
  let lastReport = 0;
  let lastUser = '';
  let failing = false;
  const probe = (): boolean => {
    lastProbe = now();
    lastUser = currentIds();
    const problems = probeWritable(targets);
    const report = problems.length > 0 && (!failing || lastProbe - lastReport >= repeatMs);
    if (report) lastReport = lastProbe;
    for (const p of problems) {
      if (report) opts.log('error', unwritableMessage(p));
      opts.onUnwritable?.(p);
    }
    const recovered = failing && problems.length === 0;
    failing = problems.length > 0;
    if (recovered) {
      opts.log('info', `bounceguard: ${targets.map((t) => t.file).join(' and ')} writable again by ${runningUser().name}`);
      opts.onWritable?.();
    }
    return !failing;
  };
  probe();
  const timer = setInterval(() => {
    if (currentIds() !== lastUser || now() - lastProbe >= intervalMs) probe();
  }, opts.userCheckMs ?? 1000);
  timer.unref();
  return { probe, stop: () => clearInterval(timer) };
}
