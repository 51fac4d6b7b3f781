import path from 'node:path';
import { ROOT } from './haraka';

/** Shims for a temporary Haraka dir: like plugins/*.js, but pointing at this checkout's build. */
export function packPluginFiles(names: string[] = ['record', 'suppress']): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of names) {
    const target = path.join(ROOT, 'dist', 'plugins', 'lib', `${name}.js`);
    files[`bounceguard-${name}.js`] = `'use strict';\nObject.assign(exports, require(${JSON.stringify(target)}));\n`;
  }
  return files;
}

/** bounceguard.ini for a test: the given store section, short escalation. */
export function bounceguardIni(store: Record<string, string | number>, extra = ''): string {
  const lines = Object.entries(store).map(([k, v]) => `${k}=${v}`);
  return `[store]\n${lines.join('\n')}\n\n[suppress]\nescalate_after=3\nescalate_window_days=7\n${extra}`;
}
