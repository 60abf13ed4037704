// Every example playbook: valid against the schema and the reference rules, and run end to end by
// the built `mmm` (init, then cook) on a copy of the node-basic fixture project, with the scripted
// fake claude making the edits each prompt asks for.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlaybook } from '../../src/playbook/index.js';
import { writeScenario, type FakeCall, type FakeTurn } from '../helpers/fake-claude.js';
import { makeFixtureRepo } from '../helpers/init-project.js';

const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin', 'mmm.js');
const examplesDir = join(root, 'examples');
const EXAMPLES = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.yml'))
  .sort();
const scratch = mkdtempSync(join(tmpdir(), 'mmm-examples-'));
const cleanups: (() => void)[] = [];

beforeAll(() => {
  // test/global-setup.ts has built dist/.
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) throw new Error('npm run build failed');
}, 180_000);

afterAll(() => {
  for (const cleanup of cleanups) cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

describe('every example', () => {
  it('covers the documented set', () => {
    expect(EXAMPLES).toEqual([
      'coverage.yml',
      'default.yml',
      'documentation.yml',
      'implement.yml',
      'performance.yml',
      'ralph.yml',
      'reviewed-refactor.yml',
      'security.yml',
      'tdd.yml',
      'tech-debt.yml',
    ]);
  });

  it.each(EXAMPLES)('%s loads without problems and says how to run it', async (file) => {
    const playbook = await loadPlaybook(join(examplesDir, file), { cwd: root });
    expect(playbook.steps.length).toBeGreaterThan(0);
    const text = readFileSync(join(examplesDir, file), 'utf8');
    expect(text.split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../schemas/playbook.schema.json',
    );
    expect(text).toContain(`# Run:     mmm cook examples/${file}`);
  });
});

interface ExampleRun {
  status: number | null;
  stdout: string;
  stderr: string;
  dir: string;
  /** The environment the run had (the fake claude's scenario among it), for later commands. */
  env: NodeJS.ProcessEnv;
  /** HEAD before the run. */
  base: string;
  calls: FakeCall[];
  /** Subjects of the commits the run made, oldest first. */
  commits: string[];
  git: (...args: string[]) => string;
}

/**
 * A copy of node-basic with `mmm init` run and committed (as a user would), `setup` files
 * committed on top, then `mmm cook examples/<file> ...args` with the fake claude playing `turns`.
 * With `copied`, the example is committed into the project and run from there, as a run that
 * `mmm approve` continues needs: it finds the playbook where the run did.
 */
function cookExample(
  file: string,
  turns: FakeTurn[],
  args: string[] = [],
  setup: Record<string, string> = {},
  { copied = false }: { copied?: boolean } = {},
): ExampleRun {
  const repo = makeFixtureRepo('node-basic');
  cleanups.push(repo.cleanup);
  const env = { ...process.env, NO_COLOR: '1', CI: '1' };
  const init = spawnSync(process.execPath, [bin, 'init'], { cwd: repo.dir, env, encoding: 'utf8' });
  expect(init.status, init.stderr).toBe(0);
  for (const [path, content] of Object.entries(setup)) repo.write(path, content);
  const playbook = copied ? join('examples', file) : join(examplesDir, file);
  if (copied) repo.write(playbook, readFileSync(join(examplesDir, file), 'utf8'));
  const base = repo.commitAll('mmm init');
  const fake = writeScenario(mkdtempSync(join(scratch, 'scenario-')), turns);
  const runEnv = { ...env, ...fake.env };
  const run = spawnSync(process.execPath, [bin, 'cook', playbook, ...args], {
    cwd: repo.dir,
    env: runEnv,
    encoding: 'utf8',
    timeout: 240_000,
  });
  const log = repo.git('log', '--reverse', '--format=%s', `${base}..HEAD`);
  return {
    status: run.status,
    stdout: run.stdout,
    stderr: run.stderr,
    dir: repo.dir,
    env: runEnv,
    base,
    calls: fake.calls(),
    commits: log === '' ? [] : log.split('\n').filter((s) => !s.endsWith(': provenance')),
    git: repo.git,
  };
}

/** The project's own tests, run directly: how many pass, and whether all do. */
function projectTests(dir: string): { ok: boolean; passed: number } {
  const result = spawnSync(process.execPath, ['--test'], { cwd: dir, encoding: 'utf8' });
  const passed = Number(/# pass (\d+)/.exec(result.stdout)?.[1] ?? 0);
  return { ok: result.status === 0, passed };
}

// An empty $ARG leaves a trailing space after the command name, which Claude Code ignores.
const prompts = (run: ExampleRun) => run.calls.map((c) => c.prompt.trimEnd());
const expectClean = (run: ExampleRun) => expect(run.git('status', '--porcelain')).toBe('');

const spec = (title: string) =>
  `# Iteration 1: ${title}\n\n## Scope\nsrc/math.js\n\n## Findings\n\n### 1. Add multiply\n` +
  '- Where: `src/math.js:1`\n- Problem: callers multiply by hand\n' +
  '- Change: export multiply(a, b)\n- Verify: npm test\n\n## Checks\nnpm test\n';

const MATH_WITH_MULTIPLY =
  'export function add(a, b) {\n  return a + b;\n}\n\n' +
  'export function multiply(a, b) {\n  return a * b;\n}\n';
const MULTIPLY_TEST =
  "import assert from 'node:assert/strict';\nimport { test } from 'node:test';\n" +
  "import { multiply } from '../src/math.js';\n\n" +
  "test('multiply multiplies', () => {\n  assert.equal(multiply(3, 4), 12);\n});\n";

/** Turns for a spec-writing command followed by the command that implements that spec. */
function specThenImplement(writer: string, slug: string, implementer = '/mmm-implement-spec') {
  const path = `specs/temp/iteration-1-${slug}.md`;
  return [
    { match: `^/${writer}`, write: { [path]: spec(slug) }, result: `Wrote ${path}` },
    {
      match: `^${implementer} ${path.replace(/\./g, '\\.')}$`,
      write: { 'src/math.js': MATH_WITH_MULTIPLY, 'test/multiply.test.js': MULTIPLY_TEST },
      delete: [path],
    },
  ] satisfies FakeTurn[];
}

describe('examples run end to end', () => {
  it('default.yml: review, implement, test and lint, then stops when a review finds nothing', () => {
    const run = cookExample('default.yml', [
      ...specThenImplement('mmm-code-review', 'improvements'),
      { match: '^/mmm-lint$', result: 'Nothing to fix.' },
    ]);
    expect(run.status, run.stderr).toBe(0);
    // Iteration 2: the review writes nothing, so implement is skipped and nothing is committed.
    expect(prompts(run)).toEqual([
      '/mmm-code-review',
      '/mmm-implement-spec specs/temp/iteration-1-improvements.md',
      '/mmm-lint',
      '/mmm-code-review',
      '/mmm-lint',
    ]);
    expect(run.commits).toHaveLength(2);
    expect(existsSync(join(run.dir, 'specs/temp/iteration-1-improvements.md'))).toBe(false);
    expect(projectTests(run.dir)).toEqual({ ok: true, passed: 2 });
    expectClean(run);
  });

  it.each([
    ['security.yml', 'mmm-security-audit', 'security'],
    ['performance.yml', 'mmm-performance', 'performance'],
    ['tech-debt.yml', 'mmm-cleanup-tech-debt', 'tech-debt'],
  ])('%s: writes its spec, implements it, keeps the tests green', (file, writer, slug) => {
    const run = cookExample(file, specThenImplement(writer, slug));
    expect(run.status, run.stderr).toBe(0);
    expect(prompts(run).slice(0, 2)).toEqual([
      `/${writer}`,
      `/mmm-implement-spec specs/temp/iteration-1-${slug}.md`,
    ]);
    expect(run.commits).toHaveLength(2);
    expect(projectTests(run.dir)).toEqual({ ok: true, passed: 2 });
    expectClean(run);
  });

  it('coverage.yml: the coverage spec becomes tests', () => {
    const run = cookExample(
      'coverage.yml',
      specThenImplement('mmm-analyze-coverage', 'coverage', '/mmm-test-generate'),
    );
    expect(run.status, run.stderr).toBe(0);
    expect(prompts(run)[1]).toBe('/mmm-test-generate specs/temp/iteration-1-coverage.md');
    expect(run.commits).toHaveLength(2);
    expect(projectTests(run.dir)).toEqual({ ok: true, passed: 2 });
  });

  it('tdd.yml: failing tests first, then the fix loop makes them pass', () => {
    const run = cookExample(
      'tdd.yml',
      [
        {
          match: '^/mmm-write-tests multiply\\(a, b\\)',
          write: { 'test/multiply.test.js': MULTIPLY_TEST },
        },
        { match: '^/mmm-fix-test ', write: { 'src/math.js': MATH_WITH_MULTIPLY } },
      ],
      ['--args', 'multiply(a, b) returns the product'],
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toHaveLength(2);
    // The fix step was handed the failing test run: its output, or the file holding it.
    const handed = run.calls[1]!.prompt.slice('/mmm-fix-test '.length);
    const output = existsSync(handed) ? readFileSync(handed, 'utf8') : handed;
    expect(output).toMatch(/multiply/);
    expect(output).toMatch(/not ok|fail/i);
    expect(run.commits).toHaveLength(2);
    expect(projectTests(run.dir)).toEqual({ ok: true, passed: 2 });
  });

  it('tdd.yml: stops as not converging (exit 4) when a fix leaves the tests failing the same way', () => {
    const run = cookExample(
      'tdd.yml',
      [{ match: '^/mmm-write-tests ', write: { 'test/multiply.test.js': MULTIPLY_TEST } }],
      ['--args', 'multiply(a, b) returns the product'],
    );
    expect(run.status).toBe(4);
    // Two tries of the tests failing alike, one fix attempt between them; three tries unspent.
    expect(prompts(run).filter((p) => p.startsWith('/mmm-fix-test '))).toHaveLength(1);
    expect(run.stdout).toMatch(/not converging: it failed the same way 2 tries in a row/);
    expect(run.stdout).toMatch(/what was tried is in \S+escalation\.md/);
    expect(projectTests(run.dir).ok).toBe(false);
  });

  it('documentation.yml: documents the scope it is given', () => {
    const run = cookExample(
      'documentation.yml',
      [
        {
          match: '^/mmm-document src$',
          append: { 'README.md': '\n`add(a, b)` returns the sum.\n' },
        },
      ],
      ['--args', 'src'],
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.commits).toHaveLength(1);
    expect(readFileSync(join(run.dir, 'README.md'), 'utf8')).toContain('returns the sum');
  });

  it('implement.yml --map: one session per spec, merged, specs consumed', () => {
    const implement = (id: string, name: string, body: string): FakeTurn => ({
      select: `^/mmm-implement-spec specs/${id}-${name}\\.md$`,
      write: { [`src/${name}.js`]: body },
      delete: [`specs/${id}-${name}.md`],
    });
    const run = cookExample(
      'implement.yml',
      [
        implement('1', 'multiply', 'export const multiply = (a, b) => a * b;\n'),
        implement('2', 'subtract', 'export const subtract = (a, b) => a - b;\n'),
      ],
      ['--map', 'specs/*.md', '--jobs', '2', '--yes'],
      { 'specs/1-multiply.md': 'Add multiply.\n', 'specs/2-subtract.md': 'Add subtract.\n' },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(prompts(run).sort()).toEqual([
      '/mmm-implement-spec specs/1-multiply.md',
      '/mmm-implement-spec specs/2-subtract.md',
    ]);
    expect(existsSync(join(run.dir, 'src/multiply.js'))).toBe(true);
    expect(existsSync(join(run.dir, 'src/subtract.js'))).toBe(true);
    expect(existsSync(join(run.dir, 'specs'))).toBe(false);
    expectClean(run);
  });

  it('implement.yml --map: a session whose spec was not consumed fails', () => {
    const run = cookExample(
      'implement.yml',
      [{ match: '^/mmm-implement-spec ', write: { 'src/multiply.js': 'export {};\n' } }],
      ['--map', 'specs/*.md', '--yes'],
      { 'specs/1-multiply.md': 'Add multiply.\n' },
    );
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toContain('spec 1 was not deleted: specs/1-multiply.md');
    expect(existsSync(join(run.dir, 'src/multiply.js'))).toBe(false);
  });

  it('ralph.yml: one story per iteration until every story in prd.json passes', () => {
    const prd = (s1: boolean, s2: boolean) =>
      `${JSON.stringify(
        {
          stories: [
            { id: 'S1', title: 'Add multiply(a, b)', passes: s1 },
            { id: 'S2', title: 'Add subtract(a, b)', passes: s2 },
          ],
        },
        null,
        2,
      )}\n`;
    const run = cookExample(
      'ralph.yml',
      [
        {
          match: '"id":"S1"',
          write: {
            'src/multiply.js': 'export const multiply = (a, b) => a * b;\n',
            'prd.json': prd(true, false),
          },
          append: { 'progress.txt': 'S1: added multiply\n' },
        },
        {
          match: '"id":"S2"',
          write: {
            'src/subtract.js': 'export const subtract = (a, b) => a - b;\n',
            'prd.json': prd(true, true),
          },
          append: { 'progress.txt': 'S2: added subtract\n' },
        },
      ],
      [],
      { 'prd.json': prd(false, false) },
    );
    expect(run.status, run.stderr).toBe(0);
    // The until check stopped the run after the second story, long before max_iterations.
    expect(run.calls).toHaveLength(2);
    expect(run.commits).toHaveLength(2);
    expect(readFileSync(join(run.dir, 'progress.txt'), 'utf8')).toBe(
      'S1: added multiply\nS2: added subtract\n',
    );
    expectClean(run);
  });

  describe('reviewed-refactor.yml', () => {
    const REFACTORED = '/** Sum of two numbers. */\nexport const add = (a, b) => a + b;\n';
    const refactor = (write: Record<string, string>): FakeTurn[] => [
      { match: '^Refactor this, without changing what the code does: src/math\\.js\\n', write },
    ];
    const args = ['--args', 'src/math.js'];
    /** Another mmm command in the run's repository, with the run's environment. */
    const mmmIn = (run: ExampleRun, ...command: string[]) =>
      spawnSync(process.execPath, [bin, ...command], {
        cwd: run.dir,
        env: run.env,
        encoding: 'utf8',
        timeout: 240_000,
      });
    const refsUnder = (run: ExampleRun, prefix: string) =>
      run.git('for-each-ref', '--format=%(refname)', prefix).split('\n').filter(Boolean);

    it('holds the refactor for approval (exit 5); mmm approve lands exactly it, then the tests pass', () => {
      const run = cookExample(
        'reviewed-refactor.yml',
        refactor({ 'src/math.js': REFACTORED }),
        args,
        {},
        { copied: true },
      );
      expect(run.status, run.stderr).toBe(5);
      const id = /mmm approve ([0-9a-f]+)/.exec(run.stdout + run.stderr)?.[1] ?? '';
      expect(id).not.toBe('');
      // The branch has not moved; the change waits on its proposal ref.
      expect(run.git('rev-parse', 'HEAD')).toBe(run.base);
      expectClean(run);
      const ref = `refs/mmm/${id}/proposals/1`;
      const proposed = run.git('rev-parse', ref);
      expect(run.git('show', `${proposed}:src/math.js`)).toBe(REFACTORED.trimEnd());
      expect(mmmIn(run, 'pending').stdout).toContain(ref);

      const approved = mmmIn(run, 'approve', id);
      expect(approved.status, approved.stderr + approved.stdout).toBe(0);
      const landed = run.git('rev-list', '--reverse', '--first-parent', `${run.base}..HEAD`);
      expect(landed.split('\n')[0]).toBe(proposed);
      expect(readFileSync(join(run.dir, 'src/math.js'), 'utf8')).toBe(REFACTORED);
      // The tests passed at once: no fix was asked for, so no second gate.
      expect(run.calls).toHaveLength(1);
      expect(mmmIn(run, 'pending').stdout).toBe('');
      expect(projectTests(run.dir)).toEqual({ ok: true, passed: 1 });
      expectClean(run);
    });

    it('blocks a refactor that breaks the policy (exit 4): no proposal, nothing on the branch', () => {
      const run = cookExample(
        'reviewed-refactor.yml',
        refactor({
          'src/math.js': REFACTORED,
          'package.json': '{ "name": "node-basic", "dependencies": { "left-pad": "1.3.0" } }\n',
        }),
        args,
      );
      expect(run.status, run.stderr).toBe(4);
      expect(run.stdout + run.stderr).toMatch(/blocked by policy/);
      expect(run.stdout + run.stderr).toMatch(
        /dependencies: changed dependency manifests or lockfiles: package\.json/,
      );
      expect(run.stdout + run.stderr).toMatch(/allow_paths: /);
      expect(run.git('rev-parse', 'HEAD')).toBe(run.base);
      expect(run.commits).toEqual([]);
      expectClean(run);
      // Never a proposal: the blocked change is kept only on its blocked ref.
      expect(refsUnder(run, 'refs/mmm/').filter((r) => r.includes('/proposals/'))).toEqual([]);
      const [blocked = ''] = refsUnder(run, 'refs/mmm/').filter((r) => /\/blocked-1$/.test(r));
      expect(run.git('show', `${blocked}:package.json`)).toContain('left-pad');
      expect(mmmIn(run, 'pending').stdout).toBe('');
      expect(readFileSync(join(run.dir, 'src/math.js'), 'utf8')).not.toBe(REFACTORED);
    });
  });
});
