import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILES, PACKAGE_ROOT } from '../config';

export const PLUGINS = ['bounceguard-suppress', 'bounceguard-record', 'bounceguard-throttle', 'bounceguard-signals', 'bounceguard-returnpath', 'bounceguard-inbound'] as const;
const PACKAGE_NAME = 'bounceguard';

export interface InstallReport {
  plugins: string[];
  configCopied: string[];
  configKept: string[];
  /** Plugin names still missing from the Haraka dir's config/plugins. */
  toEnable: string[];
}

/**
 * Writes one small shim per plugin into `<dir>/plugins` and copies the commented default config
 * files that are not there yet; an operator's existing config is never overwritten. Haraka runs
 * plugins/*.js in a sandbox whose require() also searches `<dir>/node_modules`: the shims load the
 * compiled plugins from the bounceguard package installed there, by name (no absolute path), so
 * the Haraka directory can move and `npm update` takes effect.
 */
export function installInto(dir: string): InstallReport {
  const root = path.resolve(dir);
  if (!fs.existsSync(path.join(root, 'config')) || !fs.statSync(path.join(root, 'config')).isDirectory()) {
    throw new Error(`${root} is not a Haraka directory (no config/ folder); create one with \`haraka -i ${root}\``);
  }
  if (!fs.existsSync(path.join(root, 'node_modules', PACKAGE_NAME, 'package.json'))) {
    throw new Error(`${PACKAGE_NAME} is not installed in ${path.join(root, 'node_modules')}; run \`npm install ${PACKAGE_NAME}\` in ${root} first`);
  }
  fs.mkdirSync(path.join(root, 'plugins'), { recursive: true });
  const plugins = PLUGINS.map((name) => writeShim(root, name));
  const report: InstallReport = { plugins, configCopied: [], configKept: [], toEnable: [] };
  for (const file of CONFIG_FILES) {
    const target = path.join(root, 'config', file);
    if (fs.existsSync(target)) report.configKept.push(file);
    else {
      fs.copyFileSync(path.join(PACKAGE_ROOT, 'config', file), target);
      report.configCopied.push(file);
    }
  }
  report.toEnable = PLUGINS.filter((p) => !listedPlugins(root).includes(p));
  return report;
}

function writeShim(root: string, name: (typeof PLUGINS)[number]): string {
  const adapter = `${PACKAGE_NAME}/dist/plugins/lib/${name.replace('bounceguard-', '')}.js`;
  const source = `'use strict';\n// Written by \`bounceguard install\`: loads bounceguard's compiled plugin from node_modules.\nObject.assign(exports, require(${JSON.stringify(adapter)}));\n`;
  const file = path.join(root, 'plugins', `${name}.js`);
  fs.writeFileSync(file, source);
  return path.relative(root, file);
}

function listedPlugins(root: string): string[] {
  const file = path.join(root, 'config', 'plugins');
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}
