/**
 * The id Haraka prints in a log line's second field: the queue item's for outbound hooks. Handed to
 * a plugin's log method after the message, a plain `{ uuid }` sets that field and keeps the plugin's
 * name as the line's origin (an hmail object would replace it with "outbound").
 */
export function queueIdOf(hmail: Haraka.HMailItem): { uuid: string } {
  return { uuid: hmail.todo?.uuid ?? '-' };
}

/** Every bounceguard line starts with one `bounceguard:`, whoever wrote the message. */
export function prefixed(message: string): string {
  return message.startsWith('bounceguard: ') ? message : `bounceguard: ${message}`;
}
