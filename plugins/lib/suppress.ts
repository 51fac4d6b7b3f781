import { deny as DENY, denysoft as DENYSOFT, ok as OK } from 'haraka-constants';
import { DEFAULT_REJECT_MESSAGE } from '../../src/suppress/config';
import type { CheckResult } from '../../src/suppress';
import { withinBudget } from '../../src/util/budget';
import { addressOf } from './haraka-data';
import { endedBySuppression, markEndedBySuppression } from './ended';
import { initPlugin } from './lifecycle';
import { queueIdOf } from './log';
import { metrics } from './metrics';
import { once } from './once';
import { runtime, type HarakaServer } from './runtime';


/**
 * bounceguard-suppress: refuses suppressed recipients at RCPT for relaying clients, with a permanent
 * reply that by default says "suppressed" and nothing more (reject_message); drops them from mail that plugins inject (no RCPT stage)
 * before it is queued. Other recipients go on as usual. A store that does not answer within the
 * budget lets the mail through, or with fail_open=false defers the recipient (DENYSOFT); the store
 * logs its trouble once. Any error of our own lets the mail through and is logged.
 *
 * Queued mail follows the list: before every delivery attempt (send_email), recipients suppressed
 * since the message was queued are taken off it, counted and logged; the others go on. send_email
 * cannot end a message, so one whose every recipient is suppressed is ended by get_mx (DENY, which
 * makes Haraka bounce it) and its bounce hook keeps the DSN back (nobody asked for this delivery to
 * be refused: the list did), before bounceguard-record sees it as a bounce.
 */
export function register(this: Haraka.Plugin): void {
  this.register_hook('rcpt', 'bounceguard_rcpt', 0);
  this.register_hook('pre_send_trans_email', 'bounceguard_injected', 0);
  // Before bounceguard-throttle's send_email (0): a dropped recipient books no slot.
  this.register_hook('send_email', 'bounceguard_queued', -10);
  // First (Haraka clamps priorities to -100..100; at a tie the config order decides).
  this.register_hook('get_mx', 'bounceguard_queued_mx', -100);
  this.register_hook('bounce', 'bounceguard_queued_bounce', -100);
  this.register_hook('init_master', 'bounceguard_init', 0);
  this.register_hook('init_child', 'bounceguard_init', 0);
}

export function bounceguard_init(this: Haraka.Plugin, next: Haraka.Next, server?: HarakaServer): void {
  initPlugin(this, next, server);
}

export function bounceguard_rcpt(this: Haraka.Plugin, next: Haraka.Next, connection: Haraka.Connection, params: unknown[]): void {
  if (!connection.relaying) return next();
  const done = once(next);
  const recipient = addressOf(params?.[0]);
  Promise.all([runtime(this), check(this, recipient)])
    .then(([rt, result]) => {
      if (result.status === 'unknown') metrics.storeUnavailable('check');
      if (result.status === 'unknown' && !result.allow) return done(DENYSOFT, 'Recipient check temporarily unavailable, try again later');
      if (result.status !== 'suppressed') return done();
      metrics.recipientRefused('rcpt', result.entry.reason);
      // With the connection: Haraka prints its id and transaction number, and this plugin's name.
      this.loginfo(`bounceguard: refused suppressed recipient <${recipient}> (${result.entry.reason}, ${result.entry.source})`, connection);
      done(DENY, rejectMessage(rt.suppression?.config.rejectMessage, recipient, result));
    })
    .catch((err: Error) => {
      this.logerror(`bounceguard: let <${recipient}> through unchecked: ${err.message}`, connection);
      done();
    });
}

export function bounceguard_injected(this: Haraka.Plugin, next: Haraka.Next, connection: Haraka.Connection): void {
  const txn = connection.transaction;
  if (!txn || txn.rcpt_to.length === 0) return next();
  const done = once(next);
  Promise.all(txn.rcpt_to.map((rcpt) => check(this, addressOf(rcpt))))
    .then((results) => {
      const kept = txn.rcpt_to.filter((rcpt, i) => {
        const r = results[i];
        if (r.status === 'unknown') metrics.storeUnavailable('check');
        if (r.status !== 'suppressed') return true;
        metrics.recipientRefused('injected', r.entry.reason);
        this.loginfo(`bounceguard: dropped suppressed recipient <${addressOf(rcpt)}> from injected mail (${r.entry.reason})`, connection);
        return false;
      });
      txn.rcpt_to.splice(0, txn.rcpt_to.length, ...kept);
      done();
    })
    .catch((err: Error) => {
      this.logerror(`bounceguard: injected mail goes out unchecked: ${err.message}`, connection);
      done();
    });
}

export function bounceguard_queued(this: Haraka.Plugin, next: Haraka.Next, hmail: Haraka.HMailItem): void {
  const rcpts = hmail.todo?.rcpt_to;
  if (!rcpts || rcpts.length === 0) return next();
  const done = once(next);
  Promise.all(rcpts.map((rcpt) => check(this, addressOf(rcpt))))
    .then((results) => {
      const dropped = results.flatMap((r, i) => (r.status === 'suppressed' ? [{ rcpt: addressOf(rcpts[i]), entry: r.entry }] : []));
      if (results.some((r) => r.status === 'unknown')) metrics.storeUnavailable('check');
      if (dropped.length === 0) return done();
      for (const d of dropped) {
        metrics.recipientRefused('queued', d.entry.reason);
        this.loginfo(`bounceguard: dropped suppressed recipient <${d.rcpt}> from queued mail (${d.entry.reason}, ${d.entry.source})`, queueIdOf(hmail));
      }
      if (dropped.length === rcpts.length) {
        markEndedBySuppression(hmail);
        this.loginfo('bounceguard: every recipient of this queued message is suppressed: it ends here, without a DSN', queueIdOf(hmail));
        return done();
      }
      const kept = rcpts.filter((_, i) => results[i].status !== 'suppressed');
      rcpts.splice(0, rcpts.length, ...kept);
      done();
    })
    .catch((err: Error) => {
      this.logerror(`bounceguard: queued mail goes out unchecked: ${err.message}`, queueIdOf(hmail));
      done();
    });
}

export function bounceguard_queued_mx(this: Haraka.Plugin, next: Haraka.Next, hmail: Haraka.HMailItem): void {
  if (endedBySuppression(hmail)) return next(DENY, 'every recipient is suppressed');
  next();
}

export function bounceguard_queued_bounce(this: Haraka.Plugin, next: Haraka.Next, hmail: Haraka.HMailItem): void {
  if (!endedBySuppression(hmail)) return next();
  next(OK);
}

async function check(plugin: Haraka.Plugin, recipient: string): Promise<CheckResult> {
  const rt = await runtime(plugin);
  const policy = rt.suppression?.policy;
  if (!policy) return { status: 'clear' };
  const allow = rt.suppression?.config.failOpen ?? true;
  return withinBudget(policy.check(recipient), rt.budgetMs, () => ({ status: 'unknown', allow, error: 'time budget exceeded' }));
}

function rejectMessage(template: string | undefined, recipient: string, result: Extract<CheckResult, { status: 'suppressed' }>): string {
  const { entry } = result;
  const fields: Record<string, string> = {
    recipient: `<${recipient}>`,
    scope: entry.key.startsWith('@') ? `domain ${entry.key.slice(1)}` : `<${recipient}>`,
    reason: entry.reason,
    source: entry.source,
    since: dayOf(entry.firstSeen),
  };
  return (template ?? DEFAULT_REJECT_MESSAGE).replace(/\{(recipient|scope|reason|source|since)\}/g, (_, k: string) => fields[k]);
}

/** YYYY-MM-DD, or "unknown" for a time no Date can hold (an imported entry may carry anything). */
function dayOf(ms: number): string {
  const d = new Date(ms);
  return Number.isFinite(d.getTime()) ? d.toISOString().slice(0, 10) : 'unknown';
}
