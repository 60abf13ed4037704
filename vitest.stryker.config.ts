// The test run mutation testing uses (stryker.config.json): the unit and integration tests, which
// import the sources Stryker mutates. Left out: tests that run the built bin or dist/ (a mutant in
// src/ never reaches them, so they could only slow each mutant down), and the global setup that
// would rebuild dist/ inside Stryker's sandbox. The sandbox has the dist/ npm run mutate builds
// first, from sources without mutants, for the docs test that reads the table of mmm --help.
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

export default mergeConfig(
  { ...base, test: { ...base.test, globalSetup: [] } },
  defineConfig({
    test: {
      exclude: [
        'test/e2e/**',
        'test/integration/examples.test.ts',
        'test/integration/ledger/concurrent.test.ts',
      ],
    },
  }),
);
