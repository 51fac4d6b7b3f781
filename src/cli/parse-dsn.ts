import { promises as fs } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import type { RuleSet } from '../classify';
import { parseSize } from '../config/units';
import { DEFAULT_MAX_BYTES, parseBounce, type ParsedReport } from '../dsn';
import { recordObservations, type Recorded } from '../observe';
import type { SuppressionPolicy } from '../suppress';
import { rulesOf, withSuppression } from './context';

type Line = {
  file: string;
  recorded?: Array<{ recipient: string; action: Recorded['result']['action']; why?: string }>;
  /** Why nothing of the report was recorded (a mass report). */
  refused?: string;
} & ParsedReport;

export function registerParseDsnCommand(program: Command): void {
  program
    .command('parse-dsn')
    .description('parse bounce messages (DSN, vendor bounce texts, ARF complaints, auto-replies): one JSON line a file')
    .argument('<files...>', 'message files; "-" reads one message from stdin')
    .option('--max-bytes <n>', 'skip messages larger than this, e.g. 10MB (reported as an error)', sizeOption, DEFAULT_MAX_BYTES)
    .option('--record', 'apply the suppression policy to every recipient, in the configured store (source dsn or arf)')
    // Usage errors must reach main() (exit 2), not end the process with commander's exit 1.
    .exitOverride()
    .action(async (files: string[], opts: { maxBytes: number; record?: boolean }, cmd: Command) => {
      const rules = rulesOf(cmd);
      const run = async (policy: SuppressionPolicy | null) => {
        let unreadable = false;
        for (const file of files) {
          const line = await parseFile(file, opts.maxBytes, rules);
          if (line.unreadable) unreadable = true;
          if (policy) await record(policy, line.result);
          process.stdout.write(`${JSON.stringify(line.result)}\n`);
        }
        if (unreadable) process.exitCode = 2;
      };
      if (opts.record) await withSuppression(cmd, { writes: true }, ({ policy }) => run(policy));
      else await run(null);
    });
}

/**
 * Feeds each recipient of a report to the suppression policy, as bounceguard-record does for live
 * replies. Retries of one message count once: the returned original's Message-ID names it.
 */
async function record(policy: SuppressionPolicy, report: Line): Promise<void> {
  report.recorded = [];
  if (report.kind === 'unknown') return;
  // One forged report must not suppress a mailing list: a real bounce names a handful of recipients.
  const refused = policy.guard.reportRefusal(report.recipients.length);
  if (refused) {
    report.refused = refused;
    process.stderr.write(`bounceguard: ${report.file}: ${refused}\n`);
    return;
  }
  const messageId = report.original?.message_id ?? `${report.file}:${report.arrival_date ?? ''}`;
  const observations = report.recipients.map((r) => ({ recipient: r.recipient, reply: r.diagnostic, stage: r.stage ?? undefined, outcome: r }));
  const recorded = await recordObservations(observations, { policy, messageId, source: report.kind === 'arf' ? 'arf' : 'dsn' });
  report.recorded = recorded.map(({ recipient, result }) => ({ recipient, action: result.action, ...('why' in result ? { why: result.why } : {}) }));
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
export async function parseFile(file: string, maxBytes: number, rules?: RuleSet): Promise<{ result: Line; unreadable: boolean }> {
  let raw: Buffer;
  try {
    const read = file === '-' ? await readCapped(process.stdin, maxBytes) : await readFileCapped(file, maxBytes);
    if (read.over) return { result: { file, ...unknown(`message is larger than the ${maxBytes}-byte limit (--max-bytes)`) }, unreadable: false };
    raw = read.data;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { result: { file, ...unknown(`cannot read ${file}: ${reason}`) }, unreadable: true };
  }
  return { result: { file, ...parseBounce(raw, { maxBytes, rules }) }, unreadable: false };
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
