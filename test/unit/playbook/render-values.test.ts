// What each variable becomes in a prompt when a step runs, "" for what is not set, and which
// variable is named when a value would bring a NUL byte into a command or prompt.
import { describe, expect, it } from 'vitest';
import { findNulByte, parsePlaybook, renderText } from '../../../src/playbook/index.js';
import type { StepValues, Template, VarContext } from '../../../src/playbook/model.js';

function template(prompt: string): Template {
  const text = `- shell: "true"\n  id: t\n- shell: "true"\n  id: gone\n- claude: ${JSON.stringify(prompt)}\n`;
  const { playbook, problems } = parsePlaybook(text, 'p.yml');
  expect(problems).toEqual([]);
  const step = playbook?.steps[2];
  if (!step) throw new Error('no step');
  return step.command;
}

const values = (v: Partial<StepValues>): StepValues => ({
  output: '',
  exitCode: 0,
  success: true,
  named: {},
  ...v,
});

const ctx: VarContext = {
  steps: {
    t: values({
      output: 'out',
      exitCode: 3,
      success: false,
      violation: 'too many files',
      named: { report: 'r.md' },
    }),
  },
  lastShellOutput: 'last',
  arg: '7',
  item: 'specs/a.md',
  iteration: 4,
  env: { HOME_DIR: '/home/u' },
};

const render = (prompt: string, c: VarContext = ctx) => renderText(template(prompt), c);

describe('a variable in a prompt', () => {
  it.each([
    ['${t.output}', 'out'],
    ['${t.exit_code}', '3'],
    ['${t.success}', 'false'],
    ['${t.violation}', 'too many files'],
    ['${shell.output}', 'last'],
    ['$ARG and ${ARG}', '7 and 7'],
    ['${item}', 'specs/a.md'],
    ['${ITERATION}', '4'],
    ['${env.HOME_DIR}', '/home/u'],
    ['a ${t.output} b ${ITERATION} c', 'a out b 4 c'],
  ])('%s is %j', (prompt, want) => {
    expect(render(prompt)).toBe(want);
  });

  it('is empty when not set: a skipped step, no exit code, no violation, no $ARG', () => {
    const bare: VarContext = {
      steps: { t: values({ exitCode: null, success: true }) },
      lastShellOutput: undefined,
      arg: undefined,
      item: undefined,
      iteration: 1,
      env: {},
    };
    expect(render('[${gone.output}][${gone.success}]', bare)).toBe('[][]');
    expect(render('[${t.exit_code}][${t.violation}][${t.success}]', bare)).toBe('[][][true]');
    expect(render('[${shell.output}][$ARG][${item}][${env.NOPE}]', bare)).toBe('[][][][]');
  });
});

describe('a NUL byte about to reach a command or prompt', () => {
  it('is traced to the variable that brings it, as the playbook writes it', () => {
    const withNul: VarContext = {
      ...ctx,
      steps: { t: values({ output: 'a\0b' }) },
      lastShellOutput: 'fine',
    };
    expect(findNulByte(template('${shell.output} then ${t.output}'), withNul)).toBe(
      '`${t.output}`',
    );
    expect(findNulByte(template('${shell.output} only'), withNul)).toBeUndefined();
  });

  it('or to the playbook text itself', () => {
    expect(findNulByte({ source: 'a\0b', parts: [{ kind: 'text', text: 'a\0b' }] }, ctx)).toBe(
      'the playbook text',
    );
    expect(
      findNulByte({ source: 'ab', parts: [{ kind: 'text', text: 'ab' }] }, ctx),
    ).toBeUndefined();
  });
});
