import { randomUUID } from 'node:crypto';
import { makeEvent, publish } from '../events';
import type { AlertData } from '../events/types';
import type { SuppressionStore } from '../store/types';
import { BackgroundLoop } from '../util/loop';
import type { AlertsConfig } from './config';
import { evaluateAlerts } from './evaluate';

type Store = Pick<SuppressionStore, 'getCounters' | 'getState' | 'setState' | 'acquireLease' | 'appendLog'>;

export interface AlertLoopOptions {
  store: Store;
  config: AlertsConfig;
  maxEvents: number;
  /** Each raised or cleared alert, once (log it, count it). */
  onChange(alert: AlertData): void;
  onError(err: Error): void;
  now?: () => number;
}

const LEASE_NAME = 'alerts';

/**
 * Evaluates the alert rules every interval in whichever process holds the store lease, so that each
 * change is decided, logged and sent once per host (SQLite) or fleet (Redis).
 */
export class AlertLoop extends BackgroundLoop {
  private readonly owner = randomUUID();

  constructor(private readonly opts: AlertLoopOptions) {
    super(opts.config.evaluateIntervalMs, () => this.evaluate(), opts.onError);
  }

  private async evaluate(): Promise<void> {
    const { store, config } = this.opts;
    // The lease outlives a few missed ticks, so a slow round does not hand it over.
    if (!(await store.acquireLease(LEASE_NAME, this.owner, config.evaluateIntervalMs * 3))) return;
    const now = (this.opts.now ?? Date.now)();
    const changes = await evaluateAlerts(store, config.rules, now);
    if (changes.length === 0) return;
    for (const c of changes) this.opts.onChange(c);
    await publish(store, changes.map((a) => makeEvent('alert', a, now)), this.opts.maxEvents);
  }
}
