// initRepository and onelineLog, as `mmm demo` uses them: a new repository made of a directory's
// files in one first commit (its branch, message and identity), and its log, one line a commit.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initRepository, onelineLog } from '../../../src/git/init.js';
import { GitCommandError, type GitDeps } from '../../../src/git/run.js';
import { exec } from '../../../src/infra/exec.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(prefix = 'mmm-init-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** A directory holding `files`, not yet a repository. */
function project(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/**
 * Git as on a machine whose only configuration is `globalConfig` (none when undefined): no
 * identity from the environment, so a commit's author comes from the configuration alone.
 */
function gitWithConfig(globalConfig?: string): GitDeps {
  const file = join(tempDir('mmm-init-home-'), 'gitconfig');
  writeFileSync(file, globalConfig ?? '');
  const env = {
    GIT_CONFIG_GLOBAL: file,
    GIT_AUTHOR_NAME: undefined,
    GIT_AUTHOR_EMAIL: undefined,
    GIT_COMMITTER_NAME: undefined,
    GIT_COMMITTER_EMAIL: undefined,
    EMAIL: undefined,
  };
  return {
    exec: (cmd, args, options) => exec(cmd, args, { ...options, env: { ...options.env, ...env } }),
  };
}

function gitIn(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: 'pipe' }).trim();
}

/** The repository's own setting, or undefined when it sets none. */
function localSetting(dir: string, key: string): string | undefined {
  try {
    return gitIn(dir, 'config', '--local', '--get', key);
  } catch {
    return undefined;
  }
}

const fallbackIdentity = { name: 'Demo Person', email: 'demo@mmm.invalid' };

describe('initRepository', () => {
  it('commits the files of the directory but the ignored ones, on main, and returns the commit', async () => {
    const dir = project({
      'README.md': '# demo\n',
      'src/app.ts': 'export {};\n',
      '.hidden': 'h\n',
      '.gitignore': 'build.log\n',
      'build.log': 'noise\n',
    });
    const head = await initRepository(gitWithConfig(), dir, {
      message: 'mmm demo: the project',
      fallbackIdentity,
    });
    expect(head).toMatch(/^[0-9a-f]{40}$/);
    expect(head).toBe(gitIn(dir, 'rev-parse', 'HEAD'));
    expect(gitIn(dir, 'symbolic-ref', 'HEAD')).toBe('refs/heads/main');
    expect(gitIn(dir, 'ls-files').split('\n')).toEqual([
      '.gitignore',
      '.hidden',
      'README.md',
      'src/app.ts',
    ]);
    expect(gitIn(dir, 'status', '--porcelain', '--ignored')).toBe('!! build.log');
    expect(gitIn(dir, 'log', '--format=%B')).toBe('mmm demo: the project');
    expect(gitIn(dir, 'rev-list', '--count', 'HEAD')).toBe('1');
  });

  it('starts on main even where git would name the first branch otherwise', async () => {
    const dir = project({ 'a.txt': 'a\n' });
    const git = gitWithConfig('[init]\n\tdefaultBranch = trunk\n');
    await initRepository(git, dir, { message: 'first', fallbackIdentity });
    expect(gitIn(dir, 'symbolic-ref', 'HEAD')).toBe('refs/heads/main');
  });

  it('starts on the branch it is given', async () => {
    const dir = project({ 'a.txt': 'a\n' });
    await initRepository(gitWithConfig(), dir, {
      branch: 'demo-branch',
      message: 'first',
      fallbackIdentity,
    });
    expect(gitIn(dir, 'symbolic-ref', 'HEAD')).toBe('refs/heads/demo-branch');
    expect(gitIn(dir, 'branch', '--format=%(refname)')).toBe('refs/heads/demo-branch');
  });

  it('commits as the fallback identity, kept in the repository, when git has none', async () => {
    const dir = project({ 'a.txt': 'a\n' });
    await initRepository(gitWithConfig(), dir, { message: 'first', fallbackIdentity });
    expect(gitIn(dir, 'log', '-1', '--format=%an <%ae> / %cn <%ce>')).toBe(
      'Demo Person <demo@mmm.invalid> / Demo Person <demo@mmm.invalid>',
    );
    expect(localSetting(dir, 'user.name')).toBe('Demo Person');
    expect(localSetting(dir, 'user.email')).toBe('demo@mmm.invalid');
  });

  it('uses the fallback name too when git knows a name but no email', async () => {
    const dir = project({ 'a.txt': 'a\n' });
    const git = gitWithConfig('[user]\n\tname = Global Name\n');
    await initRepository(git, dir, { message: 'first', fallbackIdentity });
    expect(gitIn(dir, 'log', '-1', '--format=%an <%ae>')).toBe('Demo Person <demo@mmm.invalid>');
    expect(localSetting(dir, 'user.name')).toBe('Demo Person');
  });

  it('uses the fallback identity when the configured email is empty', async () => {
    const dir = project({ 'a.txt': 'a\n' });
    const git = gitWithConfig('[user]\n\tname = Global Name\n\temail =\n');
    await initRepository(git, dir, { message: 'first', fallbackIdentity });
    expect(gitIn(dir, 'log', '-1', '--format=%an <%ae>')).toBe('Demo Person <demo@mmm.invalid>');
    expect(localSetting(dir, 'user.email')).toBe('demo@mmm.invalid');
  });

  it("keeps the user's own identity and writes none into the repository", async () => {
    const dir = project({ 'a.txt': 'a\n' });
    const git = gitWithConfig('[user]\n\tname = Global Name\n\temail = global@mmm.invalid\n');
    await initRepository(git, dir, { message: 'first', fallbackIdentity });
    expect(gitIn(dir, 'log', '-1', '--format=%an <%ae>')).toBe('Global Name <global@mmm.invalid>');
    expect(localSetting(dir, 'user.name')).toBeUndefined();
    expect(localSetting(dir, 'user.email')).toBeUndefined();
  });

  it('commits unsigned where the user signs every commit with a program that cannot run', async () => {
    const dir = project({ 'a.txt': 'a\n' });
    const git = gitWithConfig(
      '[commit]\n\tgpgsign = true\n[gpg]\n\tprogram = /nonexistent/mmm-gpg\n',
    );
    const head = await initRepository(git, dir, { message: 'first', fallbackIdentity });
    expect(head).toBe(gitIn(dir, 'rev-parse', 'HEAD'));
    expect(localSetting(dir, 'commit.gpgsign')).toBe('false');
    expect(gitIn(dir, 'cat-file', 'commit', 'HEAD')).not.toContain('gpgsig');
  });

  it("fails with git's words when the directory holds nothing to commit", async () => {
    const dir = tempDir();
    const failure = await initRepository(gitWithConfig(), dir, {
      message: 'first',
      fallbackIdentity,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GitCommandError);
    const error = failure as GitCommandError;
    expect(error.args).toEqual(['commit', '--quiet', '--message', 'first']);
    expect(error.result.exitCode).toBe(1);
    expect(error.said).toContain('nothing to commit');
    // The repository was made all the same, on main, without a commit.
    expect(gitIn(dir, 'symbolic-ref', 'HEAD')).toBe('refs/heads/main');
  });

  it('fails before anything when the directory does not exist', async () => {
    const dir = join(tempDir(), 'missing');
    const failure = await initRepository(gitWithConfig(), dir, {
      message: 'first',
      fallbackIdentity,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GitCommandError);
    expect((failure as GitCommandError).args).toEqual([
      'init',
      '--quiet',
      '--initial-branch',
      'main',
    ]);
  });
});

describe('onelineLog', () => {
  it('lists each commit of HEAD, newest first, as its short hash and subject', async () => {
    const dir = project({ 'a.txt': 'a\n' });
    const git = gitWithConfig();
    await initRepository(git, dir, { message: 'first', fallbackIdentity });
    const first = gitIn(dir, 'rev-parse', '--short', 'HEAD');
    writeFileSync(join(dir, 'b.txt'), 'b\n');
    gitIn(dir, 'add', 'b.txt');
    gitIn(dir, 'commit', '-q', '-m', 'second', '-m', 'a body line');
    const second = gitIn(dir, 'rev-parse', '--short', 'HEAD');
    expect(await onelineLog(git, dir)).toBe(`${second} second\n${first} first`);
  });

  it('shows neither branch names nor colours, whatever the repository configures', async () => {
    const dir = project({ 'a.txt': 'a\n' });
    const git = gitWithConfig();
    await initRepository(git, dir, { message: 'first', fallbackIdentity });
    gitIn(dir, 'config', 'log.decorate', 'full');
    gitIn(dir, 'config', 'color.ui', 'always');
    gitIn(dir, 'tag', 'v1');
    expect(await onelineLog(git, dir)).toBe(`${gitIn(dir, 'rev-parse', '--short', 'HEAD')} first`);
  });

  it('lists only the commits of HEAD, not those of other branches', async () => {
    const dir = project({ 'a.txt': 'a\n' });
    const git = gitWithConfig();
    await initRepository(git, dir, { message: 'first', fallbackIdentity });
    gitIn(dir, 'switch', '-q', '-c', 'side');
    gitIn(dir, 'commit', '-q', '--allow-empty', '-m', 'on the side');
    gitIn(dir, 'switch', '-q', 'main');
    expect(await onelineLog(git, dir)).toBe(`${gitIn(dir, 'rev-parse', '--short', 'HEAD')} first`);
  });

  it("fails with git's words in a repository without commits", async () => {
    const dir = tempDir();
    gitIn(dir, 'init', '-q', '-b', 'main');
    const failure = await onelineLog(gitWithConfig(), dir).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GitCommandError);
    expect((failure as GitCommandError).said).toBe(
      "fatal: your current branch 'main' does not have any commits yet",
    );
  });
});
