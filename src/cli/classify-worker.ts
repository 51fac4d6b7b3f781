import type { RuleSet } from '../classify/classifier';
import type { KnownReply } from './classify-fast';
import { classifyChunks, plainTextClassifierOf, type LineChunk } from './classify-stream';
import { rulesIn } from './context';
import { serveBatches } from './pool';

/** What a classify worker is started with. */
export interface ClassifySetup {
  plainText: boolean;
  explained: boolean;
  /** The Haraka directory whose operator rules apply; null: the built-in rules. */
  rulesDir: string | null;
  /** Replies the main thread answered already (plain text): not classified again here, cold. */
  known?: KnownReply[];
}

serveBatches<ClassifySetup, LineChunk, { setup: ClassifySetup; rules: RuleSet }>(
  async (setup) => {
    const rules = await rulesIn(setup.rulesDir);
    if (setup.known) plainTextClassifierOf(rules).learn(setup.known);
    return { setup, rules };
  },
  ({ setup, rules }, chunks) => ({ text: classifyChunks(chunks, rules, setup), failed: false }),
);
