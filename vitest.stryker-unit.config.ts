// The faster test run for mutation testing (stryker.unit.config.mjs): the unit tests alone, which
// run without git or an agent. A mutant these tests kill is killed by the whole suite too, so a
// score measured with them is a floor for the score of vitest.stryker.config.ts, reached in a
// fraction of the time for code the unit tests reach (the playbook's parsing and validation, the
// agents' arguments and result parsers).
import strykerConfig from './vitest.stryker.config.js';

export default {
  ...strykerConfig,
  test: { ...strykerConfig.test, include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'] },
};
