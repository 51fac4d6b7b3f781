import fs from 'node:fs';
import os from 'node:os';
import { LiteralGate, type GateTables } from './gate';

/**
 * A compiled gate saved as bytes: a JSON header line, then its arrays one after another. The build
 * saves the built-in rules' gate, which a starting command would otherwise spend a large part of
 * its start compiling; `digest` says which rules it was compiled from, and any other is ignored.
 */
const ARRAYS = {
  always: Uint8Array, nonAscii: Int32Array, classOf: Uint8Array, delta: Uint16Array, outStart: Int32Array, outRules: Int32Array,
  nonAsciiStart: Int32Array, nonAsciiChars: Uint16Array,
} as const;
type ArrayName = keyof typeof ARRAYS;
const NAMES = Object.keys(ARRAYS) as ArrayName[];

/** Changes with the arrays saved: a file of another layout is not read. */
const FORMAT = 2;

interface Header {
  format: number;
  digest: string;
  /** Typed arrays are saved in this machine's byte order; a file from another order is not read. */
  endianness: string;
  width: number;
  firstOut: number;
  lengths: Record<ArrayName, number>;
}

export function writeGateFile(file: string, digest: string, gate: LiteralGate): void {
  const t = gate.tables();
  const lengths = Object.fromEntries(NAMES.map((n) => [n, t[n].length])) as Record<ArrayName, number>;
  const header: Header = { format: FORMAT, digest, endianness: os.endianness(), width: t.width, firstOut: t.firstOut, lengths };
  const arrays = NAMES.map((n) => Buffer.from(t[n].buffer, t[n].byteOffset, t[n].byteLength));
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), ...arrays]));
}

/** The saved gate if `file` holds one compiled from `digest`; otherwise null (the caller compiles it). */
export function readGateFile(file: string, digest: string): LiteralGate | null {
  let data: Buffer;
  let header: Header;
  try {
    data = fs.readFileSync(file);
    header = JSON.parse(data.toString('utf8', 0, data.indexOf(10))) as Header;
  } catch {
    return null;
  }
  if (header.format !== FORMAT || header.digest !== digest || header.endianness !== os.endianness()) return null;
  const tables: Partial<GateTables> = { width: header.width, firstOut: header.firstOut };
  let at = data.indexOf(10) + 1;
  for (const name of NAMES) {
    const Kind = ARRAYS[name];
    const end = at + header.lengths[name] * Kind.BYTES_PER_ELEMENT;
    if (end > data.length) return null;
    // A copy: a view needs an offset aligned to its element size, which the file does not promise.
    (tables as Record<ArrayName, unknown>)[name] = new Kind(new Uint8Array(data.subarray(at, end)).buffer);
    at = end;
  }
  return new LiteralGate(tables as GateTables);
}
