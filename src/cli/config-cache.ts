import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../config/reader';

/**
 * The validated config parts of a Haraka directory, kept between runs of the CLI: reading them
 * means loading haraka-config and the schemas, which costs more than most commands take. An entry
 * is used only while every file it was read from (the pack's defaults and the directory's own) is
 * byte for byte the same, for the same build of the pack. Only parts that survive JSON (Sets and
 * Maps included) are kept; anything else is validated at every run, as without the cache.
 */
export function cacheDir(): string | null {
  if (process.env.BOUNCEGUARD_CACHE_DIR !== undefined) return process.env.BOUNCEGUARD_CACHE_DIR || null;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'bounceguard');
}

export async function cachedConfig<T>(dir: string, files: readonly string[], parts: readonly string[], read: () => Promise<T>): Promise<T> {
  const where = cacheDir();
  // haraka-config reads other files under these (a test dir, config written as .js modules).
  if (!where || process.env.HARAKA_TEST_DIR || process.env.HARAKA_JS_CONFIG) return read();
  const slot = path.join(where, `config-${digest([dir, ...files, '|', ...parts])}.json`);
  const stamp = stampOf(dir, files);
  const hit = load<T>(slot, stamp);
  if (hit !== undefined) return hit;
  const value = await read();
  save(where, slot, stamp, value);
  return value;
}

function digest(parts: string[]): string {
  // Required here: every command file imports this module, and --help needs no hashing.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  const hash = createHash('sha256');
  for (const p of parts) hash.update(`${p}\0`);
  return hash.digest('hex').slice(0, 32);
}

/** What the entry depends on: the build (this file's time), and the bytes of every file read. */
function stampOf(dir: string, files: readonly string[]): string {
  const inputs = [String(fs.statSync(__filename).mtimeMs)];
  for (const file of files) {
    for (const base of [PACKAGE_ROOT, dir]) inputs.push(readOrMissing(path.join(base, 'config', file)));
  }
  return digest(inputs);
}

function readOrMissing(file: string): string {
  try {
    return fs.readFileSync(file, 'latin1');
  } catch {
    return '\0missing';
  }
}

function load<T>(slot: string, stamp: string): T | undefined {
  try {
    const stat = fs.statSync(slot);
    // Only a file this user wrote: anything else could put words in the config's mouth.
    if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) return undefined;
    const entry = JSON.parse(fs.readFileSync(slot, 'utf8')) as { stamp: string; value: unknown };
    return entry.stamp === stamp ? (revive(entry.value) as T) : undefined;
  } catch {
    return undefined;
  }
}

function save(where: string, slot: string, stamp: string, value: unknown): void {
  try {
    const encoded = JSON.stringify({ stamp, value: encode(value) });
    fs.mkdirSync(where, { recursive: true, mode: 0o700 });
    const tmp = `${slot}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, encoded, { mode: 0o600 });
    fs.renameSync(tmp, slot);
  } catch {
    // Data JSON cannot hold, or a cache that cannot be written: only slower.
  }
}

/**
 * Plain data as JSON, Sets and Maps spelled out; `undefined` members are dropped as JSON drops them.
 * Throws on anything JSON would change (a RegExp, a class, a function, Infinity): not cached.
 */
function encode(value: unknown): unknown {
  if (value instanceof Set) return { $set: [...value].map(encode) };
  if (value instanceof Map) return { $map: [...value].map(([k, v]) => [encode(k), encode(v)]) };
  if (Array.isArray(value)) return value.map(encode);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, encode(v)]));
  }
  throw new Error('not plain data');
}

function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (!value || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  if (Array.isArray(obj.$set)) return new Set(obj.$set.map(revive));
  if (Array.isArray(obj.$map)) return new Map((obj.$map as [unknown, unknown][]).map(([k, v]) => [revive(k), revive(v)]));
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, revive(v)]));
}
