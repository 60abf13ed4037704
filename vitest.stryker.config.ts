// The test run mutation testing uses (stryker.config.json): the unit and integration tests, which
// import the sources Stryker mutates, and the end-to-end tests that drive an agent adapter
// in-process against the real agent CLI (test/e2e/<agent>-real.test.ts). Left out: the other
// end-to-end tests, which run the built bin or dist/ (a mutant in src/ never reaches them, so
// they could only slow each mutant down), and the global setup that would rebuild dist/ inside
// Stryker's sandbox. The sandbox has the dist/ npm run mutate builds first, from sources without
// mutants, for the docs test that reads the table of mmm --help.
//
// Stryker's sandbox (.stryker-tmp/sandbox-*) lies inside this repository's working tree, and a
// mutant can make git, run by a test, look for its repository from the sandbox: it would then act
// on this checkout (one did: `mmm init` files appeared at its top). GIT_CEILING_DIRECTORIES stops
// git's search at the sandbox, so that such a mutant finds no repository and fails its test.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

const inProcess = /^(claude|codex|copilot|gemini|opencode)-real\.test\.ts$/;
const e2eThroughTheBin = readdirSync(fileURLToPath(new URL('test/e2e/', import.meta.url)))
  .filter((name) => name.endsWith('.test.ts') && !inProcess.test(name))
  .map((name) => `test/e2e/${name}`);

// The directory holding this file's directory: .stryker-tmp, when run in a sandbox.
const aboveSandbox = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');

export default mergeConfig(
  { ...base, test: { ...base.test, globalSetup: [] } },
  defineConfig({
    test: {
      env: { GIT_CEILING_DIRECTORIES: aboveSandbox },
      exclude: [
        ...e2eThroughTheBin,
        'test/integration/examples.test.ts',
        'test/integration/ledger/concurrent.test.ts',
      ],
    },
  }),
);
