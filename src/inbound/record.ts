import type { ParsedReport, RecipientResult } from '../dsn';
import type { RecordResult, SuppressionPolicy } from '../suppress';

/** One recipient of a report to feed to the policy, and the message it names (retries count once). */
export interface ReportRecipient {
  recipient: string;
  result: RecipientResult;
  messageId: string;
}

/**
 * Feeds the believed recipients of a bounce or complaint report to the suppression policy, as the
 * outbound hooks do for live replies (source dsn or arf). The one place reports reach the policy:
 * bounceguard-inbound and `parse-dsn --record` both come through here.
 */
export async function recordReport(
  policy: SuppressionPolicy, report: Pick<ParsedReport, 'kind'>, recipients: ReportRecipient[],
): Promise<Array<{ recipient: string; action: RecordResult['action'] }>> {
  const source = report.kind === 'arf' ? 'arf' : 'dsn';
  const recorded: Array<{ recipient: string; action: RecordResult['action'] }> = [];
  for (const { recipient, result, messageId } of recipients) {
    const r = await policy.record({ recipient, outcome: result, messageId, source, reply: result.diagnostic, stage: result.stage ?? undefined });
    recorded.push({ recipient, action: r.action });
  }
  return recorded;
}
