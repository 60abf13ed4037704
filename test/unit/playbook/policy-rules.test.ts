// The rules `policy:` (a playbook's) and .mmm/policy.yml (a repository's) are read into, and what
// a user is told, word for word and at which line, when a rule is written wrong.
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../src/errors.js';
import { parsePlaybook } from '../../../src/playbook/index.js';
import { parsePolicyFile } from '../../../src/playbook/policy-file.js';

const repo = (text: string) => {
  const { rules, problems } = parsePolicyFile(text, '.mmm/policy.yml');
  return { rules, problems: problems.map(formatProblem) };
};

const playbook = (policy: string) => {
  const text = `policy:\n${policy}\nsteps:\n  - shell: "true"\n`;
  const { playbook, problems } = parsePlaybook(text, 'p.yml');
  return { rules: playbook?.policy, problems: problems.map(formatProblem) };
};

describe('rules that are read', () => {
  it('each rule in its bare form, at the default severity (block)', () => {
    const { rules, problems } = repo(
      [
        'max_changed_files: 10',
        'max_changed_lines: 0',
        'deny_paths: ["  secrets/**  ", "*.pem"]',
        'allow_paths: [src/**]',
        'deny_deletions: true',
        'dependencies: true',
        'secrets: true',
        'protect: true',
        '',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(rules).toEqual({
      max_changed_files: { value: 10, severity: 'block' },
      max_changed_lines: { value: 0, severity: 'block' },
      deny_paths: { value: ['secrets/**', '*.pem'], severity: 'block' },
      allow_paths: { value: ['src/**'], severity: 'block' },
      deny_deletions: { value: true, severity: 'block' },
      dependencies: { value: true, severity: 'block' },
      secrets: { value: true, severity: 'block' },
      protect: { value: true, severity: 'block' },
    });
  });

  it('a switch written as its severity, and any rule as { value, severity }', () => {
    const { rules, problems } = repo(
      [
        'secrets: warn',
        'dependencies: approve',
        'deny_deletions: block',
        'protect: [".github/**"]',
        'max_changed_files: { value: 3, severity: approve }',
        'deny_paths: { value: [dist/**] }',
        'allow_paths: { value: [src/**], severity: warn }',
        '',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(rules).toEqual({
      secrets: { value: true, severity: 'warn' },
      dependencies: { value: true, severity: 'approve' },
      deny_deletions: { value: true, severity: 'block' },
      protect: { value: ['.github/**'], severity: 'block' },
      max_changed_files: { value: 3, severity: 'approve' },
      deny_paths: { value: ['dist/**'], severity: 'block' },
      allow_paths: { value: ['src/**'], severity: 'warn' },
    });
  });

  it("a playbook's policy may turn a rule off with false", () => {
    const { rules, problems } = playbook(
      '  secrets: false\n  allow_paths: false\n  max_changed_lines: { value: false, severity: warn }',
    );
    expect(problems).toEqual([]);
    expect(rules).toEqual({
      secrets: { value: false, severity: 'block' },
      allow_paths: { value: false, severity: 'block' },
      max_changed_lines: { value: false, severity: 'warn' },
    });
  });

  it('a file of comments adds no rule', () => {
    expect(repo('# nothing yet\n')).toEqual({ rules: {}, problems: [] });
  });
});

describe('rules written wrong', () => {
  it.each([
    [
      'max_changed_files: -1',
      '.mmm/policy.yml:1:20: `max_changed_files` must be a whole number (0 or more), got -1',
    ],
    [
      'max_changed_lines: 2.5',
      '.mmm/policy.yml:1:20: `max_changed_lines` must be a whole number (0 or more), got 2.5',
    ],
    [
      'max_changed_files: "3"',
      '.mmm/policy.yml:1:20: `max_changed_files` must be a whole number (0 or more), got "3"',
    ],
    [
      'max_changed_files: true',
      '.mmm/policy.yml:1:20: `max_changed_files` must be a whole number (0 or more), got true',
    ],
    [
      'secrets: 1',
      '.mmm/policy.yml:1:10: `secrets` must be true, false, block, warn or approve, got 1',
    ],
    [
      'secrets: [a]',
      '.mmm/policy.yml:1:10: `secrets` must be true, false, block, warn or approve, got a list',
    ],
    [
      'dependencies: loud',
      '.mmm/policy.yml:1:15: `dependencies` must be true, false, block, warn or approve, got "loud"',
    ],
    [
      'protect: 3',
      '.mmm/policy.yml:1:10: `protect` must be true (the default protected paths), false, or a list of globs, got 3',
    ],
    ['deny_paths: true', '.mmm/policy.yml:1:13: `deny_paths` must be a list of globs, got true'],
    ['deny_paths:', '.mmm/policy.yml:1:12: `deny_paths` must be a list of globs, got nothing'],
    [
      'deny_paths: {severity: warn}',
      '.mmm/policy.yml:1:13: missing `value` in `deny_paths`: write { value: <a list of globs>, severity: block|warn|approve }',
    ],
    [
      'allow_paths: []',
      '.mmm/policy.yml:1:14: `allow_paths` must list at least one glob; write `allow_paths: false` to turn it off',
    ],
  ])('%s', (text, problem) => {
    const { rules, problems } = repo(`${text}\n`);
    expect(problems).toContain(problem);
    expect(problems).toHaveLength(1);
    if (!text.startsWith('allow_paths')) expect(rules).toEqual({});
  });

  it('each entry of a glob list that is not a glob, the others kept', () => {
    const { rules, problems } = repo(
      'deny_paths:\n  - src/**\n  - "   "\n  - 7\n  - [x]\n  - {y: 1}\n  -\n',
    );
    expect(problems).toEqual([
      '.mmm/policy.yml:3:5: each entry of `deny_paths` must be a glob such as "src/**", got "   "',
      '.mmm/policy.yml:4:5: each entry of `deny_paths` must be a glob such as "src/**", got 7',
      '.mmm/policy.yml:5:5: each entry of `deny_paths` must be a glob such as "src/**", got a list',
      '.mmm/policy.yml:6:5: each entry of `deny_paths` must be a glob such as "src/**", got a mapping',
      '.mmm/policy.yml:7:4: each entry of `deny_paths` must be a glob such as "src/**", got nothing',
    ]);
    expect(rules).toEqual({ deny_paths: { value: ['src/**'], severity: 'block' } });
  });

  it('an unknown key or severity in { value, severity }', () => {
    expect(repo('secrets: { value: true, severity: loud, level: 2 }\n').problems).toEqual([
      '.mmm/policy.yml:1:41: unknown key `level` in `secrets`; a rule is its setting, or { value, severity }',
      '.mmm/policy.yml:1:35: `severity` must be block, warn or approve, got "loud"',
    ]);
    expect(repo('secrets: { value: 2, severity: warn }\n').problems).toEqual([
      '.mmm/policy.yml:1:19: `secrets` must be true, false, block, warn or approve, got 2',
    ]);
    expect(repo('secrets: { value: true, severity: 1 }\n').rules).toEqual({});
  });

  it('an unknown rule, with the nearest name or the list of rules', () => {
    expect(repo('secret: true\n').problems).toEqual([
      '.mmm/policy.yml:1:1: unknown policy rule `secret`; did you mean `secrets`?',
    ]);
    expect(repo('colour: red\n').problems).toEqual([
      '.mmm/policy.yml:1:1: unknown policy rule `colour`; the rules are max_changed_files, max_changed_lines, deny_paths, allow_paths, deny_deletions, dependencies, secrets, protect',
    ]);
  });

  it('a policy that is not a mapping, named after where it was written', () => {
    expect(repo('- secrets\n').problems).toEqual([
      '.mmm/policy.yml:1:1: .mmm/policy.yml must be a mapping of rules (max_changed_files, max_changed_lines, deny_paths, allow_paths, deny_deletions, dependencies, secrets, protect), got a list',
    ]);
    expect(repo('secrets\n').problems).toEqual([
      '.mmm/policy.yml:1:1: .mmm/policy.yml must be a mapping of rules (max_changed_files, max_changed_lines, deny_paths, allow_paths, deny_deletions, dependencies, secrets, protect), got "secrets"',
    ]);
    expect(playbook('  - secrets').problems.join('\n')).toContain(
      '`policy` must be a mapping of rules (max_changed_files, max_changed_lines, deny_paths, allow_paths, deny_deletions, dependencies, secrets, protect), got a list',
    );
  });

  it('the repository file cannot turn a rule off', () => {
    const { rules, problems } = repo(
      'secrets: false\ndeny_paths: { value: false }\nprotect: true\n',
    );
    expect(problems).toEqual([
      ".mmm/policy.yml:1:10: `secrets: false` turns nothing off here: .mmm/policy.yml can only add rules to a playbook's policy; remove the line",
      ".mmm/policy.yml:2:22: `deny_paths: false` turns nothing off here: .mmm/policy.yml can only add rules to a playbook's policy; remove the line",
    ]);
    expect(rules).toEqual({ protect: { value: true, severity: 'block' } });
  });

  it('YAML that does not parse is reported as such, with no rules', () => {
    const { rules, problems } = repo('secrets: [true\n');
    expect(rules).toEqual({});
    expect(problems[0]).toMatch(/^\.mmm\/policy\.yml:\d+:\d+: YAML syntax: /);
  });
});
