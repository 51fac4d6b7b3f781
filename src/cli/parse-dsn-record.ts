import { INBOUND_FILE, RETURNPATH_FILE } from '../config/files';
import {
  checkReport, envelopeFromHeaders, recordReport, type InboundConfig, type ReportRecipient, type ReportRecording,
} from '../inbound';
import { SentRecords, type ReturnpathConfig } from '../returnpath';
import type { Suppression } from '../suppress/open';
import { configOf } from './context';
import type { ReportLine } from './dsn-parse';

type Recorded = {
  recorded?: ReportRecording['recorded'];
  /** Why nothing of the report was recorded (a mass report). */
  refused?: string;
  /** --verify: the recipients not believed, and why. */
  not_believed?: Array<{ recipient: string; why: string }>;
};

/** What --verify checks reports with. */
export interface Verifier {
  returnpath: ReturnpathConfig;
  inbound: InboundConfig;
}

/** --verify given, refused, or (neither) on when bounceguard-returnpath.ini has keys. */
export async function verifierOf(dir: string, verify: boolean | undefined): Promise<Verifier | null> {
  if (verify === false) return null;
  const { returnpath } = await configOf(dir, [RETURNPATH_FILE], ['returnpath']);
  if (!returnpath.keys) {
    if (verify) throw new Error(`--verify needs the keys of config/${RETURNPATH_FILE}`);
    return null;
  }
  return { returnpath, inbound: (await configOf(dir, [INBOUND_FILE], ['inbound'])).inbound };
}

/**
 * Feeds the recipients of a report to the suppression policy, as bounceguard-inbound does. Retries
 * of one message count once: the returned original's Message-ID names it. With a verifier, only
 * recipients the signed return path (read from the delivery headers) or the recorded message vouch for.
 */
export async function recordLine(suppression: Suppression, report: ReportLine, raw: Buffer | undefined, verifier: Verifier | null): Promise<Recorded> {
  if (report.kind === 'unknown' || !raw) return { recorded: [] };
  if (!verifier) {
    const messageId = report.original?.message_id ?? `${report.file}:${report.arrival_date ?? ''}`;
    const all = report.recipients.map((result) => ({ recipient: result.recipient, result, messageId }));
    return reported(report, await recordReport(suppression.policy, report, all));
  }
  const envelope = envelopeFromHeaders(raw, verifier.returnpath, verifier.inbound, Date.now());
  const checked = await checkReport(report, envelope, new SentRecords(suppression.store));
  const believed: ReportRecipient[] = checked.flatMap((c) => (c.ours ? [c] : []));
  const notBelieved = checked.flatMap((c) => (c.ours ? [] : [{ recipient: c.result.recipient, why: c.why }]));
  return { ...reported(report, await recordReport(suppression.policy, report, believed)), not_believed: notBelieved };
}

function reported(report: ReportLine, recording: ReportRecording): Omit<ReportRecording, 'results'> {
  if (recording.refused) process.stderr.write(`bounceguard: ${report.file}: ${recording.refused}\n`);
  const { results: _results, ...shown } = recording;
  return shown;
}
