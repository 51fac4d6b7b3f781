/**
 * Queued messages that bounceguard-suppress ended itself because every recipient is suppressed now
 * (get_mx DENY, which Haraka bounces as "No MX for <domain>"). Shared by the plugins of one process:
 * bounceguard-suppress keeps their DSN back, and bounceguard-record, whichever of the two Haraka
 * runs first on the bounce hook (same priority: config order), records no outcome for them.
 */
const ended = new WeakSet<Haraka.HMailItem>();

export function markEndedBySuppression(hmail: Haraka.HMailItem): void {
  ended.add(hmail);
}

export function endedBySuppression(hmail: Haraka.HMailItem): boolean {
  return ended.has(hmail);
}
