import { DEFAULT_REJECT_MESSAGE } from '../../src/suppress/config';
import type { CheckResult } from '../../src/suppress';
import { withinBudget } from '../../src/util/budget';
import { addressOf } from './haraka-data';
import { runtime, type HarakaServer } from './runtime';

// haraka-constants, inlined: the plugin must not depend on Haraka's install layout.
const DENY = 902;

/**
 * bounceguard-suppress: refuses suppressed recipients at RCPT for relaying clients, with a permanent
 * reply that names the reason and the date; drops them from mail that plugins inject (no RCPT stage)
 * before it is queued. Other recipients go on as usual. A store that does not answer within the
 * budget lets the mail through (configurable) and is logged by the store once.
 */
export function register(this: Haraka.Plugin): void {
  this.register_hook('rcpt', 'bounceguard_rcpt', 0);
  this.register_hook('pre_send_trans_email', 'bounceguard_injected', 0);
  this.register_hook('init_master', 'bounceguard_init', 0);
  this.register_hook('init_child', 'bounceguard_init', 0);
}

export function bounceguard_init(this: Haraka.Plugin, next: Haraka.Next, server?: HarakaServer): void {
  runtime(this, server).then(() => next(), (err: Error) => { this.logerror(`bounceguard: ${err.message}`); next(); });
}

export function bounceguard_rcpt(this: Haraka.Plugin, next: Haraka.Next, connection: Haraka.Connection, params: unknown[]): void {
  if (!connection.relaying) return next();
  const recipient = addressOf(params?.[0]);
  Promise.all([runtime(this), check(this, recipient)]).then(
    ([rt, result]) => {
      if (result.status !== 'suppressed') return next();
      connection.loginfo?.(`bounceguard: refused suppressed recipient <${recipient}> (${result.entry.reason}, ${result.entry.source})`);
      next(DENY, rejectMessage(rt.suppression?.config.rejectMessage, recipient, result));
    },
    () => next(),
  );
}

export function bounceguard_injected(this: Haraka.Plugin, next: Haraka.Next, connection: Haraka.Connection): void {
  const txn = connection.transaction;
  if (!txn || txn.rcpt_to.length === 0) return next();
  Promise.all(txn.rcpt_to.map((rcpt) => check(this, addressOf(rcpt)))).then(
    (results) => {
      const kept = txn.rcpt_to.filter((rcpt, i) => {
        const r = results[i];
        if (r.status !== 'suppressed') return true;
        this.loginfo(`bounceguard: [${txn.uuid}] dropped suppressed recipient <${addressOf(rcpt)}> from injected mail (${r.entry.reason})`);
        return false;
      });
      txn.rcpt_to.splice(0, txn.rcpt_to.length, ...kept);
      next();
    },
    () => next(),
  );
}

async function check(plugin: Haraka.Plugin, recipient: string): Promise<CheckResult> {
  const rt = await runtime(plugin);
  const policy = rt.suppression?.policy;
  if (!policy) return { status: 'clear' };
  return withinBudget(policy.check(recipient), rt.budgetMs, () => ({ status: 'unknown', allow: true, error: 'time budget exceeded' }));
}

function rejectMessage(template: string | undefined, recipient: string, result: Extract<CheckResult, { status: 'suppressed' }>): string {
  const { entry } = result;
  const fields: Record<string, string> = {
    scope: entry.key.startsWith('@') ? `domain ${entry.key.slice(1)}` : `<${recipient}>`,
    reason: entry.reason,
    source: entry.source,
    since: new Date(entry.firstSeen).toISOString().slice(0, 10),
  };
  return (template ?? DEFAULT_REJECT_MESSAGE).replace(/\{(scope|reason|source|since)\}/g, (_, k: string) => fields[k]);
}
