import { buildRuleSet, type RuleSet } from '../classify/classifier';
import { parseOperatorRules } from '../classify/operator-rules';
import { parseHttpConfig, type HttpConfig } from '../http/config';
import { parseMetricsConfig, type MetricsConfig } from '../metrics/config';
import { parseStoreConfig, type StoreConfig } from '../store/config';
import { parseSuppressConfig, type SuppressConfig } from '../suppress/config';
import { parseThrottleConfig, type ThrottleConfig } from '../throttle/config';
import { CONFIG_FILES, HTTP_FILE, MAIN_FILE, METRICS_FILE, RULES_FILE, type ConfigFile } from './files';
import type { IniReader } from './reader';
import { ConfigError, type ConfigProblem } from './schema';

export { CONFIG_FILES, HTTP_FILE, MAIN_FILE, METRICS_FILE, RULES_FILE, type ConfigFile } from './files';
export { ConfigError, describeProblem, type ConfigProblem } from './schema';
export { harakaRoot, openIniReader, PACKAGE_ROOT, type IniReader } from './reader';

/** Everything bounceguard's files configure, in the units the code uses. */
export interface Config {
  store: StoreConfig;
  suppress: SuppressConfig;
  throttle: ThrottleConfig;
  metrics: MetricsConfig;
  http: HttpConfig;
  /** The operator's rules before the built-in ones. */
  rules: RuleSet;
}
export type Part = keyof Config;

interface PartSpec<K extends Part> {
  file: ConfigFile;
  /** What an operator loses while the part is not in force. */
  off: string;
  parse(ini: Record<string, unknown>, baseDir: string): Config[K];
}

/** Each feature adds its schema here, and nothing else. */
export const PARTS: { [K in Part]: PartSpec<K> } = {
  store: { file: MAIN_FILE, off: 'the store, and with it suppression and throttling, is off', parse: parseStoreConfig },
  suppress: { file: MAIN_FILE, off: 'suppression is off', parse: (ini) => parseSuppressConfig(ini) },
  throttle: { file: MAIN_FILE, off: 'throttling is off', parse: (ini) => parseThrottleConfig(ini) },
  metrics: { file: METRICS_FILE, off: 'metrics are off', parse: (ini) => parseMetricsConfig(ini) },
  http: { file: HTTP_FILE, off: 'the HTTP API and dashboard are off', parse: (ini) => parseHttpConfig(ini) },
  rules: { file: RULES_FILE, off: 'only the built-in rules apply', parse: (ini) => buildRuleSet(asProblems(RULES_FILE, () => parseOperatorRules(ini))) },
};

/**
 * The sections each file may have (operator rules: any name). `[throttle.*]` sections are the
 * throttle part's to check.
 */
const SECTIONS: Partial<Record<ConfigFile, string[]>> = {
  [MAIN_FILE]: ['store', 'suppress', 'allowlist', 'throttle'],
  [METRICS_FILE]: ['metrics'],
  [HTTP_FILE]: ['http', 'tokens'],
};

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
function asProblems<T>(file: ConfigFile, parse: () => T): T {
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

function unknownSections(file: ConfigFile, ini: Record<string, unknown>): ConfigProblem[] {
  const known = SECTIONS[file];
  if (!known) return [];
  return Object.entries(ini)
    .filter(([name, body]) => !known.includes(name) && !name.startsWith('throttle.') && !(name === 'main' && isEmpty(body)))
    .map(([name]) => ({
      file, section: name, key: null,
      problem: name === 'main' ? 'settings before the first [section] are not read' : `unknown section (known: ${known.join(', ')})`,
    }));
}

function isEmpty(body: unknown): boolean {
  return !body || (typeof body === 'object' && Object.keys(body).length === 0);
}
