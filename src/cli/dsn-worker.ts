import { parentPort, workerData } from 'node:worker_threads';
import type { RuleSet } from '../classify/classifier';
import type { MessageInput } from './dsn-inputs';
import { parseMessage } from './dsn-parse';

/** What a parse-dsn worker is started with. */
export interface WorkerSetup {
  maxBytes: number;
  /** The Haraka directory whose operator rules apply; null: the built-in rules. */
  rulesDir: string | null;
}
export interface Batch {
  seq: number;
  items: MessageInput[];
}
export interface BatchResult {
  seq: number;
  /** One JSON line a message, in the batch's order. */
  lines: string[];
  unreadable: boolean;
}

/** A parse-dsn worker: parses the batches it is sent, answering each with its output lines. */
async function serve(setup: WorkerSetup): Promise<void> {
  const rules = await rulesFor(setup.rulesDir);
  parentPort!.on('message', (batch: Batch) => {
    let unreadable = false;
    const lines = batch.items.map((item) => {
      const parsed = parseMessage({ ...item, data: item.data && Buffer.from(item.data) }, setup.maxBytes, rules);
      unreadable ||= parsed.unreadable;
      return JSON.stringify(parsed.result);
    });
    parentPort!.postMessage({ seq: batch.seq, lines, unreadable } satisfies BatchResult);
  });
  parentPort!.postMessage('ready');
}

async function rulesFor(dir: string | null): Promise<RuleSet | undefined> {
  if (dir === null) return undefined;
  const { RULES_FILE } = await import('../config/files');
  const { configOf } = await import('./context');
  return (await configOf(dir, [RULES_FILE], ['rules'])).rules;
}

if (parentPort) void serve(workerData as WorkerSetup);
