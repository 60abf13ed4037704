// The policy's logic on its own: which paths a glob names, how a step's rules merge over the
// playbook's, what each rule finds in a change, and what the repository's file may say.
import { describe, expect, it } from 'vitest';
import type { ChangedFile } from '../../../src/git/changes.js';
import { parseAddedLines } from '../../../src/git/changes.js';
import {
  checkPolicy,
  stepRules,
  type RuleSet,
  type SecretFinding,
} from '../../../src/engine/policy/check.js';
import { isMmmManifest, pathMatcher } from '../../../src/engine/policy/paths.js';
import { parsePolicyFile } from '../../../src/playbook/policy-file.js';
import type { PolicyRules } from '../../../src/playbook/model.js';
import { parsePlaybook } from '../../../src/playbook/parse.js';

function file(path: string, fields: Partial<ChangedFile> = {}): ChangedFile {
  return {
    path,
    status: 'modified',
    added: 1,
    deleted: 0,
    binary: false,
    addedLines: [],
    ...fields,
  };
}

const noSecrets = () => Promise.resolve<SecretFinding[]>([]);
const playbookSet = (rules: PolicyRules): RuleSet[] => [{ origin: 'playbook', rules }];

async function broken(rules: PolicyRules, files: ChangedFile[]): Promise<string[]> {
  const found = await checkPolicy(files, playbookSet(rules), noSecrets);
  return found.map((v) => `${v.severity} ${v.message}`);
}

describe('pathMatcher', () => {
  it.each([
    ['*.pem', 'a.pem', true],
    ['*.pem', 'deep/keys/a.pem', true],
    ['/*.pem', 'deep/a.pem', false],
    ['/*.pem', 'a.pem', true],
    ['secrets/**', 'secrets/a/b.txt', true],
    ['secrets/**', 'app/secrets/a.txt', false],
    ['secrets/', 'secrets/a/b.txt', true],
    ['src/*.ts', 'src/a/b.ts', false],
    ['.gitattributes', 'sub/.gitattributes', true],
    ['/.gitmodules', 'sub/.gitmodules', false],
    ['.github/workflows/**', '.github/workflows/ci.yml', true],
    ['requirements*.txt', 'py/requirements-dev.txt', true],
  ])('%s on %s: %s', (glob, path, expected) => {
    expect(pathMatcher([glob])(path) !== undefined).toBe(expected);
  });

  it('says which glob matched', () => {
    expect(pathMatcher(['*.md', 'docs/**'])('docs/a.txt')).toBe('docs/**');
  });
});

describe('stepRules', () => {
  const base = parsePlaybook(
    [
      'policy:',
      '  max_changed_files: 10',
      '  deny_paths: ["*.pem"]',
      'steps:',
      '  - shell: "true"',
      '    policy:',
      '      max_changed_files: { value: 50, severity: warn }',
      '      protect: false',
      '    on_failure:',
      '      shell: "true"',
      '  - shell: "true"',
    ].join('\n'),
    'pb.yml',
  ).playbook;

  it('merges a step over the playbook rule by rule, and a handler follows its step', () => {
    expect(base).toBeDefined();
    if (!base) return;
    const [first, second] = base.steps;
    if (!first?.onFailure || !second) throw new Error('steps missing');
    const merged = stepRules(base, first);
    expect(merged.max_changed_files).toEqual({ value: 50, severity: 'warn' });
    expect(merged.deny_paths).toEqual({ value: ['*.pem'], severity: 'block' });
    expect(merged.protect).toEqual({ value: false, severity: 'block' });
    expect(stepRules(base, first.onFailure.step)).toEqual(merged);
  });

  it('protects the default paths when nothing says otherwise', () => {
    if (!base?.steps[1]) throw new Error('steps missing');
    expect(stepRules(base, base.steps[1]).protect).toEqual({ value: true, severity: 'block' });
    expect(stepRules(base, base.steps[1]).max_changed_files?.value).toBe(10);
  });
});

describe('checkPolicy', () => {
  it('counts files and added plus deleted lines', async () => {
    const files = [file('a', { added: 3, deleted: 2 }), file('b', { added: 1 })];
    expect(await broken({ max_changed_files: { value: 2, severity: 'block' } }, files)).toEqual([]);
    expect(await broken({ max_changed_files: { value: 1, severity: 'warn' } }, files)).toEqual([
      'warn max_changed_files: changed 2 files, more than 1: a, b',
    ]);
    expect(await broken({ max_changed_lines: { value: 6, severity: 'block' } }, files)).toEqual([]);
    expect(await broken({ max_changed_lines: { value: 5, severity: 'block' } }, files)).toEqual([
      'block max_changed_lines: changed 6 lines (+4 -2), more than 5',
    ]);
  });

  it('finds denied paths, paths outside allow_paths, deletions and dependency files', async () => {
    const files = [
      file('src/a.ts'),
      file('keys/k.pem', { status: 'added' }),
      file('old.txt', { status: 'deleted' }),
      file('web/package-lock.json'),
    ];
    expect(
      await broken(
        {
          deny_paths: { value: ['*.pem'], severity: 'block' },
          allow_paths: { value: ['src/**', 'keys/**'], severity: 'warn' },
          deny_deletions: { value: true, severity: 'block' },
          dependencies: { value: true, severity: 'warn' },
        },
        files,
      ),
    ).toEqual([
      'block deny_paths: changed denied paths: keys/k.pem (*.pem)',
      'warn allow_paths: changed paths outside src/**, keys/**: old.txt, web/package-lock.json',
      'block deny_deletions: deleted old.txt',
      'warn dependencies: changed dependency manifests or lockfiles: web/package-lock.json',
    ]);
  });

  it('leaves a rule that is off alone', async () => {
    const files = [file('a.pem', { status: 'deleted' })];
    expect(
      await broken(
        {
          deny_paths: { value: false, severity: 'block' },
          deny_deletions: { value: false, severity: 'block' },
          protect: { value: false, severity: 'block' },
        },
        files,
      ),
    ).toEqual([]);
  });

  it('protects the defaults, or the list that replaces them, but not a new run manifest', async () => {
    const files = [
      file('.github/workflows/ci.yml'),
      file('.mmm/policy.yml'),
      file('.mmm/provenance/01ABC.json', { status: 'added' }),
      file('lib/.gitattributes'),
      file('.gitignore'),
    ];
    expect(await broken({ protect: { value: true, severity: 'block' } }, files)).toEqual([
      'block protect: changed protected paths: .github/workflows/ci.yml, .mmm/policy.yml, lib/.gitattributes',
    ]);
    expect(await broken({ protect: { value: ['.gitignore'], severity: 'warn' } }, files)).toEqual([
      'warn protect: changed protected paths: .gitignore',
    ]);
    expect(isMmmManifest('.mmm/provenance/01ABC.json', 'modified')).toBe(false);
  });

  it('scans once for every set, and names the file, line and rule of a secret', async () => {
    let scans = 0;
    const scan = () => {
      scans += 1;
      return Promise.resolve([
        {
          path: 'a.env',
          line: 3,
          ruleId: '@secretlint/secretlint-rule-aws',
          messageId: 'AWSAccessKeyID',
        },
      ]);
    };
    const sets: RuleSet[] = [
      { origin: 'playbook', rules: { secrets: { value: true, severity: 'warn' } } },
      { origin: 'repository', rules: { secrets: { value: true, severity: 'block' } } },
    ];
    const found = await checkPolicy([file('a.env')], sets, scan);
    expect(scans).toBe(1);
    expect(found.map((v) => `${v.severity} ${v.message}`)).toEqual([
      'warn secrets: added what looks like a secret at a.env:3 (AWSAccessKeyID, @secretlint/secretlint-rule-aws)',
      'block secrets (.mmm/policy.yml): added what looks like a secret at a.env:3 (AWSAccessKeyID, @secretlint/secretlint-rule-aws)',
    ]);
    expect(found[0]?.paths).toEqual(['a.env']);
  });
});

describe('parseAddedLines', () => {
  it('numbers the added lines of each file as the file has them', () => {
    const patch = [
      'diff --git a/a.txt b/a.txt',
      'index 1..2 100644',
      '--- a/a.txt',
      '+++ b/a.txt',
      '@@ -1,0 +2,2 @@',
      '+two',
      '+three',
      '@@ -9 +10 @@',
      '-old',
      '+ten',
      'diff --git a/b.txt b/b.txt',
      'deleted file mode 100644',
      '--- a/b.txt',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-gone',
    ].join('\n');
    expect(parseAddedLines(patch)).toEqual([
      [
        { line: 2, text: 'two' },
        { line: 3, text: 'three' },
        { line: 10, text: 'ten' },
      ],
      [],
    ]);
  });

  it('reads an added line that starts with "++ " as added, and counts the context git shows', () => {
    const patch = [
      'diff --git a/a.txt b/a.txt',
      '--- a/a.txt',
      '+++ b/a.txt',
      '@@ -1,0 +1,3 @@',
      '+++ aws_key = AKIA',
      '+ middle',
      '+--- not a header',
      'diff --git a/b.txt b/b.txt',
      '--- a/b.txt',
      '+++ b/b.txt',
      '@@ -2,7 +2,7 @@',
      '-old',
      '+new',
      ' kept',
      ' kept',
      ' kept',
      ' kept',
      ' kept',
      '-old',
      '+eight',
    ].join('\n');
    expect(parseAddedLines(patch)).toEqual([
      [
        { line: 1, text: '++ aws_key = AKIA' },
        { line: 2, text: ' middle' },
        { line: 3, text: '--- not a header' },
      ],
      [
        { line: 2, text: 'new' },
        { line: 8, text: 'eight' },
      ],
    ]);
  });
});

describe('parseAddedLines and a type change', () => {
  it('reads the two sections of a path whose type changed as one file', () => {
    const patch = [
      'diff --git a/b.txt b/b.txt',
      'deleted file mode 100644',
      '--- a/b.txt',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-two',
      'diff --git a/b.txt b/b.txt',
      'new file mode 120000',
      '--- /dev/null',
      '+++ b/b.txt',
      '@@ -0,0 +1 @@',
      '+a.txt',
      'diff --git a/c.txt b/c.txt',
      '--- a/c.txt',
      '+++ b/c.txt',
      '@@ -0,0 +1 @@',
      '+key',
    ].join('\n');
    expect(parseAddedLines(patch)).toEqual([
      [{ line: 1, text: 'a.txt' }],
      [{ line: 1, text: 'key' }],
    ]);
  });
});

describe('.mmm/policy.yml', () => {
  it('reads rules as a playbook writes them', () => {
    const { rules, problems } = parsePolicyFile(
      'deny_paths: ["*.log"]\nsecrets: warn\n',
      '.mmm/policy.yml',
    );
    expect(problems).toEqual([]);
    expect(rules).toEqual({
      deny_paths: { value: ['*.log'], severity: 'block' },
      secrets: { value: true, severity: 'warn' },
    });
  });

  it('refuses to turn a rule off, at the line and column of the value', () => {
    const { problems } = parsePolicyFile(
      'max_changed_files: { value: false }\nprotect: false\n',
      '.mmm/policy.yml',
    );
    expect(problems.map((p) => `${p.line}:${p.col}`)).toEqual(['1:29', '2:10']);
    expect(problems[0]?.message).toMatch(/can only add rules/);
  });

  it('adds nothing when it holds only comments', () => {
    expect(parsePolicyFile('# none yet\n', '.mmm/policy.yml')).toEqual({ rules: {}, problems: [] });
  });
});
