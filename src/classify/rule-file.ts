import { z } from 'zod';
import { iniBoolean } from '../config/schema';
import { isValidCodePattern, isValidEnhancedPattern, type RuleSpec } from './rule';
import { groupAlternatives } from './literals';
import { EVIDENCE, REASONS, STAGES } from './types';

/**
 * The rule file format, one for the built-in rules (src/classify/rules/*.rules) and for an
 * operator's config/bounceguard-rules.ini: Haraka's ini dialect, one line a phrase or pattern.
 *
 *   [set:NAME]        a word set: one key a language (`en[] = mailbox|user`), referred to as {NAME};
 *                     `source = ...` names the servers that print its words
 *   [group:NAME]      `source = ...`: cited by every following rule that names no source of its own
 *   [RULE-ID]         one rule: conditions, decision, and its text as several lines, any of which
 *                     may match: `text[] = regex`, `phrase[] = words` (literal, `*` = a few words),
 *                     `concept[] = {a} & {b}` (each part within a few words of the others in one sentence, in any order)
 *
 * Sections are tried in file order.
 */

// Haraka's ini loader turns `code = 550` into a number; every field here is text.
const str = () => z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string());
const lines = () => z.preprocess((v) => (Array.isArray(v) ? v.map(String) : typeof v === 'number' ? [String(v)] : v), z.union([z.string().transform((s) => [s]), z.array(z.string())]));
const bool = iniBoolean;

const ruleSchema = z
  .object({
    note: str().default('operator rule'),
    source: str().optional(),
    text: lines().optional(),
    phrase: lines().optional(),
    concept: lines().optional(),
    code: str().refine(isValidCodePattern, "must be like '550', '55x' or '5xx' (comma-separated)").optional(),
    enhanced: str().refine(isValidEnhancedPattern, "must be like '5.7.1', 'x.2.2', '5.7.*' or '5.7.606-649'").optional(),
    stage: str().optional(),
    provider: str().optional(),
    reason: z.enum(REASONS).optional(),
    suppress: bool.optional(),
    throttle: z.union([bool, z.literal('when-transient')]).optional(),
    permanent: bool.optional(),
    bounce: z.enum(['hard', 'soft', 'none']).optional(),
    in_doubt: bool.optional(),
    evidence: z.enum(EVIDENCE).optional(),
    disabled: bool.optional(),
  })
  .strict();

export type FileRule = RuleSpec & { disabled?: boolean };

/** Word sets by name, each compiled to one regex alternation source. */
export type WordSets = ReadonlyMap<string, string>;

export interface RuleFileOptions {
  /** Word sets defined by files read before (the built-in ones, for an operator's file). */
  sets?: WordSets;
  /** Operators write patterns in any case; the built-in files are lower-case like the replies. */
  ignoreCase?: boolean;
  /** Who wrote the file, for error messages: 'operator' or 'built-in'. */
  kind?: string;
}

export interface ParsedRuleFile {
  rules: FileRule[];
  /** The sets given plus the ones this file defines. */
  sets: Map<string, string>;
}

/** Parses one rule file (an ini object, sections in file order). Throws one Error naming the file, the section and every problem. */
export function parseRuleFile(ini: Record<string, unknown>, file: string, options: RuleFileOptions = {}): ParsedRuleFile {
  const sets = new Map(options.sets ?? []);
  const rules: FileRule[] = [];
  const problems: string[] = [];
  let source: string | undefined;
  for (const [name, section] of Object.entries(ini)) {
    try {
      if (name === 'main') assertEmpty(section);
      else if (name.startsWith('set:')) sets.set(name.slice(4), wordSet(section, sets, options.kind === 'built-in'));
      else if (name.startsWith('group:')) source = groupSource(section);
      else rules.push(toRule(name, section, sets, source, options));
    } catch (err) {
      problems.push(`${name.includes(':') ? '' : 'rule '}[${name}]: ${(err as Error).message}`);
    }
  }
  if (problems.length) throw new Error(`${file}: invalid ${options.kind ?? 'operator'} rules:\n  ${problems.join('\n  ')}`);
  return { rules, sets };
}

function toRule(id: string, section: unknown, sets: WordSets, groupSourceText: string | undefined, options: RuleFileOptions): FileRule {
  const result = ruleSchema.safeParse(section);
  if (!result.success) {
    throw new Error(result.error.issues.map((i) => `${i.path.join('.') || 'rule'}: ${i.message}`).join('; '));
  }
  const r = result.data;
  const text = textPattern(r, sets, options.ignoreCase ?? false);
  if (!r.disabled && !r.reason) throw new Error('reason: required unless the rule is disabled');
  // Only the built-in files end with a catch-all: an operator's would hide every built-in rule.
  if (!r.disabled && (options.kind ?? 'operator') === 'operator' && !text && !r.code && !r.enhanced && !r.provider && !r.stage) {
    throw new Error('a rule needs at least one of text, phrase, concept, code, enhanced, provider, stage');
  }
  return {
    id, note: r.note, source: r.source ?? groupSourceText, reason: r.reason ?? 'undefined', disabled: r.disabled,
    text, code: r.code, enhanced: r.enhanced, provider: r.provider, stage: parseStages(r.stage),
    suppress: r.suppress, throttle: r.throttle, permanent: r.permanent, bounce: r.bounce, inDoubt: r.in_doubt,
    evidence: r.evidence,
  };
}

/** Every text line of a rule, as one alternation; lines keep their order. */
function textPattern(r: z.infer<typeof ruleSchema>, sets: WordSets, ignoreCase: boolean): RegExp | undefined {
  const alternatives = [
    ...(r.text ?? []).map((t) => expandSets(t, sets)),
    ...(r.phrase ?? []).map(phrasePattern),
    ...(r.concept ?? []).map((c) => conceptPattern(c, sets)),
  ];
  if (!alternatives.length) return undefined;
  try {
    return new RegExp(alternatives.join('|'), ignoreCase ? 'i' : '');
  } catch (err) {
    throw new Error(`text: not a valid regular expression (${(err as Error).message})`, { cause: err });
  }
}

const SET_REF = /(?<!\\)\{([a-z][a-z0-9-]*)\}/g;

/** `{name}` → the set's alternation as a group. */
function expandSets(pattern: string, sets: WordSets): string {
  return pattern.replace(SET_REF, (_, name: string) => {
    const set = sets.get(name);
    if (set === undefined) throw new Error(`unknown word set {${name}}`);
    return `(?:${set})`;
  });
}

/**
 * How far apart (in characters) the parts of a concept may be: a few words of one sentence. A dot
 * before a space ends it: an MTA's own line before the reply it relays ("192.0.2.1 does not like
 * recipient. Remote host said: 502 too many unrecognized commands") is no part of the reply's sentence.
 * A dot inside a word (a domain, an enhanced code) is not an end.
 */
const CONCEPT_GAP = 40;
const GAP = `(?:[^.]|\\.(?! )){0,${CONCEPT_GAP}}`;
/** A phrase's `*`: any few words (an address, a number), as the phrase's source prints them. */
const PHRASE_GAP = `.{0,${CONCEPT_GAP}}`;

/** `{a} & {b}`: a then b or b then a, a few words apart at most (every order of up to three parts). */
function conceptPattern(concept: string, sets: WordSets): string {
  const parts = concept.split(/\s+&\s+/).map((p) => `(?:${expandSets(p.trim(), sets)})`);
  if (parts.length < 2 || parts.length > 3) throw new Error(`concept: two or three parts joined by ' & ' (got '${concept}')`);
  // One group: the classifier tries a rule's alternatives one by one, and the orders of a concept need the same words.
  return `(?:${permutations(parts).map((order) => order.join(GAP)).join('|')})`;
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** A literal phrase; `*` stands for a variable part (an address, a number, a few words). */
function phrasePattern(phrase: string): string {
  return phrase
    .split('*')
    .map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join(PHRASE_GAP);
}

/** `source = ...` says which servers print the set's words (required in the built-in files); every other key is a language. */
function wordSet(section: unknown, sets: WordSets, needsSource: boolean): string {
  const { source, ...languages } = z.record(z.string(), lines()).parse(section);
  if (needsSource && !source) throw new Error('source: required for a built-in word set (which servers print these words)');
  const words = Object.values(languages).flat().map((w) => expandSets(String(w), sets));
  if (!words.length) throw new Error('a word set needs at least one line');
  return groupAlternatives(words.join('|'));
}

function groupSource(section: unknown): string {
  return z.object({ source: z.string() }).strict().parse(section).source;
}

function assertEmpty(section: unknown): void {
  if (typeof section === 'object' && section !== null && Object.keys(section).length > 0) {
    throw new Error('settings outside a section: start the file with a [rule-id], [set:NAME] or [group:NAME] section');
  }
}

function parseStages(stage: string | undefined): RuleSpec['stage'] {
  if (stage === undefined) return undefined;
  const list = stage.split(',').map((s) => s.trim().toLowerCase());
  const bad = list.filter((s) => !(STAGES as readonly string[]).includes(s));
  if (bad.length) throw new Error(`stage: unknown stage '${bad.join(', ')}' (one of ${STAGES.join(', ')})`);
  return list as RuleSpec['stage'];
}
