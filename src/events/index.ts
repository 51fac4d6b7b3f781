import { randomUUID } from 'node:crypto';
import type { SignalStore } from '../store/signal-types';
import type { BounceguardEvent, EventType } from './types';
import { EVENT_TYPES } from './types';

export * from './types';

/** The store stream every event goes to: the webhook outbox and what `events tail` reads. */
export const EVENT_STREAM = 'events';
/** Items kept when bounceguard-webhooks.ini does not say (oldest dropped first). */
export const DEFAULT_MAX_EVENTS = 100_000;

/** A new event with a unique id, stamped with the given clock. */
export function makeEvent<T extends EventType>(type: T, data: Extract<BounceguardEvent, { type: T }>['data'], now = Date.now()): Extract<BounceguardEvent, { type: T }> {
  return { id: randomUUID(), type, time: new Date(now).toISOString(), data } as Extract<BounceguardEvent, { type: T }>;
}

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

/** Appends events to the shared stream; resolves to the last sequence number. */
export function publish(store: Pick<SignalStore, 'appendLog'>, events: BounceguardEvent[], maxEvents = DEFAULT_MAX_EVENTS): Promise<number> {
  return store.appendLog(EVENT_STREAM, events.map((e) => JSON.stringify(e)), maxEvents);
}
