import { describeRecord, recordOutbound } from '../../src/outbound/record';
import type { OutboundEvent } from '../../src/outbound/report';
import { bounceEvent, deferredEvent, deliveredEvent } from './haraka-data';
import { initPlugin, shutdownPlugin } from './lifecycle';
import { metrics } from './metrics';
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
  handle(this, hmail, () => deliveredEvent(hmail, params));
}

export function bounceguard_deferred(this: Haraka.Plugin, next: Haraka.Next, hmail: Haraka.HMailItem, params: Haraka.DeferredParams): void {
  next();
  handle(this, hmail, () => deferredEvent(hmail, params));
}

export function bounceguard_bounce(this: Haraka.Plugin, next: Haraka.Next, hmail: Haraka.HMailItem, err: unknown): void {
  next();
  handle(this, hmail, () => bounceEvent(hmail, err));
}

export function shutdown(this: Haraka.Plugin): void {
  shutdownPlugin(this);
}

function handle(plugin: Haraka.Plugin, hmail: Haraka.HMailItem, eventOf: () => OutboundEvent): void {
  let event: OutboundEvent;
  try {
    event = eventOf();
  } catch (err) {
    plugin.logerror(`bounceguard: could not read the outbound result: ${(err as Error).message}`);
    return;
  }
  runtime(plugin)
    .then((rt) => recordOutbound(event, { rules: rt.rules, policy: rt.suppression?.policy ?? null }))
    .then((records) => {
      signalOutbound(hmail, event, records);
      for (const r of records) {
        metrics.outcomeRecorded(event.kind, r.outcome, r.result.action);
        if (r.result.action === 'unknown') metrics.storeUnavailable('record');
        const line = `bounceguard: [${event.queueId}] ${describeRecord(event.kind, r)}`;
        if (r.outcome.suppress || r.outcome.throttle) plugin.lognotice(line);
        else plugin.loginfo(line);
      }
    })
    .catch((err: Error) => plugin.logerror(`bounceguard: recording ${event.kind} of ${event.queueId} failed: ${err.message}`));
}
