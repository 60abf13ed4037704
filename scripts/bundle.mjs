// Bundles the tsc output (dist/cli/main.js) and its dependencies into one CommonJS file,
// dist/bundle/mmm.cjs, which bin/mmm.js runs through a V8 code cache. Loading one file instead of
// every module tsc emits and every file of the dependencies saves tens of milliseconds of
// start-up, and only a classic script (not an ES module) can use a code cache on Node 20.
// The file sits two levels below the package root like the modules in dist/<dir>/:
// src/infra/package.ts finds the root as '../../' from import.meta.url, and
// createRequire(import.meta.url) resolves handlebars and ajv's runtime from there at run time.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');

rmSync(outdir, { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: ['dist/cli/main.js'],
  outfile: join(outdir, 'mmm.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // A native addon: it has to be loaded from node_modules.
  external: ['better-sqlite3'],
  // CommonJS has no import.meta: the bundle's own file URL stands in for it. Dynamic import()s
  // of bundled modules become lazy initializers, so a command still runs only the code it uses.
  define: { 'import.meta.url': '__mmmBundleUrl' },
  banner: { js: "const __mmmBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  // Not minified: it made no measurable difference to start-up, and keeps the stack trace of an
  // internal error readable.
  logLevel: 'warning',
});
