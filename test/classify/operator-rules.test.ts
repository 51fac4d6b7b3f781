import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { classify, loadRuleSet, parseOperatorRules } from '../../src/classify';
import { openIniReader } from '../../src/config/reader';

const dirs: string[] = [];
function harakaDirWithRules(ini: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-rules-'));
  dirs.push(dir);
  fs.mkdirSync(path.join(dir, 'config'));
  fs.writeFileSync(path.join(dir, 'config', 'bounceguard-rules.ini'), ini);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('operator rules', () => {
  it('the shipped file holds only comments, so the built-in rules decide', () => {
    const rules = loadRuleSet(openIniReader());
    expect(classify('550 user unknown', rules).rule).toBe('text.user-unknown');
  });

  it('are tried before the built-in rules, in file order', () => {
    const dir = harakaDirWithRules('[acme.archived]\ntext = mailbox archived\ncode = 550\nreason = userunknown\n\n[acme.all-550]\ncode = 550\nreason = onhold\n');
    const rules = loadRuleSet(openIniReader(dir));
    const archived = classify('550 mailbox archived', rules);
    expect(archived).toMatchObject({ rule: 'acme.archived', reason: 'userunknown', suppress: true, bounce: 'hard' });
    expect(classify('550 5.1.1 user unknown', rules)).toMatchObject({ rule: 'acme.all-550', suppress: false });
  });

  it('replace a built-in rule of the same id, or disable it', () => {
    const dir = harakaDirWithRules('[google.unusual-rate]\ndisabled = true\n\n[enhanced.x.2.2]\nenhanced = x.2.2\nreason = mailboxfull\nsuppress = true\n');
    const rules = loadRuleSet(openIniReader(dir));
    expect(classify('421 4.7.28 unusual rate - gsmtp', rules).rule).not.toBe('google.unusual-rate');
    expect(classify('552 5.2.2 over the limit', rules)).toMatchObject({ rule: 'enhanced.x.2.2', suppress: true });
  });

  it('keep their escapes as written and match regardless of case', () => {
    const rules = loadRuleSet(() => ({ 'x.upper': { text: 'Mailbox \\S+ Archived', reason: 'userunknown' } }));
    expect(classify('550 mailbox old-staff archived', rules).rule).toBe('x.upper');
    expect(classify('550 mailbox   archived', rules).rule).not.toBe('x.upper');
  });

  it('are accepted with a stage list and throttle when-transient', () => {
    const [rule] = parseOperatorRules({ 'x.greeting': { stage: 'connect, helo', code: '4xx', reason: 'toomanyconn', throttle: 'when-transient' } });
    expect(rule.stage).toEqual(['connect', 'helo']);
    expect(rule.throttle).toBe('when-transient');
  });

  it.each([
    [{ 'bad.reason': { code: '550', reason: 'nosuchreason' } }, /rule \[bad\.reason\]: reason/],
    [{ 'bad.regex': { text: 'user (unknown', reason: 'userunknown' } }, /rule \[bad\.regex\]: text: not a valid regular expression/],
    [{ 'bad.code': { code: '5500', reason: 'userunknown' } }, /rule \[bad\.code\]: code: must be like/],
    [{ 'bad.enhanced': { enhanced: '5.1', reason: 'userunknown' } }, /rule \[bad\.enhanced\]: enhanced: must be like/],
    [{ 'bad.stage': { stage: 'quit', reason: 'userunknown' } }, /rule \[bad\.stage\]: stage: unknown stage 'quit'/],
    [{ 'no.condition': { reason: 'userunknown' } }, /rule \[no\.condition\]: a rule needs at least one/],
    [{ 'no.reason': { code: '550' } }, /rule \[no\.reason\]: reason: required/],
    [{ 'bad.key': { code: '550', reason: 'userunknown', colour: 'red' } }, /rule \[bad\.key\]: .*colour/],
    [{ 'bad.bool': { code: '550', reason: 'userunknown', suppress: 'maybe' } }, /rule \[bad\.bool\]: suppress/],
  ])('a bad rule is refused with the file and the rule named: %j', (ini, message) => {
    expect(() => parseOperatorRules(ini, 'bounceguard-rules.ini')).toThrow(/^bounceguard-rules\.ini: invalid operator rules/);
    expect(() => parseOperatorRules(ini, 'bounceguard-rules.ini')).toThrow(message);
  });

  it('reports every bad rule of a file at once', () => {
    const dir = harakaDirWithRules('[one]\ncode = 9\nreason = userunknown\n\n[two]\nreason = blocked\n');
    expect(() => loadRuleSet(openIniReader(dir))).toThrow(/\[one\][\s\S]*\[two\]/);
  });
});
