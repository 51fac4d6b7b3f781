import type { Bounce, Reason, Stage } from './types';

/** A rule as written: in built-in tables (RegExp) or in an operator's config file (string). */
export interface RuleSpec {
  id: string;
  /** Where the rule comes from (RFC, vendor documentation, corpus sample) and why it says what it says. */
  note: string;
  /** Matched against the lower-cased reply. */
  text?: RegExp;
  /** Basic code pattern: '550', '55x', '5xx'; several separated by commas. */
  code?: string;
  /** Enhanced code pattern: '5.7.1', 'x.2.2', '5.7.*', 'x.1.*', '5.7.606-649'. */
  enhanced?: string;
  stage?: Stage[];
  provider?: string;
  reason: Reason;
  suppress?: boolean;
  /** 'when-transient': a throttle signal only while the reply is temporary (a 4xx deferral, not a 5xx block). */
  throttle?: boolean | 'when-transient';
  /** Overrides the permanence that the codes imply (a 421 that says "permanently", a 550 that says "try later"). */
  permanent?: boolean;
  bounce?: Bounce;
}

export interface ReplyFacts {
  code: number | null;
  enhanced: string | null;
  /** The enhanced code as numbers [class, subject, detail], split once per reply. */
  enhancedParts: readonly [number, number, number] | null;
  text: string;
  stage: Stage | null;
  provider: string | null;
}

/** A rule compiled to one predicate over the facts of a reply. */
export interface CompiledRule {
  spec: RuleSpec;
  matches(facts: ReplyFacts): boolean;
}

export function compileRule(spec: RuleSpec): CompiledRule {
  const tests: Array<(f: ReplyFacts) => boolean> = [];
  if (spec.provider) tests.push((f) => f.provider === spec.provider);
  if (spec.stage) {
    const stages = spec.stage;
    tests.push((f) => f.stage !== null && stages.includes(f.stage));
  }
  if (spec.code) tests.push(codeTest(spec.code));
  if (spec.enhanced) tests.push(enhancedTest(spec.enhanced));
  if (spec.text) {
    const re = spec.text;
    tests.push((f) => re.test(f.text));
  }
  return { spec, matches: (f) => tests.every((t) => t(f)) };
}

const CODE_PATTERN = /^[2-5][0-9x][0-9x]$/;
const ENHANCED_PATTERN = /^([245x])\.(\d{1,3}|\*)\.(\d{1,3}(?:-\d{1,3})?|\*)$/;

export function isValidCodePattern(p: string): boolean {
  return p.split(',').every((part) => CODE_PATTERN.test(part.trim()));
}

export function isValidEnhancedPattern(p: string): boolean {
  return ENHANCED_PATTERN.test(p.trim());
}

/** '550' → exact, '55x' → first two digits, '5xx' → class: numeric tests, no string work per reply. */
function codeTest(pattern: string): (f: ReplyFacts) => boolean {
  const parts = pattern.split(',').map((p) => p.trim());
  if (!parts.every((p) => CODE_PATTERN.test(p))) throw new Error(`invalid code pattern '${pattern}'`);
  const tests = parts.map((p) => {
    const digits = p.replace(/x+$/, '');
    const scale = 10 ** (3 - digits.length);
    const value = Number(digits);
    if (p.slice(0, digits.length).includes('x')) throw new Error(`invalid code pattern '${pattern}'`);
    return (code: number) => Math.floor(code / scale) === value;
  });
  return (f) => f.code !== null && tests.some((t) => t(f.code as number));
}

function enhancedTest(pattern: string): (f: ReplyFacts) => boolean {
  const m = ENHANCED_PATTERN.exec(pattern.trim());
  if (!m) throw new Error(`invalid enhanced code pattern '${pattern}'`);
  const [, cls, subject, detail] = m;
  const wantClass = cls === 'x' ? -1 : Number(cls);
  const wantSubject = subject === '*' ? -1 : Number(subject);
  const [low, high] = detailRange(detail);
  return (f) => {
    const e = f.enhancedParts;
    if (e === null) return false;
    return (wantClass < 0 || e[0] === wantClass) && (wantSubject < 0 || e[1] === wantSubject) && e[2] >= low && e[2] <= high;
  };
}

function detailRange(detail: string): [number, number] {
  if (detail === '*') return [0, 999];
  const [from, to] = detail.split('-').map(Number);
  return [from, to ?? from];
}
