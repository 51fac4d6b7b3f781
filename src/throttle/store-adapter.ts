import { LRUCache } from 'lru-cache';
import type { StateStore } from '../store/types';
import { MAX_OBSERVED_DESTINATIONS } from './observe';
import type { Overrides } from './override';
import type { PaceState } from './pace';
import type { PaceStateStore } from './store';

const PREFIX = 'throttle:';
const INDEX_KEY = `${PREFIX}index`;
const OVERRIDES_KEY = `${PREFIX}overrides`;
/** How often a process re-reads the index for a key it saves: another worker may have dropped it. */
const INDEX_RECHECK_MS = 10_000;

/** Destination key to when it may be forgotten (epoch ms; null: never). */
type Index = Record<string, number | null>;

/**
 * Paces in a store's key/state part, so that every worker and host sharing that store
 * (SQLite, Redis) shares the pace. The store cannot list state keys, so a small index entry does;
 * it is written only when a key is new or about to outlive its entry there, never on every save.
 */
export class SharedPaceStore implements PaceStateStore {
  /**
   * When this process last made sure the index holds a key, and until when it does; bounded, as
   * destinations are chosen by the outside world (a forgotten key is only checked again).
   */
  private indexed = new LRUCache<string, { checkedAt: number; until: number | null }>({ max: MAX_OBSERVED_DESTINATIONS });

  constructor(
    private readonly store: StateStore,
    private readonly now: () => number = Date.now,
  ) {}

  load(key: string): Promise<PaceState | null> {
    return this.store.getState<PaceState>(PREFIX + key);
  }

  async save(key: string, state: PaceState, ttlMs: number | null): Promise<void> {
    await this.store.setState(PREFIX + key, state, ttlMs);
    // Only paced destinations are listed: every new destination starts slowly, and listing each
    // would rewrite an ever longer index.
    if (state.rate !== null && state.slowStart === undefined) await this.index(key, ttlMs);
  }

  async keys(): Promise<string[]> {
    const index = await this.readIndex();
    return Object.keys(index).sort();
  }

  async loadOverrides(): Promise<Overrides> {
    return (await this.store.getState<Overrides>(OVERRIDES_KEY)) ?? {};
  }

  async saveOverrides(overrides: Overrides): Promise<void> {
    await this.store.setState(OVERRIDES_KEY, overrides, null);
  }

  /**
   * The index entry outlives the state by a whole ttl, so a key is listed for as long as its state
   * lives while the index is rewritten at most about once per ttl.
   */
  private async index(key: string, ttlMs: number | null): Promise<void> {
    const now = this.now();
    const needed = ttlMs === null ? null : now + ttlMs;
    const known = this.indexed.get(key);
    if (known && now - known.checkedAt < INDEX_RECHECK_MS && covers(known.until, needed)) return;
    const index = await this.readIndex();
    let until = index[key];
    if (until === undefined || !covers(until, needed)) {
      until = ttlMs === null ? null : now + 2 * ttlMs;
      await this.store.setState(INDEX_KEY, { ...index, [key]: until }, null);
    }
    this.indexed.set(key, { checkedAt: now, until });
  }

  /** The index without the keys whose state has surely expired. */
  private async readIndex(): Promise<Index> {
    const now = this.now();
    const index = (await this.store.getState<Index>(INDEX_KEY)) ?? {};
    return Object.fromEntries(Object.entries(index).filter(([, until]) => until === null || until > now));
  }
}

function covers(until: number | null, needed: number | null): boolean {
  if (until === null) return true;
  return needed !== null && until >= needed;
}
