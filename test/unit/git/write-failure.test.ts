import { describe, expect, it } from 'vitest';
import { CannotWriteError } from '../../../src/errors.js';
import { explainGitWrite } from '../../../src/git/run.js';
import { explainWriteFailure } from '../../../src/infra/write-failure.js';

const failed = (stderr: string) => ({ stdout: '', stderr, exitCode: 128 }) as never;

describe('a write git or the system refused', () => {
  it('names the directory git quoted and says the disk is full', () => {
    const error = explainGitWrite(
      ['status', '--porcelain'],
      failed("fatal: sha1 file '/r/.git/index.lock' write error. Out of diskspace\n"),
      '/r',
    );
    expect(error).toBeInstanceOf(CannotWriteError);
    expect(error?.exitCode).toBe(3);
    expect(error?.message).toMatch(/^no space left on the disk holding \/r\/\.git: git status/);
    expect(error?.hint).toMatch(/^free space on the disk holding \/r\/\.git/);
  });

  it('names the path a command was writing to when git quotes none, and does not guess why', () => {
    const error = explainGitWrite(
      ['worktree', 'add', '--quiet', '/home/.mmm/worktrees/r/s', 'mmm/s'],
      failed(
        "error: unable to write file blob.bin\nfatal: Could not reset index file to revision 'HEAD'.\n",
      ),
      '/r',
    );
    expect(error?.message).toMatch(
      /^could not write under \/home\/\.mmm\/worktrees\/r: git worktree/,
    );
    expect(error?.hint).toMatch(/may be full or read-only/);
  });

  it('leaves other git failures alone', () => {
    expect(explainGitWrite(['merge'], failed('CONFLICT (content): x\n'), '/r')).toBeUndefined();
    expect(
      explainGitWrite(['commit'], failed('sh: .git/hooks/pre-commit: Permission denied\n'), '/r'),
    ).toBeUndefined();
    const unsigned = 'error: gpg failed to sign the data\nfatal: failed to write commit object\n';
    expect(explainGitWrite(['commit'], failed(unsigned), '/r')).toBeUndefined();
  });

  it('turns ENOSPC and EROFS from the system into exit 3 naming the directory', () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), {
      code: 'ENOSPC',
      path: '/h/sessions/r/s.json',
    });
    const shown = explainWriteFailure(full);
    expect(shown).toBeInstanceOf(CannotWriteError);
    expect((shown as CannotWriteError).message).toMatch(
      /^no space left on the disk holding \/h\/sessions\/r:/,
    );
    const readOnly = Object.assign(new Error('EROFS: read-only file system, mkdir'), {
      code: 'EROFS',
      path: '/h/worktrees',
    });
    expect((explainWriteFailure(readOnly) as CannotWriteError).message).toMatch(
      /^\/h is not writable/,
    );
    const other = new Error('boom');
    expect(explainWriteFailure(other)).toBe(other);
  });
});
