import { describe, expect, it } from 'vitest';
import { evaluateCondition } from '../../../src/playbook/index.js';
import { parseCondition } from '../../../src/playbook/condition.js';
import type { StepValues, VarContext } from '../../../src/playbook/model.js';

const posAt = (offset: number) => ({ file: 'w.yml', line: 3, col: 9 + offset });

function values(
  output: string,
  exitCode: number | null,
  named: Record<string, string> = {},
): StepValues {
  return { output, exitCode, success: exitCode === 0, named };
}

const ctx: VarContext = {
  steps: {
    test: values('all 12 passed\n', 0),
    lint: values('3 warnings', 1),
    cov: values('  79.5\n', 0, { report: 'cov/report.md' }),
  },
  lastShellOutput: 'ok',
  arg: '42',
  item: 'specs/a.md',
  iteration: 2,
  env: { CI: 'true', EMPTY: '' },
};

function run(src: string): boolean {
  const { expr, problems } = parseCondition(src, posAt);
  expect(problems).toEqual([]);
  return evaluateCondition(expr!, ctx);
}

describe('when: evaluation', () => {
  it.each([
    ['${test.success}', true],
    ['${lint.success}', false],
    ['!${lint.success}', true],
    ['${test.success} && ${lint.success}', false],
    ['${test.success} || ${lint.success}', true],
    ['${lint.exit_code} == 1', true],
    ['${lint.exit_code} != 0 && ${ITERATION} >= 2', true],
    ['${cov.output} < 80', true],
    ['${cov.output} < 9', false],
    ['${ARG} > 100', false],
    ['"10" > "9"', true],
    ["'abc' < 'abd'", true],
    ['${item} == "specs/a.md"', true],
    ['${test.success} == true', true],
    ['${lint.success} == false', true],
    ['${env.CI} == true', true],
    ['${env.EMPTY}', false],
    ['${env.MISSING} == ""', true],
    ['${skipped.output}', false],
    ['${lint.exit_code}', true],
    ['${test.exit_code}', false],
    ['"false"', false],
    ['"0"', false],
    ['"no"', true],
    ['0', false],
    ['-1 < 0', true],
    ['!(${test.success} && !${lint.success})', false],
    ['true && false || true', true],
    ['true || false && false', true],
    ['!!true', true],
    ['${cov.report} == "cov/report.md"', true],
    ['${shell.output} == "ok"', true],
  ])('%s is %s', (src, expected) => {
    expect(run(src)).toBe(expected);
  });

  // Each comparison on both sides of its edge: equal values, and each order.
  it.each([
    ['${ITERATION} <= 2', true],
    ['${ITERATION} <= 1', false],
    ['${ITERATION} <= 3', true],
    ['${ITERATION} >= 3', false],
    ['${ITERATION} >= 1', true],
    ['${ITERATION} < 2', false],
    ['${ITERATION} > 2', false],
    ['${ITERATION} > 1', true],
    ['${ITERATION} != 2', false],
    ['${ITERATION} != 3', true],
    ['"b" <= "b"', true],
    ['"c" <= "b"', false],
    ['"a" >= "b"', false],
    ['"b" >= "b"', true],
    ['"b" > "a"', true],
    ['"a" > "a"', false],
    ['"a" < "a"', false],
    ['"abc" != "abd"', true],
    ['"abc" != "abc"', false],
  ])('compares at the edge: %s is %s', (src, expected) => {
    expect(run(src)).toBe(expected);
  });

  it.each([
    // Numbers and numeric text compare as numbers, whichever side is text.
    ['${ARG} == 42', true],
    ['${ARG} == "42"', true],
    ['"042" == 42', true],
    ['"4.50" == 4.5', true],
    ['${cov.output} >= 79.5', true],
    ['${cov.output} <= 79.4', false],
    ['"9" < "10"', true],
    // Text that is not a number compares as text, by code point.
    ['"10a" < "9a"', true],
    ['"B" < "a"', true],
    ['"1e3" == 1000', false],
    ['${item} > 5', true],
    // Against true/false, both sides compare as what they count as.
    ['"false" == false', true],
    ['"FALSE" == false', true],
    ['"false" != false', false],
    ['"false" == true', false],
    ['"0" == false', true],
    ['"" == false', true],
    ['"no" == true', true],
    ['${lint.exit_code} == true', true],
    ['${test.exit_code} == false', true],
    ['true > false', true],
    ['false >= true', false],
    ['true <= true', true],
    ['false != false', false],
    // Truthiness of text: any case of false, zero in any spelling, blank.
    ['"FaLsE"', false],
    ['"0.0"', false],
    ['"-0"', false],
    ['"   "', false],
    ['"0.5"', true],
    ['"falsey"', true],
    ['!"false"', true],
    ['!""', true],
    ['!${test.output}', false],
  ])('mixes kinds: %s is %s', (src, expected) => {
    expect(run(src)).toBe(expected);
  });

  it('never evaluates text as code', () => {
    const poisoned: VarContext = {
      ...ctx,
      steps: { x: values('process.exit(1) || true', 0) },
      lastShellOutput: '$(touch /tmp/mmm-never) && true',
    };
    const { expr } = parseCondition(
      '${x.output} == "process.exit(1) || true" && ${shell.output}',
      posAt,
    );
    expect(evaluateCondition(expr!, poisoned)).toBe(true);
  });
});

describe('when: parse errors point inside the condition', () => {
  it.each([
    ['${a.success} = 1', 13, 'unexpected `=`; compare with =='],
    ['${a.success} & ${b.success}', 13, 'use &&'],
    ['(${a.success}', 13, 'expected `)` but found the end of the condition'],
    ['1 < ${a.exit_code} < 3', 19, 'comparisons do not chain'],
    ['${a.output} == broken', 15, 'unknown word `broken`'],
    ['"open', 0, 'unterminated string'],
    ['${a.output', 0, 'unterminated `${`'],
    ['', 0, 'empty condition'],
    ['&& true', 0, 'expected a value'],
    ['true false', 5, 'unexpected `false`'],
    ['${nope}', 0, 'unknown variable `${nope}`'],
  ])('%j', (src, offset, message) => {
    const { expr, problems } = parseCondition(src, posAt);
    expect(expr).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 3, col: 9 + offset });
    expect(problems[0]?.message).toContain(message);
    expect(problems[0]?.message.startsWith('in when: ')).toBe(true);
  });
});
