/**
 * Cold classification of this build against other builds, side by side in one process:
 * `npm run bench:classify-side-by-side -- ../old/dist [more dist dirs] [--seconds 30]`. Each build
 * classifies the dev corpus replies once in turn, the order rotating, for the given time; the median
 * pass of each is printed. On a shared machine whose speed drifts by 30% from minute to minute,
 * passes a few milliseconds apart see the same machine, which separate runs do not.
 */
import path from 'node:path';
import { providerReplies, sisimaiReplies } from './lib/corpus';

interface Build {
  name: string;
  classify: (reply: string, rules: unknown) => unknown;
  rules: unknown;
  perReply: number[];
}

function load(dist: string, name: string): Build {
  const classifier = require(path.resolve(dist, 'src', 'classify', 'classifier')) as {
    classify: Build['classify'];
    buildRuleSet: (ops: unknown[], options: { cacheSize: number }) => unknown;
  };
  return { name, classify: classifier.classify, rules: classifier.buildRuleSet([], { cacheSize: 0 }), perReply: [] };
}

function pass(build: Build, replies: string[]): number {
  const start = process.cpuUsage();
  for (const reply of replies) build.classify(reply, build.rules);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / replies.length;
}

function main(): void {
  const args = process.argv.slice(2);
  const at = args.indexOf('--seconds');
  const seconds = at >= 0 ? Number(args[at + 1]) : 30;
  const others = args.filter((a, i) => a !== '--seconds' && (at < 0 || i !== at + 1));
  const replies = [...providerReplies().map((r) => r.reply), ...sisimaiReplies().map((r) => r.reply)];
  const builds = [load(path.resolve(__dirname, '..'), 'this build'), ...others.map((d) => load(d, d))];
  for (const build of builds) for (let i = 0; i < 20; i += 1) pass(build, replies);
  const deadline = Date.now() + seconds * 1000;
  for (let round = 0; Date.now() < deadline; round += 1) {
    builds.forEach((_, j) => {
      const build = builds[(j + round) % builds.length];
      build.perReply.push(pass(build, replies));
    });
  }
  for (const build of builds) {
    const sorted = [...build.perReply].sort((a, b) => a - b);
    const median = sorted[sorted.length >> 1];
    console.log(`${build.name}: ${Math.round(1e6 / median).toLocaleString('en')} replies per CPU-second (median of ${sorted.length} passes over ${replies.length} replies)`);
  }
}

main();
