import { denysoft as DENYSOFT, delay as DELAY } from 'haraka-constants';
import type { OutboundEvent } from '../../src/outbound/report';
import { describeChange, type Destination, type PaceChange, type Reservation, type Ticket } from '../../src/throttle';
import { paceFeed, type PaceFeed } from '../../src/throttle/outbound';
import { withinBudget } from '../../src/util/budget';
import { bounceEvent, deferredEvent, deliveredEvent } from './haraka-data';
import { initPlugin, shutdownPlugin } from './lifecycle';
import { queueIdOf } from './log';
import { metrics } from './metrics';
import { observedOnce } from './observe';
import { once } from './once';
import type { HarakaServer } from './runtime';
import { signalThrottle } from './signals';
import { resetThrottleRuntime, throttleRuntime, type ThrottleRuntime } from './throttle-runtime';

/** A throttle deferral comes back at once: send_email then holds it until its slot. */
const RETRY_SECONDS = 1;
/** Longest the deferred hook waits for its decision, which needs no store call. */
const DECIDE_BUDGET_MS = 1000;

/** The slot each held message booked; Haraka hands the same hmail object back on every attempt. */
const tickets = new WeakMap<Haraka.HMailItem, Ticket>();

/**
 * bounceguard-throttle: paces sending per destination. send_email holds a message back with DELAY
 * (whole seconds) when its destination is throttled; the outcome hooks feed every reply the
 * destination gave to the controller, and turn a throttle deferral into a quick retry that does not
 * use up Haraka's retry budget. Every hook calls next() promptly and lets mail go when the store is
 * slow or down.
 */
export function register(this: Haraka.Plugin): void {
  this.register_hook('send_email', 'bounceguard_send_email', 0);
  // After bounceguard-record (-100), which must see every outcome first; before most other plugins.
  this.register_hook('delivered', 'bounceguard_throttle_delivered', -90);
  this.register_hook('deferred', 'bounceguard_throttle_deferred', -90);
  this.register_hook('bounce', 'bounceguard_throttle_bounce', -90);
  this.register_hook('init_master', 'bounceguard_throttle_init', 0);
  this.register_hook('init_child', 'bounceguard_throttle_init', 0);
}

export function bounceguard_throttle_init(this: Haraka.Plugin, next: Haraka.Next, server?: HarakaServer): void {
  initPlugin(this, next, server, () => throttleRuntime(this));
}

export function bounceguard_send_email(this: Haraka.Plugin, next: Haraka.Next, hmail: Haraka.HMailItem): void {
  const domain = hmail.todo?.domain;
  if (!domain) return next();
  const done = once(next);
  const decide = (r: Reservation | null, recheck: boolean): void => {
    if (!r) return done();
    if (r.sendNow) {
      tickets.delete(hmail);
      if (r.waitMs <= 0) return done();
      // A cut while this message waited for its slot makes the slot void: ask again once, so a
      // destination that just said "slow down" does not get every message already waiting.
      const ticket = r.ticket;
      const after = recheck && ticket
        ? () => reserve(this, hmail, domain, ticket).then((again) => decide(again, false), () => done())
        : () => done();
      setTimeout(after, r.waitMs);
      return;
    }
    if (r.ticket) tickets.set(hmail, r.ticket);
    else tickets.delete(hmail);
    // Haraka turns anything but a finite count of seconds into NaN and poisons the process.
    if (!Number.isInteger(r.delaySeconds) || r.delaySeconds < 1) return done();
    this.logdebug(`bounceguard: throttle holds this message for ${r.delaySeconds}s`, queueIdOf(hmail));
    metrics.messageHeld();
    done(DELAY, r.delaySeconds);
  };
  reserve(this, hmail, domain, tickets.get(hmail) ?? null)
    .then((r) => decide(r, true))
    .catch((err: Error) => { this.logerror(`bounceguard: throttle let a message go: ${err.message}`, queueIdOf(hmail)); done(); });
}

export function bounceguard_throttle_deferred(this: Haraka.Plugin, next: Haraka.Next, hmail: Haraka.HMailItem, params: Haraka.DeferredParams): void {
  const done = once(next);
  // No store call decides this, so the budget only guards against the runtime not opening.
  withinBudget(feed(this, hmail, params, () => deferredEvent(hmail, params)), DECIDE_BUDGET_MS, () => null)
    .then((fed) => {
      const todo = hmail.todo;
      if (!fed?.throttleDeferral || !todo || fed.rt.ctl.isTooOld(fed.dest, todo.queue_time)) return done();
      // Waiting for the pace is no failure of the message. Past max_age it is left to Haraka's own
      // schedule, which ends in a bounce.
      hmail.num_failures--;
      metrics.throttleDeferralRetried();
      done(DENYSOFT, RETRY_SECONDS);
    })
    .catch((err: Error) => { logUnreadable(this, hmail, err); done(); });
}

export function bounceguard_throttle_delivered(this: Haraka.Plugin, next: Haraka.Next, hmail: Haraka.HMailItem, params: unknown[]): void {
  next();
  feed(this, hmail, params, () => deliveredEvent(hmail, params)).catch((err: Error) => logUnreadable(this, hmail, err));
}

export function bounceguard_throttle_bounce(this: Haraka.Plugin, next: Haraka.Next, hmail: Haraka.HMailItem, err: unknown): void {
  next();
  feed(this, hmail, err, () => bounceEvent(hmail, err)).catch((e: Error) => logUnreadable(this, hmail, e));
}

export function shutdown(this: Haraka.Plugin): void {
  resetThrottleRuntime();
  shutdownPlugin(this);
}

/** The reservation, or null to let the message go (throttling off, store slow, down or failing). */
async function reserve(plugin: Haraka.Plugin, hmail: Haraka.HMailItem, domain: string, ticket: Ticket | null): Promise<Reservation | null> {
  const rt = await throttleRuntime(plugin);
  if (!rt) return null;
  const dest = rt.ctl.destinationOf({ recipientDomain: domain, mx: rt.recentMx.get(domain) });
  const work = rt.ctl.reserve(dest, ticket);
  const fallback = () => {
    metrics.storeUnavailable('throttle');
    return null;
  };
  const r = await withinBudget<Reservation | null>(work, rt.budgetMs, fallback).catch((err: Error) => {
    plugin.logdebug(`bounceguard: throttle let a message go: ${err.message}`, queueIdOf(hmail));
    return fallback();
  });
  if (r) logChanges(plugin, hmail, r.changes);
  return r;
}

/**
 * Feeds the event's observations (classified once, shared with bounceguard-record) to the controller in the background: the caller never waits on the
 * store. Resolves to null when throttling is off.
 */
async function feed(
  plugin: Haraka.Plugin, hmail: Haraka.HMailItem, call: unknown, eventOf: () => OutboundEvent,
): Promise<(PaceFeed & { rt: ThrottleRuntime; dest: Destination }) | null> {
  const rt = await throttleRuntime(plugin);
  if (!rt) return null;
  const fed = paceFeed(observedOnce(hmail, call, eventOf, rt.rules));
  rt.recentMx.note(fed.domain, fed.mx);
  const dest = rt.ctl.destinationOf({ recipientDomain: fed.domain, mx: fed.mx });
  Promise.all(fed.outcomes.map((o) => rt.ctl.onOutcome(dest, o))).then(
    (changes) => logChanges(plugin, hmail, changes.flat()),
    (err: Error) => plugin.logdebug(`bounceguard: throttle could not record an outcome: ${err.message}`, queueIdOf(hmail)),
  );
  return { ...fed, rt, dest };
}

function logUnreadable(plugin: Haraka.Plugin, hmail: Haraka.HMailItem, err: Error): void {
  plugin.logerror(`bounceguard: throttle could not read the outbound result: ${err.message}`, queueIdOf(hmail));
}

/** With the queue id of the message whose reply (or send) made the change. */
function logChanges(plugin: Haraka.Plugin, hmail: Haraka.HMailItem, changes: PaceChange[]): void {
  signalThrottle(changes);
  for (const c of changes) {
    metrics.paceChanged(c.kind);
    plugin.lognotice(`bounceguard: ${describeChange(c)}`, queueIdOf(hmail));
  }
}
