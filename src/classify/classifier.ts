import { OutcomeCache } from './cache';
import { LiteralGate } from './gate';
import { requiredLiterals } from './literals';
import { normalizeReplyText } from './normalize';
import { parseReply } from './parse';
import { providerFromMx, providerFromText } from './provider';
import { compileRule, ruleMatches, type CompiledRule, type ReplyFacts, type RuleSpec } from './rule';
import { BASIC_RULES } from './rules/basic';
import { ENHANCED_RULES } from './rules/codes';
import { PROVIDER_RULES } from './rules/provider';
import { RECIPIENT_TEXT_RULES } from './rules/text-recipient';
import { SENDER_TEXT_RULES } from './rules/text-sender';
import type { Outcome, Reason, ReplyInput } from './types';

/** Built-in rules in the order they are tried: provider, generic text, enhanced code, basic code. */
export const BUILTIN_RULES: readonly RuleSpec[] = [
  { id: 'code.2xx', code: '2xx', reason: 'delivered', note: 'RFC 5321 2xx: accepted, whatever the text says' },
  ...PROVIDER_RULES,
  ...SENDER_TEXT_RULES,
  ...RECIPIENT_TEXT_RULES,
  ...ENHANCED_RULES,
  ...BASIC_RULES,
];

export interface RuleSet {
  readonly rules: readonly CompiledRule[];
  /** Which rules a reply's text could match at all, in one pass. */
  readonly gate: LiteralGate;
  /** Outcomes of normalised replies already seen with this rule set. */
  readonly cache: OutcomeCache;
}

export interface RuleSetOptions {
  /** How many normalised replies to remember (0: none). */
  cacheSize?: number;
}

/** Failures of the address or domain itself (Sisimai's hard bounces). */
const HARD_REASONS: ReadonlySet<Reason> = new Set(['userunknown', 'hostunknown', 'hasmoved', 'notaccept']);
/** Recipient-level reasons that make retrying pointless once permanent. */
const SUPPRESS_REASONS: ReadonlySet<Reason> = new Set([...HARD_REASONS, 'suspend']);
const THROTTLE_REASONS: ReadonlySet<Reason> = new Set(['speeding', 'toomanyconn']);
/** Reasons that are transient by nature when a reply carries no code to say otherwise. */
const TRANSIENT_REASONS: ReadonlySet<Reason> = new Set([
  'expired', 'networkerror', 'systemerror', 'systemfull', 'toomanyconn', 'speeding', 'onhold', 'undefined',
]);

/**
 * Builds a rule set: operator rules first, then the built-in ones. An operator rule with the id of a
 * built-in rule replaces it; `disabled` operator rules only remove the built-in rule of that id.
 */
export function buildRuleSet(
  operatorRules: readonly (RuleSpec & { disabled?: boolean })[] = [],
  options: RuleSetOptions = {},
): RuleSet {
  const replaced = new Set(operatorRules.map((r) => r.id));
  const active = operatorRules.filter((r) => !r.disabled);
  const specs = [...active, ...BUILTIN_RULES.filter((r) => !replaced.has(r.id))];
  const gate = new LiteralGate(specs.length, specs.map((r) => (r.text ? requiredLiterals(r.text) : null)));
  return { rules: specs.map(compileRule), gate, cache: new OutcomeCache(options.cacheSize) };
}

let defaultRuleSet: RuleSet | undefined;

/** What a remote reply means for one recipient; every Outcome names the rule that decided it. */
export function classify(input: ReplyInput | string, ruleSet?: RuleSet): Outcome {
  const reply = typeof input === 'string' ? { reply: input } : input;
  const set = ruleSet ?? (defaultRuleSet ??= buildRuleSet());
  const raw = typeof reply.reply === 'string' ? reply.reply : '';
  const text = normalizeReplyText(raw.length > MAX_REPLY ? raw.slice(0, MAX_REPLY).toLowerCase() : raw.toLowerCase());
  const key = `${reply.stage ?? ''}\u0000${reply.mx ?? ''}\u0000${text}`;
  let outcome = set.cache.get(key);
  if (!outcome) {
    outcome = classifyText(text, reply, set);
    set.cache.set(key, outcome);
  }
  return outcome.reason === 'hasmoved' ? withForwardAddress(outcome, raw) : { ...outcome };
}

// Rules only need the start of a reply; a whole transcript pasted in must not cost more.
const MAX_REPLY = 4096;

function classifyText(text: string, reply: ReplyInput, set: RuleSet): Outcome {
  const parsed = parseReply(text);
  const facts: ReplyFacts = {
    ...parsed,
    enhancedParts: parsed.enhanced ? (parsed.enhanced.split('.').map(Number) as [number, number, number]) : null,
    stage: reply.stage ?? parsed.stage,
    provider: providerFromMx(reply.mx) ?? providerFromText(parsed.text),
  };
  const candidates = set.gate.candidates(parsed.text);
  const { rules } = set;
  for (let i = 0; i < rules.length; i += 1) {
    if (candidates[i] === 1 && ruleMatches(rules[i], facts)) return decide(facts, rules[i].spec);
  }
  return undecided(facts);
}

function decide(facts: ReplyFacts, spec: RuleSpec): Outcome {
  if (spec.reason === 'delivered') {
    return { ...base(facts, spec), reason: 'delivered', bounce: 'none', suppress: false, throttle: false };
  }
  const permanent = spec.permanent ?? permanenceFromCodes(facts) ?? !TRANSIENT_REASONS.has(spec.reason);
  return {
    ...base(facts, spec),
    reason: spec.reason,
    bounce: spec.bounce ?? (permanent && HARD_REASONS.has(spec.reason) ? 'hard' : 'soft'),
    suppress: spec.suppress ?? (permanent && SUPPRESS_REASONS.has(spec.reason)),
    throttle: spec.throttle === 'when-transient' ? !permanent : (spec.throttle ?? THROTTLE_REASONS.has(spec.reason)),
  };
}

function base(facts: ReplyFacts, spec: RuleSpec) {
  return { code: facts.code, enhanced: facts.enhanced, provider: facts.provider, rule: spec.id };
}

function undecided(facts: ReplyFacts): Outcome {
  return {
    code: facts.code, enhanced: facts.enhanced, reason: 'undefined', bounce: 'soft',
    suppress: false, throttle: false, provider: facts.provider, rule: 'none',
  };
}

function permanenceFromCodes(facts: ReplyFacts): boolean | null {
  const cls = facts.code !== null ? Math.floor(facts.code / 100) : facts.enhanced ? Number(facts.enhanced[0]) : null;
  if (cls === 5) return true;
  if (cls === 4) return false;
  return null;
}

const FORWARD = /(?:please try|forward(?:ed|ing)? (?:address|to)(?: is)?:?|moved to|new address(?: is)?:?)\s*<?([^\s<>@"]+@[^\s<>"]+?)>?[\s.,;)]*(?:$|\s)/i;

/** Adds the forwarding address a 551 "user not local; please try <x>" gives, if any (from the raw reply: normalising masks it). */
function withForwardAddress(outcome: Outcome, raw: string): Outcome {
  const forwardTo = FORWARD.exec(raw.slice(0, MAX_REPLY))?.[1];
  return forwardTo ? { ...outcome, forwardTo } : { ...outcome };
}
