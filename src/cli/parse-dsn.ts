import { promises as fs } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import type { RuleSet } from '../classify';
import { parseSize } from '../config/units';
import { INBOUND_FILE, RETURNPATH_FILE } from '../config/files';
import { DEFAULT_MAX_BYTES, parseBounce, type ParsedReport } from '../dsn';
import {
  checkReport, envelopeFromHeaders, recordReport, type InboundConfig, type ReportRecipient, type ReportRecording,
} from '../inbound';
import { SentRecords, type ReturnpathConfig } from '../returnpath';
import type { Suppression } from '../suppress/open';
import { configOf, harakaDirOf, rulesOf, withSuppression } from './context';

type Line = {
  file: string;
  recorded?: ReportRecording['recorded'];
  /** Why nothing of the report was recorded (a mass report). */
  refused?: string;
  /** --verify: the recipients not believed, and why. */
  not_believed?: Array<{ recipient: string; why: string }>;
} & ParsedReport;

/** What --verify checks reports with. */
interface Verifier {
  returnpath: ReturnpathConfig;
  inbound: InboundConfig;
}

export function registerParseDsnCommand(program: Command): void {
  program
    .command('parse-dsn')
    .description('parse bounce messages (DSN, vendor bounce texts, ARF complaints, auto-replies): one JSON line a file')
    .argument('<files...>', 'message files; "-" reads one message from stdin')
    .option('--max-bytes <n>', 'skip messages larger than this, e.g. 10MB (reported as an error)', sizeOption, DEFAULT_MAX_BYTES)
    .option('--record', 'apply the suppression policy to every recipient, in the configured store (source dsn or arf)')
    .option('--verify', 'with --record, believe only reports that answer mail we sent: a valid signed return path or a recorded message (the default when bounceguard-returnpath.ini has keys)')
    .option('--no-verify', 'with --record, believe every report (mailboxes only you can write to)')
    // Usage errors must reach main() (exit 2), not end the process with commander's exit 1.
    .exitOverride()
    .action(async (files: string[], opts: { maxBytes: number; record?: boolean; verify?: boolean }, cmd: Command) => {
      const rules = rulesOf(cmd);
      let verifier: Verifier | null = null;
      try {
        verifier = opts.record ? verifierOf(harakaDirOf(cmd), opts.verify) : null;
      } catch (err) {
        cmd.error(`error: ${(err as Error).message}`, { exitCode: 2 });
      }
      const run = async (suppression: Suppression | null) => {
        let unreadable = false;
        for (const file of files) {
          const line = await parseFile(file, opts.maxBytes, rules);
          if (line.unreadable) unreadable = true;
          if (suppression) Object.assign(line.result, await record(suppression, line.result, line.raw, verifier));
          process.stdout.write(`${JSON.stringify(line.result)}\n`);
        }
        if (unreadable) process.exitCode = 2;
      };
      if (opts.record) await withSuppression(cmd, { writes: true }, (suppression) => run(suppression));
      else await run(null);
    });
}

/** --verify given, refused, or (neither) on when bounceguard-returnpath.ini has keys. */
function verifierOf(dir: string, verify: boolean | undefined): Verifier | null {
  if (verify === false) return null;
  const { returnpath } = configOf(dir, [RETURNPATH_FILE], ['returnpath']);
  if (!returnpath.keys) {
    if (verify) throw new Error(`--verify needs the keys of config/${RETURNPATH_FILE}`);
    return null;
  }
  return { returnpath, inbound: configOf(dir, [INBOUND_FILE], ['inbound']).inbound };
}

/**
 * Feeds the recipients of a report to the suppression policy, as bounceguard-inbound does. Retries
 * of one message count once: the returned original's Message-ID names it. With a verifier, only
 * recipients the signed return path (read from the delivery headers) or the recorded message vouch for.
 */
async function record(suppression: Suppression, report: Line, raw: Buffer | undefined, verifier: Verifier | null): Promise<Pick<Line, 'recorded' | 'refused' | 'not_believed'>> {
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

function reported(report: Line, recording: ReportRecording): Omit<ReportRecording, 'results'> {
  if (recording.refused) process.stderr.write(`bounceguard: ${report.file}: ${recording.refused}\n`);
  const { results: _results, ...shown } = recording;
  return shown;
}

function sizeOption(value: string): number {
  let n: number;
  try {
    n = parseSize(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
  if (n <= 0) throw new InvalidArgumentError('must be above zero');
  return n;
}

/** Reads and parses one file (or stdin); an unreadable file becomes an `error` line, never a throw. */
export async function parseFile(file: string, maxBytes: number, rules?: RuleSet): Promise<{ result: Line; unreadable: boolean; raw?: Buffer }> {
  let raw: Buffer;
  try {
    const read = file === '-' ? await readCapped(process.stdin, maxBytes) : await readFileCapped(file, maxBytes);
    if (read.over) return { result: { file, ...unknown(`message is larger than the ${maxBytes}-byte limit (--max-bytes)`) }, unreadable: false };
    raw = read.data;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { result: { file, ...unknown(`cannot read ${file}: ${reason}`) }, unreadable: true };
  }
  return { result: { file, ...parseBounce(raw, { maxBytes, rules }) }, unreadable: false, raw };
}

/** Never reads more than the limit: a huge file is refused by its size, not loaded. */
async function readFileCapped(file: string, maxBytes: number): Promise<{ data: Buffer; over: boolean }> {
  const stat = await fs.stat(file);
  if (stat.size > maxBytes) return { data: Buffer.alloc(0), over: true };
  return { data: await fs.readFile(file), over: false };
}

async function readCapped(stream: NodeJS.ReadableStream, maxBytes: number): Promise<{ data: Buffer; over: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > maxBytes) return { data: Buffer.alloc(0), over: true };
    chunks.push(buf);
  }
  return { data: Buffer.concat(chunks), over: false };
}

function unknown(error: string): ParsedReport {
  return { kind: 'unknown', format: null, mta: null, recipients: [], reporting_mta: null, arrival_date: null, original: null, error };
}
