import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Command } from 'commander';
import type { RuleSet } from '../classify/classifier';
import { DEFAULT_MAX_BYTES } from '../dsn';
import type { Suppression } from '../suppress/open';
import { harakaDirOf, rulesOf, withSuppression } from './context';
import { messagesOf, type MessageInput } from './dsn-inputs';
import { parseMessage } from './dsn-parse';
import type { BatchResult, WorkerSetup } from './dsn-worker';
import { out } from './output';
import { recordLine, verifierOf, type Verifier } from './parse-dsn-record';

export interface ParseDsnOptions {
  maxBytes?: number;
  record?: boolean;
  verify?: boolean;
  mbox?: boolean;
  jobs?: number;
}

/** Below this many messages, starting workers (each loads the parser) costs more than they save. */
const PARALLEL_FROM = 300;
/** Messages a worker is sent at a time; two batches a worker are in flight, so none waits. */
const BATCH = 32;

type Messages = AsyncIterator<MessageInput>;

/** One JSON line a message, in input order; exit status 2 when a message could not be read. */
export async function runParseDsn(args: string[], opts: ParseDsnOptions, cmd: Command): Promise<void> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const messages = messagesOf(args, !!opts.mbox)[Symbol.asyncIterator]();
  let unreadable: boolean;
  if (opts.record) {
    unreadable = await recording(messages, maxBytes, opts.verify, cmd);
  } else {
    // Recording stays in one thread (one store connection, reports recorded in order); parsing alone may spread.
    const jobs = opts.jobs ?? os.availableParallelism();
    const head = await take(messages, jobs > 1 ? PARALLEL_FROM : 0);
    const all = chain(head, messages);
    unreadable = jobs > 1 && head.length >= PARALLEL_FROM
      ? await parallel(all, jobs, { maxBytes, rulesDir: rulesDirOf(cmd) })
      : await sequential(all, maxBytes, await rulesOf(cmd), null);
  }
  if (unreadable) process.exitCode = 2;
}

async function recording(messages: Messages, maxBytes: number, verify: boolean | undefined, cmd: Command): Promise<boolean> {
  let verifier: Verifier | null = null;
  try {
    verifier = await verifierOf(harakaDirOf(cmd), verify);
  } catch (err) {
    cmd.error(`error: ${(err as Error).message}`, { exitCode: 2 });
  }
  const rules = await rulesOf(cmd);
  return withSuppression(cmd, { writes: true }, (suppression) => sequential(messages, maxBytes, rules, { suppression, verifier }));
}

async function sequential(messages: Messages, maxBytes: number, rules: RuleSet, record: { suppression: Suppression; verifier: Verifier | null } | null): Promise<boolean> {
  let unreadable = false;
  for (let next = await messages.next(); !next.done; next = await messages.next()) {
    const parsed = parseMessage(next.value, maxBytes, rules);
    unreadable ||= parsed.unreadable;
    if (record) Object.assign(parsed.result, await recordLine(record.suppression, parsed.result, parsed.raw, record.verifier));
    await out.line(JSON.stringify(parsed.result));
  }
  return unreadable;
}

/**
 * Parses on `jobs` worker threads: messages go out in numbered batches as workers free up, and
 * results are printed in batch order, so the output is the same as one thread's.
 */
function parallel(messages: Messages, jobs: number, setup: WorkerSetup): Promise<boolean> {
  const file = path.join(__dirname, 'dsn-worker.js');
  const workers = Array.from({ length: jobs }, () => new Worker(file, { workerData: setup }));
  const waiting = new Map<number, BatchResult>();
  let sent = 0;
  let printed = 0;
  let exhausted = false;
  let unreadable = false;
  // One feeder at a time: batches must take messages in order.
  let feeding: Promise<unknown> = Promise.resolve();
  return new Promise<boolean>((resolve, reject) => {
    const stop = (err?: Error) => {
      void Promise.all(workers.map((w) => w.terminate())).then(() => (err ? reject(err) : resolve(unreadable)));
    };
    const feed = (worker: Worker) => {
      feeding = feeding.then(async () => {
        if (exhausted) return;
        const items = await take(messages, BATCH);
        if (items.length < BATCH) exhausted = true;
        if (items.length > 0) worker.postMessage({ seq: sent++, items });
        if (exhausted && printed === sent) stop();
      }).catch(stop);
    };
    const print = async () => {
      for (let r = waiting.get(printed); r; r = waiting.get(printed)) {
        waiting.delete(printed);
        unreadable ||= r.unreadable;
        for (const line of r.lines) await out.line(line);
        printed += 1;
      }
      if (exhausted && printed === sent) stop();
    };
    for (const worker of workers) {
      worker.on('error', stop);
      worker.on('message', (msg: BatchResult | 'ready') => {
        if (msg === 'ready') {
          feed(worker);
          feed(worker);
          return;
        }
        waiting.set(msg.seq, msg);
        feeding = feeding.then(print).catch(stop);
        feed(worker);
      });
    }
  });
}

/** The directory whose operator rules apply (--config, $HARAKA), or null for the built-in rules. */
function rulesDirOf(cmd: Command): string | null {
  if (cmd.optsWithGlobals<{ config?: string }>().config === undefined && process.env.HARAKA === undefined) return null;
  return harakaDirOf(cmd, null);
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
