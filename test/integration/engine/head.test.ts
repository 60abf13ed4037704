// Where a step leaves HEAD: the run commits on the branch it started on and never drops a commit.
import { describe, expect, it } from 'vitest';
import { useTempRepos } from '../../helpers/repo.js';
import { playbook, run, shell } from '../../helpers/engine.js';

const repo = useTempRepos();

/** A repository with a `feature` branch holding one commit of the user's, main checked out. */
function withFeature() {
  const r = repo();
  r.git('checkout', '-q', '-b', 'feature');
  r.write('feature.txt', 'the user’s feature\n');
  const feature = r.commitAll('user: feature work');
  r.git('checkout', '-q', 'main');
  return { r, feature, main: r.git('rev-parse', 'HEAD') };
}

describe('where a step leaves HEAD', () => {
  it('fails a step that switched branches, leaving the other branch and main as they were', async () => {
    const { r, feature, main } = withFeature();
    const { summary, of } = await run(
      r.dir,
      playbook([shell('git checkout -q feature && echo x > x.txt')]),
    );
    expect(summary.exitCode).toBe(1);
    const finished = of('step.finished')[0]!;
    expect(finished.error).toContain('left HEAD on branch feature instead of branch main');
    expect(r.git('symbolic-ref', '--short', 'HEAD')).toBe('main');
    expect(r.git('rev-parse', 'feature')).toBe(feature);
    expect(r.git('rev-parse', 'main')).toBe(main);
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it('resets the run’s branch, not the one a failing step switched to', async () => {
    const { r, feature, main } = withFeature();
    const { summary } = await run(
      r.dir,
      playbook([
        shell(
          'echo mine > mine.txt && git add mine.txt && git commit -qm on-main && git checkout -q feature && exit 1',
        ),
      ]),
    );
    expect(summary.exitCode).toBe(1);
    expect(r.git('symbolic-ref', '--short', 'HEAD')).toBe('main');
    expect(r.git('rev-parse', 'feature')).toBe(feature);
    expect(r.git('rev-parse', 'main')).toBe(main);
    // The commit the step made on main before it left is kept beside the saved work.
    const kept = r.git('for-each-ref', '--format=%(refname) %(subject)', 'refs/mmm/');
    expect(kept).toMatch(/failed-1-branch on-main/);
  });

  it('fails a step that rewrote history, and brings the dropped commit back', async () => {
    const r = repo();
    r.write('b.txt', 'b\n');
    const b = r.commitAll('user: B');
    const { summary, of } = await run(
      r.dir,
      playbook([shell('git reset -q --hard HEAD~1 && echo new > new.txt')]),
    );
    expect(summary.exitCode).toBe(1);
    expect(of('step.finished')[0]!.error).toContain('rewrote history');
    expect(r.git('rev-parse', 'HEAD')).toBe(b);
  });

  it('keeps a step that amended a commit it made itself', async () => {
    const r = repo();
    const base = r.git('rev-parse', 'HEAD');
    const { summary } = await run(
      r.dir,
      playbook([
        shell(
          'echo 1 > n.txt && git add n.txt && git commit -qm first && echo 2 >> n.txt && git commit -qam second --amend',
        ),
      ]),
    );
    expect(summary.exitCode).toBe(0);
    expect(r.git('merge-base', '--is-ancestor', base, 'HEAD')).toBe('');
    expect(r.git('log', '--format=%s', `${base}..HEAD`).split('\n')).toContain('second');
  });

  it('fails a step that left an unborn branch, and the next step runs on main', async () => {
    const r = repo();
    const { summary, of } = await run(
      r.dir,
      playbook([shell('git checkout -q --orphan scratch && echo two > two.txt')]),
    );
    expect(summary.exitCode).toBe(1);
    expect(of('step.finished')[0]!.error).toContain('branch scratch');
    expect(r.git('symbolic-ref', '--short', 'HEAD')).toBe('main');
    expect(r.git('status', '--porcelain')).toBe('');
    expect(r.git('for-each-ref', '--format=%(refname)', 'refs/mmm/')).toMatch(/failed-1$/);
  });

  it('fails a step whose work git refuses to commit, saving it and leaving nothing staged', async () => {
    const r = repo();
    r.git('config', 'commit.gpgsign', 'true');
    r.git('config', 'gpg.program', '/nonexistent/gpg');
    const { summary, of } = await run(r.dir, playbook([shell('echo work > w.txt')]));
    expect(summary.exitCode).toBe(1);
    expect(of('step.finished')[0]!.error).toMatch(/git could not commit the step's work: .*gpg/);
    expect(r.git('status', '--porcelain')).toBe('');
    const saved = r.git('for-each-ref', '--format=%(refname)', 'refs/mmm/');
    expect(r.git('show', `${saved}:w.txt`)).toBe('work');
  });
});
