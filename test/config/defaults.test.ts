import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG_FILES, openIniReader, readConfig, RULES_FILE } from '../../src/config';
import { ROOT } from '../helpers/cli';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-config-defaults-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The shipped file with every documented `;key=value` uncommented, up to the commented examples. */
function uncommented(file: string): string {
  const lines = fs.readFileSync(path.join(ROOT, 'config', file), 'utf8').split('\n');
  const examples = lines.findIndex((l) => /^;\[/.test(l));
  return lines.slice(0, examples < 0 ? undefined : examples).map((l) => l.replace(/^;([a-z_]+=)/, '$1')).join('\n');
}

describe('the shipped config files', () => {
  it.each(CONFIG_FILES.filter((f) => f !== RULES_FILE))('%s documents exactly the defaults of the schemas', (file) => {
    const dir = path.join(tmp, file);
    fs.mkdirSync(path.join(dir, 'config'), { recursive: true });
    const text = uncommented(file);
    expect(text).toMatch(/^[a-z_]+=/m);
    fs.writeFileSync(path.join(dir, 'config', file), text);
    const written = readConfig(openIniReader(dir), dir, [file]);
    const empty = readConfig(() => ({}), dir, [file]);
    expect(written.problems).toEqual([]);
    expect(written.parts).toEqual(empty.parts);
  });

  it('are valid as shipped', () => {
    expect(readConfig(openIniReader(ROOT), ROOT).problems).toEqual([]);
  });
});
