import fs from 'node:fs';
import path from 'node:path';

/** Reads one ini file of the config dir as Haraka's loader does (sections, booleans, reload callback). */
export interface IniOptions {
  booleans?: string[];
}
export type IniReader = (name: string, opts?: IniOptions, onChange?: () => void) => Record<string, unknown>;

interface HarakaConfigModule {
  module_config(defaultsPath: string, overridesPath?: string): {
    get(name: string, type: string, cb?: () => void, opts?: IniOptions): Record<string, unknown>;
  };
}

/** The package root, where the default commented config/ files live: from src/config or dist/src/config. */
export const PACKAGE_ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../..' : '../..');

/**
 * An ini reader over the pack's defaults overlaid by an operator's Haraka directory.
 * `dir` may be the Haraka directory or its config/ folder.
 */
export function openIniReader(dir?: string): IniReader {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const harakaConfig = require('haraka-config') as HarakaConfigModule;
  const cfg = harakaConfig.module_config(PACKAGE_ROOT, dir ? harakaRoot(dir) : undefined);
  return (name, opts, onChange) => cfg.get(name, 'ini', onChange, opts);
}

/**
 * The Haraka directory `dir` names (it may point at the config/ folder itself); by default the one
 * Haraka runs in ($HARAKA, else the working directory).
 */
export function harakaRoot(dir: string = process.env.HARAKA ?? process.cwd()): string {
  const abs = path.resolve(dir);
  if (path.basename(abs) === 'config' && !fs.existsSync(path.join(abs, 'config'))) return path.dirname(abs);
  return abs;
}
