// Bundles the tsc output (dist/cli/main.js) and its dependencies into dist/bundle/, which
// bin/mmm.js runs: resolving and loading a few files instead of every module tsc emits and every
// file of the dependencies saves tens of milliseconds of start-up.
// Every output file sits directly in dist/bundle/, two levels below the package root like the
// modules in dist/<dir>/: src/infra/package.ts finds the root as '../../' from import.meta.url, and
// createRequire(import.meta.url) resolves handlebars and ajv's runtime from there at run time.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');

// Chunk names carry a content hash: clear out the previous build's.
rmSync(outdir, { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: ['dist/cli/main.js'],
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Dynamic import()s stay separate chunks, loaded only when needed: `mmm --version` does not load
  // the cook engine, and listr2 loads only for output to a terminal.
  splitting: true,
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  // A native addon: it has to be loaded from node_modules.
  external: ['better-sqlite3'],
  // Bundled CommonJS dependencies (commander) require() node built-ins, which an ES module can do
  // only with a require of its own. The import is renamed so it cannot clash with a bundled one,
  // and esbuild renames a bundled module's own top-level `require` (to require2).
  banner: {
    js: "import { createRequire as __bundleCreateRequire } from 'node:module';\nconst require = __bundleCreateRequire(import.meta.url);",
  },
  // Not minified: it made no measurable difference to start-up, and keeps the stack trace of an
  // internal error readable.
  logLevel: 'warning',
});
