import { randomUUID } from 'node:crypto';
import { EVENT_STREAM, type BounceguardEvent } from '../events';
import type { SuppressionStore } from '../store/types';
import { BackgroundLoop } from '../util/loop';
import type { Endpoint, WebhooksConfig } from './config';
import { sign, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './sign';

type Store = Pick<SuppressionStore, 'readLog' | 'getState' | 'setState' | 'acquireLease'>;
type Log = (level: 'info' | 'warn' | 'error', message: string) => void;

export interface SenderHooks {
  sent?(endpoint: string, events: number): void;
  failed?(endpoint: string): void;
  dropped?(endpoint: string, events: number): void;
}

export interface SenderOptions {
  store: Store;
  config: WebhooksConfig;
  log: Log;
  hooks?: SenderHooks;
  now?: () => number;
  random?: () => number;
}

interface Backoff {
  failures: number;
  nextAt: number;
}

/** Batches one tick may send to one endpoint before the others get their turn. */
const BATCHES_PER_TICK = 10;
export const LEASE_NAME = 'webhooks';
const cursorKey = (endpoint: string) => `webhooks:cursor:${endpoint}`;

/**
 * Delivers the event outbox (the store's event stream) to every endpoint, in order, in signed JSON
 * batches, from a background loop: no hook ever waits on it. Each endpoint keeps its own cursor in
 * the store and moves it only past events its receiver acknowledged (2xx), so delivery is at least
 * once across receiver outages and restarts. A failing receiver is retried with exponential backoff
 * and jitter. One process sends at a time: the holder of a store lease.
 */
export class WebhookSender extends BackgroundLoop {
  private readonly owner = randomUUID();
  private readonly backoff = new Map<string, Backoff>();
  private readonly now: () => number;
  private readonly random: () => number;
  private lastError: string | null = null;

  constructor(private readonly opts: SenderOptions) {
    super(opts.config.pollIntervalMs, async () => {
      await this.sendRound();
      this.lastError = null;
    }, (err) => {
      // A store outage fails every tick: say so once.
      if (err.message !== this.lastError) opts.log('warn', `bounceguard: webhooks wait for the store: ${err.message}`);
      this.lastError = err.message;
    });
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
  }

  private async sendRound(): Promise<void> {
    const { store, config } = this.opts;
    if (!(await store.acquireLease(LEASE_NAME, this.owner, config.leaseMs))) return;
    await Promise.all(config.endpoints.map((e) => this.drain(e)));
  }

  private async drain(endpoint: Endpoint): Promise<void> {
    const b = this.backoff.get(endpoint.name);
    if (b && b.nextAt > this.now()) return;
    for (let i = 0; i < BATCHES_PER_TICK; i += 1) {
      if (!(await this.sendBatch(endpoint))) return;
    }
  }

  /** Sends the next batch; resolves to true when there may be more to send now. */
  private async sendBatch(endpoint: Endpoint): Promise<boolean> {
    const { store, config } = this.opts;
    const cursor = (await store.getState<number>(cursorKey(endpoint.name))) ?? 0;
    const items = await store.readLog(EVENT_STREAM, cursor, config.batchSize);
    if (items.length === 0) return false;
    this.noteDropped(endpoint, items[0].seq - cursor - 1);
    const last = items[items.length - 1].seq;
    const events = items.map((i) => parseEvent(i.item)).filter((e): e is BounceguardEvent => e !== null && endpoint.events.includes(e.type));
    if (events.length > 0 && !(await this.post(endpoint, events))) return false;
    await store.setState(cursorKey(endpoint.name), last, null);
    return items.length === config.batchSize;
  }

  private noteDropped(endpoint: Endpoint, dropped: number): void {
    if (dropped <= 0) return;
    this.opts.log('error', `bounceguard: webhooks: outbox overflow: ${dropped} events for endpoint ${endpoint.name} were dropped before they could be sent ` +
      `(the outbox holds max_events=${this.opts.config.maxEvents}; its receiver was down or slow too long)`);
    this.opts.hooks?.dropped?.(endpoint.name, dropped);
  }

  private async post(endpoint: Endpoint, events: BounceguardEvent[]): Promise<boolean> {
    const body = JSON.stringify({ events });
    const timestamp = Math.floor(this.now() / 1000);
    let failure: string | null = null;
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: sign(endpoint.secret, timestamp, body) },
        body,
        signal: AbortSignal.timeout(this.opts.config.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) failure = `HTTP ${res.status}`;
    } catch (err) {
      failure = (err as Error).cause ? `${(err as Error).message}: ${((err as Error).cause as Error).message}` : (err as Error).message;
    }
    return failure === null ? this.succeeded(endpoint, events.length) : this.failed(endpoint, failure);
  }

  private succeeded(endpoint: Endpoint, count: number): true {
    const b = this.backoff.get(endpoint.name);
    if (b) this.opts.log('info', `bounceguard: webhooks: endpoint ${endpoint.name} is back after ${b.failures} failed attempts`);
    this.backoff.delete(endpoint.name);
    this.opts.hooks?.sent?.(endpoint.name, count);
    return true;
  }

  private failed(endpoint: Endpoint, why: string): false {
    const { backoffBaseMs, backoffMaxMs } = this.opts.config;
    const failures = (this.backoff.get(endpoint.name)?.failures ?? 0) + 1;
    // Full exponential step with up to half of it taken off at random, so that senders do not retry in step.
    const step = Math.min(backoffMaxMs, backoffBaseMs * 2 ** (failures - 1));
    const delay = Math.round(step * (1 - this.random() / 2));
    this.backoff.set(endpoint.name, { failures, nextAt: this.now() + delay });
    if (failures === 1) this.opts.log('warn', `bounceguard: webhooks: endpoint ${endpoint.name} failed (${why}); retrying with backoff, events wait in the outbox`);
    this.opts.hooks?.failed?.(endpoint.name);
    return false;
  }
}

function parseEvent(item: string): BounceguardEvent | null {
  try {
    return JSON.parse(item) as BounceguardEvent;
  } catch {
    return null;
  }
}
