// The faster test run for mutation testing (stryker.unit.config.mjs): the unit tests alone, which
// run without git or an agent. A mutant these tests kill is killed by the whole suite too, so a
// score measured with them is a floor for the score of vitest.stryker.config.ts, reached in a
// fraction of the time for code the unit tests reach (the playbook's parsing and validation, the
// agents' arguments and result parsers).
//
// MUTATE_TESTS (comma-separated test file globs) replaces the unit tests with another part of the
// suite, for code only the integration tests reach, e.g.
// MUTATE_TESTS='test/unit/**/*.test.ts,test/integration/**/*.test.ts' for git and the engine. The
// score is again a floor for the whole suite's, since any subset kills no more than the whole.
import strykerConfig from './vitest.stryker.config.js';

const unit = ['src/**/*.test.ts', 'test/unit/**/*.test.ts'];
const chosen = (process.env.MUTATE_TESTS ?? '')
  .split(',')
  .map((glob) => glob.trim())
  .filter((glob) => glob !== '');

export default {
  ...strykerConfig,
  test: { ...strykerConfig.test, include: chosen.length > 0 ? chosen : unit },
};
