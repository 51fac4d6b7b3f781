import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin', 'bounceguard.js');
const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

/** A Haraka directory with this checkout installed in its node_modules (linked, as `npm install <folder>` does). */
function harakaDir(plugins = 'relay\n', installed = true): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-install-'));
  dirs.push(dir);
  fs.mkdirSync(path.join(dir, 'config'));
  fs.writeFileSync(path.join(dir, 'config', 'plugins'), plugins);
  if (installed) {
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(root, path.join(dir, 'node_modules', 'bounceguard'), 'dir');
  }
  return dir;
}

describe('bounceguard install', () => {
  it('writes the plugin shims, copies the default config and names the plugins to enable', () => {
    const dir = harakaDir();
    const r = spawnSync(process.execPath, [bin, 'install', dir], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Add to .*config\/plugins[\s\S]*bounceguard-suppress\nbounceguard-record\nbounceguard-throttle/);
    for (const file of ['bounceguard.ini', 'bounceguard-rules.ini', 'bounceguard-metrics.ini']) {
      expect(fs.readFileSync(path.join(dir, 'config', file), 'utf8'), file).toBe(fs.readFileSync(path.join(root, 'config', file), 'utf8'));
    }
    const shimFile = path.join(dir, 'plugins', 'bounceguard-record.js');
    expect(fs.readFileSync(shimFile, 'utf8')).toContain("require(\"bounceguard/dist/plugins/lib/record.js\")");
    const shim = createRequire(__filename)(shimFile) as Record<string, unknown>;
    expect(typeof shim.register).toBe('function');
    expect(typeof shim.bounceguard_bounce).toBe('function');
  });

  it('never overwrites an operator\'s config, and knows when the plugins are enabled', () => {
    const dir = harakaDir('relay\nbounceguard-suppress\nbounceguard-record\nbounceguard-throttle\nbounceguard-signals\n');
    fs.writeFileSync(path.join(dir, 'config', 'bounceguard.ini'), '[store]\nbackend=redis\n');
    const r = spawnSync(process.execPath, [bin, 'install', dir], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/config kept \(already there\): bounceguard\.ini/);
    expect(r.stdout).toMatch(/already lists the bounceguard plugins/);
    expect(fs.readFileSync(path.join(dir, 'config', 'bounceguard.ini'), 'utf8')).toBe('[store]\nbackend=redis\n');
  });

  it('refuses a Haraka directory whose node_modules lacks bounceguard, naming the command that fixes it', () => {
    const dir = harakaDir('relay\n', false);
    const r = spawnSync(process.execPath, [bin, 'install', dir], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`bounceguard is not installed in ${path.join(dir, 'node_modules')}; run \`npm install bounceguard\` in ${dir} first`);
    expect(fs.existsSync(path.join(dir, 'plugins'))).toBe(false);
  });

  it('refuses a directory that is not a Haraka directory', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-install-'));
    dirs.push(dir);
    const r = spawnSync(process.execPath, [bin, 'install', dir], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/is not a Haraka directory/);
  });
});
