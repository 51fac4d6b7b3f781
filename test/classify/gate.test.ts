import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { providerReplies, sisimaiReplies } from '../../bench/lib/corpus';
import { vocabularyRows } from '../../bench/lib/vocabulary';
import { BUILTIN_RULES, buildRuleSet, classify, parseReply } from '../../src/classify';
import { LiteralGate } from '../../src/classify/gate';
import { readGateFile, writeGateFile } from '../../src/classify/gate-file';
import { groupAlternatives, requiredLiterals, topLevelAlternatives } from '../../src/classify/literals';
import { normalizeReplyText } from '../../src/classify/normalize';
import { PROVIDER_TEXT_MARKERS } from '../../src/classify/provider';
import { findStage, STAGE_LITERALS } from '../../src/classify/stage';

describe('requiredLiterals', () => {
  it.each<[RegExp, string[] | null]>([
    [/user unknown|no such user/, ['user unknown', 'no such user']],
    [/does(n't| not) exist/, ["doesn't", 'does not']],
    [/n(?:ot found|o such)|unknown/, ['not found', 'no such', 'unknown']],
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

describe('requiredLiterals with a shorter minimum (provider markers)', () => {
  it('finds two-letter literals only when asked', () => {
    expect(requiredLiterals(/secureserver|\bib\d{3}\b/, 2)).toEqual(['secureserver', 'ib']);
    expect(requiredLiterals(/secureserver|\bib\d{3}\b/)).toBeNull();
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

describe('groupAlternatives', () => {
  it.each<[string, string]>([
    ['not found|not valid|unknown', 'n(?:ot found|ot valid)|unknown'],
    ['user|user|(?:a|b)c|\\bx|e?mail', 'user|(?:a|b)c|\\bx|e?mail'],
    ['ab|a|ac+', 'a(?:b||c+)'],
  ])('%s', (source, expected) => {
    expect(groupAlternatives(source)).toBe(expected);
  });

  it('matches what the plain alternation matches (random alternations of cited words, on corpus replies and the words)', () => {
    const phrases = vocabularyRows().map((r) => r.reply.toLowerCase());
    const words = [...new Set(phrases.flatMap((p) => p.split(/[^a-zà-ÿ']+/)).filter((w) => w.length > 1))];
    const fragments = ['(?:not|no) ', 's?', '[oa]', '\\b', '(?: |-)?', '.{0,5}'];
    const texts = [...phrases, ...[...providerReplies(), ...sisimaiReplies()].map((r) => r.reply.toLowerCase())];
    let seed = 3;
    const rand = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    for (let k = 0; k < 60; k += 1) {
      const alternatives = Array.from({ length: 2 + rand(40) }, () => {
        const word = words[rand(words.length)];
        const cut = rand(word.length);
        return rand(3) === 0 ? `${word.slice(0, cut)}${fragments[rand(fragments.length)]}${word.slice(cut)}` : word;
      });
      const plain = new RegExp(alternatives.join('|'));
      const grouped = new RegExp(groupAlternatives(alternatives.join('|')));
      for (const text of texts) expect(grouped.test(text), `${plain.source} on "${text}"`).toBe(plain.test(text));
    }
  });
});

describe('topLevelAlternatives', () => {
  it.each<[string, string[]]>([
    ['user unknown|no such user', ['user unknown', 'no such user']],
    ['(a|b)c|d', ['(a|b)c', 'd']],
    ['[|]x|y', ['[|]x', 'y']],
    ['[\\]|]z|w', ['[\\]|]z', 'w']],
    ['a\\|b|c', ['a\\|b', 'c']],
    ['(?:x(?:y|z))|(?<!q)r', ['(?:x(?:y|z))', '(?<!q)r']],
    ['(a)\\1|b', ['(a)\\1|b']],
    ['plain', ['plain']],
  ])('%s', (source, expected) => {
    expect(topLevelAlternatives(source)).toEqual(expected);
  });

  it('splits no built-in rule into alternatives that match where the whole does not, or miss where it does', () => {
    const texts = [...providerReplies().map((r) => r.reply), ...sisimaiReplies().map((r) => r.reply)]
      .map((r) => parseReply(normalizeReplyText(r.toLowerCase())).text);
    let split = 0;
    for (const rule of BUILTIN_RULES.filter((r) => r.text)) {
      const re = rule.text as RegExp;
      const parts = topLevelAlternatives(re.source).map((source) => new RegExp(source, re.flags));
      if (parts.length > 1) split += 1;
      for (const text of texts) expect(parts.some((p) => p.test(text)), `${rule.id} on "${text}"`).toBe(re.test(text));
    }
    expect(split).toBeGreaterThan(100);
  });
});

describe('the gate screens each alternative of a rule', () => {
  const set = buildRuleSet();
  const texts = [...providerReplies().map((r) => r.reply), ...sisimaiReplies().map((r) => r.reply)]
    .map((r) => parseReply(normalizeReplyText(r.toLowerCase())).text);

  it('never skips an alternative that matches, on every corpus reply', () => {
    let checked = 0;
    for (const text of texts) {
      const possible = set.gate.candidates(text);
      for (const rule of set.rules) {
        rule.alternatives?.forEach((source, i) => {
          if (!new RegExp(source, rule.text!.flags).test(text)) return;
          checked += 1;
          expect(possible[rule.firstAlternative + i], `${rule.spec.id} alternative ${i} on "${text}"`).toBe(1);
        });
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('lets through only some alternatives of a rule with many', () => {
    const rule = set.rules.find((r) => r.spec.id === 'text.user-unknown')!;
    const possible = set.gate.candidates('550 5.1.1 user unknown');
    const through = rule.alternatives!.filter((_, i) => possible[rule.firstAlternative + i] === 1).length;
    expect(through).toBeGreaterThan(0);
    expect(through).toBeLessThan(rule.alternatives!.length / 4);
  });

  it('lets none of the full-mailbox forms with the address between through for a dead-address reply that never says "full"', () => {
    const rule = set.rules.find((r) => r.spec.id === 'text.mailbox-full')!;
    const possible = set.gate.candidates('550 5.1.1 mailbox <u@example.com> unavailable: account disabled, inbox unknown');
    // The round 6 forms (the address between, "inbox/account full"); older ones are screened by their own words.
    const through = rule.alternatives!.filter((source, i) => /inbox\|account/.test(source) && possible[rule.firstAlternative + i] === 1);
    expect(through).toEqual([]);
  });
});

describe('non-ASCII literals, screened by one of their characters', () => {
  it('decide as without the gate on every cited phrase of the vocabulary tables (13 languages)', () => {
    const ungated = buildRuleSet([], { cacheSize: 0 });
    ungated.ungated = Infinity;
    const gated = buildRuleSet([], { cacheSize: 0 });
    gated.ungated = 0;
    const rows = vocabularyRows();
    expect(rows.filter((r) => /[^\x00-\x7f]/.test(r.reply)).length).toBeGreaterThan(100);
    for (const { reply } of rows) expect(classify(reply, gated), reply).toEqual(classify(reply, ungated));
  });

  it('let a reply with accented Latin letters skip the rules written in other scripts', () => {
    const set = buildRuleSet();
    const rule = set.rules.findIndex((r) => r.spec.id === 'text.mailbox-full-intl');
    expect(set.gate.candidates('552 boîte pleine, réessayez plus tard')[rule]).toBe(0);
    expect(set.gate.candidates('552 收件人邮箱已满')[rule]).toBe(1);
  });
});

describe('the gate screens provider and stage markers', () => {
  const set = buildRuleSet();
  const { stageIndex } = set;
  const texts = [...providerReplies().map((r) => r.reply), ...sisimaiReplies().map((r) => r.reply)]
    .map((r) => parseReply(normalizeReplyText(r.toLowerCase())).text);

  function expectScreenedCorrectly(text: string): void {
    const possible = set.gate.candidates(text);
    PROVIDER_TEXT_MARKERS.forEach((marker, i) => {
      if (marker.test(text)) expect(possible[set.rules.length + i], `${marker} on "${text}"`).toBe(1);
    });
    if (findStage(text) !== undefined) expect(possible[stageIndex], `stage of "${text}"`).toBe(1);
  }

  it('flags every marker present, on every corpus reply', () => {
    texts.forEach(expectScreenedCorrectly);
    expect(texts.filter((t) => findStage(t) !== undefined).length).toBeGreaterThan(50);
  });

  it('flags every stage wrapper in text spliced from stage words', () => {
    const words = ['after', 'in reply to', '>>>', '[', 'smtp command:', 'smtp:', 'did not like our', 'for', 'does not like',
      'end of data', 'rcpt to', 'mail from', 'data', 'ehlo', 'helo', 'command', 'recipient', 'greeting', 'but sender was rejected'];
    let seed = 11;
    const rand = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    for (let k = 0; k < 3000; k += 1) {
      expectScreenedCorrectly(Array.from({ length: 2 + rand(4) }, () => `${words[rand(words.length)]}${['', ' ', '  ', ':'][rand(4)]}`).join(''));
    }
  });

  it('skips the stage and provider tests for a plain reply', () => {
    const possible = set.gate.candidates('550 5.1.1 user unknown');
    expect(possible[stageIndex]).toBe(0);
    PROVIDER_TEXT_MARKERS.forEach((marker, i) => expect(possible[set.rules.length + i], String(marker)).toBe(0));
    expect(STAGE_LITERALS.length).toBeGreaterThan(10);
  });
});

describe('a gate saved by the build (gate-file)', () => {
  const set = buildRuleSet();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-gate-'));
  const file = path.join(dir, 'gate.bin');
  writeGateFile(file, 'digest-1', set.gate);
  const texts = [...providerReplies().map((r) => r.reply), ...sisimaiReplies().map((r) => r.reply)]
    .map((r) => parseReply(normalizeReplyText(r.toLowerCase())).text);

  it('reads back the same tables and answers every corpus reply alike', () => {
    const read = readGateFile(file, 'digest-1');
    expect(read?.tables()).toEqual(set.gate.tables());
    for (const text of texts) expect(Array.from(read!.candidates(text)), text).toEqual(Array.from(set.gate.candidates(text)));
  });

  it('is ignored when made from other rules, cut short, or absent', () => {
    expect(readGateFile(file, 'digest-2')).toBeNull();
    const cut = path.join(dir, 'cut.bin');
    fs.writeFileSync(cut, fs.readFileSync(file).subarray(0, 5000));
    expect(readGateFile(cut, 'digest-1')).toBeNull();
    expect(readGateFile(path.join(dir, 'none.bin'), 'digest-1')).toBeNull();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is saved by the build and used by the built classifier', () => {
    const built = path.resolve(__dirname, '../../dist/src/classify/classifier.js');
    const script = `const c = require(${JSON.stringify(built)}); const g = c.savedBuiltinGate(c.buildRuleSet().gate.size);
      process.stdout.write(JSON.stringify(g && Array.from(g.candidates('550 5.1.1 user unknown'))));`;
    const saved = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as number[] | null;
    expect(saved).toEqual(Array.from(set.gate.candidates('550 5.1.1 user unknown')));
  });
});
