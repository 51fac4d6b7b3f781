import type { Command } from 'commander';
import { rulesOf } from './context';
import { out } from './output';

export function registerClassifyCommand(program: Command): void {
  program
    .command('classify')
    .argument('[replies...]', 'replies to classify, one an argument (plain text); none: read stdin')
    .description('classify SMTP replies: JSON Lines on stdin ({"reply", "stage"?, "mx"?, "recipient"?, "id"?}) to one Outcome a line')
    .option('--text', 'read one plain reply a line instead of JSON')
    .option('--explain', 'add "explain": what the rules read (text, codes, stage, provider) and every rule tried, with its source')
    .action(async (replies: string[], opts: { text?: boolean; explain?: boolean }, cmd: Command) => {
      const { classifyStream } = await import('./classify-stream');
      const rules = await rulesOf(cmd);
      const write = (line: string) => out.write(line);
      if (replies.length > 0) await classifyStream(replies.map((r) => `${r.replace(/\r?\n/g, ' ')}\n`), write, rules, true, !!opts.explain);
      else await classifyStream(process.stdin, write, rules, !!opts.text, !!opts.explain);
    });
}

