import { createHash } from 'node:crypto';
import path from 'node:path';
import { OutcomeCache } from './cache';
import { LiteralGate } from './gate';
import { readGateFile, writeGateFile } from './gate-file';
import { requiredLiterals } from './literals';
import { normalizeReplyText } from './normalize';
import { splitReply } from './parse';
import { PROVIDER_TEXT_MARKERS, providerFromMx, providerFromScreenedText } from './provider';
import { alternativeTexts, compileRule, mayMatchByCodes, ruleMatches, type CompiledRule, type ReplyFacts, type RuleSpec } from './rule';
import { BUILTIN_DIGEST, BUILTIN_RULES, BUILTIN_RULES_DIR } from './builtin';
import { findStage, STAGE_LITERALS } from './stage';
import { isBeforeRecipient, type Evidence, type Outcome, type Reason, type ReplyInput } from './types';

export { BUILTIN_RULES };

export interface RuleSet {
  readonly rules: readonly CompiledRule[];
  /**
   * Which rules a reply's text could match at all, in one pass. After the rules come the provider
   * text markers (from index rules.length), the stage markers (stageIndex), then the alternatives of
   * rules that have several (from each rule's firstAlternative).
   */
  readonly gate: LiteralGate;
  readonly stageIndex: number;
  /** Outcomes of normalised replies already seen with this rule set. */
  readonly cache: OutcomeCache;
  /**
   * Rules without text (code, enhanced code, provider, stage only), which the gate never lets through:
   * readFacts adds those whose codes and provider the reply has (see codeOnlyCandidates).
   */
  readonly codeOnly: CodeOnlyIndex;
  /**
   * How many more replies classify() tries on every rule before the gate is built: building it costs
   * as much as a few dozen replies do without it, which a short run (one CLI line) never makes up.
   */
  ungated: number;
}

/** Every rule and marker a candidate: what the gate gives before it is built. */
const everyCandidate = new WeakMap<RuleSet, Uint8Array>();
const UNGATED_REPLIES = 64;

export interface RuleSetOptions {
  /** How many normalised replies to remember (0: none). */
  cacheSize?: number;
}

/** Failures of the address or domain itself (Sisimai's hard bounces). */
export const HARD_REASONS: ReadonlySet<Reason> = new Set(['userunknown', 'hostunknown', 'hasmoved', 'notaccept']);
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
  const rules = specs.map(compileRule);
  const stageIndex = rules.length + PROVIDER_TEXT_MARKERS.length;
  let candidates = stageIndex + 1;
  for (const rule of rules) {
    if (rule.alternatives === null) continue;
    rule.firstAlternative = candidates;
    candidates += rule.alternatives.length;
  }
  // A saved gate costs a file read: no reason to try every rule on the first replies then.
  let gate = (operatorRules.length === 0 ? savedBuiltinGate(candidates) : null) ?? undefined;
  const set: RuleSet = {
    rules,
    get gate() {
      return (gate ??= compileGate(rules));
    },
    stageIndex,
    codeOnly: codeOnlyIndex(rules),
    cache: new OutcomeCache(options.cacheSize),
    ungated: gate ? 0 : UNGATED_REPLIES,
  };
  everyCandidate.set(set, new Uint8Array(candidates).fill(1));
  return set;
}

function compileGate(rules: readonly CompiledRule[]): LiteralGate {
  const literals = [
    // A rule without text is never the gate's candidate: the code-only index gives it (readFacts).
    ...rules.map((r) => (r.text ? requiredLiterals(r.text) : [])),
    // Provider markers are short codes ("IB101"); a two-letter literal still spares most replies their regex.
    ...PROVIDER_TEXT_MARKERS.map((marker) => requiredLiterals(marker, 2)),
    STAGE_LITERALS,
    ...rules.flatMap((r) => alternativeTexts(r).map((re) => requiredLiterals(re))),
  ];
  return new LiteralGate(literals.length, literals);
}

/** The built-in rules' gate, compiled by the build (see gate-file.ts). */
const BUILTIN_GATE_FILE = path.join(BUILTIN_RULES_DIR, 'builtin.gate.bin');

/** The rule files and the markers in code: a gate saved from any other is not used. */
function builtinGateDigest(): string {
  // The layout: rules, markers, stage, then the rules' alternatives (a change of it must not read an old file).
  const markers = JSON.stringify(['alternatives', 'code-only index', PROVIDER_TEXT_MARKERS.map(String), STAGE_LITERALS]);
  return createHash('sha256').update(`${BUILTIN_DIGEST}\0${markers}`).digest('hex');
}

/** Read once a process and shared by every rule set without operator rules: its tables are read-only, and each answer is used within one classification, before the next call. */
let builtinGate: LiteralGate | null | undefined;

/** The built-in rules' gate as the build saved it, if it was saved from these rules and answers for `candidates` entries. */
export function savedBuiltinGate(candidates: number): LiteralGate | null {
  if (builtinGate === undefined) builtinGate = readGateFile(BUILTIN_GATE_FILE, builtinGateDigest());
  return builtinGate?.size === candidates ? builtinGate : null;
}

/** Saves the built-in rules' gate for later starts (the build runs it). */
export function writeBuiltinGate(): void {
  writeGateFile(BUILTIN_GATE_FILE, builtinGateDigest(), compileGate(BUILTIN_RULES.map(compileRule)));
}

let defaultRuleSet: RuleSet | undefined;

export function defaultRules(): RuleSet {
  return (defaultRuleSet ??= buildRuleSet());
}

/** What a remote reply means for one recipient; every Outcome names the rule that decided it. */
export function classify(input: ReplyInput | string, ruleSet?: RuleSet): Outcome {
  const outcome = classifyShared(input, ruleSet);
  // A copy: the caller may change what it gets, the cache must not see it (a forward is one already).
  return outcome.reason === 'hasmoved' ? outcome : copyOf(outcome);
}

/**
 * classify() without the copy: the Outcome may be the one the rule set's cache holds, the same
 * object for every repetition of a reply, and must not be changed. For a caller that only reads
 * it (and may remember what it made of it by the object).
 */
export function classifyShared(input: ReplyInput | string, ruleSet?: RuleSet): Readonly<Outcome> {
  const reply = typeof input === 'string' ? { reply: input } : input;
  const set = ruleSet ?? defaultRules();
  const raw = typeof reply.reply === 'string' ? reply.reply : '';
  const text = normalizedText(raw);
  let outcome: Outcome;
  if (set.cache.enabled) {
    const key = cacheKey(text, reply);
    const known = set.cache.get(key);
    outcome = known === undefined ? set.cache.remember(key, classifyText(text, reply, set)) : known;
  } else {
    outcome = classifyText(text, reply, set);
  }
  return outcome.reason === 'hasmoved' ? withForwardAddress(outcome, raw) : outcome;
}

/**
 * A reply without a stage or an MX host (most of a log) is its own key: building a longer one copied
 * every reply once more. Others start with a NUL, which no key of the first kind does.
 */
function cacheKey(text: string, reply: ReplyInput): string {
  if (reply.stage === undefined && reply.mx === undefined && text.charCodeAt(0) !== 0) return text;
  return `\u0000${reply.stage ?? ''}\u0000${reply.mx ?? ''}\u0000${text}`;
}

// Rules only need the start of a reply; a whole transcript pasted in must not cost more.
const MAX_REPLY = 4096;

/** The start of a reply, lower-cased, with what varies between repetitions masked: what rules match. */
export function normalizedText(raw: string): string {
  return normalizeReplyText(raw.length > MAX_REPLY ? raw.slice(0, MAX_REPLY).toLowerCase() : raw.toLowerCase());
}

function classifyText(text: string, reply: ReplyInput, set: RuleSet): Outcome {
  const { rules } = set;
  const gated = set.ungated <= 0;
  if (!gated) set.ungated -= 1;
  const { facts, possible } = readFacts(text, reply, set, gated);
  const words = gated ? set.gate.candidateWords : null;
  for (let i = 0; i < rules.length; i += 1) {
    // Most text rules are screened out for a reply: four at a time.
    if (words !== null && (i & 3) === 0 && words[i >> 2] === 0) {
      i += 3;
      continue;
    }
    if (possible[i] === 1 && ruleMatches(rules[i], facts, possible)) return decide(facts, rules[i]);
  }
  return undecided(facts);
}

/** No rule matched. */
export function undecided(facts: ReplyFacts): Outcome {
  return outcomeOf(facts, 'none', 'undefined', 'soft', false, false, 'code-only', false);
}

/**
 * What the rules read from a lower-cased reply, and which rules its literals let through (the gate's
 * answer; without `gated`, every rule, which decides the same, only slower).
 */
export function readFacts(text: string, reply: ReplyInput, set: RuleSet, gated = true): { facts: ReplyFacts; possible: Uint8Array } {
  const split = splitReply(text);
  const possible = gated ? set.gate.candidates(split.text) : everyCandidate.get(set)!;
  const facts: ReplyFacts = {
    code: split.code,
    enhanced: split.enhanced,
    enhancedParts: split.enhancedParts,
    text: split.text,
    stage: reply.stage ?? (possible[set.stageIndex] === 1 ? findStage(split.text) ?? null : null),
    provider: providerFromMx(reply.mx) ?? providerFromScreenedText(split.text, possible, set.rules.length),
  };
  if (gated) {
    const codeOnly = codeOnlyCandidates(set.codeOnly, facts);
    for (let k = 0; k < codeOnly.length; k += 1) possible[codeOnly[k]] = 1;
  }
  return { facts, possible };
}

/**
 * The rules without text, and those of them a reply could match by its basic code and its enhanced
 * code's class and subject, remembered by those (at most 400 codes by 25 statuses, and a log has few
 * of them): most of the 76 built-in ones are enhanced-code rules of one subject, which a reply of
 * another never needs to try. The detail range, the provider and the stage are left to ruleMatches.
 */
interface CodeOnlyIndex {
  rules: readonly CompiledRule[];
  indices: readonly number[];
  byKey: Map<number, Int32Array>;
}

function codeOnlyIndex(rules: readonly CompiledRule[]): CodeOnlyIndex {
  return { rules, indices: [...rules.keys()].filter((i) => rules[i].text === null), byKey: new Map() };
}

function codeOnlyCandidates(index: CodeOnlyIndex, facts: ReplyFacts): Int32Array {
  const { code, enhancedParts: parts } = facts;
  // code: 0 (none) or 200-599; class 0 (no enhanced code), 2, 4 or 5; subject 0-7.
  const key = ((code ?? 0) * 10 + (parts === null ? 0 : parts[0])) * 10 + (parts === null ? 0 : parts[1]);
  let found = index.byKey.get(key);
  if (found === undefined) {
    found = Int32Array.from(index.indices.filter((i) => mayMatchByCodes(index.rules[i], facts)));
    index.byKey.set(key, found);
  }
  return found;
}

export function decide(facts: ReplyFacts, rule: CompiledRule): Outcome {
  const { spec, evidence } = rule;
  if (spec.reason === 'delivered') return outcomeOf(facts, spec.id, 'delivered', 'none', false, false, evidence, false);
  const permanent = spec.permanent ?? permanenceFromCodes(facts) ?? !TRANSIENT_REASONS.has(spec.reason);
  const throttle = spec.throttle === 'when-transient' ? !permanent : (spec.throttle ?? THROTTLE_REASONS.has(spec.reason));
  // Never on a temporary reply (a 4xx "account disabled" may be lifted tomorrow), nor on a refusal
  // before RCPT TO (the greeting, HELO, MAIL FROM), where no recipient is named yet.
  const beforeRecipient = isBeforeRecipient(facts.stage);
  const suppress = permanent && !beforeRecipient && (spec.suppress ?? SUPPRESS_REASONS.has(spec.reason));
  // A recipient-level text under a status that blames the sender or a policy: the two disagree,
  // so the address is not proven dead; the policy counts it toward escalation instead.
  const conflict = suppress && evidence === 'text' && SUPPRESS_REASONS.has(spec.reason) && isSenderSideStatus(facts.enhancedParts);
  const inDoubt = conflict || spec.inDoubt === true;
  const hard = permanent && HARD_REASONS.has(spec.reason) && !inDoubt && !beforeRecipient;
  return outcomeOf(
    facts, spec.id, spec.reason, spec.bounce ?? (hard ? 'hard' : 'soft'),
    // A bare basic code never proves that an address is dead.
    suppress && evidence !== 'code-only' && !inDoubt, throttle, evidence, inDoubt,
  );
}

/**
 * RFC 3463 / RFC 5248 statuses about the sender, not the recipient's address: X.1.7 / X.1.8 (the
 * sender's address) and the specific X.7 codes (authentication, encryption, SPF/DKIM/DMARC, reverse
 * DNS, mail flood, and Exchange's X.7.500 and up). Not X.7.0 / X.7.1, the generic "not authorized"
 * that Postfix access maps and qmail's validrcptto give to unknown recipients as well, nor the
 * recipient-level X.7.13 (account disabled), X.7.17 / X.7.18 (owner changed), X.7.124 and X.7.133-136.
 */
function isSenderSideStatus(parts: ReplyFacts['enhancedParts']): boolean {
  if (parts === null) return false;
  const [, subject, detail] = parts;
  if (subject === 1) return detail === 7 || detail === 8;
  if (subject !== 7 || detail <= 1) return false;
  return !(detail === 13 || detail === 17 || detail === 18 || detail === 124 || (detail >= 133 && detail <= 136));
}

// Outcomes are built in one shape by these two functions: spreads and varying shapes cost more than the rules.
function outcomeOf(
  facts: ReplyFacts, rule: string, reason: Reason, bounce: Outcome['bounce'], suppress: boolean, throttle: boolean,
  evidence: Evidence, inDoubt: boolean,
): Outcome {
  return { code: facts.code, enhanced: facts.enhanced, reason, bounce, suppress, throttle, provider: facts.provider, rule, evidence, inDoubt };
}

function copyOf(o: Outcome): Outcome {
  return {
    code: o.code, enhanced: o.enhanced, reason: o.reason, bounce: o.bounce,
    suppress: o.suppress, throttle: o.throttle, provider: o.provider, rule: o.rule, evidence: o.evidence, inDoubt: o.inDoubt,
  };
}

function permanenceFromCodes(facts: ReplyFacts): boolean | null {
  const cls = facts.code !== null ? Math.floor(facts.code / 100) : facts.enhanced ? Number(facts.enhanced[0]) : null;
  if (cls === 5) return true;
  if (cls === 4) return false;
  return null;
}

/**
 * The phrase, then the address up to its last character that is not sentence punctuation, then
 * (looked ahead) an optional ">" and punctuation up to a space or the end. The address is bounded
 * as RFC 5321 4.5.3.1 bounds it (local part 64, domain 255), and each part is a run the next part
 * cannot match, so a failed attempt backtracks over at most one address length: linear, where the
 * lazy unbounded address it replaces cost the square of a long run.
 */
const FORWARD = /(?:please try|forward(?:ed|ing)? (?:address|to)(?: is)?:?|moved to|new address(?: is)?:?)\s*<?([^\s<>@"]{1,64}@[^\s<>"]{0,254}[^\s<>".,;)])(?=>?[.,;)]*(?:\s|$))/i;

/** Adds the forwarding address a 551 "user not local; please try <x>" gives, if any (from the raw reply: normalising masks it). */
function withForwardAddress(outcome: Outcome, raw: string): Outcome {
  const forwardTo = FORWARD.exec(raw.slice(0, MAX_REPLY))?.[1];
  return forwardTo ? { ...copyOf(outcome), forwardTo } : copyOf(outcome);
}
