import type { Command } from 'commander';
import { toRecord } from '../suppress/format';
import type { Suppression } from '../suppress/open';
import type { CheckResult } from '../suppress/policy';
import { CliError, withSuppression } from './context';
import { readLines } from './lines';
import { expiryText, out } from './output';

/** Soft bounces counted toward escalation: `counted` of `of`, until the oldest leaves the window. */
export interface Escalation {
  counted: number;
  of: number;
  windowEndsAt: number;
}
type Answer = CheckResult & { escalation?: Escalation | null };
const EXIT = { suppressed: 0, clear: 1, allowlisted: 1, invalid: 2, unknown: 2 } as const;

/**
 * `check ADDRESS...` (or addresses a line on stdin): exit status 0 when every one is suppressed,
 * 1 when one is not, 2 on an error (the store's answer unknown included).
 */
export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .argument('[addresses...]', 'addresses, or @domain for the whole-domain entry; none or "-": one a line on stdin')
    .description('Whether addresses are suppressed, and why (exit 0 all suppressed, 1 one not, 2 error)')
    .option('--json', 'one JSON object an address: the answer, the entry, soft bounces counted toward escalation')
    .action(async (addresses: string[], opts: { json?: boolean }, cmd: Command) => {
      process.exitCode = 2;
      let worst = 0;
      let checked = 0;
      await withSuppression(cmd, { writes: false }, async (ctx) => {
        for await (const address of addressesOf(addresses)) {
          const answer = await checkOne(ctx, address);
          checked += 1;
          worst = Math.max(worst, EXIT[answer.status]);
          await (opts.json ? printJson(address, answer) : printText(address, answer, ctx.config.escalateWindowMs));
        }
      });
      if (checked === 0) throw new CliError('no address to check: name them, or give one a line on stdin');
      process.exitCode = worst;
    });
}

async function* addressesOf(args: string[]): AsyncIterable<string> {
  if (args.length > 0 && !(args.length === 1 && args[0] === '-')) {
    yield* args;
    return;
  }
  for await (const line of readLines(process.stdin)) {
    const text = line.text.trim();
    if (text && !text.startsWith('#')) yield text;
  }
}

async function checkOne(ctx: Suppression, address: string): Promise<Answer> {
  if (address.trim().startsWith('@')) return checkDomain(ctx, address);
  const result = await ctx.policy.check(address);
  if (result.status !== 'clear') return result;
  try {
    return { ...result, escalation: await escalationOf(ctx, address) };
  } catch (err) {
    return { status: 'unknown', allow: ctx.config.failOpen, error: (err as Error).message };
  }
}

/** `@domain`: the whole-domain entry only (its addresses' own entries are `list --domain`). */
async function checkDomain(ctx: Suppression, input: string): Promise<Answer> {
  const { normaliseTarget } = await import('../util/address');
  let key: string;
  try {
    key = normaliseTarget(input).key;
  } catch (err) {
    return { status: 'invalid', error: (err as Error).message };
  }
  if (ctx.config.allowDomains.some((d) => `@${d.replace(/^@/, '').toLowerCase()}` === key)) return { status: 'allowlisted' };
  try {
    const entry = await ctx.store.get(key);
    return entry ? { status: 'suppressed', entry } : { status: 'clear' };
  } catch (err) {
    return { status: 'unknown', allow: ctx.config.failOpen, error: (err as Error).message };
  }
}

async function escalationOf(ctx: Suppression, address: string): Promise<Escalation | null> {
  const { normaliseAddress } = await import('../util/address');
  const key = normaliseAddress(address, { caseSensitiveLocalPart: ctx.config.caseSensitiveLocalPart }).key;
  const windowMs = ctx.config.escalateWindowMs;
  const now = Date.now();
  const within = (await ctx.store.getSoftBounces(key)).filter((at) => at > now - windowMs);
  if (within.length === 0) return null;
  return { counted: within.length, of: ctx.config.escalateAfter, windowEndsAt: within[0] + windowMs };
}

function printJson(address: string, answer: Answer): Promise<void> | void {
  const entry = answer.status === 'suppressed' ? toRecord(answer.entry) : null;
  const error = 'error' in answer ? answer.error : undefined;
  const escalation = answer.escalation ? { ...answer.escalation, windowEndsAt: new Date(answer.escalation.windowEndsAt).toISOString() } : null;
  return out.line(JSON.stringify({ address, status: answer.status, entry, escalation, error }));
}

async function printText(address: string, answer: Answer, windowMs: number): Promise<void> {
  if (answer.status === 'suppressed') {
    const e = answer.entry;
    const scope = e.key.startsWith('@') && !address.trim().startsWith('@') ? ` (whole domain ${e.key.slice(1)})` : '';
    await out.line(`${address}: suppressed${scope}: ${e.reason}, ${e.bounce} bounce, source ${e.source}, ${expiryText(e.expiresAt)}`);
    if (e.reply) await out.line(`  last reply: ${e.reply}`);
  } else if (answer.status === 'invalid' || answer.status === 'unknown') {
    await out.flush();
    console.error(`bounceguard check: ${address}: ${answer.error}`);
  } else if (answer.status === 'allowlisted') {
    await out.line(`${address}: not suppressed (allowlisted)`);
  } else {
    await out.line(`${address}: not suppressed${escalationText(answer.escalation ?? null, windowMs)}`);
  }
}

function escalationText(e: Escalation | null, windowMs: number): string {
  if (!e) return '';
  const days = Math.round((windowMs / 86_400_000) * 10) / 10;
  return `; soft bounces counted toward escalation: ${e.counted} of ${e.of} within ${days} days (the oldest leaves the window ${new Date(e.windowEndsAt).toISOString()})`;
}
