// What a user is told when a playbook's setting has the wrong shape: the setting named, what it
// must be and what it was (text shortened, kinds in words), at its line and column.
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../src/errors.js';
import { parsePlaybook } from '../../../src/playbook/index.js';

describe('a setting of the wrong shape', () => {
  it.each([
    [
      'max_iterations: "x"\nsteps:\n  - shell: a\n',
      ['p.yml:1:17: `max_iterations` must be a whole number, got text "x"'],
    ],
    [
      'max_iterations: "a very long text value that goes past thirty chars"\nsteps:\n  - shell: a\n',
      [
        'p.yml:1:17: `max_iterations` must be a whole number, got text "a very long text value that go…"',
      ],
    ],
    [
      'max_iterations: [1]\nsteps:\n  - shell: a\n',
      ['p.yml:1:17: `max_iterations` must be a whole number, got a list'],
    ],
    [
      'max_iterations: {a: 1}\nsteps:\n  - shell: a\n',
      ['p.yml:1:17: `max_iterations` must be a whole number, got a mapping'],
    ],
    [
      'max_iterations:\nsteps:\n  - shell: a\n',
      ['p.yml:1:16: `max_iterations` must be a whole number, got nothing'],
    ],
    [
      'max_iterations: true\nsteps:\n  - shell: a\n',
      ['p.yml:1:17: `max_iterations` must be a whole number, got true'],
    ],
    [
      'max_iterations: 1.5\nsteps:\n  - shell: a\n',
      ['p.yml:1:17: `max_iterations` must be a whole number, got the number 1.5'],
    ],
    [
      '- shell: a\n- shell: b\n  timeout: [x]\n',
      [
        'p.yml:3:12: `timeout` must be a duration, got a list: use a number of seconds (90) or a string like 90s, 20m, 1h, 1h30m or 500ms',
      ],
    ],
    [
      '- shell: a\n- shell: b\n  on_failure: {claude: x, stop_on_repeat: 1}\n',
      [
        'p.yml:3:43: `stop_on_repeat` must be a whole number of at least 2, or false never to give up early; got 1',
      ],
    ],
    [
      '- shell: a\n  on_failure: {claude: x, stop_on_repeat: "y"}\n',
      [
        'p.yml:2:43: `stop_on_repeat` must be a whole number of at least 2, or false never to give up early; got text "y"',
      ],
    ],
    [
      '- shell: a\n  on_failure: {claude: x, stop_on_repeat: 2.5}\n',
      [
        'p.yml:2:43: `stop_on_repeat` must be a whole number of at least 2, or false never to give up early; got the number 2.5',
      ],
    ],
    [
      '- shell: a\n  max_attempts: 2\n',
      ['p.yml:2:3: unknown key `max_attempts` in a step; it belongs inside on_failure:'],
    ],
    [
      '- shell: a\n  fail_workflow: false\n',
      ['p.yml:2:3: unknown key `fail_workflow` in a step; it belongs inside on_failure:'],
    ],
    [
      'max_attempts: 2\nsteps:\n  - shell: a\n',
      [
        'p.yml:1:1: unknown key `max_attempts` in the playbook; allowed keys: name, max_iterations, until, agent, budget, env, policy, gate, ack_window, steps, commands',
      ],
    ],
    [
      'workflow:\n  - shell: a\n',
      [
        'p.yml:1:1: no `steps:`: a playbook is a list of steps, or a mapping with `steps:` (or `commands:`) and settings',
        'p.yml:1:1: unknown key `workflow`; write its `commands:` (or `steps:`) and settings at the top level instead',
      ],
    ],
    [
      '- shell: a\n  id: "bad id"\n',
      ['p.yml:2:7: bad id `bad id`: use letters, digits, _ and -, starting with a letter or _'],
    ],
    [
      '- shell: a\n  outputs: {output: {file_pattern: x}}\n',
      ['p.yml:2:13: output name `output` is taken by ${<id>.output}; choose another name'],
    ],
    [
      '- shell: a\n  outputs: {"9bad": {file_pattern: x}}\n',
      [
        'p.yml:2:13: bad output name `9bad`: use letters, digits, _ and -, starting with a letter or _',
      ],
    ],
    [
      'commands:\n  - {name: x, args: 3}\n',
      ['p.yml:2:21: `args` must be a list, got the number 3'],
    ],
    [
      'commands:\n  - {name: x, bogus: 3}\n',
      [
        'p.yml:2:15: unknown key `bogus` in a command; allowed keys: name, args, commit_required, id, outputs, gate, ack_window',
      ],
    ],
    ['- shell: a\n  env: {policy: 3}\n', []],
    [
      '- shell: a\n  policy: {secrets: 3}\n',
      ['p.yml:2:21: `secrets` must be true, false, block, warn or approve, got 3'],
    ],
    ['agent: {wait_on_limit: 3}\nsteps:\n  - claude: a\n', []],
    [
      'agent: {wait_on_limit: true}\nsteps:\n  - claude: a\n',
      [
        'p.yml:1:24: `wait_on_limit` must be a duration, got true: use a number of seconds (90) or a string like 90s, 20m, 1h, 1h30m or 500ms, or false not to wait',
      ],
    ],
    ['- shell: ""\n', ['p.yml:1:10: `shell` must not be empty']],
    ['name: ""\nsteps:\n  - shell: a\n', ['p.yml:1:7: `name` must not be empty']],
    [
      '- shell: a\n  env: {"a/b": x}\n',
      [
        'p.yml:2:9: bad environment variable name `a/b`: use letters, digits and _, not starting with a digit',
      ],
    ],
    [
      '- {shell: a, bogus: 1}\n- {shell: a, bogus: 1}\n',
      [
        'p.yml:1:14: unknown key `bogus` in a step; allowed keys: claude, shell, id, commit_required, timeout, env, working_dir, when, on_failure, on_success, capture_output, agent, outputs, policy, gate, ack_window',
        'p.yml:2:14: unknown key `bogus` in a step; allowed keys: claude, shell, id, commit_required, timeout, env, working_dir, when, on_failure, on_success, capture_output, agent, outputs, policy, gate, ack_window',
      ],
    ],
    [
      '- shell: a\n  on_failure:\n    shell: b\n    max_attempts: 0\n',
      ['p.yml:4:19: `max_attempts` must be at least 1, got 0'],
    ],
  ])('%j', (text, problems) => {
    expect(parsePlaybook(text, 'p.yml').problems.map(formatProblem)).toEqual(problems);
  });
});
