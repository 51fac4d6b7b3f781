import cluster from 'node:cluster';
import { recordInWindows, recordSamples, type AlertsConfig } from '../../src/alerts';
import { AlertLoop } from '../../src/alerts/loop';
import { ALERTS_FILE, WEBHOOKS_FILE } from '../../src/config';
import type { ParsedReport } from '../../src/dsn';
import { DEFAULT_MAX_EVENTS, makeEvent, publish, type BounceguardEvent } from '../../src/events';
import { inboundEvents, type InboundRecipient } from '../../src/events/inbound';
import { outboundEvents } from '../../src/events/outbound';
import type { Recorded } from '../../src/observe';
import type { OutboundEvent } from '../../src/outbound/report';
import type { PaceChange } from '../../src/throttle';
import { WebhookSender, type WebhooksConfig } from '../../src/webhooks';
import { initPlugin, shutdownPlugin } from './lifecycle';
import { metrics } from './metrics';
import { onConfigReload, runtime, type HarakaServer } from './runtime';

/** What this process does with signals; null until bounceguard-signals is loaded and enabled. */
interface Signals {
  alerts: AlertsConfig | null;
  webhooks: WebhooksConfig | null;
  maxEvents: number;
  plugin: Haraka.Plugin;
}

let signals: Signals | null = null;
let loops: { alerts: AlertLoop | null; sender: WebhookSender | null } = { alerts: null, sender: null };
let unsubscribe: (() => void) | undefined;
/** Where the campaign header's value travels with the message (transaction notes become todo notes). */
const CAMPAIGN_NOTE = 'bounceguard_campaign';

/**
 * bounceguard-signals: events, rolling windows, alert rules and signed webhooks. It notes each
 * message's campaign header; bounceguard-record and bounceguard-throttle hand it what they decided
 * (one call each, after answering Haraka); the alert evaluator and the webhook sender run in the
 * background in one process at a time (store leases). No hook waits on any of it.
 */
export function register(this: Haraka.Plugin): void {
  this.register_hook('data_post', 'bounceguard_signals_data_post', 0);
  this.register_hook('init_master', 'bounceguard_signals_init', 0);
  this.register_hook('init_child', 'bounceguard_signals_init', 0);
}

export function bounceguard_signals_init(this: Haraka.Plugin, next: Haraka.Next, server?: HarakaServer): void {
  // With workers (nodes=N) the master handles no mail and its counters are not scraped: workers run the loops.
  const runLoops = !(cluster.isPrimary && server?.cluster);
  unsubscribe?.();
  unsubscribe = onConfigReload((file) => {
    if (file === ALERTS_FILE || file === WEBHOOKS_FILE) void configure(this, runLoops).catch((err: Error) => this.logerror(`bounceguard: signals: ${err.message}`));
  });
  initPlugin(this, next, server, () => configure(this, runLoops));
}

export function bounceguard_signals_data_post(this: Haraka.Plugin, next: Haraka.Next, connection: Haraka.Connection): void {
  try {
    const header = signals?.alerts?.campaignHeader;
    const txn = connection?.transaction;
    const value = header && txn ? String(txn.header.get(header) ?? '').trim() : '';
    if (value && txn) txn.notes[CAMPAIGN_NOTE] = value.slice(0, 200);
  } finally {
    next();
  }
}

export function shutdown(this: Haraka.Plugin): void {
  unsubscribe?.();
  unsubscribe = undefined;
  void stopLoops();
  signals = null;
  shutdownPlugin(this);
}

/** From bounceguard-record, after it answered Haraka: the outcome and suppression events, and the windows. */
export function signalOutbound(hmail: Haraka.HMailItem, event: OutboundEvent, records: Recorded[]): void {
  signalOutcomes(event.queueId, (now) => {
    const notes = (hmail.todo?.notes ?? {}) as Record<string, unknown>;
    return outboundEvents(event, records, { localIp: stringOr(notes.outbound_ip), campaign: stringOr(notes[CAMPAIGN_NOTE]) }, now);
  });
}

/** From bounceguard-inbound, after it recorded a report: its bounces or complaints, as events and in the windows. */
export function signalInbound(id: string, report: Pick<ParsedReport, 'kind'>, recipients: InboundRecipient[], records: Recorded[]): void {
  signalOutcomes(id, (now) => inboundEvents(report, id, recipients, records, now));
}

/** The campaign header's value noted at DATA, for what is recorded of the message. */
export function campaignOf(txn: Haraka.Transaction): string | null {
  return stringOr(txn.notes?.[CAMPAIGN_NOTE]);
}

function signalOutcomes(id: string, make: (now: number) => ReturnType<typeof outboundEvents>): void {
  const s = signals;
  if (!s) return;
  const now = Date.now();
  let made: ReturnType<typeof outboundEvents>;
  try {
    made = make(now);
  } catch (err) {
    // The caller's own logging must go on whatever happens here.
    s.plugin.logerror(`bounceguard: signals: could not make the events of ${id}: ${(err as Error).message}`);
    return;
  }
  const { events, observations } = made;
  void background(s, 'outcomes', async (store) => {
    const windows = async () => {
      if (!s.alerts) return;
      // Samples first: an evaluation that sees these counts then finds their sample replies too.
      await recordSamples(store, observations.filter((o) => o.outcome.bounce !== 'none'));
      await recordInWindows(store, observations, now);
    };
    await Promise.all([emit(s, events), windows()]);
  });
}

/** From bounceguard-throttle: each pace change as an event. */
export function signalThrottle(changes: PaceChange[]): void {
  const s = signals;
  if (!s || changes.length === 0) return;
  const events = changes.map((c) => makeEvent('throttle', { destination: c.dest, kind: c.kind, from: c.from, to: c.to, reason: c.reason, rule: c.rule }, c.at));
  void background(s, 'throttle changes', () => emit(s, events));
}

async function emit(s: Signals, events: BounceguardEvent[]): Promise<void> {
  const store = (await runtime(s.plugin)).store;
  if (!store || events.length === 0) return;
  for (const e of events) metrics.eventsPublished(e.type);
  await publish(store, events, s.maxEvents);
}

async function background(s: Signals, what: string, work: (store: NonNullable<Awaited<ReturnType<typeof runtime>>['store']>) => Promise<unknown>): Promise<void> {
  try {
    const store = (await runtime(s.plugin)).store;
    if (store) await work(store);
  } catch (err) {
    // A down store spools these writes (ResilientStore); anything else is worth a line.
    if ((err as Error).name !== 'StoreUnavailableError') s.plugin.logerror(`bounceguard: signals: recording ${what} failed: ${(err as Error).message}`);
  }
}

/** The runtime reads and reloads the files; an invalid part is logged there and stays off (or at its last good settings). */
async function configure(plugin: Haraka.Plugin, runLoops: boolean): Promise<void> {
  const rt = await runtime(plugin);
  const { alerts, webhooks } = rt.config.current;
  await stopLoops();
  const on = { alerts: alerts?.enabled ? alerts : null, webhooks: webhooks?.enabled ? webhooks : null };
  signals = on.alerts || on.webhooks ? { ...on, maxEvents: on.webhooks?.maxEvents ?? DEFAULT_MAX_EVENTS, plugin } : null;
  plugin.loginfo(`bounceguard: signals: alerts ${on.alerts ? 'on' : 'off'}, webhooks ${on.webhooks ? `on (${on.webhooks.endpoints.length} endpoints)` : 'off'}`);
  const { store } = rt;
  if (!signals || !runLoops || !store) return;
  if (on.alerts) loops.alerts = alertLoop(plugin, store, on.alerts, signals.maxEvents);
  if (on.webhooks) loops.sender = webhookSender(plugin, store, on.webhooks);
  loops.alerts?.start();
  loops.sender?.start();
}

function alertLoop(plugin: Haraka.Plugin, store: ConstructorParameters<typeof AlertLoop>[0]['store'], config: AlertsConfig, maxEvents: number): AlertLoop {
  let lastError = '';
  return new AlertLoop({
    store,
    config,
    maxEvents,
    onChange: (a) => {
      metrics.alertChanged(a.rule, a.severity, a.state);
      metrics.eventsPublished('alert');
      const line = `bounceguard: alert ${a.state}: [${a.severity}] ${a.summary}`;
      if (a.state === 'raised') plugin.logwarn(line);
      else plugin.lognotice(line);
    },
    onError: (err) => {
      if (err.message !== lastError) plugin.logwarn(`bounceguard: alerts wait for the store: ${err.message}`);
      lastError = err.message;
    },
  });
}

function webhookSender(plugin: Haraka.Plugin, store: ConstructorParameters<typeof WebhookSender>[0]['store'], config: WebhooksConfig): WebhookSender {
  return new WebhookSender({
    store,
    config,
    log: (level, message) => (level === 'error' ? plugin.logerror(message) : level === 'warn' ? plugin.logwarn(message) : plugin.loginfo(message)),
    hooks: {
      sent: (e, n) => metrics.webhook(e, 'sent', n),
      failed: (e) => metrics.webhook(e, 'failed'),
      dropped: (e, n) => metrics.webhook(e, 'dropped', n),
    },
  });
}

async function stopLoops(): Promise<void> {
  const current = loops;
  loops = { alerts: null, sender: null };
  await Promise.all([current.alerts?.stop(), current.sender?.stop()]);
}

function stringOr(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
