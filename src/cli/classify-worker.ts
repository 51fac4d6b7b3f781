import type { RuleSet } from '../classify/classifier';
import { classifyBatch, deciderFor } from './classify-stream';
import { rulesIn } from './context';
import type { InputLine } from './lines';
import { serveBatches } from './pool';

/** What a classify worker is started with. */
export interface ClassifySetup {
  plainText: boolean;
  explained: boolean;
  /** The Haraka directory whose operator rules apply; null: the built-in rules. */
  rulesDir: string | null;
}

serveBatches<ClassifySetup, InputLine, { setup: ClassifySetup; rules: RuleSet }>(
  async (setup) => ({ setup, rules: await rulesIn(setup.rulesDir) }),
  ({ setup, rules }, lines) => ({ text: classifyBatch(lines, rules, setup.plainText, deciderFor(setup.explained)), failed: false }),
);
