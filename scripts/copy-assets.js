#!/usr/bin/env node
// tsc emits only what it compiles: the build copies every other file under src/ (rule tables and
// other data) to dist/src/ beside the compiled code, so the package ships them.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const src = path.join(root, 'src');
for (const entry of fs.readdirSync(src, { withFileTypes: true, recursive: true })) {
  if (!entry.isFile() || entry.name.endsWith('.ts')) continue;
  const from = path.join(entry.parentPath, entry.name);
  const to = path.join(root, 'dist', 'src', path.relative(src, from));
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}

// The built-in rules parsed and validated once, here, rather than at every start of a command.
require(path.join(root, 'dist', 'src', 'classify', 'builtin.js')).writeBuiltinSnapshot();
// And their literal gate compiled once, here (see src/classify/gate-file.ts).
require(path.join(root, 'dist', 'src', 'classify', 'classifier.js')).writeBuiltinGate();
