import type { StateWrite, SuppressionStore } from '../store/types';

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
export type StateStore = Pick<SuppressionStore, 'getState' | 'setStates'>;

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
/** A batch is written at once when it reaches this many records. */
const MAX_BATCH = 500;

interface Queued {
  write: StateWrite;
  done(err?: unknown): void;
}

/**
 * Sent-message records in the store, kept `ttlMs` (they are only useful while bounces can come).
 * With `batchMs`, the records remembered within that time are written together, one store call
 * (one SQLite transaction) a batch instead of one a message: what each relayed message costs. A
 * record is then durable up to `batchMs` after it was remembered; a bounce needs far longer to come.
 */
export class SentRecords {
  private queued: Queued[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly store: StateStore, private readonly ttlMs: number = DEFAULT_TTL_MS, private readonly batchMs = 0) {}

  /** Resolves once the record is in the store; false when the message has no usable Message-ID. */
  async remember(record: SentRecord): Promise<boolean> {
    const id = normaliseMessageId(record.messageId);
    if (!id) return false;
    const value: SentRecord = { ...record, messageId: id, recipients: record.recipients.map((r) => r.toLowerCase()) };
    await this.queue({ key: KEY_PREFIX + id, value, ttlMs: this.ttlMs });
    return true;
  }

  async find(messageId: string | null | undefined): Promise<SentRecord | null> {
    const id = normaliseMessageId(messageId);
    return id ? this.store.getState<SentRecord>(KEY_PREFIX + id) : null;
  }

  /** Writes the records waiting for their batch now (shutdown, a store about to close). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queued;
    this.queued = [];
    if (batch.length === 0) return;
    try {
      await this.store.setStates(batch.map((q) => q.write));
      for (const q of batch) q.done();
    } catch (err) {
      for (const q of batch) q.done(err);
    }
  }

  private queue(write: StateWrite): Promise<void> {
    if (this.batchMs <= 0) return this.store.setStates([write]);
    return new Promise((resolve, reject) => {
      this.queued.push({ write, done: (err) => (err === undefined ? resolve() : reject(err as Error)) });
      if (this.queued.length >= MAX_BATCH) void this.flush();
      else if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.batchMs);
    });
  }
}
