import type { ParsedReport, RecipientResult } from '../dsn';
import { recordObservations, type Recorded } from '../observe';
import type { RecordResult, SuppressionPolicy } from '../suppress';

/** One recipient of a report to feed to the policy, and the message it names (retries count once). */
export interface ReportRecipient {
  recipient: string;
  result: RecipientResult;
  messageId: string;
}

export interface ReportRecording {
  recorded: Array<{ recipient: string; action: RecordResult['action']; why?: string }>;
  /** Why nothing of the report was recorded (a mass report). */
  refused?: string;
  /** The policy's full results, in the order of `recorded` (what the events are made of). */
  results: Recorded[];
}

/**
 * Feeds the believed recipients of a bounce or complaint report to the suppression policy, as the
 * outbound hooks do for live replies (source dsn or arf). The one place reports reach the policy:
 * bounceguard-inbound and `parse-dsn --record` both come through here. One forged report must not
 * suppress a mailing list: a real bounce names a handful of recipients (the policy's guard decides).
 */
export async function recordReport(policy: SuppressionPolicy, report: Pick<ParsedReport, 'kind'>, recipients: ReportRecipient[]): Promise<ReportRecording> {
  const refused = policy.guard.reportRefusal(recipients.length);
  if (refused) return { recorded: [], refused, results: [] };
  const source = report.kind === 'arf' ? 'arf' : 'dsn';
  const recorded: ReportRecording['recorded'] = [];
  const results: Recorded[] = [];
  for (const { recipient, result, messageId } of recipients) {
    const observation = { recipient, reply: result.diagnostic, stage: result.stage ?? undefined, outcome: result };
    const [r] = await recordObservations([observation], { policy, messageId, source });
    results.push(r);
    recorded.push({ recipient, action: r.result.action as RecordResult['action'], ...('why' in r.result ? { why: r.result.why } : {}) });
  }
  return { recorded, results };
}
