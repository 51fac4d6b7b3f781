/**
 * The dev emails as templates (bench/lib/dev-templates.ts): each recipient's diagnostic, where it stands
 * literally in the email, replaced by a deterministic sample of docs/vocabulary replies. Prints, per
 * format (the labels' format/module), the templates, the emails tried and how many change what the bare
 * reply says of the recipient (found, reason, hard/soft, suppress/throttle); the skipped recipients by
 * cause. Prints figures; never fails.
 *   node dist/bench/dsn-templates.js [--misses [--context]] [--skips] [--format=name] [--per=40]
 */
import { classify } from '../src/classify';
import { parseBounce, splitMbox } from '../src/dsn';
import { buildTemplates, formatOf, templateMisses, type TemplateTally } from './lib/dev-templates';
import { vocabularyRows } from './lib/vocabulary';

function line(name: string, t: TemplateTally): string {
  const cells = [t.templates, t.tried, t.context, t.changed, t.found, t.reason, t.hardsoft, t.verdict].map((n) => String(n).padStart(8));
  return `${name.padEnd(30)}${cells.join('')}`;
}

function main(): void {
  const only = process.argv.find((a) => a.startsWith('--format='))?.slice('--format='.length);
  const per = Number(process.argv.find((a) => a.startsWith('--per='))?.slice('--per='.length) ?? 40);
  const start = process.hrtime.bigint();
  const built = buildTemplates((eml) => parseBounce(eml).recipients, splitMbox);
  const templates = only ? built.templates.filter((t) => formatOf(t.email) === only) : built.templates;
  const usable = new Set(built.templates.map((t) => t.email.id));
  const { total, byFormat, misses } = templateMisses(
    templates,
    vocabularyRows(),
    (eml) => parseBounce(eml).recipients,
    (reply, stage) => classify({ reply, ...(stage ? { stage } : {}) }),
    per,
  );
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`${built.emails} dev emails: ${usable.size} give templates (${built.templates.length} recipients); ${total.tried} emails tried in ${(ms / 1000).toFixed(1)} s`);
  const why = new Map<string, number>();
  for (const s of built.skips) why.set(s.why, (why.get(s.why) ?? 0) + 1);
  const none = new Set(built.skips.map((s) => s.email.id).filter((id) => !usable.has(id)));
  console.log(`skipped recipients: ${[...why].map(([k, v]) => `${k} ${v}`).join(', ')}; emails with no template: ${none.size}`);
  console.log(`${'format'.padEnd(30)}${['templ', 'emails', 'context', 'changed', 'found', 'reason', 'hard', 'verdict'].map((h) => h.padStart(8)).join('')}`);
  const sorted = [...byFormat].sort((a, b) => b[1].changed / b[1].tried - a[1].changed / a[1].tried || a[0].localeCompare(b[0]));
  for (const [name, t] of sorted) console.log(line(name, t));
  console.log(line('all', total));
  if (process.argv.includes('--skips')) for (const s of built.skips) console.log(`skip ${s.email.id} ${formatOf(s.email)} ${s.recipient}: ${s.why}${s.diagnostic ? ` ${JSON.stringify(s.diagnostic.slice(0, 160))}` : ''}`);
  if (!process.argv.includes('--misses')) return;
  console.log('\nmisses (row email format recipient [categories]: expected -> got | diagnostic)');
  const shown = process.argv.includes('--context') ? misses : misses.filter((m) => !m.context);
  for (const m of shown) console.log(`${m.context ? '(context) ' : ''}${m.where} ${m.email} ${m.format} ${m.recipient} [${m.categories.join(',')}]: ${m.expected} -> ${m.got} | ${JSON.stringify(m.diagnostic.slice(0, 200))}`);
}

main();
