import path from 'node:path';
import type { Command } from 'commander';
import type { RuleSet } from '../classify/classifier';
import { harakaDirOf, rulesDirOf, rulesIn, rulesOf, withSuppression } from './context';
import { messagesOf, type MessageInput } from './dsn-inputs';
import type { DsnSetup } from './dsn-worker';
import { defaultJobs } from './options';
import { out } from './output';
import type { ReportLine } from './dsn-parse';
import type { Verifier } from './parse-dsn-record';

export interface ParseDsnOptions {
  maxBytes?: number;
  record?: boolean;
  verify?: boolean;
  mbox?: boolean;
  jobs?: number;
}

/** Below this many messages, starting workers (each loads the parser and warms up) costs more than they save. */
const PARALLEL_FROM = 1000;
/** Messages a worker is sent at a time. */
const BATCH = 32;

type Messages = AsyncIterator<MessageInput>;

/** One JSON line a message, in input order; exit status 2 when a message could not be read. */
export async function runParseDsn(args: string[], opts: ParseDsnOptions, cmd: Command): Promise<void> {
  const maxBytes = opts.maxBytes;
  const messages = messagesOf(args, !!opts.mbox)[Symbol.asyncIterator]();
  let unreadable: boolean;
  if (opts.record) {
    unreadable = await recording(messages, maxBytes, opts.verify, cmd);
  } else {
    // Recording stays in one thread (one store connection, reports recorded in order); parsing alone may spread.
    const jobs = opts.jobs ?? defaultJobs();
    // Asked for by --jobs: from a few batches on; by default only where it pays for the threads' warm-up.
    const from = opts.jobs === undefined ? PARALLEL_FROM : 2 * BATCH;
    const head = await take(messages, jobs > 1 ? from : 0);
    const all = chain(head, messages);
    unreadable = jobs > 1 && head.length >= from
      ? await parallel(all, jobs, { maxBytes, rulesDir: rulesDirOf(cmd) })
      : await sequential(all, maxBytes, await rulesOf(cmd), null);
  }
  if (unreadable) process.exitCode = 2;
}

async function recording(messages: Messages, maxBytes: number | undefined, verify: boolean | undefined, cmd: Command): Promise<boolean> {
  // Loaded only here: the store, the inbound checks and the return path are for --record alone.
  const { recordLine, verifierOf } = await import('./parse-dsn-record');
  let verifier: Verifier | null = null;
  try {
    verifier = await verifierOf(harakaDirOf(cmd), verify);
  } catch (err) {
    cmd.error(`error: ${(err as Error).message}`, { exitCode: 2 });
  }
  const rules = await rulesOf(cmd);
  return withSuppression(cmd, { writes: true }, (suppression) => sequential(messages, maxBytes, rules,
    (line, raw) => recordLine(suppression, line, raw, verifier)));
}

type Recorder = (line: ReportLine, raw: Buffer | undefined) => Promise<object>;

async function sequential(messages: Messages, maxBytes: number | undefined, rules: RuleSet, record: Recorder | null): Promise<boolean> {
  const { parseMessage } = await import('./dsn-parse');
  let unreadable = false;
  for (let next = await messages.next(); !next.done; next = await messages.next()) {
    const parsed = parseMessage(next.value, maxBytes, rules);
    unreadable ||= parsed.unreadable;
    if (record) Object.assign(parsed.result, await record(parsed.result, parsed.raw));
    await out.line(JSON.stringify(parsed.result));
  }
  return unreadable;
}

/** Parses on `jobs` threads (this one included), printing in input order. */
async function parallel(messages: Messages, jobs: number, setup: DsnSetup): Promise<boolean> {
  // Loaded here only: node:worker_threads is some 3 ms of a start that one thread never uses.
  const { inOrderOnWorkers, startWorkers } = await import('./pool');
  const workers = startWorkers(path.join(__dirname, 'dsn-worker.js'), setup, jobs);
  let rules: RuleSet;
  try {
    rules = await rulesIn(setup.rulesDir);
  } catch (err) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw err;
  }
  const { parseBatch } = await import('./dsn-parse');
  const local = (items: MessageInput[]) => parseBatch(items, setup.maxBytes, rules);
  return inOrderOnWorkers(workers, () => take(messages, BATCH), (text) => out.write(text), local);
}

async function take(messages: Messages, n: number): Promise<MessageInput[]> {
  const items: MessageInput[] = [];
  while (items.length < n) {
    const next = await messages.next();
    if (next.done) break;
    items.push(next.value);
  }
  return items;
}

async function* chainGen(head: MessageInput[], rest: Messages): AsyncGenerator<MessageInput> {
  yield* head;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

function chain(head: MessageInput[], rest: Messages): Messages {
  return chainGen(head, rest);
}
