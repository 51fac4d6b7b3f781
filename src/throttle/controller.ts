import { randomUUID } from 'node:crypto';
import type { Outcome } from '../classify/types';
import type { PaceSettings, ThrottleConfig } from './config';
import { destinationFromKey, destinationOf, type Destination, type Target } from './destination';
import { LRUCache } from 'lru-cache';
import { combined, MAX_OBSERVED_DESTINATIONS, Observations, REPORT_EVERY_MS, withReport } from './observe';
import {
  applyQuiet, applySignal, book, newPaceState, nextRaiseAt, releaseAt,
  type Booking, type PaceChange, type PaceState, type Ticket,
} from './pace';
import type { PaceStateStore } from './store';

export type Reservation = Booking & { changes: PaceChange[] };

/** One line of `bounceguard throttle status`. */
export interface PaceStatus {
  key: string;
  rate: number | null;
  lastSignalAt: number | null;
  lastSignalRule: string | null;
  lastChangeAt: number | null;
  nextRaiseAt: number | null;
  releaseAt: number | null;
}

export interface ControllerOptions {
  config: ThrottleConfig;
  store: PaceStateStore;
  now: () => number;
  /** Names this process's report in the shared state; default: a random id. */
  worker?: string;
}

/**
 * Paces sending per destination. Every call works on the stored state under a per-destination lock
 * (within this process), first applying what quiet time has earned, so no timer is needed.
 */
export class ThrottleController {
  private readonly config: ThrottleConfig;
  private readonly store: PaceStateStore;
  private readonly now: () => number;
  private readonly worker: string;
  private readonly seen = new Observations();
  /**
   * Paced destinations (as this process last loaded them), to when this worker next reports; the
   * least recently used go first past the bound (forgetting one only makes its next report early).
   */
  private readonly reportDue = new LRUCache<string, number>({ max: MAX_OBSERVED_DESTINATIONS });
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(opts: ControllerOptions) {
    this.config = opts.config;
    this.store = opts.store;
    this.now = opts.now;
    this.worker = opts.worker ?? randomUUID();
  }

  destinationOf(target: Target): Destination {
    return destinationOf(target, this.config);
  }

  /**
   * Feeds one classified reply (deliveries too), counted in memory to tell how much the destination
   * accepted. A worker sees only its share of the mail, so on a paced destination it adds what it
   * saw to the stored state about once a second, and a throttle signal is judged on every worker's
   * figures summed. Unpaced destinations cost no store write but the signal's.
   */
  async onOutcome(dest: Destination, outcome: Outcome): Promise<PaceChange[]> {
    const s = dest.settings;
    if (!s.enabled) return [];
    const key = dest.key;
    this.seen.noteReply(key, outcome.throttle, this.now());
    if (!outcome.throttle) return this.reportIfDue(dest);
    return this.update(dest, (state, now) => {
      const quiet = applyQuiet(key, state, s, now);
      const reported = withReport(quiet.state, this.worker, this.seen.observe(key, now), now);
      const signal = applySignal(key, reported, s, now, outcome.rule, combined(reported, now));
      return { state: signal.state, changes: present(quiet.change, signal.change), result: undefined };
    }).then((r) => r.changes);
  }

  /** Decides one send attempt; `ticket` is what an earlier reservation of this message returned. */
  async reserve(dest: Destination, ticket: Ticket | null = null): Promise<Reservation> {
    const s = dest.settings;
    if (!s.enabled) return { sendNow: true, waitMs: 0, changes: [] };
    const { result, changes } = await this.update(dest, (state, now) => {
      const quiet = applyQuiet(dest.key, state, s, now);
      this.notePaced(dest.key, quiet.state, now);
      const booked = book(quiet.state, s, now, ticket);
      return { state: booked.state, changes: present(quiet.change), result: booked.booking };
    });
    if (result.sendNow) this.seen.noteSend(dest.key, this.now());
    return { ...result, changes };
  }

  /** Adds this worker's figures to a paced destination's state when a report is due. */
  private async reportIfDue(dest: Destination): Promise<PaceChange[]> {
    const due = this.reportDue.get(dest.key);
    if (due === undefined || this.now() < due) return [];
    this.reportDue.set(dest.key, this.now() + REPORT_EVERY_MS);
    const { changes } = await this.update(dest, (state, now) => {
      const quiet = applyQuiet(dest.key, state, dest.settings, now);
      this.notePaced(dest.key, quiet.state, now);
      // Released meanwhile (by quiet time, or another worker): nothing to report on.
      if (quiet.state.rate === null) return { state: quiet.state, changes: present(quiet.change), result: undefined };
      const reported = withReport(quiet.state, this.worker, this.seen.observe(dest.key, now), now);
      return { state: reported, changes: present(quiet.change), result: undefined };
    });
    return changes;
  }

  private notePaced(key: string, state: PaceState, now: number): void {
    if (state.rate === null) this.reportDue.delete(key);
    else if (!this.reportDue.has(key)) this.reportDue.set(key, now);
  }

  /** True when a message waited longer than max_age and should bounce instead of being held again. */
  isTooOld(dest: Destination, queueTimeMs: number): boolean {
    return this.now() - queueTimeMs > dest.settings.maxAgeMs;
  }

  /** Every destination with a stored pace, with what quiet time has earned applied (not saved). */
  async status(): Promise<PaceStatus[]> {
    const now = this.now();
    const out: PaceStatus[] = [];
    for (const key of await this.store.keys()) {
      const s = destinationFromKey(key, this.config).settings;
      const stored = await this.load(key);
      if (!stored) continue;
      const state = applyQuiet(key, stored, s, now).state;
      out.push({
        key, rate: state.rate, lastSignalAt: state.lastSignalAt, lastSignalRule: state.lastSignalRule,
        lastChangeAt: state.lastChangeAt, nextRaiseAt: nextRaiseAt(state, s), releaseAt: releaseAt(state, s),
      });
    }
    return out;
  }

  /**
   * Load, transform, save when changed; serialised per destination within this process. The clock
   * is read after the load: a call that queued behind others must not book in the past.
   */
  private update<T>(
    dest: Destination,
    fn: (state: PaceState, now: number) => { state: PaceState; changes: PaceChange[]; result: T },
  ): Promise<{ changes: PaceChange[]; result: T }> {
    const run = async () => {
      const before = (await this.load(dest.key)) ?? newPaceState();
      const after = fn(before, this.now());
      if (after.state !== before) await this.save(dest, after.state);
      return { changes: after.changes, result: after.result };
    };
    const prev = this.locks.get(dest.key) ?? Promise.resolve();
    const next = prev.then(run, run);
    const tail = next.catch(() => undefined);
    this.locks.set(dest.key, tail);
    void tail.then(() => {
      if (this.locks.get(dest.key) === tail) this.locks.delete(dest.key);
    });
    return next;
  }

  private async load(key: string): Promise<PaceState | null> {
    let state: PaceState | null;
    try {
      state = await this.store.load(key);
    } catch (cause) {
      throw new Error(`throttle: could not load the pace of ${key}`, { cause });
    }
    return state;
  }

  private async save(dest: Destination, state: PaceState): Promise<void> {
    try {
      await this.store.save(dest.key, state, ttlOf(state, dest.settings));
    } catch (cause) {
      throw new Error(`throttle: could not save the pace of ${dest.key}`, { cause });
    }
  }
}

/** Long enough that nothing is forgotten that would still matter. */
function ttlOf(state: PaceState, s: PaceSettings): number | null {
  if (state.rate === null) return s.triggerWindowMs + s.cooldownMs;
  return s.releaseAfterMs === null ? null : s.releaseAfterMs + s.maxDelayMs;
}

function present(...changes: (PaceChange | null)[]): PaceChange[] {
  return changes.filter((c): c is PaceChange => c !== null);
}
