// What a user is told when a playbook is wrong, word for word and at its line and column: a
// setting of the wrong shape (what it must be, and what it was: text shortened, kinds in words),
// a reference to a step that has not run, a bad id or variable, YAML that does not parse.
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

describe('references between steps, ids, variables and YAML itself', () => {
  it.each([
    [
      '- claude: "${shell.output}"\n- shell: a\n',
      [
        "p.yml:1:12: `${shell.output}` is used before any shell step has run; move it after a shell step (or into a shell step's handler), or use ${<id>.output}",
      ],
    ],
    [
      '- shell: a\n  id: a\n  capture_output: false\n- claude: "${a.output}"\n',
      [
        'p.yml:4:12: `${a.output}` is always empty because step `a` has capture_output: false; remove that line or stop using its output',
      ],
    ],
    ['- shell: a\n  id: a\n  capture_output: false\n- claude: "${a.exit_code} ${a.success}"\n', []],
    ['- shell: a\n  id: outer\n  on_failure:\n    claude: "${outer.output}"\n', []],
    [
      '- shell: a\n  on_failure:\n    claude: "${x.output}"\n    id: x\n',
      [
        'p.yml:3:14: `${x.output}` refers to the step itself, which has not finished yet; its values exist only in its own on_failure/on_success handlers and in later steps',
      ],
    ],
    [
      '- claude: "${b.output} ${a.output}"\n- shell: a\n  id: a\n- shell: b\n  id: b\n',
      [
        'p.yml:1:12: `${b.output}` refers to step `b` (line 4), which has not run yet at this point; a step can use values only of steps that ran before it',
        'p.yml:1:24: `${a.output}` refers to step `a` (line 2), which has not run yet at this point; a step can use values only of steps that ran before it',
      ],
    ],
    ['steps:\n  - claude: go\n    id: a\nuntil:\n  shell: "test ${a.output}"\n', []],
    [
      'steps:\n  - claude: go\nuntil:\n  shell: "echo ${shell.output}"\n',
      [
        "p.yml:4:16: `${shell.output}` is used before any shell step has run; move it after a shell step (or into a shell step's handler), or use ${<id>.output}",
      ],
    ],
    ['steps:\n  - shell: go\nuntil:\n  claude: "${shell.output}"\n', []],
    [
      '- claude: "${nope.output}"\n',
      ['p.yml:1:12: `${nope.output}` refers to no step with id `nope`; give the step an `id:`'],
    ],
    [
      '- shell: a\n  id: a\n- claude: "${nope.output}"\n',
      ['p.yml:3:12: `${nope.output}` refers to no step with id `nope`; step ids here: a'],
    ],
    [
      '- shell: a\n  id: shell\n',
      ['p.yml:2:7: id `shell` is reserved (${shell.…} means something else); choose another id'],
    ],
    [
      '- shell: a\n  id: env\n',
      ['p.yml:2:7: id `env` is reserved (${env.…} means something else); choose another id'],
    ],
    [
      '- shell: a\n  env: {"1A": x, "A-B": y, _ok: z}\n',
      [
        'p.yml:2:9: bad environment variable name `1A`: use letters, digits and _, not starting with a digit',
        'p.yml:2:18: bad environment variable name `A-B`: use letters, digits and _, not starting with a digit',
      ],
    ],
    [
      '- claude: "${env.1A}"\n',
      ['p.yml:1:12: bad environment variable name in `${env.1A}`; use ${env.NAME}'],
    ],
    [
      '- shell: "echo ${FOO}"\n',
      [
        "p.yml:1:16: unknown variable `${FOO}`; for the shell's own variable write $FOO or $${FOO}, for mmm's environment ${env.FOO}",
      ],
    ],
    [
      '- claude: "${FOO}"\n',
      [
        'p.yml:1:12: unknown variable `${FOO}`; mmm knows ${ARG}, ${item}, ${ITERATION}, ${env.NAME}, ${shell.output} or ${<id>.output|exit_code|success|violation|<output name>}',
      ],
    ],
    [
      '- shell: "echo \'unclosed\n',
      ['p.yml:1:10: YAML syntax: this " string is never closed; add the closing "'],
    ],
    [
      '- shell: "a\n',
      ['p.yml:1:10: YAML syntax: this " string is never closed; add the closing "'],
    ],
    [
      '- shell: !bang\n',
      [
        'p.yml:1:10: YAML read `!bang` as a tag; put the whole value in quotes when `!` is part of it',
      ],
    ],
    [
      '- shell: a\n  id: a\n- shell: b\n  id: a\n- shell: c\n  id: a\n',
      [
        'p.yml:4:7: duplicate id `a` (first used at line 2); ids must be unique',
        'p.yml:6:7: duplicate id `a` (first used at line 2); ids must be unique',
      ],
    ],
    [
      '',
      [
        'p.yml:1:1: the playbook is empty: a playbook is a list of steps, or a mapping with `steps:` (or `commands:`) and settings',
      ],
    ],
    [
      '# only a comment\n',
      [
        'p.yml:1:1: the playbook is empty: a playbook is a list of steps, or a mapping with `steps:` (or `commands:`) and settings',
      ],
    ],
    [
      '~\n',
      [
        'p.yml:1:1: the playbook is empty: a playbook is a list of steps, or a mapping with `steps:` (or `commands:`) and settings',
      ],
    ],
    [
      '- shell: a\nsteps: x\n',
      [
        'p.yml:2:1: YAML syntax: Unexpected scalar at node end',
        'p.yml:2:6: YAML syntax: Unexpected map-value-ind token in YAML stream: ":"',
        'p.yml:2:8: YAML syntax: Unexpected scalar token in YAML stream: "x"',
      ],
    ],
    ['steps: []\n', ['p.yml:1:8: a playbook needs at least one step']],
    [
      '- shell: a\n  when: "${b.success}"\n- shell: b\n  id: b\n',
      [
        'p.yml:2:10: `${b.success}` refers to step `b` (line 3), which has not run yet at this point; a step can use values only of steps that ran before it',
      ],
    ],
    [
      '- shell: a\n  id: b\n  when: "${b.success}"\n',
      [
        'p.yml:3:10: `${b.success}` refers to the step itself, which has not finished yet; its values exist only in its own on_failure/on_success handlers and in later steps',
      ],
    ],
    [
      '- shell: a\n  id: a\n- shell: "${a.report}"\n',
      [
        'p.yml:3:11: `${a.report}` asks for `report`, which step `a` does not have; use one of output, exit_code, success, violation',
      ],
    ],
    [
      '- shell: a\n  id: a\n  outputs: {report: {file_pattern: x}}\n- shell: "echo ${a.report}"\n',
      [],
    ],
  ])('%j', (text, problems) => {
    expect(parsePlaybook(text, 'p.yml').problems.map(formatProblem)).toEqual(problems);
  });
});
