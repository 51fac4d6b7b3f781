/**
 * `npm run demo`: classifies a sample of real provider replies from the shared corpus and prints what
 * each means for its recipient, then totals. (Replaced by the Haraka demo once the plugins land.)
 */
import Table from 'cli-table3';
import { classify } from '../src/classify';
import { providerReplies, stageOf } from '../bench/lib/corpus';

const SAMPLE_SIZE = 24;

function sample<T>(rows: T[], n: number): T[] {
  const step = Math.max(1, Math.floor(rows.length / n));
  return rows.filter((_, i) => i % step === 0).slice(0, n);
}

function main(): void {
  const rows = providerReplies();
  const table = new Table({ head: ['reply', 'reason', 'bounce', 'suppress', 'throttle', 'rule'], colWidths: [56, 17, 8, 10, 10, 34], wordWrap: true });
  for (const r of sample(rows, SAMPLE_SIZE)) {
    const o = classify({ reply: r.reply, stage: stageOf(r.smtp_stage) });
    table.push([r.reply.slice(0, 110), o.reason, o.bounce, o.suppress ? 'yes' : '', o.throttle ? 'yes' : '', o.rule]);
  }
  console.log(table.toString());
  const all = rows.map((r) => classify({ reply: r.reply, stage: stageOf(r.smtp_stage) }));
  const senderFault = rows.filter((r, i) => r.label.fault === 'sender' && all[i].suppress).length;
  console.log(`\n${rows.length} provider replies: ${all.filter((o) => o.suppress).length} would suppress the recipient, ` +
    `${all.filter((o) => o.throttle).length} ask to slow down, ${senderFault} sender-side failures wrongly blamed on a recipient.`);
}

main();
