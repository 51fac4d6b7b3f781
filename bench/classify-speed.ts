/**
 * Classifier speed: `npm run bench:classify-speed` (BENCH_SECONDS=5 per measure). Prints replies a
 * second in one process, two ways: cold (cache off: every reply goes through the rules) and a
 * realistic stream (every corpus reply again and again with fresh addresses, IPs and queue ids, as a
 * busy Haraka sees them; the normalised-reply cache on). Then the cost of building the rule set.
 */
import { buildRuleSet, classify, loadRuleSet, type RuleSet } from '../src/classify';
import { openIniReader } from '../src/config/reader';
import { providerReplies, sisimaiReplies } from './lib/corpus';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);

function replies(): string[] {
  return [...providerReplies().map((r) => r.reply), ...sisimaiReplies().map((r) => r.reply)];
}

/**
 * Counts CPU time (process.cpuUsage), not wall time: "replies a second on one core" stays true on a
 * machine where other work competes for the cores. Only the classify loop is timed.
 */
function measure(label: string, batches: () => string[], rules: RuleSet): void {
  let count = 0;
  let cpuMicros = 0;
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    const batch = batches();
    const start = process.cpuUsage();
    for (const r of batch) classify(r, rules);
    const used = process.cpuUsage(start);
    cpuMicros += used.user + used.system;
    count += batch.length;
  }
  const cpuSeconds = cpuMicros / 1e6;
  console.log(`${label}: ${Math.round(count / cpuSeconds).toLocaleString('en')} replies per CPU-second (${count.toLocaleString('en')} replies in ${cpuSeconds.toFixed(1)} s of CPU, one process)`);
}

/** The same reply as another recipient, from another IP, with another queue id. */
function vary(reply: string, n: number): string {
  return reply
    .replace(/[\w.+-]+@/g, `user${n}@`)
    .replace(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/g, `10.${n % 250}.${(n >> 8) % 250}.${n % 7}`)
    .replace(/(gsmtp|##)/, `p${n}si${(n * 7919) % 1000003} $1`);
}

function measureClassify(inputs: string[]): void {
  measure('classify, cold (cache off, every reply through the rules)', () => inputs, buildRuleSet([], { cacheSize: 0 }));
  let n = 0;
  const variants = () => inputs.map((r) => vary(r, (n += 1)));
  const rules = buildRuleSet();
  measure('classify, realistic stream (fresh addresses/IPs/ids, cache on)', variants, rules);
  console.log(`  cache: ${rules.cache.size} normalised replies held for ${inputs.length} distinct corpus replies`);
}

function measureRuleLoading(): void {
  const runs = 200;
  let start = process.hrtime.bigint();
  for (let i = 0; i < runs; i += 1) buildRuleSet();
  const build = Number(process.hrtime.bigint() - start) / 1e6 / runs;
  const reader = openIniReader();
  start = process.hrtime.bigint();
  for (let i = 0; i < runs; i += 1) loadRuleSet(reader);
  const load = Number(process.hrtime.bigint() - start) / 1e6 / runs;
  console.log(`rules: ${buildRuleSet().rules.length} built-in rules compiled in ${build.toFixed(3)} ms; with the operator rules file read and validated ${load.toFixed(3)} ms`);
}

measureClassify(replies());
measureRuleLoading();
