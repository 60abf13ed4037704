// Repositories inside the repository, as a user meets them through the built bin: a step that
// leaves a nested repository (a scaffolder's `git init`) fails instead of committing a link to a
// commit nobody else has, and what a failed step cannot save (a nested repository, the work inside
// a submodule) is left on disk, named, never reset or deleted.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMmm } from '../helpers/bin.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';

const mmm = (args: string[], cwd: string) => startMmm(args, cwd, { CI: '1' }).done;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});
function repo(files: Record<string, string>): TempRepo {
  const r = makeTempRepo({ 'README.md': '# nested\n', ...files });
  cleanups.push(r.cleanup);
  return r;
}

function expectNoBug(result: { stdout: string; stderr: string }): void {
  expect(result.stdout + result.stderr).not.toMatch(/internal error|this is a bug/);
}

/** The ref names under refs/mmm/. */
function savedRefs(r: TempRepo): string[] {
  const out = r.git('for-each-ref', '--format=%(refname)', 'refs/mmm/');
  return out === '' ? [] : out.split('\n');
}

/** Every entry of a commit's tree, recursively, as `mode path`. */
function treeEntries(r: TempRepo, rev: string): string[] {
  return r
    .git('ls-tree', '-r', rev)
    .split('\n')
    .map((line) => {
      const [meta = '', path = ''] = line.split('\t');
      return `${meta.split(' ')[0] ?? ''} ${path}`;
    });
}

// A scaffolder: a project directory with a repository of its own, with or without a commit.
const SCAFFOLD = 'mkdir app && cd app && git init -q && echo "hello" > index.js';
const SCAFFOLD_COMMITTED = `${SCAFFOLD} && git add index.js && git commit -q -m scaffold`;

describe('a step that leaves a nested git repository', () => {
  it('fails, commits nothing, names the repository and keeps it with its history', async () => {
    const r = repo({
      'pb.yml': `name: scaffold\nsteps:\n  - shell: '${SCAFFOLD_COMMITTED}'\n`,
    });
    const start = r.git('rev-parse', 'HEAD');

    const result = await mmm(['cook', 'pb.yml'], r.dir);

    expectNoBug(result);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/the step left a git repository inside this one: app\//);
    expect(result.stderr).toMatch(
      /Remove app\/\.git to commit its files as part of this repository, or add it as a submodule yourself/,
    );
    expect(result.stderr).toMatch(/left in place, not in any ref: the nested git repository app\//);
    // No commit, so no link to a commit that exists only in app/.git.
    expect(r.git('rev-parse', 'HEAD')).toBe(start);
    expect(readFileSync(join(r.dir, 'app/index.js'), 'utf8')).toBe('hello\n');
    expect(
      execFileSync('git', ['log', '--format=%s'], { cwd: join(r.dir, 'app') }).toString(),
    ).toBe('scaffold\n');
  });

  it("saves the step's other work without the nested repository, even one with no commit yet", async () => {
    const r = repo({
      'pb.yml': `name: scaffold\nsteps:\n  - shell: '${SCAFFOLD} && cd .. && echo notes > notes.txt && exit 1'\n`,
    });
    const start = r.git('rev-parse', 'HEAD');

    const result = await mmm(['cook', 'pb.yml'], r.dir);

    expectNoBug(result);
    expect(result.status).toBe(1);
    // One ref: the leftover nested repository is not saved a second time as "leftover changes".
    const refs = savedRefs(r);
    expect(refs).toHaveLength(1);
    expect(result.stderr).toContain(`its changes were saved to ${refs[0] ?? ''}`);
    expect(result.stderr).not.toMatch(/leftover changes were saved/);
    expect(treeEntries(r, refs[0] ?? '')).toContain('100644 notes.txt');
    expect(treeEntries(r, refs[0] ?? '').some((entry) => entry.includes('app'))).toBe(false);
    // The reset removed the saved file and kept the nested repository.
    expect(r.git('rev-parse', 'HEAD')).toBe(start);
    expect(existsSync(join(r.dir, 'notes.txt'))).toBe(false);
    expect(readFileSync(join(r.dir, 'app/index.js'), 'utf8')).toBe('hello\n');
    expect(existsSync(join(r.dir, 'app/.git'))).toBe(true);
  });

  it('runs the on_failure handler, whose fix is then committed as plain files', async () => {
    const r = repo({
      'pb.yml': [
        'name: scaffold',
        'steps:',
        `  - shell: 'test -d app || (${SCAFFOLD_COMMITTED})'`,
        '    on_failure:',
        '      shell: rm -rf app/.git',
        '      max_attempts: 2',
        '',
      ].join('\n'),
    });

    const result = await mmm(['cook', 'pb.yml'], r.dir);

    expectNoBug(result);
    expect(result.status).toBe(0);
    expect(treeEntries(r, 'HEAD')).toContain('100644 app/index.js');
    expect(treeEntries(r, 'HEAD').some((entry) => entry.startsWith('160000'))).toBe(false);
  });

  it('in a worktree session: the failed session keeps the repository, and clean refuses to delete it', async () => {
    const r = repo({
      'pb.yml': `name: scaffold\nsteps:\n  - shell: '${SCAFFOLD_COMMITTED}'\n`,
    });

    const result = await mmm(['cook', 'pb.yml', '--worktree', '--yes'], r.dir);

    expectNoBug(result);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/the step left a git repository inside this one: app\//);
    const kept = /kept for inspection at (\S+)/.exec(result.stderr)?.[1] ?? '';
    expect(readFileSync(join(kept, 'app/index.js'), 'utf8')).toBe('hello\n');

    const clean = await mmm(['worktree', 'clean', '--all'], r.dir);
    expectNoBug(clean);
    expect(clean.status).toBe(3);
    expect(clean.stderr).toMatch(/its worktree holds a git repository of its own \(app\/\)/);
    expect(clean.stderr).toContain(`remove ${join(kept, 'app/.git')}`);
    expect(readFileSync(join(kept, 'app/index.js'), 'utf8')).toBe('hello\n');
    expect(existsSync(join(kept, 'app/.git'))).toBe(true);
  });

  it('tells it from submodules: the one the repository has, and one a step declares', async () => {
    const upstream = repo({ 'lib.txt': 'lib\n' });
    const r = repo({});
    r.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', upstream.dir, 'lib');
    r.commitAll('add lib');
    r.write(
      'pb.yml',
      [
        'name: submodules',
        'steps:',
        '  - shell: echo more >> README.md',
        `  - shell: git -c protocol.file.allow=always submodule add -q ${upstream.dir} vendor/lib`,
        // .gitmodules is protected unless the step's policy says otherwise.
        '    policy: { protect: false }',
        `  - shell: '${SCAFFOLD_COMMITTED}'`,
        '',
      ].join('\n'),
    );
    r.commitAll('playbook');

    const result = await mmm(['cook', 'pb.yml'], r.dir);

    expectNoBug(result);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /step 3 .*the step left a git repository inside this one: app\/;/,
    );
    expect(result.stderr).not.toMatch(/inside this one: .*lib/);
    expect(treeEntries(r, 'HEAD')).toEqual(
      expect.arrayContaining(['160000 lib', '160000 vendor/lib', '100644 README.md']),
    );
    expect(treeEntries(r, 'HEAD').some((entry) => entry.includes('app'))).toBe(false);
  });
});

describe('a failing step that changed files inside a submodule', () => {
  it('says that work was not saved and leaves it as it was, even with submodule.recurse set', async () => {
    const upstream = repo({ 'lib.txt': 'lib\n' });
    const r = repo({});
    r.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', upstream.dir, 'lib');
    r.write(
      'pb.yml',
      [
        'name: submodule',
        'steps:',
        '  - shell: echo changed >> lib/lib.txt && echo new > lib/new.txt && echo top > top.txt && exit 1',
        '',
      ].join('\n'),
    );
    r.commitAll('add lib');
    // Would make git reset --hard reset the submodule too.
    r.git('config', 'submodule.recurse', 'true');

    const result = await mmm(['cook', 'pb.yml'], r.dir);

    expectNoBug(result);
    expect(result.status).toBe(1);
    const refs = savedRefs(r);
    expect(refs).toHaveLength(1);
    expect(result.stderr).toContain(`its changes were saved to ${refs[0] ?? ''}`);
    expect(result.stderr).toMatch(
      /not saved and left as the step left it: the work inside submodule lib;.*git -C lib status/,
    );
    expect(treeEntries(r, refs[0] ?? '')).toContain('100644 top.txt');
    expect(existsSync(join(r.dir, 'top.txt'))).toBe(false);
    expect(readFileSync(join(r.dir, 'lib/lib.txt'), 'utf8')).toBe('lib\nchanged\n');
    expect(readdirSync(join(r.dir, 'lib')).sort()).toEqual([
      '.git',
      'README.md',
      'lib.txt',
      'new.txt',
    ]);
  });
});

describe('a successful step that changed files inside a submodule', () => {
  function withSubmodule(steps: string[]): TempRepo {
    const upstream = repo({ 'lib.txt': 'lib\n' });
    const r = repo({});
    r.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', upstream.dir, 'lib');
    r.write('pb.yml', ['name: submodule', 'steps:', ...steps, ''].join('\n'));
    r.commitAll('add lib');
    return r;
  }

  it('fails, naming the submodule, and leaves the work in it as it was', async () => {
    const r = withSubmodule(['  - shell: echo changed >> lib/lib.txt && echo top > top.txt']);
    const start = r.git('rev-parse', 'HEAD');

    const result = await mmm(['cook', 'pb.yml'], r.dir);

    expectNoBug(result);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/the step left uncommitted work inside submodule lib;/);
    expect(result.stderr).toMatch(/git -C lib add -A && git -C lib commit/);
    expect(result.stderr).toMatch(
      /not saved and left as the step left it: the work inside submodule lib/,
    );
    expect(r.git('rev-parse', 'HEAD')).toBe(start);
    expect(readFileSync(join(r.dir, 'lib/lib.txt'), 'utf8')).toBe('lib\nchanged\n');
    // The step's other work is on a ref, not lost with the reset.
    const refs = savedRefs(r);
    expect(refs).toHaveLength(1);
    expect(treeEntries(r, refs[0] ?? '')).toContain('100644 top.txt');
  });

  it("is committed as the submodule's new commit when the step commits inside it", async () => {
    const r = withSubmodule([
      "  - shell: 'echo changed >> lib/lib.txt && git -C lib commit -qam change && echo top > top.txt'",
    ]);
    const subHead = () => execFileSync('git', ['rev-parse', 'HEAD'], { cwd: join(r.dir, 'lib') });

    const result = await mmm(['cook', 'pb.yml'], r.dir);

    expectNoBug(result);
    expect(result.status).toBe(0);
    expect(r.git('rev-parse', 'HEAD:lib')).toBe(subHead().toString().trim());
    expect(treeEntries(r, 'HEAD')).toContain('100644 top.txt');
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it('in a worktree session: clean refuses to delete a submodule holding work of its own', async () => {
    const r = withSubmodule([
      '  - shell: git -c protocol.file.allow=always submodule update -q --init',
      '  - shell: echo changed >> lib/lib.txt',
    ]);

    const result = await mmm(['cook', 'pb.yml', '--worktree', '--yes'], r.dir);

    expectNoBug(result);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/step 2 .*the step left uncommitted work inside submodule lib;/);
    const kept = /kept for inspection at (\S+)/.exec(result.stderr)?.[1] ?? '';
    expect(readFileSync(join(kept, 'lib/lib.txt'), 'utf8')).toBe('lib\nchanged\n');

    const clean = await mmm(['worktree', 'clean', '--all', '--force'], r.dir);
    expectNoBug(clean);
    expect(clean.status).toBe(3);
    expect(clean.stderr).toMatch(/a submodule of its worktree \(lib\) holds work of its own/);
    expect(readFileSync(join(kept, 'lib/lib.txt'), 'utf8')).toBe('lib\nchanged\n');
  });
});
