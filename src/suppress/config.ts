import { z } from 'zod';
import { REASONS, type Reason } from '../classify/types';
import { MAIN_FILE } from '../config/files';
import { duration, iniBoolean, list, parseAll, parseSection } from '../config/schema';
import type { GuardConfig } from './guard';

const DAY_MS = 86_400_000;

/** Soft reasons that are about the recipient itself; see README for why others never count. */
export const DEFAULT_ESCALATE_REASONS: Reason[] = ['mailboxfull', 'suspend', 'userunknown', 'hostunknown', 'undefined'];

/**
 * `{recipient}`: `<address>`; `{scope}`: `<address>` or `domain example.com`; `{reason}`, `{source}`,
 * `{since}` (YYYY-MM-DD) from the entry. The default tells a relaying client nothing but "suppressed".
 */
export const DEFAULT_REJECT_MESSAGE = '5.1.1 {recipient} recipient suppressed';

/** Days unless a unit says otherwise (`12h`); 0: never. */
const days = duration('d').pipe(z.number().nonnegative());

const suppressSection = z.object({
  case_sensitive_local_part: iniBoolean.default(false),
  escalate_after: z.number().int().min(1).default(3),
  escalate_window_days: duration('d').pipe(z.number().positive()).default(7 * DAY_MS),
  escalate_reasons: list.pipe(z.array(z.enum(REASONS))).default(DEFAULT_ESCALATE_REASONS),
  escalation_expiry_days: days.default(30 * DAY_MS),
  domain_expiry_days: days.default(30 * DAY_MS),
  reply_max_length: z.number().int().min(0).default(512),
  fail_open: iniBoolean.default(true),
  reject_message: z.string().min(1).default(DEFAULT_REJECT_MESSAGE),
  max_report_recipients: z.number().int().min(1).default(100),
  max_suppressions_per_minute: z.number().int().min(1).default(1000),
  suppression_pause_minutes: duration('m').pipe(z.number().positive()).default(15 * 60_000),
  domain_check_timeout_ms: duration('ms').pipe(z.number().int().min(1).max(30_000)).default(2000),
}).strict();

const allowlistSection = z.object({
  addresses: list.default([]),
  domains: list.default([]),
}).strict();

/** The suppression policy's settings, in the units the code uses. */
export interface SuppressConfig {
  caseSensitiveLocalPart: boolean;
  escalateAfter: number;
  escalateWindowMs: number;
  escalateReasons: ReadonlySet<Reason>;
  /** null: escalations never expire. */
  escalationExpiryMs: number | null;
  /** null: domain suppressions never expire. */
  domainExpiryMs: number | null;
  replyMaxLength: number;
  /** What a lookup that cannot reach the store means for the caller: true lets the mail through. */
  failOpen: boolean;
  /** The RCPT rejection text for a suppressed recipient, with {scope} {reason} {source} {since}. */
  rejectMessage: string;
  allowAddresses: string[];
  allowDomains: string[];
  /** Mass-suppression guards (guard.ts). */
  guard: GuardConfig;
}

/** Validates `[suppress]` and `[allowlist]` of bounceguard.ini. */
export function parseSuppressConfig(ini: Record<string, unknown>): SuppressConfig {
  const [s, a] = parseAll(
    () => parseSection(suppressSection, ini.suppress, MAIN_FILE, 'suppress'),
    () => parseSection(allowlistSection, ini.allowlist, MAIN_FILE, 'allowlist'),
  );
  return {
    caseSensitiveLocalPart: s.case_sensitive_local_part,
    escalateAfter: s.escalate_after,
    escalateWindowMs: s.escalate_window_days,
    escalateReasons: new Set(s.escalate_reasons),
    escalationExpiryMs: s.escalation_expiry_days === 0 ? null : s.escalation_expiry_days,
    domainExpiryMs: s.domain_expiry_days === 0 ? null : s.domain_expiry_days,
    replyMaxLength: s.reply_max_length,
    failOpen: s.fail_open,
    rejectMessage: s.reject_message,
    allowAddresses: a.addresses,
    allowDomains: a.domains,
    guard: {
      maxReportRecipients: s.max_report_recipients,
      maxSuppressionsPerMinute: s.max_suppressions_per_minute,
      pauseMs: s.suppression_pause_minutes,
      domainCheckTimeoutMs: s.domain_check_timeout_ms,
    },
  };
}

