import readline from 'node:readline';
import type { Command } from 'commander';
import { classify, explain, loadRuleSet, STAGES, type Explanation, type Outcome, type ReplyInput, type RuleSet, type Stage } from '../classify';
import { openIniReader } from '../config/reader';

type Line = Outcome & { id?: unknown; recipient?: string; error?: string; explain?: Omit<Explanation, 'outcome'> };

export function registerClassifyCommand(program: Command): void {
  program
    .command('classify')
    .description('classify SMTP replies: JSON Lines on stdin ({"reply", "stage"?, "mx"?, "recipient"?, "id"?}) to one Outcome a line')
    .option('--text', 'read one plain reply a line instead of JSON')
    .option('--explain', 'add "explain": what the rules read (text, codes, stage, provider) and every rule tried, with its source')
    .action(async (opts: { text?: boolean; explain?: boolean }, cmd: Command) => {
      const { config } = cmd.optsWithGlobals<{ config?: string }>();
      const rules = loadRuleSet(openIniReader(config));
      await classifyStream(process.stdin, (line) => process.stdout.write(`${JSON.stringify(line)}\n`), rules, !!opts.text, !!opts.explain);
    });
}

/** Classifies every line of a stream, in order; never throws on bad input. */
export async function classifyStream(
  input: NodeJS.ReadableStream,
  write: (line: Line) => void,
  rules: RuleSet,
  plainText: boolean,
  explained = false,
): Promise<void> {
  const decide = explained ? explainedOutcome : classify;
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    write(plainText ? decide(line, rules) : classifyJsonLine(line, rules, decide));
  }
}

/** The Outcome with its explanation beside it. */
function explainedOutcome(input: ReplyInput | string, rules: RuleSet): Line {
  const { outcome, ...why } = explain(input, rules);
  return { ...outcome, explain: why };
}

function classifyJsonLine(line: string, rules: RuleSet, decide: (input: ReplyInput, rules: RuleSet) => Line): Line {
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
  if (stage !== undefined && !known) result.error = `unknown stage ${JSON.stringify(stage)} ignored (one of ${STAGES.join(', ')})`;
  return result;
}
