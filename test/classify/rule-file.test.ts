import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES, classify, loadRuleSet } from '../../src/classify';
import { requiredLiterals } from '../../src/classify/literals';
import { parseRuleFile } from '../../src/classify/rule-file';

describe('rule files', () => {
  it('every built-in rule cites a source and has a unique id', () => {
    expect(BUILTIN_RULES.filter((r) => !r.source).map((r) => r.id)).toEqual([]);
    expect(new Set(BUILTIN_RULES.map((r) => r.id)).size).toBe(BUILTIN_RULES.length);
  });

  it('text lines are alternatives of one rule, tried in file order; a group gives its source', () => {
    const { rules } = parseRuleFile({
      'group:acme': { source: 'ACME postmaster page' },
      'acme.gone': { reason: 'userunknown', text: ['mailbox archived', 'account (retired|removed)'] },
      'acme.full': { reason: 'mailboxfull', source: 'own', phrase: ['box * is full.'] },
    }, 'acme.rules');
    expect(rules.map((r) => [r.id, r.source])).toEqual([['acme.gone', 'ACME postmaster page'], ['acme.full', 'own']]);
    expect(rules[0].text?.test('account removed')).toBe(true);
    expect(rules[1].text?.test('box x@y.z is full.')).toBe(true);
    expect(rules[1].text?.test('box x is fullx')).toBe(false);
  });

  it('a built-in word set names its sources; an operator\'s may', () => {
    const set = { 'set:gone': { en: 'unknown' }, 'x.gone': { reason: 'userunknown', concept: '{gone} & user' } };
    expect(() => parseRuleFile(set, 'x.rules', { kind: 'built-in' })).toThrow(/\[set:gone\]: source: required/);
    const sourced = parseRuleFile({ 'set:gone': { source: 'Postfix', en: 'unknown' }, 'x.gone': { reason: 'userunknown', concept: '{gone} & user' } }, 'x.rules', { kind: 'built-in' });
    expect(sourced.sets.get('gone')).toBe('unknown');
    expect(parseRuleFile(set, 'x.rules').rules[0].text?.test('user unknown')).toBe(true);
  });

  it('a concept matches its parts in any order, a few words apart, and keeps literals for the gate', () => {
    const { rules } = parseRuleFile({
      'set:box': { en: 'mailbox|user', fr: 'boite' },
      'set:gone': { en: ['(?:does not|doesn\'t) exist', 'unknown'] },
      'x.concept': { reason: 'userunknown', concept: '{box} & {gone}' },
    }, 'x.rules');
    const re = rules[0].text!;
    for (const yes of ['mailbox does not exist', 'unknown user', 'the user you wrote to is unknown', 'boite unknown']) expect(re.test(yes), yes).toBe(true);
    for (const no of ['mailbox full', 'unknown command', `user${' '.repeat(60)}unknown`]) expect(re.test(no), no).toBe(false);
    expect(requiredLiterals(re)).not.toBeNull();
  });

  it('an operator file may use the built-in word sets', () => {
    const rules = loadRuleSet(() => ({ 'x.sets': { concept: '{mailbox} & archived', reason: 'userunknown' } }));
    expect(classify('550 this mailbox has been archived', rules).rule).toBe('x.sets');
  });

  it.each([
    [{ 'x.y': { reason: 'userunknown', text: 'a {nosuchset} b' } }, /unknown word set \{nosuchset\}/],
    [{ 'x.y': { reason: 'userunknown', concept: 'only one part' } }, /two or three parts/],
    [{ 'group:g': { source: 'x', extra: 'y' } }, /\[group:g\]/],
    [{ main: { reason: 'userunknown' } }, /settings outside a section/],
  ])('a bad file is refused with the section named: %j', (ini, message) => {
    expect(() => parseRuleFile(ini, 'x.rules')).toThrow(message);
  });
});
