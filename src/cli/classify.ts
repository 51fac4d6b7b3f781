import type { Command } from 'commander';
import { tuneForColdRun } from './cold-run';
import { rulesDirOf, rulesOf } from './context';
import { standardInput } from './lines';
import { defaultJobs, jobsOption } from './options';
import { out } from './output';

export function registerClassifyCommand(program: Command): void {
  program
    .command('classify')
    .argument('[replies...]', 'replies to classify, one an argument (plain text); none: read stdin')
    .description('classify SMTP replies: JSON Lines on stdin ({"reply", "stage"?, "mx"?, "recipient"?, "id"?}) to one Outcome a line')
    .option('--text', 'read one plain reply a line instead of JSON')
    .option('--explain', 'add "explain": what the rules read (text, codes, stage, provider) and every rule tried, with its source')
    .option('-j, --jobs <n>', 'threads for a large input, past its first 2 MB (default: the CPU cores not busy)', jobsOption)
    .action(async (replies: string[], opts: { text?: boolean; explain?: boolean; jobs?: number }, cmd: Command) => {
      // Replies given as arguments are a few: V8's defaults suit them (each regex interpreted once).
      if (replies.length === 0) tuneForColdRun();
      const { classifyInput, classifyStream } = await import('./classify-stream');
      const rules = await rulesOf(cmd);
      const write = (text: string | Uint8Array) => out.write(text);
      if (replies.length > 0) await classifyStream(replies.map((r) => `${r.replace(/\r?\n/g, ' ')}\n`), write, rules, true, !!opts.explain);
      else {
        const setup = { plainText: !!opts.text, explained: !!opts.explain, rulesDir: rulesDirOf(cmd) };
        await classifyInput(standardInput(), write, rules, setup, opts.jobs ?? defaultJobs());
      }
    });
}

