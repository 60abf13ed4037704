// stryker.config.json with the unit tests alone (vitest.stryker-unit.config.ts):
// `npm run mutate -- stryker.unit.config.mjs --mutate 'src/playbook/**/*.ts'`.
import { readFileSync } from 'node:fs';

const base = JSON.parse(readFileSync(new URL('./stryker.config.json', import.meta.url), 'utf8'));
delete base.$schema;

export default {
  ...base,
  vitest: { configFile: 'vitest.stryker-unit.config.ts' },
  incrementalFile: 'reports/stryker-incremental-unit.json',
};
