import path from 'node:path';
import { classify, classifyShared, type RuleSet } from '../classify/classifier';
import { explain, type Explanation } from '../classify/explain';
import { STAGES, type Outcome, type ReplyInput, type Stage } from '../classify/types';
import { outcomeJson, PlainTextClassifier } from './classify-fast';
import type { ClassifySetup } from './classify-worker';
import { lineChunks, MAX_LINE_BYTES, readLineBatches, splitWholeLines, type InputLine } from './lines';

type Line = Outcome & { id?: unknown; recipient?: string; error?: string; explain?: Omit<Explanation, 'outcome'> };
type Decide = (input: ReplyInput | string, rules: RuleSet) => Line;

/**
 * Classifies every line of a stream, in order: exactly one output line for each input line, whatever
 * it holds (blank, not JSON, nested too deep to echo, too long); the stream never stops early.
 */
export async function classifyStream(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  write: (line: string) => unknown,
  rules: RuleSet,
  plainText: boolean,
  explained = false,
): Promise<void> {
  const decide = deciderFor(explained);
  // A chunk's lines are answered together and written at once: one await a chunk, not one a line.
  for await (const batch of readLineBatches(input)) await write(classifyBatch(batch, rules, plainText, decide));
}

/** The output lines of a batch of input lines. */
export function classifyBatch(lines: InputLine[], rules: RuleSet, plainText: boolean, decide: Decide): string {
  let text = '';
  for (const line of lines) text += `${classifyLine(line, rules, plainText, decide)}\n`;
  return text;
}

/** Classification alone, or with the explanation beside it. */
export function deciderFor(explained: boolean): Decide {
  return explained ? explainedOutcome : classify;
}

/** Input as handed to a thread: bytes of whole lines (as lineChunks cuts them), or lines already read. */
export type LineChunk = Uint8Array | InputLine[];

/** The output lines of chunks of input: bytes for plain text (see PlainTextClassifier), else text. */
export function classifyChunks(chunks: LineChunk[], rules: RuleSet, setup: ClassifySetup): string | Uint8Array {
  const decide = deciderFor(setup.explained);
  if (setup.plainText && decide === classify) {
    const plain = plainTextClassifierOf(rules);
    const answers = chunks.map((chunk) => (Array.isArray(chunk) ? Buffer.from(classifyBatch(chunk, rules, true, decide)) : plain.classifyBytes(chunk)));
    return answers.length === 1 ? answers[0] : Buffer.concat(answers);
  }
  let text = '';
  for (const chunk of chunks) text += classifyBatch(Array.isArray(chunk) ? chunk : splitWholeLines(chunk), rules, setup.plainText, decide);
  return text;
}

/** One a rule set: what it remembers of the replies seen serves every later chunk. */
const plainTextClassifiers = new WeakMap<RuleSet, PlainTextClassifier>();

export function plainTextClassifierOf(rules: RuleSet): PlainTextClassifier {
  let plain = plainTextClassifiers.get(rules);
  if (plain === undefined) {
    plain = new PlainTextClassifier(rules, (text) => classifyLine({ text }, rules, true));
    plainTextClassifiers.set(rules, plain);
  }
  return plain;
}

/**
 * Like classifyStream, and for a large input on worker threads too: the first lines are answered
 * here (a short input never waits for workers to start), the rest by `jobs` threads, in order.
 * Threads are handed the input's bytes as they came, cut at line ends: reading lines here and
 * sending them as strings cost this thread as much as classifying them.
 */
export async function classifyInput(
  input: AsyncIterable<Buffer | string>, write: (text: string | Uint8Array) => Promise<void> | void, rules: RuleSet, setup: ClassifySetup, jobs: number,
): Promise<void> {
  const chunks = lineChunks(input);
  let answered = 0;
  while (jobs < 2 || answered < PARALLEL_AFTER_BYTES) {
    const next = await chunks.next();
    if (next.done) return;
    answered += sizeOf(next.value);
    await write(classifyChunks([next.value], rules, setup));
  }
  const { inOrderOnWorkers, startWorkers } = await import('./pool');
  const known = setup.plainText && !setup.explained ? plainTextClassifierOf(rules).known() : undefined;
  const workers = startWorkers(path.join(__dirname, 'classify-worker.js'), { ...setup, known }, jobs);
  // One read ahead: a worker that asks for a batch must not wait for the read and then for this
  // thread's own batch, which runs first while the read is under way.
  const readAhead = () => {
    const next = chunks.next();
    // Observed where it is awaited; one still pending when the work stops must not be an unhandled rejection.
    next.catch(() => undefined);
    return next;
  };
  let ahead = readAhead();
  const nextChunk = () => {
    const next = ahead;
    ahead = readAhead();
    return next;
  };
  const take = async () => {
    const batch: LineChunk[] = [];
    for (let bytes = 0; bytes < WORKER_BATCH_BYTES;) {
      const next = await nextChunk();
      if (next.done) break;
      batch.push(next.value);
      bytes += sizeOf(next.value);
    }
    return batch;
  };
  const local = (batch: LineChunk[]) => ({ text: classifyChunks(batch, rules, setup), failed: false });
  await inOrderOnWorkers(workers, take, write, local);
}

function sizeOf(chunk: LineChunk): number {
  return Array.isArray(chunk) ? chunk.reduce((n, line) => n + line.text.length, 0) : chunk.length;
}

/** Input answered on the main thread before workers are started (some 10,000 lines of replies). */
const PARALLEL_AFTER_BYTES = 2 * 1024 * 1024;
/** A batch for a thread: one message to a worker costs about what a few hundred lines do. */
const WORKER_BATCH_BYTES = 512 * 1024;

/** One input line to its output line (JSON, no newline); never throws. */
export function classifyLine(line: InputLine, rules: RuleSet, plainText: boolean, decide: Decide = classify): string {
  if (line.overLong !== undefined) return failed(rules, `line of ${line.overLong} bytes is over the ${MAX_LINE_BYTES}-byte limit`);
  if (line.text.trim() === '') return failed(rules, 'empty line');
  try {
    if (plainText && decide === classify) return outcomeJson(classifyShared(line.text, rules));
    const result = plainText ? decide(line.text, rules) : classifyJsonLine(line.text, rules, decide);
    return stringify(result) ?? stringify({ ...withoutId(result), error: 'id could not be echoed (nested too deep)' }) ?? failed(rules, 'unprintable result');
  } catch (err) {
    // A bug of ours on one line must not cost the lines after it.
    return failed(rules, `could not classify: ${(err as Error).message}`);
  }
}

function failed(rules: RuleSet, error: string): string {
  return JSON.stringify({ ...classify('', rules), error });
}

function stringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

function withoutId(line: Line): Line {
  const { id: _id, ...rest } = line;
  return rest;
}

/** The Outcome with its explanation beside it. */
function explainedOutcome(input: ReplyInput | string, rules: RuleSet): Line {
  const { outcome, ...why } = explain(input, rules);
  return { ...outcome, explain: why };
}

function classifyJsonLine(line: string, rules: RuleSet, decide: Decide): Line {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { ...classify('', rules), error: `invalid JSON: ${(err as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || typeof (value as { reply?: unknown }).reply !== 'string') {
    return { ...classify('', rules), error: 'expected an object with a string "reply"' };
  }
  const { reply, stage, mx, id, recipient } = value as { reply: string; stage?: unknown; mx?: unknown; id?: unknown; recipient?: unknown };
  const known = typeof stage === 'string' && (STAGES as readonly string[]).includes(stage.toLowerCase());
  const outcome = decide({ reply, stage: known ? (stage.toLowerCase() as Stage) : undefined, mx: typeof mx === 'string' ? mx : undefined }, rules);
  // The design's Outcome names its recipient: echoed when the line gives one.
  const result: Line = {
    ...(id === undefined ? {} : { id }),
    ...(typeof recipient === 'string' ? { recipient } : {}),
    ...outcome,
  };
  if (stage !== undefined && !known) result.error = `unknown stage ${describeStage(stage)} ignored (one of ${STAGES.join(', ')})`;
  return result;
}

/** The stage as given, short: it may be any JSON value, nested arbitrarily deep. */
function describeStage(stage: unknown): string {
  return typeof stage === 'string' ? JSON.stringify(stage.slice(0, 40)) : `(a ${Array.isArray(stage) ? 'list' : typeof stage})`;
}
