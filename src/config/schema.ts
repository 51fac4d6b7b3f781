import { z } from 'zod';
import { parseDuration, parseSize, type DurationUnit } from './units';

/**
 * The building blocks every bounceguard config schema uses, and the one shape of a config problem:
 * an operator must see the file, the section, the key, the value written and what is allowed.
 */
export interface ConfigProblem {
  file: string;
  section: string;
  /** null: the section as a whole (an unknown section, two keys that contradict each other). */
  key: string | null;
  /** The value as written; undefined when the key is missing. */
  value?: unknown;
  /** What is wrong and what is allowed. */
  problem: string;
}

/** Thrown by every section parser: all the problems found, not only the first. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map(describeProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

/** `config/bounceguard.ini [suppress] escalate_afer=5: unknown key (did you mean escalate_after?)` */
export function describeProblem(p: ConfigProblem): string {
  const where = `config/${p.file} [${p.section}]`;
  if (p.key === null) return `${where}: ${p.problem}`;
  const written = p.value === undefined ? '' : `=${typeof p.value === 'string' ? p.value : JSON.stringify(p.value)}`;
  return `${where} ${p.key}${written}: ${p.problem}`;
}

/** Validates one ini section; every problem becomes a ConfigProblem naming the file and section. */
export function parseSection<S extends z.ZodType>(schema: S, body: unknown, file: string, section: string): z.infer<S> {
  const values = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.flatMap((i) => problemsOf(i, values, file, section, schema)));
}

function problemsOf(issue: z.core.$ZodIssue, values: Record<string, unknown>, file: string, section: string, schema: z.ZodType): ConfigProblem[] {
  if (issue.code === 'unrecognized_keys') {
    const known = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
    return issue.keys.map((key) => ({ file, section, key, value: values[key], problem: unknownKey(key, known) }));
  }
  const key = issue.path.length ? String(issue.path[0]) : null;
  const value = key === null ? undefined : values[key];
  return [{ file, section, key, value, problem: value === undefined && issue.code === 'invalid_type' ? 'required' : messageOf(issue) }];
}

/** The schema's own message when it has one, else zod's default said the way an operator reads it. */
function messageOf(issue: z.core.$ZodIssue): string {
  if (!/^(Too |Invalid )/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${issue.expected === 'number' ? 'a number' : `a ${issue.expected}`}`;
    case 'too_small':
      return `must be ${issue.inclusive === false ? 'above' : 'at least'} ${String(issue.minimum)}`;
    case 'too_big':
      return `must be ${issue.inclusive === false ? 'below' : 'at most'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    default:
      return issue.message;
  }
}

function unknownKey(key: string, known: string[]): string {
  const near = known.find((k) => editDistance(k, key) <= 2);
  return `unknown key${near ? ` (did you mean ${near}?)` : ''}; known keys: ${known.join(', ')}`;
}

/** Levenshtein distance, for "did you mean": keys are short, so the quadratic table is tiny. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** A value parsed by our own function (a rate, a duration): its error message becomes the problem. */
export function parsedBy<T>(parse: (v: unknown) => T) {
  return z.union([z.string(), z.number(), z.boolean()]).transform((v, ctx) => {
    try {
      return parse(v);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  });
}

const TRUE = ['true', 'yes', 'on', '1'];
const FALSE = ['false', 'no', 'off', '0'];

/** An ini boolean: Haraka's reader hands over `true`, `1` (a number) or `yes` (text) alike. */
export const iniBoolean = parsedBy((v) => {
  const text = String(v).trim().toLowerCase();
  if (TRUE.includes(text)) return true;
  if (FALSE.includes(text)) return false;
  throw new Error('must be true or false (or yes/no, on/off, 1/0)');
});

/** Milliseconds from a duration with units; a bare number is in `bare`. */
export const duration = (bare: DurationUnit) => parsedBy((v) => parseDuration(v, bare));

/** Bytes from a size with units (`10MB`); a bare number is bytes. */
export const size = parsedBy(parseSize);

/** A comma- or space-separated list (or a Haraka `key[]=` array). */
export const list = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(/[\s,]+/)).map((s) => s.trim()).filter(Boolean));

/** Runs every section's parser and throws one ConfigError with the problems of all of them. */
export function parseAll<T extends readonly unknown[]>(...parsers: { [K in keyof T]: () => T[K] }): T {
  const problems: ConfigProblem[] = [];
  const results = parsers.map((parse) => {
    try {
      return parse();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  });
  if (problems.length) throw new ConfigError(problems);
  return results as unknown as T;
}
