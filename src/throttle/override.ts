/**
 * An operator's say over a destination's pace (`bounceguard throttle set|pause|release`), as
 * PowerMTA and KumoMTA operators expect: a fixed pace, or no sending at all, for a while or until
 * released. Overrides live together in one small shared record, which every worker re-reads at
 * least every OVERRIDE_RECHECK_MS: a change reaches every worker and host within a second.
 */
export type Override =
  | { kind: 'set'; rate: number; until: number | null; at: number }
  | { kind: 'pause'; until: number | null; at: number };

/** Destination key to its override. */
export type Overrides = Record<string, Override>;

export const OVERRIDE_RECHECK_MS = 500;

/** How long a paused message waits before it asks again: a release is honoured within this. */
export const PAUSE_RECHECK_SECONDS = 5;

export function isActive(o: Override | undefined, now: number): o is Override {
  return o !== undefined && (o.until === null || o.until > now);
}

/** The overrides still in force. */
export function activeOverrides(all: Overrides, now: number): Overrides {
  return Object.fromEntries(Object.entries(all).filter(([, o]) => isActive(o, now)));
}

/** Seconds a paused message is held: until the pause ends, asking again every few seconds. */
export function pauseDelaySeconds(o: Override, now: number): number {
  const left = o.until === null ? Infinity : Math.ceil((o.until - now) / 1000);
  return Math.max(1, Math.min(PAUSE_RECHECK_SECONDS, left));
}
