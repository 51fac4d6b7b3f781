/**
 * Scores the classifier on the dev corpora: `npm run bench:classify-score` (add `--misses` to list them).
 * Provider replies: precision/recall of suppress and throttle, hard/soft agreement. Sisimai replies:
 * reason agreement on all rows and on rows that carry an SMTP reply.
 */
import { classify } from '../src/classify';
import { providerReplies, sisimaiReplies, stageOf } from './lib/corpus';
import { agreement, precisionRecall, type Pair } from './lib/metrics';

const showMisses = process.argv.includes('--misses');

function scoreProviderReplies(): void {
  const rows = providerReplies().map((r) => ({ r, o: classify({ reply: r.reply, stage: stageOf(r.smtp_stage) }) }));
  const suppress = precisionRecall(rows.map(({ r, o }) => [o.suppress, r.label.suppress_recipient] as Pair));
  const throttle = precisionRecall(rows.map(({ r, o }) => [o.throttle, r.label.throttle] as Pair));
  const hardExpected = (p: string) => (p === 'permanent' ? 'hard' : 'soft');
  const hard = agreement(rows.map(({ r, o }) => [o.bounce, hardExpected(r.label.effective_permanence)]));
  const recipientHard = agreement(
    rows.filter(({ r }) => r.label.fault === 'recipient').map(({ r, o }) => [o.bounce, hardExpected(r.label.effective_permanence)]),
  );
  console.log(`provider replies (${rows.length})`);
  console.log(`  suppress  precision ${suppress.precision.toFixed(3)}  recall ${suppress.recall.toFixed(3)}  (tp ${suppress.tp}, fp ${suppress.fp}, fn ${suppress.fn})`);
  console.log(`  throttle  precision ${throttle.precision.toFixed(3)}  recall ${throttle.recall.toFixed(3)}  (tp ${throttle.tp}, fp ${throttle.fp}, fn ${throttle.fn})`);
  console.log(`  hard/soft vs effective_permanence: ${pct(hard)} of all rows; ${pct(recipientHard)} of rows whose fault is the recipient`);
  if (!showMisses) return;
  for (const { r, o } of rows) {
    const miss = [
      o.suppress !== r.label.suppress_recipient ? `suppress ${o.suppress}` : '',
      o.throttle !== r.label.throttle ? `throttle ${o.throttle}` : '',
    ].filter(Boolean);
    if (miss.length) console.log(`  MISS ${r.id} [${r.label.class}] ${miss.join(', ')} reason=${o.reason} rule=${o.rule} | ${r.reply.slice(0, 140)}`);
  }
}

function scoreSisimaiReplies(): void {
  const rows = sisimaiReplies().map((r) => ({
    r,
    o: classify({ reply: r.reply, stage: stageOf(r.smtpcommand) }),
  }));
  const all = agreement(rows.map(({ r, o }) => [o.reason, r.reason]));
  const smtp = rows.filter(({ r }) => r.smtp_reply);
  const withSmtp = agreement(smtp.map(({ r, o }) => [o.reason, r.reason]));
  const noLeak = agreement(smtp.filter(({ r }) => !r.label_leak).map(({ r, o }) => [o.reason, r.reason]));
  const hard = agreement(rows.map(({ r, o }) => [o.bounce === 'hard', r.hardbounce]));
  console.log(`sisimai replies (${rows.length}; ${smtp.length} with an SMTP reply)`);
  console.log(`  reason agreement: all rows ${pct(all)}; rows with smtp_reply ${pct(withSmtp)}; those without label_leak ${pct(noLeak)}`);
  console.log(`  hard/soft agreement: ${pct(hard)}`);
  if (!showMisses) return;
  for (const { r, o } of rows) {
    if (o.reason !== r.reason) {
      console.log(`  MISS ${r.id}${r.smtp_reply ? ' (smtp)' : ''} want ${r.reason} got ${o.reason} rule=${o.rule} cmd=${r.smtpcommand} | ${r.reply.slice(0, 140)}`);
    }
  }
}

function pct(a: { agree: number; total: number }): string {
  return `${((100 * a.agree) / Math.max(1, a.total)).toFixed(1)}% (${a.agree}/${a.total})`;
}

scoreProviderReplies();
scoreSisimaiReplies();
