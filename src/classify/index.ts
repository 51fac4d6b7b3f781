export { classify, buildRuleSet, BUILTIN_RULES, type RuleSet } from './classifier';
export { parseReply, type ParsedReply } from './parse';
export { explain, type Explanation } from './explain';
export { parseOperatorRules, OPERATOR_RULES_FILE, type OperatorRule } from './operator-rules';
export { loadRuleSet } from './load';
export type { RuleSpec } from './rule';
export * from './types';
