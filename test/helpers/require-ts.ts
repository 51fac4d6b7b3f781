import fs from 'node:fs';
import Module from 'node:module';

/**
 * Source modules load their heavy parts on first use with require() (src/classify/builtin.ts needs
 * the rule validator only without a build snapshot). Under Node that finds the compiled .js; under
 * vitest the sources are .ts, which Node's require cannot read: this teaches it to, for tests only.
 */
type Loader = (module: { _compile(code: string, file: string): void }, filename: string) => void;
const extensions = (Module as unknown as { _extensions: Record<string, Loader> })._extensions;
extensions['.ts'] ??= (module, filename) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof import('typescript');
  const out = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(out.outputText, filename);
};
