/**
 * One pass over a reply that tells which rules could match it: an Aho-Corasick automaton over every
 * rule's required literals (literals.ts), compiled to a dense table so that each character costs one
 * array read. The table's alphabet is only the characters literals use (others reset to the root),
 * which keeps it small enough to stay in cache. A rule without provable literals is always a
 * candidate; a non-ASCII literal is screened by one of its characters, outside the automaton (most
 * replies have no such character): the gate may only ever skip a rule whose regex cannot match.
 */
const ASCII = 128;

/** A compiled gate as plain data: what the build saves so that a starting command need not compile it. */
export interface GateTables {
  always: Uint8Array;
  nonAscii: Int32Array;
  classOf: Uint8Array;
  width: number;
  delta: Uint16Array;
  firstOut: number;
  outStart: Int32Array;
  outRules: Int32Array;
  /** A character of each non-ASCII literal of nonAscii[i]: nonAsciiChars[nonAsciiStart[i] .. nonAsciiStart[i + 1]). */
  nonAsciiStart: Int32Array;
  nonAsciiChars: Uint16Array;
}

export class LiteralGate {
  private readonly always: Uint8Array;
  /** The entries of `always` that are 1 (a few): set after clearing, cheaper than copying all of `always`. */
  private readonly alwaysList: Int32Array;
  /** Rules with non-ASCII literals: candidates when the reply has a character of one of them. */
  private readonly nonAscii: Int32Array;
  private readonly nonAsciiStart: Int32Array;
  private readonly nonAsciiChars: Uint16Array;
  /** The call that last saw each UTF-16 code unit over 127: nothing to clear between calls. */
  private readonly seenHigh = new Uint32Array(65_536);
  private call = 0;
  /** ASCII code to alphabet class; 0 is every character no literal contains. */
  private readonly classOf: Uint8Array;
  private readonly width: number;
  private readonly delta: Uint16Array;
  /** States are numbered so that exactly those from firstOut on have rules: one comparison a character. */
  private readonly firstOut: number;
  /** Rules of state s: outRules[outStart[s] .. outStart[s + 1]). Flat, for the hot loop. */
  private readonly outStart: Int32Array;
  private readonly outRules: Int32Array;

  constructor(ruleCount: number, literalsByRule: ReadonlyArray<readonly string[] | null>);
  constructor(tables: GateTables);
  constructor(...args: [number, ReadonlyArray<readonly string[] | null>] | [GateTables]) {
    const t = args.length === 1 ? args[0] : compileGate(args[0], args[1]);
    this.always = t.always;
    this.nonAscii = t.nonAscii;
    this.classOf = t.classOf;
    this.width = t.width;
    this.delta = t.delta;
    this.firstOut = t.firstOut;
    this.outStart = t.outStart;
    this.outRules = t.outRules;
    this.nonAsciiStart = t.nonAsciiStart;
    this.nonAsciiChars = t.nonAsciiChars;
    this.alwaysList = Int32Array.from([...t.always.keys()].filter((i) => t.always[i] === 1));
    const words = new Uint32Array(Math.ceil(t.always.length / 4));
    this.scratch = new Uint8Array(words.buffer, 0, t.always.length);
    this.candidateWords = words;
  }

  /** How many entries it answers for. */
  get size(): number {
    return this.always.length;
  }

  tables(): GateTables {
    const { always, nonAscii, classOf, width, delta, firstOut, outStart, outRules, nonAsciiStart, nonAsciiChars } = this;
    return { always, nonAscii, classOf, width, delta, firstOut, outStart, outRules, nonAsciiStart, nonAsciiChars };
  }

  /** Reused between calls: allocating a small typed array costs more than the whole scan. */
  private readonly scratch: Uint8Array;
  /**
   * The answer of candidates() four entries a word (bytes past the last entry stay 0): a caller that
   * walks the rules skips four the gate let none of through at once.
   */
  readonly candidateWords: Uint32Array;

  /** candidates[i] is 1 when rule i may match `text`; valid until the next call. */
  candidates(text: string): Uint8Array {
    const result = this.scratch;
    this.candidateWords.fill(0);
    const { alwaysList } = this;
    for (let k = 0; k < alwaysList.length; k += 1) result[alwaysList[k]] = 1;
    const { delta, outStart, outRules, classOf, width, firstOut } = this;
    let state = 0;
    let sawNonAscii = false;
    let call = 0;
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      if (c < ASCII) {
        state = delta[state * width + classOf[c]];
      } else {
        state = 0;
        if (!sawNonAscii) call = this.nextCall();
        sawNonAscii = true;
        this.seenHigh[c] = call;
      }
      if (state >= firstOut) {
        for (let k = outStart[state], end = outStart[state + 1]; k < end; k += 1) result[outRules[k]] = 1;
      }
    }
    if (sawNonAscii) this.screenNonAscii(call, result);
    return result;
  }

  private screenNonAscii(call: number, result: Uint8Array): void {
    const { nonAscii, nonAsciiStart, nonAsciiChars, seenHigh } = this;
    for (let i = 0; i < nonAscii.length; i += 1) {
      for (let k = nonAsciiStart[i], end = nonAsciiStart[i + 1]; k < end; k += 1) {
        if (seenHigh[nonAsciiChars[k]] === call) {
          result[nonAscii[i]] = 1;
          break;
        }
      }
    }
  }

  private nextCall(): number {
    if (this.call === 0xffffffff) {
      this.call = 0;
      this.seenHigh.fill(0);
    }
    return (this.call += 1);
  }
}

function compileGate(ruleCount: number, literalsByRule: ReadonlyArray<readonly string[] | null>): GateTables {
  const always = new Uint8Array(ruleCount);
  const trie = new Trie();
  const nonAscii: number[] = [];
  const chars: number[][] = [];
  literalsByRule.forEach((lits, rule) => {
    if (!lits) {
      always[rule] = 1;
      return;
    }
    // A non-ASCII literal can only occur in a reply that has each of its characters: its first one over 127 screens it.
    const high = [...new Set(lits.filter((l) => !isAscii(l)).map(firstHighUnit))];
    if (high.length) {
      nonAscii.push(rule);
      chars.push(high);
    }
    lits.filter(isAscii).forEach((l) => trie.add(l, rule));
  });
  const nonAsciiStart = new Int32Array(chars.length + 1);
  chars.forEach((list, i) => { nonAsciiStart[i + 1] = nonAsciiStart[i] + list.length; });
  return {
    always, nonAscii: Int32Array.from(nonAscii), ...compileTrie(trie), nonAsciiStart, nonAsciiChars: Uint16Array.from(chars.flat()),
  };
}

function firstHighUnit(literal: string): number {
  for (let i = 0; i < literal.length; i += 1) if (literal.charCodeAt(i) >= ASCII) return literal.charCodeAt(i);
  return 0;
}

/** Breadth-first: failure links, inherited outputs, and a transition for every class. */
function compileTrie(trie: Trie): Omit<GateTables, 'always' | 'nonAscii' | 'nonAsciiStart' | 'nonAsciiChars'> {
  const used = [...new Set(trie.children.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  const classOf = new Uint8Array(ASCII);
  used.forEach((c, i) => { classOf[c] = i + 1; });
  const width = used.length + 1;
  const n = trie.children.length;
  if (n >= 65_536) throw new Error(`too many literal states for the rule gate (${n})`);
  const fail = new Int32Array(n);
  const delta = new Uint16Array(n * width);
  const outs: number[][] = trie.rules.map((r) => [...r]);
  const queue: number[] = [];
  for (const [c, to] of trie.children[0]) {
    delta[classOf[c]] = to;
    queue.push(to);
  }
  for (let head = 0; head < queue.length; head += 1) {
    const state = queue[head];
    outs[state] = [...new Set([...outs[state], ...outs[fail[state]]])];
    for (const c of used) {
      const k = classOf[c];
      const to = trie.children[state].get(c);
      if (to === undefined) {
        delta[state * width + k] = delta[fail[state] * width + k];
      } else {
        fail[to] = delta[fail[state] * width + k];
        delta[state * width + k] = to;
        queue.push(to);
      }
    }
  }
  return { classOf, width, ...renumber(delta, outs, width) };
}

/** Renumbers states so that those with rules come last (the root, with none, stays 0). */
function renumber(delta: Uint16Array, outs: number[][], width: number): Pick<GateTables, 'delta' | 'firstOut' | 'outStart' | 'outRules'> {
  const n = outs.length;
  const order = [...outs.keys()].sort((a, b) => Number(outs[a].length > 0) - Number(outs[b].length > 0) || a - b);
  const newId = new Uint16Array(n);
  order.forEach((old, id) => { newId[old] = id; });
  let firstOut = order.findIndex((old) => outs[old].length > 0);
  if (firstOut < 0) firstOut = n;
  const renumbered = new Uint16Array(delta.length);
  for (let old = 0; old < n; old += 1) {
    for (let k = 0; k < width; k += 1) renumbered[newId[old] * width + k] = newId[delta[old * width + k]];
  }
  const outStart = new Int32Array(n + 1);
  order.forEach((old, id) => { outStart[id + 1] = outStart[id] + outs[old].length; });
  return { delta: renumbered, firstOut, outStart, outRules: Int32Array.from(order.flatMap((old) => outs[old])) };
}

class Trie {
  readonly children: Array<Map<number, number>> = [new Map()];
  readonly rules: number[][] = [[]];

  add(literal: string, rule: number): void {
    let state = 0;
    for (let i = 0; i < literal.length; i += 1) {
      const c = literal.charCodeAt(i);
      let to = this.children[state].get(c);
      if (to === undefined) {
        to = this.children.length;
        this.children.push(new Map());
        this.rules.push([]);
        this.children[state].set(c, to);
      }
      state = to;
    }
    if (!this.rules[state].includes(rule)) this.rules[state].push(rule);
  }
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i += 1) if (s.charCodeAt(i) >= ASCII) return false;
  return true;
}
