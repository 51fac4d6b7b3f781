import type { RuleSet } from '../classify/classifier';
import { classifyChunks, type LineChunk } from './classify-stream';
import { rulesIn } from './context';
import { serveBatches } from './pool';

/** What a classify worker is started with. */
export interface ClassifySetup {
  plainText: boolean;
  explained: boolean;
  /** The Haraka directory whose operator rules apply; null: the built-in rules. */
  rulesDir: string | null;
}

serveBatches<ClassifySetup, LineChunk, { setup: ClassifySetup; rules: RuleSet }>(
  async (setup) => ({ setup, rules: await rulesIn(setup.rulesDir) }),
  ({ setup, rules }, chunks) => ({ text: classifyChunks(chunks, rules, setup), failed: false }),
);
