// missingFilterProblem: a filter git must run (filter.<name>.required, as Git LFS configures it),
// used by the repository's attributes, whose program is not installed, is refused before a run
// (exit 3); a filter that is installed, not required or not used is let through. Filters are
// configured by hand here, and the programs they name are made (or not) in a directory of PATH.
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PreconditionError } from '../../../src/errors.js';
import { missingFilterProblem } from '../../../src/git/filters.js';
import type { GitDeps } from '../../../src/git/run.js';
import { exec } from '../../../src/infra/exec.js';
import { useTempRepos, type TempRepo } from '../../helpers/repo.js';

const repo = useTempRepos();
const git: GitDeps = { exec };
const dirs: string[] = [];
afterEach(() => {
  vi.unstubAllEnvs();
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mmm-filters-'));
  dirs.push(dir);
  return dir;
}

/** An environment whose PATH is one directory holding exactly `programs`, each executable. */
function pathWith(...programs: string[]): NodeJS.ProcessEnv {
  const bin = tempDir();
  for (const program of programs) {
    writeFileSync(join(bin, program), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  }
  return { PATH: bin };
}

const LFS_ATTRIBUTES = '*.bin filter=lfs diff=lfs merge=lfs -text\n';

/** Sets filter.<name>.<key> for each entry of `settings` in the repository's own config. */
function configure(r: TempRepo, name: string, settings: Record<string, string>): void {
  for (const [key, value] of Object.entries(settings))
    r.git('config', `filter.${name}.${key}`, value);
}

/** Git LFS's configuration, as `git lfs install` writes it. */
function configureLfs(r: TempRepo): void {
  configure(r, 'lfs', {
    clean: 'git-lfs clean -- %f',
    smudge: 'git-lfs smudge -- %f',
    process: 'git-lfs filter-process',
    required: 'true',
  });
}

/** A repository with Git LFS configured and its attributes committed. */
function lfsRepo(attributes = LFS_ATTRIBUTES): TempRepo {
  const r = repo({ '.gitattributes': attributes, 'README.md': '# lfs\n' });
  configureLfs(r);
  return r;
}

const LFS_MESSAGE =
  "this repository needs git's lfs filter (filter.lfs.required is set and .gitattributes uses it), but its program git-lfs is not installed: git could neither add nor check out the files it filters";
const LFS_HINT =
  'install Git LFS (https://git-lfs.com) and run git lfs install, then run mmm again';

/** The message of a missing program `program` for the filter `name`. */
function messageFor(name: string, program: string): string {
  return `this repository needs git's ${name} filter (filter.${name}.required is set and .gitattributes uses it), but its program ${program} is not installed: git could neither add nor check out the files it filters`;
}

describe('missingFilterProblem with Git LFS', () => {
  it('refuses a repository that uses LFS when git-lfs is not installed, as exit 3', async () => {
    const r = lfsRepo();
    const problem = await missingFilterProblem(git, r.dir, pathWith());
    expect(problem).toBeInstanceOf(PreconditionError);
    expect(problem?.message).toBe(LFS_MESSAGE);
    expect(problem?.hint).toBe(LFS_HINT);
    expect(problem?.exitCode).toBe(3);
  });

  it('lets the repository through once git-lfs is on PATH', async () => {
    const r = lfsRepo();
    expect(await missingFilterProblem(git, r.dir, pathWith('git-lfs'))).toBeUndefined();
  });

  it('looks for the program on the PATH it is given, not its own', async () => {
    const r = lfsRepo();
    const own = pathWith('git-lfs').PATH ?? '';
    vi.stubEnv('PATH', `${own}:${process.env.PATH ?? ''}`);
    expect(await missingFilterProblem(git, r.dir, {})).toBeInstanceOf(PreconditionError);
    expect(await missingFilterProblem(git, r.dir, { PATH: '' })).toBeInstanceOf(PreconditionError);
  });

  it('lets through a repository whose attributes do not use the filter', async () => {
    const r = lfsRepo('*.bin -text\n*.png binary\n');
    expect(await missingFilterProblem(git, r.dir, pathWith())).toBeUndefined();
  });

  it('does not take a filter whose name only begins or ends the same for this one', async () => {
    const r = lfsRepo();
    for (const line of [
      '*.bin filter=lfsx\n',
      '*.bin myfilter=lfs\n',
      '*.bin filter=lfs2 -text\n',
    ]) {
      // The committed file is read as it is in the tree.
      r.write('.gitattributes', line);
      expect(await missingFilterProblem(git, r.dir, pathWith()), line).toBeUndefined();
    }
  });

  it('finds the filter named at the start, middle or end of a line, after tabs too', async () => {
    const r = lfsRepo('');
    for (const line of ['filter=lfs\n', '*.bin\tfilter=lfs\t-text\n', '*.bin   filter=lfs']) {
      r.write('.gitattributes', `# assets\n${line}`);
      expect((await missingFilterProblem(git, r.dir, pathWith()))?.message, line).toBe(LFS_MESSAGE);
    }
  });

  it('lets a repository through when nothing requires the filter', async () => {
    const r = lfsRepo();
    r.git('config', '--unset', 'filter.lfs.required');
    expect(await missingFilterProblem(git, r.dir, pathWith())).toBeUndefined();
  });

  it('reads required as git writes true, in any case, and nothing else as true', async () => {
    const r = lfsRepo();
    for (const value of ['true', 'TRUE', 'yes', 'Yes', 'on', 'ON', '1']) {
      r.git('config', 'filter.lfs.required', value);
      expect((await missingFilterProblem(git, r.dir, pathWith()))?.message, value).toBe(
        LFS_MESSAGE,
      );
    }
    for (const value of ['false', 'no', 'off', '0', '', 'truely', 'not true', '10']) {
      r.git('config', 'filter.lfs.required', value);
      expect(await missingFilterProblem(git, r.dir, pathWith()), value).toBeUndefined();
    }
  });

  it('finds the filter configured for the user rather than for the repository', async () => {
    const r = repo({ '.gitattributes': LFS_ATTRIBUTES });
    const config = join(tempDir(), 'gitconfig');
    writeFileSync(
      config,
      '[filter "lfs"]\n\tclean = git-lfs clean -- %f\n\tsmudge = git-lfs smudge -- %f\n\tprocess = git-lfs filter-process\n\trequired = true\n',
    );
    const globalGit: GitDeps = {
      exec: (cmd, args, options) =>
        exec(cmd, args, { ...options, env: { ...options.env, GIT_CONFIG_GLOBAL: config } }),
    };
    expect((await missingFilterProblem(globalGit, r.dir, pathWith()))?.message).toBe(LFS_MESSAGE);
    expect(await missingFilterProblem(git, r.dir, pathWith())).toBeUndefined();
  });

  it('lets a repository through when git cannot read its configuration', async () => {
    const r = lfsRepo();
    writeFileSync(join(r.dir, '.git', 'config'), '[filter "lfs"\n\trequired = true\n');
    expect(await missingFilterProblem(git, r.dir, pathWith())).toBeUndefined();
  });
});

describe('missingFilterProblem and the attribute files', () => {
  it('reads .gitattributes committed in subdirectories, however deep', async () => {
    for (const path of ['assets/.gitattributes', 'a/b/c/.gitattributes']) {
      const r = repo({ [path]: LFS_ATTRIBUTES });
      configureLfs(r);
      expect((await missingFilterProblem(git, r.dir, pathWith()))?.message, path).toBe(LFS_MESSAGE);
    }
  });

  it("reads the repository's info/attributes", async () => {
    const r = repo();
    configureLfs(r);
    r.write('.git/info/attributes', LFS_ATTRIBUTES);
    expect((await missingFilterProblem(git, r.dir, pathWith()))?.message).toBe(LFS_MESSAGE);
  });

  it('reads the shared info/attributes from a linked worktree', async () => {
    const r = repo();
    configureLfs(r);
    r.write('.git/info/attributes', LFS_ATTRIBUTES);
    const tree = join(tempDir(), 'tree');
    r.git('worktree', 'add', '-q', '--detach', tree);
    expect((await missingFilterProblem(git, tree, pathWith()))?.message).toBe(LFS_MESSAGE);
  });

  it('reads a .gitattributes without a final newline and info/attributes as separate lines', async () => {
    const r = lfsRepo('*.bin filter=lfs');
    r.write('.git/info/attributes', '*.txt text\n');
    expect((await missingFilterProblem(git, r.dir, pathWith()))?.message).toBe(LFS_MESSAGE);
  });

  it('reads neither an uncommitted .gitattributes nor a committed one deleted from the tree', async () => {
    const uncommitted = repo();
    configureLfs(uncommitted);
    uncommitted.write('.gitattributes', LFS_ATTRIBUTES);
    uncommitted.write('sub/.gitattributes', LFS_ATTRIBUTES);
    expect(await missingFilterProblem(git, uncommitted.dir, pathWith())).toBeUndefined();

    const deleted = lfsRepo();
    rmSync(join(deleted.dir, '.gitattributes'));
    expect(await missingFilterProblem(git, deleted.dir, pathWith())).toBeUndefined();
  });

  it('reads every attribute file when the first one does not use the filter', async () => {
    const r = repo({ '.gitattributes': '*.txt text\n', 'media/.gitattributes': LFS_ATTRIBUTES });
    configureLfs(r);
    expect((await missingFilterProblem(git, r.dir, pathWith()))?.message).toBe(LFS_MESSAGE);
  });
});

describe('missingFilterProblem with a filter of its own', () => {
  it('names the missing program and how to install it or stop requiring it', async () => {
    const r = repo({ '.gitattributes': '*.enc filter=crypt\n' });
    configure(r, 'crypt', {
      clean: 'crypt-tool --encrypt',
      smudge: 'crypt-tool --decrypt',
      required: 'true',
    });
    const problem = await missingFilterProblem(git, r.dir, pathWith());
    expect(problem).toBeInstanceOf(PreconditionError);
    expect(problem?.message).toBe(messageFor('crypt', 'crypt-tool'));
    expect(problem?.hint).toBe(
      'install crypt-tool, or unset filter.crypt.required if the filter is not needed, then run mmm again',
    );
    expect(await missingFilterProblem(git, r.dir, pathWith('crypt-tool'))).toBeUndefined();
  });

  it('names the first program missing, the process command before clean and smudge', async () => {
    const r = repo({ '.gitattributes': '*.enc filter=crypt\n' });
    configure(r, 'crypt', {
      smudge: 'smudger',
      clean: 'cleaner',
      process: 'processor',
      required: 'true',
    });
    const cases: [string[], string | undefined][] = [
      [[], 'processor'],
      [['processor'], 'cleaner'],
      [['processor', 'cleaner'], 'smudger'],
      [['cleaner', 'smudger'], 'processor'],
      [['processor', 'cleaner', 'smudger'], undefined],
    ];
    for (const [installed, missing] of cases) {
      const problem = await missingFilterProblem(git, r.dir, pathWith(...installed));
      expect(problem?.message, installed.join(' ')).toBe(
        missing === undefined ? undefined : messageFor('crypt', missing),
      );
    }
  });

  it('names the program without the quotes or spaces around it', async () => {
    const cases: [string, string][] = [
      ['"quoted-tool" --clean %f', 'quoted-tool'],
      ["'single-tool' %f", 'single-tool'],
      ['   spaced-tool   %f', 'spaced-tool'],
      ['tabbed-tool\t%f', 'tabbed-tool'],
    ];
    const r = repo({ '.gitattributes': '*.enc filter=crypt\n' });
    for (const [command, program] of cases) {
      configure(r, 'crypt', { clean: command, required: 'true' });
      expect((await missingFilterProblem(git, r.dir, pathWith()))?.message, command).toBe(
        messageFor('crypt', program),
      );
      expect(await missingFilterProblem(git, r.dir, pathWith(program)), command).toBeUndefined();
    }
  });

  it('reads the program as the shell does: a quoted path with a space, after assignments, from a variable', async () => {
    const r = repo({ '.gitattributes': '*.enc filter=crypt\n' });
    const tools = join(tempDir(), 'my tools');
    mkdirSync(tools);
    writeFileSync(join(tools, 'clean'), '#!/bin/sh\ncat\n', { mode: 0o755 });
    configure(r, 'crypt', { clean: `"${tools}/clean" %f`, required: 'true' });
    expect(await missingFilterProblem(git, r.dir, pathWith())).toBeUndefined();
    r.write('a.enc', 'secret\n');
    r.git('add', 'a.enc');

    configure(r, 'crypt', { clean: 'LANG=C KEY="a b" env-tool %f' });
    expect((await missingFilterProblem(git, r.dir, pathWith()))?.message).toBe(
      messageFor('crypt', 'env-tool'),
    );
    configure(r, 'crypt', { clean: '$TOOLS/clean %f' });
    expect(await missingFilterProblem(git, r.dir, { ...pathWith(), TOOLS: tools })).toBeUndefined();
    expect((await missingFilterProblem(git, r.dir, pathWith()))?.message).toBe(
      messageFor('crypt', '/clean'),
    );
  });

  it('takes required written without a value as true, as git does', async () => {
    const r = repo({ '.gitattributes': LFS_ATTRIBUTES, 'README.md': '# lfs\n' });
    configure(r, 'lfs', { clean: 'git-lfs clean -- %f' });
    appendFileSync(join(r.dir, '.git', 'config'), '[filter "lfs"]\n\trequired\n');
    expect(() => r.git('config', '--bool', 'filter.lfs.required')).not.toThrow();
    expect(r.git('config', '--bool', 'filter.lfs.required')).toBe('true');
    expect((await missingFilterProblem(git, r.dir, pathWith()))?.message).toBe(LFS_MESSAGE);
  });

  it('keeps the case of a filter name, as git and the attributes do', async () => {
    const r = repo({ '.gitattributes': '*.dat filter=MyFilt\n' });
    configure(r, 'MyFilt', { clean: 'myfilt-clean %f', required: 'true' });
    expect((await missingFilterProblem(git, r.dir, pathWith()))?.message).toBe(
      messageFor('MyFilt', 'myfilt-clean'),
    );
    const lower = repo({ '.gitattributes': '*.dat filter=myfilt\n' });
    configure(lower, 'MyFilt', { clean: 'myfilt-clean %f', required: 'true' });
    expect(await missingFilterProblem(git, lower.dir, pathWith())).toBeUndefined();
  });

  it('passes over a command that is only blanks', async () => {
    const r = repo({ '.gitattributes': '*.enc filter=crypt\n' });
    configure(r, 'crypt', { clean: '   ', smudge: '', required: 'true' });
    expect(await missingFilterProblem(git, r.dir, pathWith())).toBeUndefined();
  });

  it('finds a program named by a path relative to the repository', async () => {
    const r = repo({ '.gitattributes': '*.enc filter=crypt\n' });
    configure(r, 'crypt', { clean: './tools/clean.sh %f', required: 'true' });
    expect((await missingFilterProblem(git, r.dir, pathWith()))?.message).toBe(
      messageFor('crypt', './tools/clean.sh'),
    );
    mkdirSync(join(r.dir, 'tools'));
    writeFileSync(join(r.dir, 'tools', 'clean.sh'), '#!/bin/sh\ncat\n');
    expect((await missingFilterProblem(git, r.dir, pathWith()))?.message).toBe(
      messageFor('crypt', './tools/clean.sh'),
    );
    chmodSync(join(r.dir, 'tools', 'clean.sh'), 0o755);
    expect(await missingFilterProblem(git, r.dir, pathWith())).toBeUndefined();
  });

  it('takes the dots of a filter name literally in the attributes', async () => {
    const r = repo({ '.gitattributes': '*.enc filter=myXtool\n' });
    configure(r, 'my.tool', { clean: 'my-tool-bin', required: 'true' });
    expect(await missingFilterProblem(git, r.dir, pathWith())).toBeUndefined();
    r.write('.gitattributes', '*.enc filter=my.tool\n');
    r.commitAll('the real name');
    const problem = await missingFilterProblem(git, r.dir, pathWith());
    expect(problem?.message).toBe(messageFor('my.tool', 'my-tool-bin'));
    expect(problem?.hint).toBe(
      'install my-tool-bin, or unset filter.my.tool.required if the filter is not needed, then run mmm again',
    );
  });

  it('passes over a required filter no attribute uses and reports the next one', async () => {
    const r = repo({ '.gitattributes': LFS_ATTRIBUTES });
    configure(r, 'unused', { clean: 'unused-tool', required: 'true' });
    configureLfs(r);
    expect((await missingFilterProblem(git, r.dir, pathWith()))?.message).toBe(LFS_MESSAGE);
  });

  it('passes over a required filter whose programs are installed and reports the next one', async () => {
    const r = repo({ '.gitattributes': '*.enc filter=crypt\n' + LFS_ATTRIBUTES });
    configure(r, 'crypt', { clean: 'crypt-tool', required: 'true' });
    configureLfs(r);
    expect((await missingFilterProblem(git, r.dir, pathWith('crypt-tool')))?.message).toBe(
      LFS_MESSAGE,
    );
  });
});
