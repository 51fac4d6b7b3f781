import type { IniReader } from '../config/reader';
import { buildRuleSet, type RuleSet } from './classifier';
import { OPERATOR_RULES_FILE, parseOperatorRules } from './operator-rules';

/** The rule set of a config dir: its operator rules (config/bounceguard-rules.ini) before the built-in ones. */
export function loadRuleSet(readIni: IniReader, onChange?: () => void): RuleSet {
  return buildRuleSet(parseOperatorRules(readIni(OPERATOR_RULES_FILE, {}, onChange), OPERATOR_RULES_FILE));
}
