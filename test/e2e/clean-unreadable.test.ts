// A session whose worktree holds a directory git cannot read: clean refuses before it touches
// anything, since what that directory holds could be neither saved nor removed. Root reads every
// directory, so this runs as an unprivileged user (scripts/test-unprivileged.sh in CI).
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMmm } from '../helpers/bin.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';

const mmm = (args: string[], cwd: string) => startMmm(args, cwd, { CI: '1' }).done;

let repo: TempRepo | undefined;
let closed: string | undefined;
afterEach(() => {
  if (closed) chmodSync(closed, 0o755);
  closed = undefined;
  repo?.cleanup();
});

/** A repository of `files` in which `mmm cook pb.yml --worktree` succeeded: its one session. */
async function cookSession(
  files: Record<string, string>,
): Promise<{ r: TempRepo; session: { name: string; worktree: string } }> {
  const r = makeTempRepo(files);
  repo = r;
  expect((await mmm(['cook', 'pb.yml', '--worktree'], r.dir)).status).toBe(0);
  const ls = await mmm(['worktree', 'ls', '--json'], r.dir);
  const session = JSON.parse(ls.stdout.split('\n')[0] ?? '{}') as {
    name: string;
    worktree: string;
  };
  return { r, session };
}

describe('mmm worktree clean and a directory git cannot read', () => {
  it.skipIf(process.getuid?.() === 0)(
    'refuses with exit 3 naming the directory, and leaves the session as it was',
    async () => {
      const { r, session } = await cookSession({
        'pb.yml': 'name: closed\nsteps:\n  - shell: mkdir d && echo kept > d/f && chmod 000 d\n',
      });
      closed = join(session.worktree, 'd');

      const clean = await mmm(['worktree', 'clean', session.name, '--force'], r.dir);
      expect(clean.stdout + clean.stderr).not.toMatch(/internal error/);
      expect(clean.status).toBe(3);
      expect(clean.stderr).toMatch(/git cannot read a directory of its worktree \(d\/\)/);
      expect(clean.stderr).toMatch(/hint: make it readable \(chmod -R u\+rwX .*\/d\/\)/);
      expect(r.git('worktree', 'list')).toContain(session.worktree);

      chmodSync(closed, 0o755);
      closed = undefined;
      const again = await mmm(['worktree', 'clean', session.name, '--force'], r.dir);
      expect(again.status).toBe(0);
      expect(r.git('show', `refs/mmm/sessions/${session.name}:d/f`)).toBe('kept');
    },
  );

  it.skipIf(process.getuid?.() === 0)(
    "an ignored directory git cannot read: exit 3 in git's words, not an internal error",
    async () => {
      const { r, session } = await cookSession({
        '.gitignore': 'cache/\n',
        'pb.yml':
          'name: closed\nsteps:\n  - shell: mkdir cache && echo y > cache/f && chmod 000 cache\n',
      });
      closed = join(session.worktree, 'cache');
      const clean = await mmm(['worktree', 'clean', session.name, '--force'], r.dir);
      expect(clean.stdout + clean.stderr).not.toMatch(/internal error/);
      expect(clean.status).toBe(3);
      expect(clean.stderr).toMatch(
        /git could not remove the worktree of session \S+ \(git worktree: .*\); what is left stays at /,
      );
    },
  );
});
