import { describe, expect, it } from 'vitest';
import { buildRuleSet, classify } from '../../src/classify';
import { normalizeReplyText } from '../../src/classify/normalize';
import { splitReply } from '../../src/classify/parse';
import { PROVIDER_TEXT_MARKERS } from '../../src/classify/provider';
import { findStage } from '../../src/classify/stage';
import { fastestMs, settledRatio, LINEAR_RATIO } from '../helpers/timing';

/**
 * Every built-in pattern against inputs built to make a backtracking engine retry: long runs of each
 * character the pattern repeats, alone and after each literal word of the pattern. A cheap screen
 * times every input at two sizes; only inputs that are slow and grow faster than the input are timed
 * again, properly, by doubling.
 */
const BASE_CHARS = [' ', 'a', '0', '.', '-', '<', '@', ':', '"', '\n', '#', '_'];

function sampleChars(source: string): string[] {
  const out = new Set(BASE_CHARS);
  for (const m of source.matchAll(/\[\^?((?:\\.|[^\]\\])+)\]/g)) {
    const body = m[1];
    const first = body.startsWith('\\') ? ({ s: ' ', d: '0', w: 'a' } as Record<string, string>)[body[1]] ?? body[1] : body[0];
    out.add(first);
  }
  for (const m of source.matchAll(/([a-z0-9])[*+?{]/g)) out.add(m[1]);
  return [...out];
}

function literalWords(source: string): string[] {
  const words = source.replace(/\\[a-z]/gi, ' ').split(/[^a-z0-9]+/i).filter((w) => w.length >= 3);
  return ['', ...new Set(words.map((w) => w.toLowerCase()))].slice(0, 4);
}

function adversarialInputs(re: RegExp): Array<(n: number) => string> {
  const makers: Array<(n: number) => string> = [];
  for (const prefix of literalWords(re.source)) {
    for (const c of sampleChars(re.source)) {
      makers.push((n) => `${prefix} ${c.repeat(n)}\u0001`);
      makers.push((n) => `${prefix}${c}`.repeat(Math.ceil(n / (prefix.length + 1))));
    }
  }
  return makers;
}

/**
 * Fails with the input that grew faster than linearly. A screen runs every input once at 1,024 and
 * 4,096 characters: quadratic code spends milliseconds on the larger and 16 times what it spends on
 * the smaller, linear code microseconds. Only what the screen catches is timed again by doubling.
 */
function expectLinear(name: string, makers: Array<(n: number) => string>, run: (s: string) => unknown): void {
  for (const make of makers) {
    const slow = fastestMs(() => run(make(4096)), 1);
    if (slow < 0.3 || slow / Math.max(fastestMs(() => run(make(1024)), 1), 0.01) < 6) continue;
    const ratio = settledRatio(make, run, 16_384);
    expect(ratio, `${name} on ${JSON.stringify(make(16).slice(0, 40))}...: time(2n)/time(n) = ${ratio.toFixed(2)}`).toBeLessThan(LINEAR_RATIO);
  }
}

const testing = (re: RegExp) => (s: string) => {
  re.lastIndex = 0;
  return re.test(s);
};

describe('every built-in pattern runs in linear time', () => {
  const { rules } = buildRuleSet();

  it('has the rules to test', () => {
    expect(rules.filter((r) => r.text).length).toBeGreaterThan(50);
  });

  it('rule text patterns', () => {
    for (const r of rules) if (r.text) expectLinear(`${r.spec.id} /${r.text.source}/`, adversarialInputs(r.text), testing(r.text));
  }, 120_000);

  it('provider text markers', () => {
    for (const re of PROVIDER_TEXT_MARKERS) expectLinear(`provider marker /${re.source}/`, adversarialInputs(re), testing(re));
  }, 60_000);

  it('the reply parser, normaliser and stage finder over long runs of every character they repeat', () => {
    const fns: Array<[string, (s: string) => unknown]> = [
      ['normalizeReplyText', normalizeReplyText], ['splitReply', splitReply], ['findStage', findStage],
    ];
    const runs = [' ', 'a', '0', '.', '@', '<', '\n', 'f', '550-', '550 ', '5.1.1 ', '1:', 'in reply to ', 'rcpt to '];
    const makers = runs.map((c) => (n: number) => c.repeat(Math.ceil(n / c.length)));
    for (const [name, fn] of fns) expectLinear(name, makers, fn);
  }, 120_000);
});

describe('the forwarding address of a 551 reply', () => {
  const attack = (i: number) => `551 5.1.6 User not local; please try <a@${'.'.repeat(4000)} ${i}`;
  const plain = (i: number) => `551 5.1.6 User not local; please try <someone@example.net> ${'x'.repeat(3960)} ${i}`;

  it('is still read', () => {
    expect(classify('551 5.1.6 user not local; please try <new@example.org>').forwardTo).toBe('new@example.org');
    expect(classify('551 User has moved to Bob@Example.org.').forwardTo).toBe('Bob@Example.org');
    expect(classify('551 forwarding address: x@y.example; then text').forwardTo).toBe('x@y.example');
    expect(classify('551 please try <x@y.example>x').forwardTo).toBeUndefined();
    expect(classify('551 please try x@y.example"').forwardTo).toBeUndefined();
  });

  it('costs 200 attack replies (4 KB "<a@....") at most 1.5 times 200 plain ones', () => {
    const attacks = Array.from({ length: 200 }, (_, i) => attack(i));
    const plains = Array.from({ length: 200 }, (_, i) => plain(i));
    expect(classify(attacks[0]).reason).toBe(classify(plains[0]).reason);
    const each = (list: string[]) => () => list.forEach((r) => classify(r));
    each(attacks)();
    each(plains)();
    // Measured again (three times in all) while over: load on a shared machine inflates one measurement, never all.
    let ratio = Infinity;
    for (let attempt = 0; attempt < 3 && ratio >= 1.5; attempt++) ratio = Math.min(ratio, fastestMs(each(attacks), 11) / fastestMs(each(plains), 11));
    expect(ratio, `attack/plain = ${ratio.toFixed(2)}`).toBeLessThan(1.5);
  }, 60_000);
});
