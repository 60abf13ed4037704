// Bundles the tsc output (dist/cli/main.js) and its dependencies into one CommonJS file,
// dist/bundle/mmm.cjs, which bin/mmm.js runs. Loading one file instead of every module tsc emits
// and every file of the dependencies starts `mmm cook` sooner (measured in docs/performance.md,
// "How mmm starts").
// The file sits two levels below the package root like the modules in dist/<dir>/:
// src/infra/package.ts finds the root as '../../' from import.meta.url, and
// createRequire(import.meta.url) resolves handlebars and ajv's runtime from there at run time.
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');
const outfile = join(outdir, 'mmm.cjs');

const result = await build({
  absWorkingDir: root,
  entryPoints: ['dist/cli/main.js'],
  outfile,
  // Written below under a temporary name and renamed into place, so that an mmm starting while
  // the build runs reads the old bundle or the new one, never half of one.
  write: false,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // A native addon: it has to be loaded from node_modules. highlight.js (mmm ui only) is loaded
  // from node_modules too: bundled, its languages would add 600 kB that every command reads.
  // bullmq and ioredis (the queue of --map --queue and mmm worker) stay there as well: bullmq
  // loads its Redis driver with require() at run time and names drivers mmm does not install.
  external: ['better-sqlite3', 'highlight.js', 'bullmq', 'ioredis'],
  // CommonJS has no import.meta: the bundle's own file URL stands in for it. Dynamic import()s
  // of bundled modules become lazy initializers, so a command still runs only the code it uses.
  define: { 'import.meta.url': '__mmmBundleUrl' },
  banner: { js: "const __mmmBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  // Not minified: it made no measurable difference to start-up, and keeps the stack trace of an
  // internal error readable.
  logLevel: 'warning',
});

mkdirSync(outdir, { recursive: true });
const partial = `${outfile}.${process.pid}`;
writeFileSync(partial, result.outputFiles[0].contents);
renameSync(partial, outfile);
// Anything else there is left from an older layout of the bundle.
for (const name of readdirSync(outdir)) {
  if (name !== 'mmm.cjs' && !name.startsWith('mmm.cjs.'))
    rmSync(join(outdir, name), { force: true });
}
