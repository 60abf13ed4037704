// The one door to git: what a failed command says, the environment every git call gets, lock
// files retried and then explained, and the failures that are the user's to fix (a full or
// read-only disk, a filter git could not run) told as such whatever the caller asked.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CannotWriteError, PreconditionError } from '../../../src/errors.js';
import { exec, type ExecOptions, type ExecResult } from '../../../src/infra/exec.js';
import {
  explainGitLock,
  explainGitWrite,
  GitCommandError,
  gitOut,
  runGit,
} from '../../../src/git/run.js';
import { execResult } from '../../helpers/exec-result.js';
import { useTempRepos } from '../../helpers/repo.js';

const repo = useTempRepos();

const result = execResult;

/** An exec that answers each call with the next of `answers` and records what it was given. */
function scripted(...answers: Partial<ExecResult>[]) {
  const calls: { file: string; args: readonly string[]; options: ExecOptions }[] = [];
  const run = (file: string, args: readonly string[], options: ExecOptions) => {
    calls.push({ file, args, options });
    return Promise.resolve(result(answers[Math.min(calls.length, answers.length) - 1] ?? {}));
  };
  return { deps: { exec: run }, calls };
}

const LOCKED = "fatal: Unable to create '/r/.git/index.lock': File exists.\n";

describe('GitCommandError', () => {
  it("says the command, its exit code and git's error output, else its output", () => {
    const error = new GitCommandError(
      ['merge', '--no-ff', 'x'],
      result({ exitCode: 1, stderr: ' conflict \n', stdout: 'out' }),
    );
    expect(error.message).toBe('git merge --no-ff x failed (exit 1): conflict');
    expect(error.name).toBe('GitCommandError');
    expect(error.said).toBe('conflict');
    const quiet = new GitCommandError(['log'], result({ exitCode: 2, stdout: ' only out \n' }));
    expect(quiet.message).toBe('git log failed (exit 2): only out');
    expect(quiet.said).toBe('only out');
  });

  it('names the subcommand past -c settings, or the name given, and adds what git said', () => {
    const error = new GitCommandError(
      ['-c', 'core.quotePath=true', '-c', 'a.b=c', 'status', '-z'],
      result({ exitCode: 128, stderr: 'fatal: bad\n' }),
    );
    expect(error.exited()).toBe('git status exited with 128: fatal: bad');
    expect(error.exited('worktree add')).toBe('git worktree add exited with 128: fatal: bad');
    const silent = new GitCommandError(['-c', 'x=y'], result({ exitCode: 1 }));
    expect(silent.exited()).toBe('git  exited with 1');
  });
});

describe('runGit', () => {
  afterEach(() => vi.useRealTimers());

  it('runs git with no prompts, C messages and no replace refs, then the caller’s environment', async () => {
    const { deps, calls } = scripted({ stdout: 'x' });
    await runGit(deps, ['status'], {
      cwd: '/r',
      env: { LC_ALL: 'POSIX', EXTRA: '1' },
      input: 'in',
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.file).toBe('git');
    expect(calls[0]?.args).toEqual(['status']);
    expect(calls[0]?.options).toEqual({
      cwd: '/r',
      env: { GIT_TERMINAL_PROMPT: '0', LC_ALL: 'POSIX', GIT_NO_REPLACE_OBJECTS: '1', EXTRA: '1' },
      input: 'in',
      signal: undefined,
    });
  });

  it('pins git to the tree and git directory given, and passes an output limit when set', async () => {
    const signal = new AbortController().signal;
    const { deps, calls } = scripted({});
    await runGit({ ...deps, signal, pin: { gitDir: '/r/.git', workTree: '/r' } }, ['diff'], {
      cwd: '/elsewhere',
      maxInlineBytes: 10,
    });
    expect(calls[0]?.options).toEqual({
      cwd: '/elsewhere',
      env: {
        GIT_TERMINAL_PROMPT: '0',
        LC_ALL: 'C',
        GIT_NO_REPLACE_OBJECTS: '1',
        GIT_DIR: '/r/.git',
        GIT_WORK_TREE: '/r',
      },
      input: undefined,
      signal,
      maxInlineBytes: 10,
    });
  });

  it('sees history as stored, not as a replace ref shows it', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    const first = r.git('rev-parse', 'HEAD');
    r.write('a.txt', 'b\n');
    const second = r.commitAll('second');
    r.git('replace', '--graft', second);
    expect(r.git('rev-list', '--count', 'HEAD')).toBe('1');
    expect(await gitOut({ exec }, ['rev-list', 'HEAD'], { cwd: r.dir })).toBe(
      `${second}\n${first}`,
    );
  });

  it('acts on the pinned repository whatever directory it runs in', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    const other = repo({ 'b.txt': 'b\n' });
    const pinned = { exec, pin: { gitDir: `${r.dir}/.git`, workTree: r.dir } };
    expect(await gitOut(pinned, ['ls-files'], { cwd: other.dir })).toBe('a.txt');
  });

  it('throws when git cannot be started, even when failure is allowed', async () => {
    const { deps } = scripted({ exitCode: null, spawnError: 'ENOENT' });
    await expect(runGit(deps, ['status'], { cwd: '/r', allowFailure: true })).rejects.toThrow(
      GitCommandError,
    );
  });

  it('returns a failure when allowed, and throws it otherwise', async () => {
    const failing = { exitCode: 1, stderr: 'error: nope\n' };
    const allowed = await runGit(scripted(failing).deps, ['x'], { cwd: '/r', allowFailure: true });
    expect(allowed.exitCode).toBe(1);
    await expect(runGit(scripted(failing).deps, ['x'], { cwd: '/r' })).rejects.toThrow(
      'git x failed (exit 1): error: nope',
    );
  });

  it('tries again while a lock file is taken, and stops once it is free', async () => {
    vi.useFakeTimers();
    const { deps, calls } = scripted(
      { exitCode: 128, stderr: LOCKED },
      { exitCode: 128, stderr: LOCKED },
      { stdout: 'done' },
    );
    const running = runGit(deps, ['commit'], { cwd: '/r' });
    await vi.advanceTimersByTimeAsync(49);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect((await running).stdout).toBe('done');
    expect(calls).toHaveLength(3);
  });

  it('gives up on a lock after 12 more tries, pausing longer each time', async () => {
    vi.useFakeTimers();
    const { deps, calls } = scripted({ exitCode: 128, stderr: LOCKED });
    const running = runGit(deps, ['commit'], { cwd: '/r', allowFailure: true });
    await vi.advanceTimersByTimeAsync(50 * 78 + 12 * 50);
    expect((await running).exitCode).toBe(128);
    expect(calls).toHaveLength(13);
  });

  it('does not wait for a ref whose name another ref is in the way of', async () => {
    const stderr =
      "error: cannot lock ref 'refs/heads/mmm/x': 'refs/heads/mmm' exists; cannot create 'refs/heads/mmm/x'\n";
    const { deps, calls } = scripted({ exitCode: 128, stderr });
    await expect(runGit(deps, ['branch', 'mmm/x'], { cwd: '/r' })).rejects.toThrow(GitCommandError);
    expect(calls).toHaveLength(1);
  });

  it('does not wait for a ref that moved since it was read', async () => {
    const stderr = `fatal: update_ref failed for ref 'refs/heads/main': cannot lock ref 'refs/heads/main': is at ${'a'.repeat(40)} but expected ${'b'.repeat(40)}\n`;
    const { deps, calls } = scripted({ exitCode: 128, stderr });
    const refused = await runGit(deps, ['update-ref', 'refs/heads/main', 'x', 'y'], {
      cwd: '/r',
      allowFailure: true,
    });
    expect(refused.exitCode).toBe(128);
    expect(calls).toHaveLength(1);
  });

  it('reports a full disk as exit 3 even when the caller allows failure', async () => {
    const { deps } = scripted({
      exitCode: 128,
      stderr: "error: unable to write file '/r/.git/objects/ab/cd': No space left on device\n",
    });
    const error = await runGit(deps, ['add', '-A'], { cwd: '/r', allowFailure: true }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CannotWriteError);
    expect((error as CannotWriteError).path).toBe('/r/.git/objects/ab');
  });

  it('reports a filter the repository requires that could not run, with what to install', async () => {
    const lfs = scripted({
      exitCode: 128,
      stderr:
        "git-lfs filter-process: not found\nfatal: external filter 'git-lfs filter-process' failed\n",
    });
    const error = await runGit(lfs.deps, ['-c', 'a=b', 'checkout', 'x'], {
      cwd: '/r',
      allowFailure: true,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PreconditionError);
    expect((error as PreconditionError).exitCode).toBe(3);
    expect((error as PreconditionError).message).toBe(
      "git could not run the git-lfs filter-process filter the repository requires (git checkout): git-lfs filter-process: not found; fatal: external filter 'git-lfs filter-process' failed",
    );
    expect((error as PreconditionError).hint).toBe(
      'install Git LFS (https://git-lfs.com) and run git lfs install, then run mmm again',
    );

    const other = scripted({
      exitCode: 1,
      stderr: "error: clean filter 'crypt' failed\na\nb\nc\n",
    });
    const second = (await runGit(other.deps, ['add', 'x'], { cwd: '/r' }).catch(
      (e: unknown) => e,
    )) as PreconditionError;
    expect(second.message).toBe(
      "git could not run the crypt filter the repository requires (git add): error: clean filter 'crypt' failed; a; b",
    );
    expect(second.hint).toBe(
      'install the program the filter runs (git config --get-regexp "^filter\\." shows it), then run mmm again',
    );

    const process = scripted({ exitCode: 1, stderr: "fatal: subprocess 'smudger' failed\n" });
    const third = (await runGit(process.deps, ['checkout'], { cwd: '/r' }).catch(
      (e: unknown) => e,
    )) as PreconditionError;
    expect(third.message).toMatch(/^git could not run the smudger filter /);
    expect(third.cause).toBeInstanceOf(GitCommandError);
  });
});

describe('explainGitWrite', () => {
  it('tells a read-only place from an unknown write failure, in git’s first three lines', () => {
    const readOnly = explainGitWrite(
      ['commit'],
      result({ exitCode: 128, stderr: "error: could not open '/r/.git/x': Permission denied\n" }),
      '/r',
    );
    expect(readOnly?.problem).toBe('read-only');
    expect(readOnly?.message).toBe(
      "/r/.git is not writable: git commit failed: error: could not open '/r/.git/x': Permission denied",
    );
    const unknown = explainGitWrite(
      ['-c', 'x=y', 'add', '-A'],
      result({ exitCode: 128, stderr: 'one\nerror: unable to write new index\nthree\nfour\n' }),
      '/cwd',
    );
    expect(unknown?.problem).toBe('unknown');
    expect(unknown?.path).toBe('/cwd');
    expect(unknown?.detail).toBe('git add failed: one; error: unable to write new index; three');
    expect(unknown?.cause).toBeInstanceOf(GitCommandError);
  });
});

describe('explainGitLock', () => {
  it('explains a lock left taken, naming the lock file when git quoted it', () => {
    const error = explainGitLock(
      new GitCommandError(
        ['commit', '-m', 'x'],
        result({ exitCode: 128, stderr: `${LOCKED}more\n` }),
      ),
    );
    expect(error).toBeInstanceOf(PreconditionError);
    expect(error?.message).toBe(
      "git could not take its lock (git commit -m x): fatal: Unable to create '/r/.git/index.lock': File exists.",
    );
    expect(error?.hint).toBe(
      'another git may be working in this repository; if none is, a git that was killed left /r/.git/index.lock behind: remove it and run mmm again',
    );
    const unnamed = explainGitLock(
      new GitCommandError(
        ['update-ref'],
        result({ exitCode: 1, stderr: 'fatal: cannot lock ref HEAD\n' }),
      ),
    );
    expect(unnamed?.hint).toBe(
      'another git may be working in this repository; if none is, a git that was killed left a .lock file behind: remove it and run mmm again',
    );
  });

  it('leaves other errors alone', () => {
    expect(explainGitLock(new Error(LOCKED))).toBeUndefined();
    expect(
      explainGitLock(new GitCommandError(['x'], result({ exitCode: 1, stderr: 'fatal: bad\n' }))),
    ).toBeUndefined();
  });
});

describe('gitOut', () => {
  it('returns what git printed, trimmed', async () => {
    expect(await gitOut(scripted({ stdout: '\n abc \n\n' }).deps, ['x'], { cwd: '/r' })).toBe(
      'abc',
    );
  });
});
