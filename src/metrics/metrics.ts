import { Counter, Registry } from 'prom-client';
import type { Outcome } from '../classify/types';
import type { ChangeKind } from '../throttle/pace';

/**
 * What bounceguard counts, in its own registry (never prom-client's global one, which other
 * plugins may fill). Labels stay bounded: kinds, reasons, rule ids, actions. Only counters: in a
 * cluster the master sums every worker's, which is right for counts; a destination's current pace
 * lives in the store (`bounceguard throttle status`), where every worker sees the same value.
 */
export class BounceguardMetrics {
  readonly registry = new Registry();
  private readonly counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers: [this.registry] });
  private readonly outcomes = this.counter('bounceguard_outcomes_total', 'Recipient outcomes of outbound deliveries, by result kind, reason and deciding rule', ['kind', 'reason', 'rule'] as const);
  private readonly policyActions = this.counter('bounceguard_suppression_actions_total', 'What the suppression policy did with an outcome (suppressed, escalated, counted, reset, ignored, ...)', ['action'] as const);
  private readonly refusals = this.counter('bounceguard_refused_total', 'Suppressed recipients refused at RCPT or dropped from injected or queued mail, by reason', ['stage', 'reason'] as const);
  private readonly unavailable = this.counter('bounceguard_store_unavailable_total', 'Store calls that did not answer in time or failed, by operation; the mail went on (fail open)', ['operation'] as const);
  private readonly unwritable = this.counter('bounceguard_store_unwritable_total', 'Probes that found the store or the spool not writable by the user Haraka runs as', ['what'] as const);
  private readonly pauses = this.counter('bounceguard_suppression_paused_total', 'Times automatic suppression from a source (smtp, dsn, arf) was paused for passing max_suppressions_per_minute: an operator alert', ['source'] as const);
  private readonly paceChanges = this.counter('bounceguard_throttle_changes_total', 'Changes of a destination pace: cut, raise, release', ['kind'] as const);
  private readonly holds = this.counter('bounceguard_throttle_holds_total', 'Messages held back with DELAY to keep a destination pace');
  private readonly returnPaths = this.counter('bounceguard_returnpath_total', 'Envelope senders of relayed mail from configured domains: signed (batv, verp) or left unsigned (too-long, already-signed, not-an-address)', ['result'] as const);
  private readonly inbound = this.counter('bounceguard_inbound_total', 'Mail to our return paths and feedback-loop addresses: refused or dropped at RCPT by why, accepted reports by kind', ['verdict'] as const);
  private readonly quickRetries = this.counter('bounceguard_throttle_deferrals_total', 'Throttle deferrals turned into a quick retry that does not use up the retry budget');

  private readonly alerts = this.counter('bounceguard_alerts_total', 'Alerts raised and cleared, by rule, severity and state', ['rule', 'severity', 'state'] as const);
  private readonly events = this.counter('bounceguard_events_total', 'Events written to the outbox, by type', ['type'] as const);
  private readonly webhookSent = this.counter('bounceguard_webhook_events_sent_total', 'Events a webhook receiver acknowledged, by endpoint', ['endpoint'] as const);
  private readonly webhookFailures = this.counter('bounceguard_webhook_failures_total', 'Webhook batches that failed (retried later), by endpoint', ['endpoint'] as const);
  private readonly webhookDropped = this.counter('bounceguard_webhook_dropped_total', 'Events dropped from a full outbox before they reached the endpoint', ['endpoint'] as const);

  alertChanged(rule: string, severity: string, state: string): void {
    this.alerts.inc({ rule, severity, state });
  }

  eventsPublished(type: string, count = 1): void {
    this.events.inc({ type }, count);
  }

  webhook(endpoint: string, result: 'sent' | 'failed' | 'dropped', count = 1): void {
    const counter = result === 'sent' ? this.webhookSent : result === 'failed' ? this.webhookFailures : this.webhookDropped;
    counter.inc({ endpoint }, count);
  }

  outcomeRecorded(kind: string, outcome: Pick<Outcome, 'reason' | 'rule'>, action: string): void {
    this.outcomes.inc({ kind, reason: outcome.reason, rule: outcome.rule });
    this.policyActions.inc({ action });
  }

  recipientRefused(stage: 'rcpt' | 'injected' | 'queued', reason: string): void {
    this.refusals.inc({ stage, reason });
  }

  storeUnavailable(operation: 'check' | 'record' | 'throttle'): void {
    this.unavailable.inc({ operation });
  }

  storeUnwritable(what: 'store' | 'spool'): void {
    this.unwritable.inc({ what });
  }

  suppressionPaused(source: string): void {
    this.pauses.inc({ source });
  }

  paceChanged(kind: ChangeKind): void {
    this.paceChanges.inc({ kind });
  }

  messageHeld(): void {
    this.holds.inc();
  }

  returnPathSigned(result: string): void {
    this.returnPaths.inc({ result });
  }

  inboundCounted(verdict: string): void {
    this.inbound.inc({ verdict });
  }

  throttleDeferralRetried(): void {
    this.quickRetries.inc();
  }
}
