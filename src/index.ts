/**
 * bounceguard as a library (package.json "main"): the classifier, the bounce parser, the stores and
 * the suppression policy, for programs other than Haraka. The Haraka plugins live in plugins/.
 */
export { classify, buildRuleSet, loadRuleSet, parseReply, REASONS, type Outcome, type Reason, type ReplyInput, type RuleSet } from './classify';
export { parseBounce, type ParsedReport, type RecipientResult } from './dsn';
export {
  openStore, parseStoreConfig, MemoryStore, SqliteStore, openRedisStore, ResilientStore,
  type SuppressionEntry, type SuppressionStore, type StoreConfig,
} from './store';
export { SuppressionPolicy, openSuppression, parseSuppressConfig, type CheckResult, type RecordInput, type RecordResult } from './suppress';
export { ThrottleController, parseThrottleConfig, type ThrottleConfig } from './throttle';
