export { parseSuppressConfig, DEFAULT_ESCALATE_REASONS, type SuppressConfig } from './config';
export { Allowlist } from './allowlist';
export {
  SuppressionPolicy, SENDER_SIDE_REASONS, truncateReply, type RecordInput, type RecordResult, type CheckResult,
} from './policy';
export { openSuppression, type Suppression } from './open';
