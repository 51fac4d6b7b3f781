import { ALERTS_SECTIONS, parseAlertsConfig } from '../alerts/config';
import { buildRuleSet } from '../classify/classifier';
import { parseOperatorRules } from '../classify/operator-rules';
import { parseInboundConfig } from '../inbound/config';
import { parseMetricsConfig } from '../metrics/config';
import { parseReturnpathConfig } from '../returnpath/config';
import { parseStoreConfig } from '../store/config';
import { parseSuppressConfig } from '../suppress/config';
import { parseThrottleConfig } from '../throttle/config';
import { parseWebhooksConfig, WEBHOOKS_SECTIONS } from '../webhooks/config';
import {
  ALERTS_FILE, CONFIG_FILES, INBOUND_FILE, MAIN_FILE, METRICS_FILE, RETURNPATH_FILE, RULES_FILE, WEBHOOKS_FILE, type ConfigFile,
} from './files';
import type { IniReader } from './reader';
import { ConfigError, type ConfigProblem } from './schema';

export * from './files';
export { ConfigError, describeProblem, type ConfigProblem } from './schema';
export { harakaRoot, openIniReader, PACKAGE_ROOT, type IniReader } from './reader';

/** One part of the configuration: a feature's settings, read from some sections of one file. */
export interface PartSpec<F extends string, T> {
  file: F;
  /** The sections it reads: names, `prefix.*` for a family of sections, `*` for any. */
  sections: readonly string[];
  /** What an operator loses while the part is not in force. */
  off: string;
  /** Validates the part (a ConfigError lists every problem); `baseDir`, the Haraka directory, anchors paths. */
  parse(ini: Record<string, unknown>, baseDir: string): T;
}

const part = <F extends ConfigFile, T>(spec: PartSpec<F, T>) => spec;

/** Every part of the configuration. A feature adds its part here (a file, its sections, a parser) and, for a new file, its name to files.ts. */
export const PARTS = {
  store: part({ file: MAIN_FILE, sections: ['store'], off: 'the store, and with it suppression and throttling, is off', parse: parseStoreConfig }),
  suppress: part({ file: MAIN_FILE, sections: ['suppress', 'allowlist'], off: 'suppression is off', parse: (ini) => parseSuppressConfig(ini) }),
  throttle: part({ file: MAIN_FILE, sections: ['throttle', 'throttle.*'], off: 'throttling is off', parse: (ini) => parseThrottleConfig(ini) }),
  rules: part({
    file: RULES_FILE, sections: ['*'], off: 'only the built-in rules apply',
    parse: (ini) => buildRuleSet(asProblems(RULES_FILE, () => parseOperatorRules(ini))),
  }),
  metrics: part({ file: METRICS_FILE, sections: ['metrics'], off: 'metrics are off', parse: (ini) => parseMetricsConfig(ini) }),
  alerts: part({ file: ALERTS_FILE, sections: ALERTS_SECTIONS, off: 'alerts are off', parse: (ini) => parseAlertsConfig(ini) }),
  webhooks: part({ file: WEBHOOKS_FILE, sections: WEBHOOKS_SECTIONS, off: 'webhooks are off', parse: (ini) => parseWebhooksConfig(ini) }),
  returnpath: part({
    file: RETURNPATH_FILE, sections: ['*'], off: 'return paths are neither signed nor verified', parse: (ini) => parseReturnpathConfig(ini),
  }),
  inbound: part({ file: INBOUND_FILE, sections: ['main'], off: 'bounceguard-inbound passes all mail on', parse: (ini) => parseInboundConfig(ini) }),
};

export type Part = keyof typeof PARTS;
/** Everything bounceguard's files configure, in the units the code uses. */
export type Config = { [K in Part]: ReturnType<(typeof PARTS)[K]['parse']> };

/** One reading of some config files: the parts that are valid, and every problem found. */
export interface ConfigReading {
  parts: Partial<Config>;
  /** Parts of the files read that are invalid. */
  invalid: Part[];
  /** Every problem: those of the invalid parts, and sections no part reads. */
  problems: ConfigProblem[];
  problemsOf: Partial<Record<Part, ConfigProblem[]>>;
}

/**
 * Reads the given files once each (haraka-config keeps one watch per file: `onChange` is called
 * with the file that changed) and validates every part they configure. `baseDir`, the Haraka
 * directory, anchors relative paths.
 */
export function readConfig(
  readIni: IniReader, baseDir: string, files: readonly ConfigFile[] = CONFIG_FILES, onChange?: (file: ConfigFile) => void,
): ConfigReading {
  const reading: ConfigReading = { parts: {}, invalid: [], problems: [], problemsOf: {} };
  for (const file of files) {
    const ini = readIni(file, {}, onChange && (() => onChange(file)));
    reading.problems.push(...unknownSections(file, ini));
    for (const part of partsOf(file)) {
      try {
        (reading.parts as Record<Part, unknown>)[part] = PARTS[part].parse(ini, baseDir);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        reading.invalid.push(part);
        reading.problems.push(...err.problems);
        reading.problemsOf[part] = err.problems;
      }
    }
  }
  return reading;
}

/**
 * The rule file parser (shared with the built-in rules) reports one `[section]: problem` line a
 * problem under a heading: each becomes a ConfigProblem of its section.
 */
function asProblems<T>(file: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    const lines = (err as Error).message.split('\n').slice(1).map((l) => /^\s*(?:rule )?\[([^\]]+)\]: (.*)$/.exec(l));
    if (lines.length === 0 || lines.some((m) => m === null)) throw err;
    throw new ConfigError(lines.map((m) => ({ file, section: m![1], key: null, problem: m![2] })));
  }
}

export function partsOf(file: ConfigFile): Part[] {
  return (Object.keys(PARTS) as Part[]).filter((p) => PARTS[p].file === file);
}

/** Sections of a file that none of its parts reads (Haraka's reader always adds an empty `main`). */
function unknownSections(file: ConfigFile, ini: Record<string, unknown>): ConfigProblem[] {
  const known = partsOf(file).flatMap((p) => PARTS[p].sections);
  const reads = (name: string) => known.some((k) => k === '*' || k === name || (k.endsWith('.*') && name.startsWith(k.slice(0, -1))));
  return Object.entries(ini)
    .filter(([name, body]) => !reads(name) && !(name === 'main' && isEmpty(body)))
    .map(([name]) => ({
      file, section: name, key: null,
      problem: name === 'main' ? 'settings before the first [section] are not read' : `unknown section (known: ${known.join(', ')})`,
    }));
}

function isEmpty(body: unknown): boolean {
  return !body || (typeof body === 'object' && Object.keys(body).length === 0);
}
