#!/usr/bin/env node
// Runs the bundle (dist/bundle/mmm.cjs) with a V8 code cache. Compiling the bundle's code is a
// fifth of a run's start-up, and Node 20 keeps no compile cache of its own: the code V8 compiled
// during a command's first run is saved under $MMM_HOME/cache/, one file per command, and the
// runs after it start from that. V8 checks a cache against the source and its own version and
// flags; a rejected or missing cache means compiling as usual and saving a new one.
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const bundle = fileURLToPath(new URL('../dist/bundle/mmm.cjs', import.meta.url));
const source = readFileSync(bundle, 'utf8');

const command = /^[a-z]+$/.test(process.argv[2] ?? '') ? process.argv[2] : 'other';
let cacheFile;
let cachedData;
try {
  const { size, mtimeMs } = statSync(bundle);
  // The rule of mmmHome in src/engine/sessions.ts: this runs before any of mmm's code is loaded.
  const home = process.env.MMM_HOME || join(homedir(), '.mmm');
  const key = [command, process.version, process.arch, size, Math.trunc(mtimeMs)].join('-');
  cacheFile = join(home, 'cache', `${key}.v8`);
  cachedData = readFileSync(cacheFile);
} catch {
  // No cache yet (or no home to keep one in).
}

const script = new vm.Script(
  `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
  { filename: bundle, cachedData },
);
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
process.exitCode = await module.exports.main(process.argv.slice(2));

if (cacheFile && (cachedData === undefined || script.cachedDataRejected)) {
  try {
    // Written whole under a temporary name first: another mmm may be reading the cache.
    mkdirSync(dirname(cacheFile), { recursive: true });
    const partial = `${cacheFile}.${process.pid}`;
    writeFileSync(partial, script.createCachedData());
    renameSync(partial, cacheFile);
    // Caches of this command for another bundle or another Node are of no further use.
    const cacheDir = dirname(cacheFile);
    for (const name of readdirSync(cacheDir)) {
      const old = join(cacheDir, name);
      if (name.startsWith(`${command}-`) && name.endsWith('.v8') && old !== cacheFile) {
        rmSync(old, { force: true });
      }
    }
  } catch {
    // A cache that cannot be saved only costs the next run the compile time.
  }
}
