import readline from 'node:readline';
import type { Command } from 'commander';
import { classify, STAGES, type Outcome, type RuleSet, type Stage } from '../classify';
import { rulesOf } from './context';

type Line = Outcome & { id?: unknown; recipient?: string; error?: string };

export function registerClassifyCommand(program: Command): void {
  program
    .command('classify')
    .description('classify SMTP replies: JSON Lines on stdin ({"reply", "stage"?, "mx"?, "recipient"?, "id"?}) to one Outcome a line')
    .option('--text', 'read one plain reply a line instead of JSON')
    .action(async (opts: { text?: boolean }, cmd: Command) => {
      const rules = rulesOf(cmd);
      await classifyStream(process.stdin, (line) => process.stdout.write(`${JSON.stringify(line)}\n`), rules, !!opts.text);
    });
}

/** Classifies every line of a stream, in order; never throws on bad input. */
export async function classifyStream(
  input: NodeJS.ReadableStream,
  write: (line: Line) => void,
  rules: RuleSet,
  plainText: boolean,
): Promise<void> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    write(plainText ? classify(line, rules) : classifyJsonLine(line, rules));
  }
}

function classifyJsonLine(line: string, rules: RuleSet): Line {
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
  const outcome = classify({ reply, stage: known ? (stage.toLowerCase() as Stage) : undefined, mx: typeof mx === 'string' ? mx : undefined }, rules);
  // The design's Outcome names its recipient: echoed when the line gives one.
  const result: Line = {
    ...(id === undefined ? {} : { id }),
    ...(typeof recipient === 'string' ? { recipient } : {}),
    ...outcome,
  };
  if (stage !== undefined && !known) result.error = `unknown stage ${JSON.stringify(stage)} ignored (one of ${STAGES.join(', ')})`;
  return result;
}
