/**
 * Literal strings at least one of which every match of a regular expression must contain, read
 * from its source. Used to skip rules whose regex cannot match a reply (see gate.ts). Conservative:
 * anything not understood (classes, escapes like \s, lookarounds, optional parts) contributes no
 * literal, and when some alternative has no literal of minLength the answer is null (always test).
 */
const MIN_LENGTH = 3;

type Atom = { kind: 'char'; ch: string; min: number; max: number } | { kind: 'group'; alts: Atom[][]; min: number; max: number } | { kind: 'other' };

export function requiredLiterals(re: RegExp, minLength = MIN_LENGTH): string[] | null {
  let alts: Atom[][];
  try {
    alts = new Parser(re.source).alternation();
  } catch {
    return null;
  }
  const found = ofAlternation(alts, minLength);
  if (!found) return null;
  const folded = re.flags.includes('i') ? found.map((l) => l.toLowerCase()) : found;
  return [...new Set(folded)];
}

/**
 * A regex's top-level alternatives (`a|b|c`: three), each a regex source of its own that, with the
 * same flags, matches where the whole matches through it. The whole source alone when it has a
 * backreference, whose group numbers a split would change.
 */
export function topLevelAlternatives(source: string): string[] {
  if (/\\(?:[1-9]|k<)/.test(source)) return [source];
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  // Jumps from one character that matters to the next: every rule's source is split at every start.
  const special = /[\\[\]()|]/g;
  for (let m = special.exec(source); m !== null; m = special.exec(source)) {
    const c = m[0];
    if (c === '\\') special.lastIndex = m.index + 2;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth += 1;
    else if (c === ')') depth -= 1;
    else if (c === '|' && depth === 0) {
      parts.push(source.slice(start, m.index));
      start = m.index + 1;
    }
  }
  parts.push(source.slice(start));
  return parts;
}

const PLAIN_CHAR = /^[^\\^$.|?*+()[\]{}]$/;
const QUANTIFIER_START = /^[?*+{]$/;

/**
 * The same alternation with the alternatives that start with one plain character grouped under it
 * (`not found|not valid|unknown` → `n(?:ot found|ot valid)|unknown`): the
 * same language, but the engine reads a character once where it tried each alternative in turn. A
 * word set of 80 words scanned over a reply cost a quarter as much grouped. Only for patterns used
 * with test(): which alternative matches first changes, whether one does not.
 */
export function groupAlternatives(source: string): string {
  return grouped([...new Set(topLevelAlternatives(source))]);
}

function grouped(alternatives: string[]): string {
  const byFirst = new Map<string, string[]>();
  const others: string[] = [];
  for (const alt of alternatives) {
    if (alt.length > 0 && PLAIN_CHAR.test(alt[0]) && !QUANTIFIER_START.test(alt[1] ?? '')) {
      const tails = byFirst.get(alt[0]) ?? [];
      tails.push(alt.slice(1));
      byFirst.set(alt[0], tails);
    } else {
      others.push(alt);
    }
  }
  // One level: deeper groups gained nothing more and hid the literals the gate needs (`n(?:o(?:t ...`).
  const groups = [...byFirst].map(([first, tails]) => (tails.length === 1 ? first + tails[0] : `${first}(?:${tails.join('|')})`));
  return [...groups, ...others].join('|');
}

function ofAlternation(alts: Atom[][], minLength: number): string[] | null {
  const all: string[] = [];
  for (const seq of alts) {
    const lits = ofSequence(seq, minLength);
    if (!lits) return null;
    all.push(...lits);
  }
  return all;
}

/** The best candidate of a sequence: a run of mandatory characters, or a mandatory group's literals. */
function ofSequence(seq: Atom[], minLength: number): string[] | null {
  const candidates: string[][] = [];
  let run = '';
  const endRun = () => {
    if (weight(run) >= minLength) candidates.push([run]);
    run = '';
  };
  for (const atom of seq) {
    if (atom.kind === 'char' && atom.min >= 1) {
      run += atom.ch;
      // A repeated character ends what it can promise to its left: start again from it.
      if (atom.max > 1) { endRun(); run = atom.ch; }
    } else {
      // A run just before a mandatory group goes on into each of its alternatives (`no(?:t found| such)`).
      const joined = atom.kind === 'group' && atom.min >= 1 && run ? atom.alts.map((alt) => run + leadingRun(alt)) : [];
      endRun();
      if (joined.length && joined.every((l) => weight(l) >= minLength)) candidates.push(joined);
      if (atom.kind === 'group' && atom.min >= 1) {
        const inner = ofAlternation(atom.alts, minLength);
        if (inner) candidates.push(inner);
      }
    }
  }
  endRun();
  return best(candidates, minLength);
}

/** The characters an alternative must start with, up to its first optional, repeated or other part. */
function leadingRun(seq: Atom[]): string {
  let run = '';
  for (const atom of seq) {
    if (atom.kind !== 'char' || atom.min < 1) break;
    run += atom.ch;
    if (atom.max > 1) break;
  }
  return run;
}

function best(candidates: string[][], minLength: number): string[] | null {
  let chosen: string[] | null = null;
  for (const c of candidates) {
    if (c.some((l) => weight(l) < minLength)) continue;
    const shortest = Math.min(...c.map(weight));
    const chosenShortest = chosen ? Math.min(...chosen.map(weight)) : -1;
    if (!chosen || shortest > chosenShortest || (shortest === chosenShortest && c.length < chosen.length)) chosen = c;
  }
  return chosen;
}

/**
 * How selective a literal is: its length, a character outside ASCII counting twice. A two-character
 * Japanese or Chinese word (宛先, 用户) is as rare in replies as a four-letter English one.
 */
function weight(literal: string): number {
  let w = 0;
  for (let i = 0; i < literal.length; i += 1) w += literal.charCodeAt(i) < 128 ? 1 : 2;
  return w;
}

const LITERAL_ESCAPES = new Set([...'.-/\\()[]{}|^$*+?\'"#:!@,=<>&%~`;']);

class Parser {
  private i = 0;

  constructor(private readonly src: string) {}

  alternation(): Atom[][] {
    const alts: Atom[][] = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i += 1;
      alts.push(this.sequence());
    }
    return alts;
  }

  private sequence(): Atom[] {
    const seq: Atom[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.atom();
      seq.push(atom.kind === 'other' ? atom : this.quantified(atom));
    }
    return seq;
  }

  private atom(): Atom {
    const c = this.src[this.i];
    this.i += 1;
    if (c === '(') return this.group();
    if (c === '[') { this.skipClass(); return { kind: 'other' }; }
    if (c === '\\') return this.escape();
    if (c === '.' || c === '^' || c === '$') return this.other();
    if (c === '?' || c === '*' || c === '+' || c === '{') throw new Error('quantifier without atom');
    return { kind: 'char', ch: c, min: 1, max: 1 };
  }

  /** A quantifier after something that gives no literal still has to be consumed. */
  private other(): Atom {
    this.quantified({ kind: 'char', ch: '', min: 1, max: 1 });
    return { kind: 'other' };
  }

  private escape(): Atom {
    const c = this.src[this.i];
    this.i += 1;
    if (LITERAL_ESCAPES.has(c)) return { kind: 'char', ch: c, min: 1, max: 1 };
    if (c === 'u' || c === 'x' || c === 'c' || c === 'p' || c === 'P' || c === 'k') throw new Error(`escape \\${c} not supported`);
    return this.other();
  }

  private group(): Atom {
    let lookaround = false;
    if (this.src[this.i] === '?') {
      const next = this.src.slice(this.i + 1, this.i + 3);
      if (next.startsWith(':')) this.i += 2;
      else if (next.startsWith('=') || next.startsWith('!')) { this.i += 2; lookaround = true; }
      else if (next === '<=' || next === '<!') { this.i += 3; lookaround = true; }
      else throw new Error('group syntax not supported');
    }
    const alts = this.alternation();
    if (this.src[this.i] !== ')') throw new Error('unclosed group');
    this.i += 1;
    if (lookaround) return this.other();
    return this.quantified({ kind: 'group', alts, min: 1, max: 1 });
  }

  private skipClass(): void {
    while (this.i < this.src.length && this.src[this.i] !== ']') this.i += this.src[this.i] === '\\' ? 2 : 1;
    if (this.src[this.i] !== ']') throw new Error('unclosed class');
    this.i += 1;
    this.quantified({ kind: 'char', ch: '', min: 1, max: 1 });
  }

  private quantified<T extends Atom & { min: number; max: number }>(atom: T): T {
    const c = this.src[this.i];
    let min = 1;
    let max = 1;
    if (c === '?') { min = 0; this.i += 1; }
    else if (c === '*') { min = 0; max = Infinity; this.i += 1; }
    else if (c === '+') { max = Infinity; this.i += 1; }
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) throw new Error('bad braces');
      min = Number(m[1]);
      max = m[2] ? (m[3] ? Number(m[3]) : Infinity) : min;
      this.i += m[0].length;
    } else return atom;
    if (this.src[this.i] === '?') this.i += 1;
    return { ...atom, min: Math.min(atom.min, min) === 0 ? 0 : min, max: max * atom.max };
  }
}

/**
 * A cheap test to run before the regexes: true for every text one of them can match (each match holds one
 * of its required literals), null when one of them has no such literal. Derived, so a pattern added to the
 * regexes brings its own words to the screen.
 */
export function literalScreen(res: readonly RegExp[], minLength = MIN_LENGTH): RegExp | null {
  const words = new Set<string>();
  for (const re of res) {
    const literals = requiredLiterals(re, minLength);
    if (literals === null) return null;
    for (const l of literals) words.add(l);
  }
  const flags = res.some((re) => re.flags.includes('i')) ? 'i' : '';
  return new RegExp([...words].map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), flags);
}
