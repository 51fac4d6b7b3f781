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
import { activeOverrides, isActive, OVERRIDE_RECHECK_MS, pauseDelaySeconds, type Override, type Overrides } from './override';
import { applyAccepted, isFresh, startSlowly } from './slow-start';
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
  /** An operator's fixed pace or pause, while in force. */
  override: Override | null;
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
  /** Destinations in slow start (as this process last loaded them): their accepted replies count. */
  private readonly ramping = new LRUCache<string, true>({ max: MAX_OBSERVED_DESTINATIONS });
  /** Unpaced destinations (as this process last loaded them), to when the store is read again. */
  private readonly unpacedUntil = new LRUCache<string, number>({ max: MAX_OBSERVED_DESTINATIONS });
  private readonly locks = new Map<string, Promise<unknown>>();
  /** The operators' overrides as last read, shared by every destination: one store read a recheck. */
  private overrides: { readAt: number; value: Promise<Overrides> } | null = null;

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
   * figures summed. During slow start every accepted reply is counted in the shared state (it
   * doubles the pace); otherwise unpaced destinations cost no store write but the signal's.
   */
  async onOutcome(dest: Destination, outcome: Outcome): Promise<PaceChange[]> {
    const s = dest.settings;
    if (!s.enabled) return [];
    const key = dest.key;
    this.seen.noteReply(key, outcome.throttle, this.now());
    if (!outcome.throttle) return this.ramping.has(key) ? this.countAccepted(dest) : this.reportIfDue(dest);
    return this.update(dest, (state, now) => {
      const quiet = applyQuiet(key, state, s, now);
      const reported = withReport(quiet.state, this.worker, this.seen.observe(key, now), now);
      const signal = applySignal(key, reported, s, now, outcome.rule, combined(reported, now));
      this.track(key, signal.state, now);
      return { state: signal.state, changes: present(quiet.change, signal.change), result: undefined };
    }).then((r) => r.changes);
  }

  /** Decides one send attempt; `ticket` is what an earlier reservation of this message returned. */
  async reserve(dest: Destination, ticket: Ticket | null = null): Promise<Reservation> {
    const s = dest.settings;
    const override = await this.overrideOf(dest.key);
    if (override) return this.reserveOverridden(dest, override, ticket);
    if (!s.enabled) return { sendNow: true, waitMs: 0, changes: [] };
    if (this.now() < (this.unpacedUntil.get(dest.key) ?? 0)) {
      this.seen.noteSend(dest.key, this.now());
      return { sendNow: true, waitMs: 0, changes: [] };
    }
    const { result, changes } = await this.update(dest, (stored, now) => {
      const state = isFresh(stored, s, now) ? startSlowly(stored, s, now) : stored;
      const quiet = applyQuiet(dest.key, state, s, now);
      const booked = book(quiet.state, s, now, ticket);
      const next = touched(booked.state, s, now);
      this.track(dest.key, next, now);
      return { state: next, changes: present(quiet.change), result: booked.booking };
    });
    if (result.sendNow) this.seen.noteSend(dest.key, this.now());
    return { ...result, changes };
  }

  /** An operator's pause holds every message; a fixed pace is booked like any pace, never raised or cut. */
  private async reserveOverridden(dest: Destination, override: Override, ticket: Ticket | null): Promise<Reservation> {
    if (override.kind === 'pause') return { sendNow: false, delaySeconds: pauseDelaySeconds(override, this.now()), ticket: null, changes: [] };
    const { result } = await this.update(dest, (stored, now) => {
      const state = stored.rate === override.rate && stored.slowStart === undefined ? stored : { ...stored, rate: override.rate, slowStart: undefined };
      const booked = book(state, dest.settings, now, ticket);
      return { state: booked.state, changes: [], result: booked.booking };
    });
    if (result.sendNow) this.seen.noteSend(dest.key, this.now());
    return { ...result, changes: [] };
  }

  /** The override in force for a destination, from overrides re-read at least every OVERRIDE_RECHECK_MS. */
  private async overrideOf(key: string): Promise<Override | null> {
    const now = this.now();
    if (!this.overrides || now - this.overrides.readAt >= OVERRIDE_RECHECK_MS) {
      const value = this.store.loadOverrides();
      this.overrides = { readAt: now, value };
      // A failed read is retried at the next call, not remembered.
      value.catch(() => {
        if (this.overrides?.value === value) this.overrides = null;
      });
    }
    let all: Overrides;
    try {
      all = await this.overrides.value;
    } catch (cause) {
      throw new Error("throttle: could not load the operators' overrides", { cause });
    }
    const found = all[key];
    return isActive(found, now) ? found : null;
  }

  /**
   * Sets (or with null, lifts) an operator's override of a destination. A fixed pace takes effect at
   * once: slots booked at the old pace are void.
   */
  async setOverride(dest: Destination, override: Override | null): Promise<void> {
    const now = this.now();
    const all = activeOverrides(await this.store.loadOverrides(), now);
    if (override) all[dest.key] = override;
    else delete all[dest.key];
    await this.store.saveOverrides(all);
    this.overrides = null;
    if (override?.kind !== 'set') return;
    await this.update(dest, (state, at) => ({
      state: { ...state, rate: override.rate, slowStart: undefined, epoch: state.epoch + 1, nextSlotAt: at, lastChangeAt: at },
      changes: [],
      result: undefined,
    }));
  }

  /** Lifts any override and ends the destination's pace now, as a long quiet would. */
  async release(dest: Destination): Promise<void> {
    await this.setOverride(dest, null);
    await this.update(dest, (state, at) => ({
      state: { ...state, rate: null, slowStart: undefined, signals: [], epoch: state.epoch + 1, nextSlotAt: at, lastChangeAt: at },
      changes: [],
      result: undefined,
    }));
  }

  /** Counts an accepted reply toward slow start's next doubling (with this worker's report when due). */
  private async countAccepted(dest: Destination): Promise<PaceChange[]> {
    const { changes } = await this.update(dest, (state, now) => {
      const step = applyAccepted(dest.key, state, dest.settings, now);
      this.track(dest.key, step.state, now);
      const due = this.reportDue.get(dest.key);
      if (step.state.rate === null || due === undefined || now < due) return { state: step.state, changes: present(step.change), result: undefined };
      this.reportDue.set(dest.key, now + REPORT_EVERY_MS);
      return { state: withReport(step.state, this.worker, this.seen.observe(dest.key, now), now), changes: present(step.change), result: undefined };
    });
    return changes;
  }

  /** Adds this worker's figures to a paced destination's state when a report is due. */
  private async reportIfDue(dest: Destination): Promise<PaceChange[]> {
    const due = this.reportDue.get(dest.key);
    if (due === undefined || this.now() < due) return [];
    this.reportDue.set(dest.key, this.now() + REPORT_EVERY_MS);
    const { changes } = await this.update(dest, (state, now) => {
      const quiet = applyQuiet(dest.key, state, dest.settings, now);
      this.track(dest.key, quiet.state, now);
      // Released meanwhile (by quiet time, or another worker): nothing to report on.
      if (quiet.state.rate === null) return { state: quiet.state, changes: present(quiet.change), result: undefined };
      const reported = withReport(quiet.state, this.worker, this.seen.observe(dest.key, now), now);
      return { state: reported, changes: present(quiet.change), result: undefined };
    });
    return changes;
  }

  /** Remembers which destinations are paced (their reports) and which start slowly (their replies count). */
  private track(key: string, state: PaceState, now: number): void {
    // A cut made by another worker reaches this one within UNPACED_RECHECK_MS; its own at once.
    if (state.rate !== null) this.unpacedUntil.delete(key);
    else if (!this.unpacedUntil.has(key) || this.unpacedUntil.get(key)! <= now) this.unpacedUntil.set(key, now + UNPACED_RECHECK_MS);
    if (state.slowStart === undefined) this.ramping.delete(key);
    else if (!this.ramping.has(key)) this.ramping.set(key, true);
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
    const overrides = activeOverrides(await this.store.loadOverrides(), now);
    const keys = [...new Set([...(await this.store.keys()), ...Object.keys(overrides)])].sort();
    for (const key of keys) {
      const s = destinationFromKey(key, this.config).settings;
      const override = overrides[key] ?? null;
      const stored = (await this.load(key)) ?? (override ? newPaceState() : null);
      if (!stored) continue;
      const state = override ? stored : applyQuiet(key, stored, s, now).state;
      out.push({
        key, rate: override?.kind === 'set' ? override.rate : state.rate, lastSignalAt: state.lastSignalAt, lastSignalRule: state.lastSignalRule,
        lastChangeAt: state.lastChangeAt, nextRaiseAt: override ? null : nextRaiseAt(state, s), releaseAt: override ? override.until : releaseAt(state, s), override,
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

/**
 * Long enough that nothing is forgotten that would still matter. An unpaced or starting
 * destination is remembered for slow_start_after: when its state is gone it starts slowly again.
 */
function ttlOf(state: PaceState, s: PaceSettings): number | null {
  const history = s.slowStartRate === null ? 0 : s.slowStartAfterMs;
  if (state.rate === null || state.slowStart !== undefined) return Math.max(s.triggerWindowMs + s.cooldownMs, history);
  return s.releaseAfterMs === null ? null : s.releaseAfterMs + s.maxDelayMs;
}

/**
 * How long a process sends to an unpaced destination without reading the store: the bulk of mail
 * goes to destinations that never push back, and a read per message there buys nothing.
 */
const UNPACED_RECHECK_MS = 1_000;

/** How stale an unpaced destination's last-send time may get before a send refreshes it. */
const ACTIVE_REFRESH_MAX_MS = 60_000;

/**
 * An unpaced destination's state, with the last-send time refreshed when it has gone stale: one
 * store write a minute or so per worker keeps a busy destination from starting slowly again.
 */
function touched(state: PaceState, s: PaceSettings, now: number): PaceState {
  if (state.rate !== null || s.slowStartRate === null) return state;
  const every = Math.min(ACTIVE_REFRESH_MAX_MS, s.slowStartAfterMs / 4);
  if (state.activeAt !== undefined && now - state.activeAt < every) return state;
  return { ...state, activeAt: now };
}

function present(...changes: (PaceChange | null)[]): PaceChange[] {
  return changes.filter((c): c is PaceChange => c !== null);
}
