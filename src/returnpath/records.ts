import type { SuppressionStore } from '../store/types';

/** What one relayed message carried, for checking later bounces and complaints against. */
export interface SentRecord {
  messageId: string;
  /** The envelope sender before signing. */
  sender: string;
  /** The envelope sender as sent (signed), or the sender itself when it was not signed. */
  returnPath: string;
  /** Lower-cased. */
  recipients: string[];
  at: number;
  /** The campaign header's value (bounceguard-signals), so later complaints count for the campaign. */
  campaign?: string | null;
}

/** The store's generic state operations are all the records need. */
export type StateStore = Pick<SuppressionStore, 'getState' | 'setState'>;

const KEY_PREFIX = 'sent:';
// Store keys stay bounded whatever a sender puts in its Message-ID.
const MAX_ID_LENGTH = 250;

/** `<id@host>` or `id@host`, as a lookup key; null when there is none. */
export function normaliseMessageId(value: string | null | undefined): string | null {
  if (!value) return null;
  const bracketed = /<([^<>\s]+)>/.exec(value);
  const id = (bracketed ? bracketed[1] : value.trim()).toLowerCase();
  return id && id.length <= MAX_ID_LENGTH && !/\s/.test(id) ? id : null;
}

const DEFAULT_TTL_MS = 14 * 86_400_000;

/** Sent-message records in the store, kept `ttlMs` (they are only useful while bounces can come). */
export class SentRecords {
  constructor(private readonly store: StateStore, private readonly ttlMs: number = DEFAULT_TTL_MS) {}

  async remember(record: SentRecord): Promise<boolean> {
    const id = normaliseMessageId(record.messageId);
    if (!id) return false;
    const value: SentRecord = { ...record, messageId: id, recipients: record.recipients.map((r) => r.toLowerCase()) };
    await this.store.setState(KEY_PREFIX + id, value, this.ttlMs);
    return true;
  }

  async find(messageId: string | null | undefined): Promise<SentRecord | null> {
    const id = normaliseMessageId(messageId);
    return id ? this.store.getState<SentRecord>(KEY_PREFIX + id) : null;
  }
}
