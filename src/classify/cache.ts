import type { Outcome } from './types';

/** A bounded map from a normalised reply to its Outcome; the oldest entry goes first when full. */
export class OutcomeCache {
  private readonly entries = new Map<string, Outcome>();

  constructor(private readonly maxEntries = 10_000) {}

  get(key: string): Outcome | undefined {
    return this.entries.get(key);
  }

  get enabled(): boolean {
    return this.maxEntries > 0;
  }

  /** Stores an outcome (when enabled) and hands it back. */
  remember(key: string, outcome: Outcome): Outcome {
    if (this.maxEntries <= 0) return outcome;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, outcome);
    return outcome;
  }

  get size(): number {
    return this.entries.size;
  }
}
