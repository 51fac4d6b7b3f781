import { recordObservations } from '../../src/observe';
import { describeRecord } from '../../src/outbound/record';
import type { OutboundEvent } from '../../src/outbound/report';
import { endedBySuppression } from './ended';
import { bounceEvent, deferredEvent, deliveredEvent } from './haraka-data';
import { initPlugin, shutdownPlugin } from './lifecycle';
import { queueIdOf } from './log';
import { metrics } from './metrics';
import { observedOnce } from './observe';
import { runtime, type HarakaServer } from './runtime';
import { signalOutbound } from './signals';

/**
 * bounceguard-record: classifies every recipient's reply on Haraka's outbound delivered, deferred
 * and bounce hooks, applies the suppression policy and logs one line per recipient. It answers
 * Haraka at once (CONT: Haraka's retries and DSNs are untouched) and records in the background, so a
 * slow or dead store never holds a delivery.
 */
export function register(this: Haraka.Plugin): void {
  // Early (-100): another plugin answering OK on bounce/deferred would otherwise hide the outcome.
  this.register_hook('delivered', 'bounceguard_delivered', -100);
  this.register_hook('deferred', 'bounceguard_deferred', -100);
  this.register_hook('bounce', 'bounceguard_bounce', -100);
  this.register_hook('init_master', 'bounceguard_init', 0);
  this.register_hook('init_child', 'bounceguard_init', 0);
}

export function bounceguard_init(this: Haraka.Plugin, next: Haraka.Next, server?: HarakaServer): void {
  initPlugin(this, next, server);
}

export function bounceguard_delivered(this: Haraka.Plugin, next: Haraka.Next, hmail: Haraka.HMailItem, params: unknown[]): void {
  next();
  handle(this, hmail, params, () => deliveredEvent(hmail, params));
}

export function bounceguard_deferred(this: Haraka.Plugin, next: Haraka.Next, hmail: Haraka.HMailItem, params: Haraka.DeferredParams): void {
  next();
  handle(this, hmail, params, () => deferredEvent(hmail, params));
}

export function bounceguard_bounce(this: Haraka.Plugin, next: Haraka.Next, hmail: Haraka.HMailItem, err: unknown): void {
  next();
  // No remote server refused it: bounceguard-suppress ended it ("No MX for" is Haraka's wording for that).
  if (endedBySuppression(hmail)) return;
  handle(this, hmail, err, () => bounceEvent(hmail, err));
}

export function shutdown(this: Haraka.Plugin): void {
  shutdownPlugin(this);
}

/** `call`: what Haraka passed the hook, by which the other plugins find these observations. */
function handle(plugin: Haraka.Plugin, hmail: Haraka.HMailItem, call: unknown, eventOf: () => OutboundEvent): void {
  let event: OutboundEvent;
  try {
    event = eventOf();
  } catch (err) {
    plugin.logerror(`bounceguard: could not read the outbound result: ${(err as Error).message}`, queueIdOf(hmail));
    return;
  }
  runtime(plugin)
    .then((rt) => {
      const observed = observedOnce(hmail, call, () => event, rt.rules);
      // Haraka's own DSNs (null sender) are classified but never recorded: their recipient is our own sender.
      const notRecorded = event.sender === '' ? 'our own DSN' : undefined;
      return recordObservations(observed.observations, { policy: rt.suppression?.policy ?? null, messageId: observed.messageId, source: 'smtp', notRecorded });
    })
    .then((records) => {
      signalOutbound(hmail, event, records);
      for (const r of records) {
        metrics.outcomeRecorded(event.kind, r.outcome, r.result.action);
        if (r.result.action === 'unknown') metrics.storeUnavailable('record');
        const line = `bounceguard: [${event.queueId}] ${describeRecord(event.kind, r)}`;
        if (r.outcome.suppress || r.outcome.throttle) plugin.lognotice(line, queueIdOf(hmail));
        else plugin.loginfo(line, queueIdOf(hmail));
      }
    })
    .catch((err: Error) => plugin.logerror(`bounceguard: recording ${event.kind} of ${event.queueId} failed: ${err.message}`, queueIdOf(hmail)));
}
