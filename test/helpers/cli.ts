import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';

export const ROOT = path.resolve(__dirname, '..', '..');
const MAIN_JS = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) {
      newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/**
 * Makes sure dist/ is at least as new as src/ (npm test builds first, so this is usually a no-op).
 * Type errors elsewhere in the tree do not stop tsc from emitting, so only a missing output fails.
 */
export function ensureBuilt(): void {
  if (fs.existsSync(MAIN_JS) && fs.statSync(MAIN_JS).mtimeMs >= newestMtime(path.join(ROOT, 'src'))) return;
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
  if (!fs.existsSync(MAIN_JS)) throw new Error(`build failed:\n${run.stdout}${run.stderr}`);
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `bounceguard` bin in a child process. */
export function runCli(args: string[], opts: { input?: string; cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<CliRun> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...opts.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'bounceguard.js'), ...args], { cwd: opts.cwd ?? ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

/**
 * Compiles the given src/ files (and nothing else) to plain CommonJS in a temp dir, for child
 * processes that must run the real code without depending on a build of the whole tree.
 * Run the children with NODE_PATH=nodePath so that dependencies resolve.
 */
export function transpileForChildren(files: string[]): { dir: string; nodePath: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-transpiled-'));
  for (const file of files) {
    const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const out = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    const target = path.join(dir, file.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, out.outputText);
  }
  return { dir, nodePath: path.join(ROOT, 'node_modules') };
}
