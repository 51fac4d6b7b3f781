import { classify, type RuleSet } from '../classify/classifier';
import { explain, type Explanation } from '../classify/explain';
import { STAGES, type Outcome, type ReplyInput, type Stage } from '../classify/types';
import { MAX_LINE_BYTES, readLines, type InputLine } from './lines';

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
  const decide: Decide = explained ? explainedOutcome : classify;
  for await (const line of readLines(input)) {
    await write(`${classifyLine(line, rules, plainText, decide)}\n`);
  }
}

/** One input line to its output line (JSON, no newline); never throws. */
export function classifyLine(line: InputLine, rules: RuleSet, plainText: boolean, decide: Decide = classify): string {
  if (line.overLong !== undefined) return failed(rules, `line of ${line.overLong} bytes is over the ${MAX_LINE_BYTES}-byte limit`);
  if (line.text.trim() === '') return failed(rules, 'empty line');
  try {
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
