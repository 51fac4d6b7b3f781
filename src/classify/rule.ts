import { topLevelAlternatives } from './literals';
import type { Bounce, Evidence, Reason, Stage } from './types';

/** A rule as written: in built-in tables (RegExp) or in an operator's config file (string). */
export interface RuleSpec {
  id: string;
  /** Why the rule says what it says. */
  note: string;
  /** Where its facts come from: an RFC, an MTA's source or documentation, a provider's published codes. */
  source?: string;
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
  /**
   * The text names a recipient-level failure that the reply's context makes doubtful (a "user
   * unknown" after DATA): never a suppression, yet counted toward escalation when the reply names
   * the recipient's own address.
   */
  inDoubt?: boolean;
  /** What the rule reads, when not what its conditions say (a provider's own codes matched by code alone). */
  evidence?: Evidence;
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

/**
 * A rule compiled to plain data, checked by one function (ruleMatches): the same code path for every
 * rule keeps the engine's call sites monomorphic, which matters at tens of rules a reply.
 */
export interface CompiledRule {
  spec: RuleSpec;
  provider: string | null;
  stages: readonly Stage[] | null;
  /** Any of: floor(code / scale) === value. */
  codes: ReadonlyArray<{ scale: number; value: number }> | null;
  enhanced: { cls: number; subject: number; low: number; high: number } | null;
  text: RegExp | null;
  /**
   * The text's top-level alternatives when it has several (a rule's text[] lines and concepts): the
   * gate screens each, and only those it lets through are tried. Compiled when first tried.
   */
  alternatives: readonly string[] | null;
  alternativeTexts: RegExp[] | null;
  /** Where the gate's answer for the first alternative is (set by the rule set). */
  firstAlternative: number;
  evidence: Evidence;
}

export function compileRule(spec: RuleSpec): CompiledRule {
  return {
    spec,
    provider: spec.provider ?? null,
    stages: spec.stage ?? null,
    codes: spec.code ? codeTests(spec.code) : null,
    enhanced: spec.enhanced ? enhancedTest(spec.enhanced) : null,
    text: spec.text ?? null,
    alternatives: alternativesOf(spec.text),
    alternativeTexts: null,
    firstAlternative: -1,
    evidence: spec.evidence ?? evidenceOf(spec),
  };
}

function alternativesOf(text: RegExp | undefined): string[] | null {
  const parts = text ? topLevelAlternatives(text.source) : [];
  return parts.length > 1 ? parts : null;
}

function evidenceOf(spec: RuleSpec): Evidence {
  if (spec.provider) return 'provider';
  if (spec.text) return 'text';
  return spec.enhanced ? 'enhanced' : 'code-only';
}

/**
 * Cheap conditions first; the regex last: of a text with alternatives, only those that `possible`
 * (the gate's answer, indexed from firstAlternative) says the reply may match.
 */
export function ruleMatches(r: CompiledRule, f: ReplyFacts, possible: Uint8Array): boolean {
  if (r.provider !== null && f.provider !== r.provider) return false;
  if (r.stages !== null && (f.stage === null || !r.stages.includes(f.stage))) return false;
  if (r.codes !== null && (f.code === null || !matchesCode(r.codes, f.code))) return false;
  if (r.enhanced !== null && !matchesEnhanced(r.enhanced, f.enhancedParts)) return false;
  if (r.text === null) return true;
  if (r.alternatives === null) return r.text.test(f.text);
  const texts = alternativeTexts(r);
  for (let i = 0; i < texts.length; i += 1) {
    if (possible[r.firstAlternative + i] === 1 && texts[i].test(f.text)) return true;
  }
  return false;
}

/**
 * ruleMatches' tests of the basic code and of the enhanced code's class and subject alone: false
 * only for a rule that no reply with these codes can match, whatever its text and detail.
 */
export function mayMatchByCodes(r: CompiledRule, f: Pick<ReplyFacts, 'code' | 'enhancedParts'>): boolean {
  if (r.codes !== null && (f.code === null || !matchesCode(r.codes, f.code))) return false;
  const e = r.enhanced;
  const parts = f.enhancedParts;
  return e === null || (parts !== null && (e.cls < 0 || parts[0] === e.cls) && (e.subject < 0 || parts[1] === e.subject));
}

/** A rule's alternatives as regexes (none for a rule without several), compiled once, when first asked for. */
export function alternativeTexts(r: CompiledRule): RegExp[] {
  if (r.text === null || r.alternatives === null) return [];
  const flags = r.text.flags;
  return (r.alternativeTexts ??= r.alternatives.map((source) => new RegExp(source, flags)));
}

function matchesCode(tests: ReadonlyArray<{ scale: number; value: number }>, code: number): boolean {
  for (const t of tests) if (Math.floor(code / t.scale) === t.value) return true;
  return false;
}

function matchesEnhanced(e: NonNullable<CompiledRule['enhanced']>, parts: ReplyFacts['enhancedParts']): boolean {
  if (parts === null) return false;
  return (e.cls < 0 || parts[0] === e.cls) && (e.subject < 0 || parts[1] === e.subject) && parts[2] >= e.low && parts[2] <= e.high;
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
function codeTests(pattern: string): Array<{ scale: number; value: number }> {
  const parts = pattern.split(',').map((p) => p.trim());
  if (!parts.every((p) => CODE_PATTERN.test(p) && /^\d+x*$/.test(p))) throw new Error(`invalid code pattern '${pattern}'`);
  return parts.map((p) => {
    const digits = p.replace(/x+$/, '');
    return { scale: 10 ** (3 - digits.length), value: Number(digits) };
  });
}

function enhancedTest(pattern: string): NonNullable<CompiledRule['enhanced']> {
  const m = ENHANCED_PATTERN.exec(pattern.trim());
  if (!m) throw new Error(`invalid enhanced code pattern '${pattern}'`);
  const [, cls, subject, detail] = m;
  const [low, high] = detailRange(detail);
  return { cls: cls === 'x' ? -1 : Number(cls), subject: subject === '*' ? -1 : Number(subject), low, high };
}

function detailRange(detail: string): [number, number] {
  if (detail === '*') return [0, 999];
  const [from, to] = detail.split('-').map(Number);
  return [from, to ?? from];
}
