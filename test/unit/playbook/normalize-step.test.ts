// Step-level checks: ids unique however the step got into the list, commands that say something.
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../src/errors.js';
import { parsePlaybook } from '../../../src/playbook/index.js';

const problems = (text: string) => parsePlaybook(text, 'p.yml').problems.map(formatProblem);

describe('duplicate ids through YAML aliases', () => {
  it('a step repeated by an alias is a second step with the same id', () => {
    expect(problems('- &s {shell: "echo hi", id: a}\n- *s\n')).toEqual([
      'p.yml:2:3: duplicate id `a` (first used at line 1, repeated here by alias *s); ids must be unique',
    ]);
  });

  it('so is a step that takes the id through a merge key', () => {
    expect(problems('- &s {shell: "echo hi", id: a}\n- {<<: *s, shell: "echo bye"}\n')).toEqual([
      'p.yml:2:3: duplicate id `a` (first used at line 1, brought in by a merge key (<<)); ids must be unique',
    ]);
  });

  it('and a command repeated by an alias', () => {
    expect(problems('commands:\n  - &c {name: mmm-lint, id: lint}\n  - *c\n')).toEqual([
      'p.yml:3:5: duplicate id `lint` (first used at line 2, repeated here by alias *c); ids must be unique',
    ]);
  });

  it('one handler shared by several steps through an alias is still fine', () => {
    const text = [
      '- shell: npm test',
      '  on_failure: &fix {claude: "/mmm-fix ${shell.output}", id: fix}',
      '- shell: npm run e2e',
      '  on_failure: *fix',
      '',
    ].join('\n');
    expect(problems(text)).toEqual([]);
  });
});

describe('whitespace-only commands and prompts are empty', () => {
  it('in shell: and claude:, like ""', () => {
    expect(problems('- shell: "   "\n- claude: " \\n\\t"\n- shell: ""\n')).toEqual([
      'p.yml:1:10: `shell` must not be empty; it holds only whitespace',
      'p.yml:2:11: `claude` must not be empty; it holds only whitespace',
      'p.yml:3:10: `shell` must not be empty',
    ]);
  });

  it('in handlers and until:', () => {
    const text = 'until: {shell: " "}\nsteps:\n  - shell: a\n    on_failure: {claude: "  "}\n';
    expect(problems(text)).toEqual([
      'p.yml:1:16: `shell` must not be empty; it holds only whitespace',
      'p.yml:4:26: `claude` must not be empty; it holds only whitespace',
    ]);
  });

  it('in commands:, where such an entry used to vanish', () => {
    expect(problems('commands:\n  - "  "\n  - {name: " "}\n  - mmm-lint\n')).toEqual([
      'p.yml:2:5: command 1 must not be empty; it holds only whitespace',
      'p.yml:3:12: `name` must not be empty; it holds only whitespace',
    ]);
  });
});
