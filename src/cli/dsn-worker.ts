import type { RuleSet } from '../classify/classifier';
import type { MessageInput } from './dsn-inputs';
import { parseBatch } from './dsn-parse';
import { rulesIn } from './context';
import { serveBatches } from './pool';

/** What a parse-dsn worker is started with. */
export interface DsnSetup {
  /** undefined: the parser's default. */
  maxBytes: number | undefined;
  /** The Haraka directory whose operator rules apply; null: the built-in rules. */
  rulesDir: string | null;
}

serveBatches<DsnSetup, MessageInput, { setup: DsnSetup; rules: RuleSet }>(
  async (setup) => ({ setup, rules: await rulesIn(setup.rulesDir) }),
  ({ setup, rules }, items) => parseBatch(items, setup.maxBytes, rules),
);
