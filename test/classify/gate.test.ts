import { describe, expect, it } from 'vitest';
import { providerReplies, sisimaiReplies } from '../../bench/lib/corpus';
import { BUILTIN_RULES, buildRuleSet, parseReply } from '../../src/classify';
import { LiteralGate } from '../../src/classify/gate';
import { requiredLiterals } from '../../src/classify/literals';
import { normalizeReplyText } from '../../src/classify/normalize';

describe('requiredLiterals', () => {
  it.each<[RegExp, string[] | null]>([
    [/user unknown|no such user/, ['user unknown', 'no such user']],
    [/does(n't| not) exist/, [' exist']],
    [/(sending|relay) (limit|quota) (was )?(exceeded|reached)/, ['exceeded', 'reached']],
    [/mailbox (is )?full/, ['mailbox ']],
    [/over ?quota/, ['quota']],
    [/a+bcd/, ['abcd']],
    [/(?<!not )listed in/, ['listed in']],
    [/\bib\d{3}\b/, null],
    [/spam|[a-z]+x/, null],
    [/USER Unknown/i, ['user unknown']],
  ])('%s', (re, expected) => {
    const got = requiredLiterals(re);
    if (expected === null) expect(got).toBeNull();
    else expect(new Set(got)).toEqual(new Set(expected));
  });
});

describe('LiteralGate', () => {
  const texts = [...providerReplies().map((r) => r.reply), ...sisimaiReplies().map((r) => r.reply)]
    .map((r) => parseReply(normalizeReplyText(r.toLowerCase())).text);
  const textRules = BUILTIN_RULES.filter((r) => r.text);
  const gate = new LiteralGate(textRules.length, textRules.map((r) => requiredLiterals(r.text as RegExp)));

  it('never skips a rule whose regex matches, on every corpus reply', () => {
    let checked = 0;
    for (const text of texts) {
      const candidates = gate.candidates(text);
      textRules.forEach((rule, i) => {
        if ((rule.text as RegExp).test(text)) {
          checked += 1;
          expect(candidates[i], `${rule.id} matches "${text}"`).toBe(1);
        }
      });
    }
    expect(checked).toBeGreaterThan(700);
  });

  it('never skips a rule on text spliced from literals and noise', () => {
    let seed = 7;
    const rand = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    const pieces = textRules.flatMap((r) => requiredLiterals(r.text as RegExp) ?? []);
    for (let k = 0; k < 3000; k += 1) {
      const text = Array.from({ length: 1 + rand(4) }, () => `${pieces[rand(pieces.length)]}${' xyz.-'[rand(6)]}`).join('');
      const candidates = gate.candidates(text);
      textRules.forEach((rule, i) => {
        if ((rule.text as RegExp).test(text)) expect(candidates[i], `${rule.id} on "${text}"`).toBe(1);
      });
    }
  });

  it('narrows the rules tried for a reply', () => {
    const set = buildRuleSet();
    const c = set.gate.candidates('550 5.1.1 user unknown');
    expect(c.reduce((a, b) => a + b, 0)).toBeLessThan(set.rules.length / 2);
  });
});
