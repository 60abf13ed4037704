import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempRepos, type TempRepo } from '../../helpers/repo.js';
import { playbook, run, shell } from '../../helpers/engine.js';

const repo = useTempRepos();

/**
 * Runs `command` as a step whose failure a handler lets the run go past, then a step writing
 * after.txt: the first fails, the handler and the second pass, the run ends with exit 0 and
 * the second's commit last. Returns the first step's error.
 */
async function failThenGoOn(r: TempRepo, command: string, id: string): Promise<string | undefined> {
  const pb = playbook([
    shell(command, {
      id,
      onFailure: { step: shell('true', { id: 'note' }), maxAttempts: 1, failWorkflow: false },
    }),
    shell('echo after > after.txt', { id: 'after' }),
  ]);
  const { summary, of } = await run(r.dir, pb);
  expect(of('step.finished').map((e) => [e.label, e.status])).toEqual([
    [id, 'failed'],
    ['note', 'ok'],
    ['after', 'ok'],
  ]);
  expect(summary.exitCode).toBe(0);
  expect(r.git('log', '-1', '--format=%s')).toBe('mmm(test): after');
  return of('step.finished')[0]!.error;
}

describe('commits per step', () => {
  it('commits each successful step with its message and the run and step trailers', async () => {
    const r = repo();
    const base = r.git('rev-parse', 'HEAD');
    const pb = playbook(
      [
        shell('echo one > one.txt', { id: 'first' }),
        shell('true', { id: 'nothing' }),
        shell('mkdir -p src && echo two > src/two.txt', { id: 'second' }),
      ],
      { name: 'demo' },
    );
    const { summary, runId, of } = await run(r.dir, pb);

    expect(summary.status).toBe('completed');
    expect(summary.exitCode).toBe(0);
    expect(r.git('log', '--format=%s', `${base}..HEAD`).split('\n')).toEqual([
      'mmm(demo): second',
      'mmm(demo): first',
    ]);
    expect(r.git('log', '-1', '--format=%B', 'HEAD~1')).toBe(
      `mmm(demo): first\n\nMmm-Run: ${runId}\nMmm-Step: 1 first`,
    );
    expect(r.git('log', '-1', '--format=%(trailers:key=Mmm-Step,valueonly)')).toBe('3 second');
    expect(r.git('status', '--porcelain')).toBe('');
    const committed = of('step.committed');
    expect(committed.map((c) => [c.label, c.files, c.byAgent])).toEqual([
      ['first', ['one.txt'], false],
      ['second', ['src/two.txt'], false],
    ]);
    expect(summary.commits.map((c) => c.commit)).toEqual([
      r.git('rev-parse', 'HEAD~1'),
      r.git('rev-parse', 'HEAD'),
    ]);
    const finished = of('run.finished')[0]!;
    expect(finished).toMatchObject({ commits: 2, steps: { ok: 3, failed: 0, skipped: 0 } });
  });

  it('emits events in order, with run.finished last', async () => {
    const r = repo();
    const { events } = await run(r.dir, playbook([shell('echo x > x.txt', { id: 'x' })]));
    expect(events.map((e) => e.type)).toEqual([
      'run.started',
      'run.state',
      'iteration.started',
      'step.started',
      'step.committed',
      'step.finished',
      // The step's auto gate: its commit landed, decided by no one.
      'gate.decided',
      'iteration.finished',
      'run.state',
      'run.finished',
    ]);
    expect(events[1]).toMatchObject({ state: 'running', reason: 'started' });
    expect(events[6]).toMatchObject({ gate: 'auto', decision: 'approved', landed: true });
    expect(events[8]).toMatchObject({ state: 'done', reason: 'max_iterations', step: undefined });
    const started = events[0]!;
    expect(started).toMatchObject({ branch: 'main', baseCommit: r.git('rev-parse', 'HEAD~1') });
  });

  it('fails a commit_required step that changed nothing, and stops the run', async () => {
    const r = repo();
    const base = r.git('rev-parse', 'HEAD');
    const pb = playbook([
      shell('echo checking', { id: 'check', commitRequired: true }),
      shell('echo never > never.txt', { id: 'after' }),
    ]);
    const { summary, of } = await run(r.dir, pb);
    expect(summary.status).toBe('failed');
    expect(summary.exitCode).toBe(1);
    expect(summary.reason).toBe('step_failed');
    expect(summary.message).toMatch(/check.*commit_required/s);
    expect(of('step.finished')[0]!.error).toMatch(/made no commit/);
    expect(of('step.started').map((s) => s.label)).toEqual(['check']);
    expect(r.git('rev-parse', 'HEAD')).toBe(base);
  });

  it('does not commit a failed step: saves its work to a ref and restores the tree', async () => {
    const r = repo();
    const base = r.git('rev-parse', 'HEAD');
    const pb = playbook([
      shell('echo half > half.txt; echo edit >> README.md; exit 3', { id: 'broken' }),
    ]);
    const { summary, runId, of } = await run(r.dir, pb);
    expect(summary.exitCode).toBe(1);
    expect(r.git('rev-parse', 'HEAD')).toBe(base);
    expect(r.git('status', '--porcelain')).toBe('');
    const ref = `refs/mmm/${runId}/failed-1`;
    expect(r.git('show', `${ref}:half.txt`)).toBe('half');
    const error = of('step.finished')[0]!.error!;
    expect(error).toContain('exited with code 3');
    expect(error).toContain(ref);
    expect(of('step.finished')[0]!.exitCode).toBe(3);
  });

  it('keeps the files ignored before a failed step that undid the ignore rules outside the tree', async () => {
    const r = repo();
    const ignore = join(r.dir, 'global-ignore');
    writeFileSync(ignore, '*.local\nglobal-ignore\n');
    r.git('config', 'core.excludesFile', ignore);
    writeFileSync(
      join(r.dir, '.git', 'info', 'exclude'),
      '# mine\n.env\n/.mmm/mmm.db*\n/.mmm/runs/\n',
    );
    r.write('.env', 'SECRET=1\n');
    r.write('notes.local', 'mine\n');
    r.write('.mmm/mmm.db', 'the run record\n');
    r.write('.mmm/runs/1/out.txt', 'a large output\n');
    expect(r.git('status', '--porcelain')).toBe('');
    const pb = playbook([
      shell(
        'rm .git/info/exclude && git config core.excludesFile /nonexistent && echo s > s.txt && exit 1',
        { id: 'undoes' },
      ),
    ]);
    const { summary, runId } = await run(r.dir, pb);
    expect(summary.exitCode).toBe(1);
    expect(r.git('show', `refs/mmm/${runId}/failed-1:s.txt`)).toBe('s');
    expect(existsSync(join(r.dir, 's.txt'))).toBe(false);
    expect(readFileSync(join(r.dir, '.env'), 'utf8')).toBe('SECRET=1\n');
    expect(readFileSync(join(r.dir, 'notes.local'), 'utf8')).toBe('mine\n');
    expect(readFileSync(join(r.dir, '.mmm', 'mmm.db'), 'utf8')).toBe('the run record\n');
    expect(existsSync(join(r.dir, '.mmm', 'runs', '1', 'out.txt'))).toBe(true);
    expect(existsSync(ignore)).toBe(true);
  });

  it('still removes what a failed step left when the rules in force did not ignore it', async () => {
    const r = repo({ '.gitignore': '!*.log\n' });
    const ignore = join(r.dir, '.git', 'global-ignore');
    writeFileSync(ignore, '*.log\n*.tmp\n');
    r.git('config', 'core.excludesFile', ignore);
    writeFileSync(join(r.dir, '.git', 'info', 'exclude'), '*.out\n!keep.out\n');
    const pb = playbook([
      shell(
        'echo a > keep.log && echo b > keep.out && echo c > skip.out && echo d > x.tmp && exit 1',
        {
          id: 'leaves',
        },
      ),
    ]);
    const { summary, runId } = await run(r.dir, pb);
    expect(summary.exitCode).toBe(1);
    // Not ignored before the step (a negation in the tree's .gitignore, one in info/exclude):
    // saved, then removed; ignored before: neither saved nor removed.
    for (const gone of ['keep.log', 'keep.out']) {
      expect(existsSync(join(r.dir, gone))).toBe(false);
      expect(r.git('show', `refs/mmm/${runId}/failed-1:${gone}`)).not.toBe('');
    }
    expect(existsSync(join(r.dir, 'skip.out'))).toBe(true);
    expect(existsSync(join(r.dir, 'x.tmp'))).toBe(true);
  });

  it('keeps the files ignored where the run started out of every commit once a step no longer ignores them', async () => {
    const r = repo({ '.gitignore': '.env\nbuild/\n*.key\n' });
    r.write('.env', 'SECRET=1\n');
    r.write('build/out.bin', 'built\n');
    r.write('id.key', 'mine\n');
    const pb = playbook([
      // Rewrites the tracked .gitignore, writes a file of its own, and stages one it chose.
      shell(
        'printf "!*.key\\n" > .gitignore && echo new > new.txt && git add -f id.key && echo x >> .env',
        { id: 'unignores' },
      ),
      shell('echo two > two.txt', { id: 'next' }),
      shell('echo s > s.txt && exit 1', { id: 'fails' }),
    ]);
    const { summary, runId, of } = await run(r.dir, pb);
    expect(summary.exitCode).toBe(1);
    const files = of('step.committed').map((c) => [c.label, c.files]);
    expect(files).toEqual([
      ['unignores', ['.gitignore', 'id.key', 'new.txt']],
      ['next', ['two.txt']],
    ]);
    expect(of('step.kept_out').map((e) => [e.label, e.paths])).toEqual([
      ['unignores', ['.env', 'build/']],
      ['next', ['.env', 'build/']],
    ]);
    expect(r.git('log', '--all', '--format=%H', '--', '.env', 'build')).toBe('');
    // The failed step's undo spares them too, though the tree's rules no longer ignore them.
    expect(r.git('show', `refs/mmm/${runId}/failed-1:s.txt`)).toBe('s');
    expect(readFileSync(join(r.dir, '.env'), 'utf8')).toBe('SECRET=1\nx\n');
    expect(readFileSync(join(r.dir, 'build', 'out.bin'), 'utf8')).toBe('built\n');
    expect(existsSync(join(r.dir, 's.txt'))).toBe(false);
    const started = of('run.started')[0]!;
    expect(started.ignored).toEqual(expect.arrayContaining(['.env', 'build/', 'id.key']));
  });

  it('keeps the files ignored where the run started even against a negation a step committed', async () => {
    const r = repo({ '.gitignore': '*.local\n' });
    r.write('my.local', 'mine\n');
    const pb = playbook([
      shell('printf "*.local\\n!my.local\\n" > .gitignore', { id: 'negates' }),
      shell('echo s > s.txt && exit 1', { id: 'fails' }),
    ]);
    const { summary, of } = await run(r.dir, pb);
    expect(summary.exitCode).toBe(1);
    expect(of('step.kept_out').map((e) => e.paths)).toEqual([['my.local']]);
    expect(readFileSync(join(r.dir, 'my.local'), 'utf8')).toBe('mine\n');
    expect(r.git('status', '--porcelain')).toBe('?? my.local');
  });

  it('commits a new file beside ignored ones in a directory that held nothing else', async () => {
    const r = repo({ '.gitignore': '*.log\n' });
    r.write('logs/a.log', 'mine\n');
    const { summary, of } = await run(
      r.dir,
      playbook([shell('echo docs > logs/README.md', { id: 'docs' })]),
    );
    expect(summary.exitCode).toBe(0);
    expect(of('step.committed').map((c) => c.files)).toEqual([['logs/README.md']]);
    expect(of('step.kept_out')).toEqual([]);
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it('keeps a file whose name is not UTF-8 out of the commit, and outside a sparse cone', async () => {
    const r = repo({ '.gitignore': 'secret*\n*.log\n', 'src/a.txt': 'a\n', 'docs/d.txt': 'd\n' });
    const odd = Buffer.from('secret-\xe9.txt', 'latin1');
    writeFileSync(Buffer.concat([Buffer.from(`${r.dir}/`), odd]), 'mine\n');
    r.git('sparse-checkout', 'set', 'src');
    r.write('docs/x.log', 'mine\n');
    const { summary, of } = await run(
      r.dir,
      playbook([
        shell('printf "other\\n" > .gitignore && echo b > src/b.txt', { id: 'unignores' }),
      ]),
    );
    expect(summary.exitCode).toBe(0);
    expect(of('step.committed').map((c) => c.files)).toEqual([['.gitignore', 'src/b.txt']]);
    expect(of('step.kept_out')[0]!.paths).toHaveLength(2);
    expect(r.git('ls-tree', '-r', '--name-only', 'HEAD')).not.toMatch(/secret|x\.log/);
  });

  it("keeps an ignored directory inside an untracked one out as one entry, beside the step's file", async () => {
    const r = repo({ '.gitignore': 'node_modules/\n' });
    for (let i = 0; i < 50; i++) r.write(`web/node_modules/p${i}/index.js`, 'x\n');
    const { summary, of } = await run(
      r.dir,
      playbook([shell(': > .gitignore && echo hi > web/new.txt', { id: 'unignores' })]),
    );
    expect(summary.exitCode).toBe(0);
    expect(of('step.committed').map((c) => c.files)).toEqual([['.gitignore', 'web/new.txt']]);
    expect(of('step.kept_out').map((e) => e.paths)).toEqual([['web/node_modules/']]);
  });

  it("leaves the user's own repository in an ignored directory out, when a step no longer ignores it", async () => {
    const r = repo({ '.gitignore': 'vendor/\n' });
    r.write('vendor/lib/x.c', 'int x;\n');
    r.git('init', '-q', 'vendor/lib');
    const { summary, of } = await run(
      r.dir,
      playbook([shell(': > .gitignore && echo a > a.txt', { id: 'unignores' })]),
    );
    expect(summary.exitCode).toBe(0);
    expect(of('step.committed').map((c) => c.files)).toEqual([['.gitignore', 'a.txt']]);
    expect(of('step.kept_out')[0]!.paths).toEqual(['vendor/']);
  });

  it('keeps the files ignored where the run started when it is resumed after a crash', async () => {
    const r = repo({ '.gitignore': '.env\nsecret*\n' });
    r.write('.env', 'SECRET=1\n');
    // A name that is not UTF-8 comes back from the run's record byte for byte.
    const odd = Buffer.concat([Buffer.from(`${r.dir}/`), Buffer.from('secret-\xe9', 'latin1')]);
    writeFileSync(odd, 'mine\n');
    const first = shell('printf "other\\n" > .gitignore', { id: 'unignores' });
    const started = await run(r.dir, playbook([first]));
    const base = started.of('run.started')[0]!.baseCommit;
    const startAt = r.git('rev-parse', 'HEAD');
    // The second step died halfway: what it wrote is in the tree, beside the user's .env.
    r.write('half.txt', 'half\n');
    const { summary, of } = await run(
      r.dir,
      playbook([first, shell('echo w > w.txt', { id: 'second' })]),
      {
        resume: {
          from: 'crashed',
          iteration: 1,
          stepIndex: 1,
          startAt,
          baseCommit: base,
          steps: {},
          lastShellOutput: undefined,
          totals: { ok: 1, failed: 0, skipped: 0, costUsd: 0, agentCalls: 0 },
          commits: [],
          savedRefs: 0,
          playbookChanged: false,
          ignoredAtStart: started.of('run.started')[0]!.ignored,
        },
      },
    );
    expect(summary.exitCode).toBe(0);
    expect(readFileSync(join(r.dir, '.env'), 'utf8')).toBe('SECRET=1\n');
    expect(readFileSync(odd, 'utf8')).toBe('mine\n');
    const saved = of('run.resumed')[0]!.savedRef!;
    expect(r.git('ls-tree', '--name-only', saved)).not.toMatch(/\.env|secret/);
    expect(r.git('show', `${saved}:half.txt`)).toBe('half');
    expect(of('step.committed').map((c) => c.files)).toEqual([['w.txt']]);
  });

  it('undoes a merge a step began and left without changing anything', async () => {
    const r = repo();
    r.git('checkout', '-q', '-b', 'other');
    r.write('g.txt', 'g\n');
    r.git('add', 'g.txt');
    r.git('commit', '-q', '-m', 'g');
    r.git('checkout', '-q', 'main');
    await failThenGoOn(r, 'git merge -q --no-commit -s ours other', 'merges');
    expect(existsSync(join(r.dir, '.git', 'MERGE_HEAD'))).toBe(false);
  });

  it('saves a local edit git was told to assume unchanged before a failed step is undone', async () => {
    const r = repo({ 'config.txt': 'shared\n' });
    r.git('update-index', '--assume-unchanged', 'config.txt');
    r.write('config.txt', 'shared\nmy local setting\n');
    expect(r.git('status', '--porcelain')).toBe('');
    const { summary, runId } = await run(
      r.dir,
      playbook([shell('echo s > s.txt && exit 1', { id: 'fails' })]),
    );
    expect(summary.exitCode).toBe(1);
    const ref = `refs/mmm/${runId}/failed-1`;
    expect(r.git('show', `${ref}:config.txt`)).toBe('shared\nmy local setting');
    expect(r.git('show', `${ref}:s.txt`)).toBe('s');
  });

  /** A repository whose main and feature branches change a.txt each their own way. */
  function diverged(): TempRepo {
    const r = repo({ 'a.txt': 'one\n' });
    r.git('checkout', '-q', '-b', 'feature');
    r.write('a.txt', 'feature\n');
    r.git('commit', '-q', '-am', 'feature');
    r.git('checkout', '-q', 'main');
    r.write('a.txt', 'main\n');
    r.git('commit', '-q', '-am', 'main');
    return r;
  }

  it('fails a step that leaves a merge in progress instead of concluding it with its commit', async () => {
    const r = diverged();
    const base = r.git('rev-parse', 'HEAD');
    const { summary, runId, of } = await run(
      r.dir,
      playbook([shell('git merge -q feature; echo more > more.txt', { id: 'merges' })]),
    );
    expect(summary.exitCode).toBe(1);
    expect(of('step.finished')[0]!.error).toContain('a merge in progress');
    expect(r.git('rev-parse', 'HEAD')).toBe(base);
    expect(r.git('rev-list', '--count', 'HEAD')).toBe('2');
    expect(existsSync(join(r.dir, '.git', 'MERGE_HEAD'))).toBe(false);
    expect(r.git('show', `refs/mmm/${runId}/failed-1:more.txt`)).toBe('more');
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it('forgets a rebase a failed step left, so that nothing later takes the branch back', async () => {
    const r = diverged();
    const error = await failThenGoOn(r, 'git rebase feature; true', 'rebases');
    expect(error).toContain('a rebase in progress');
    expect(existsSync(join(r.dir, '.git', 'rebase-merge'))).toBe(false);
    expect(existsSync(join(r.dir, '.git', 'rebase-apply'))).toBe(false);
    expect(r.git('symbolic-ref', 'HEAD')).toBe('refs/heads/main');
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it('fails a step that drops a commit and grafts its own on top with git replace', async () => {
    const r = repo();
    const pb = playbook([
      shell('echo s1 > s1.txt', { id: 'one' }),
      shell(
        'before=$(git rev-parse HEAD) && git reset -q --hard HEAD~1 && echo s2 > s2.txt && git add s2.txt && git commit -q -m own && git replace --graft HEAD $before',
        { id: 'grafts' },
      ),
    ]);
    const { summary, of } = await run(r.dir, pb);
    expect(summary.exitCode).toBe(1);
    expect(of('step.finished')[1]!.error).toContain('the step rewrote history');
    const one = of('step.committed')[0]!.commit;
    expect(r.git('--no-replace-objects', 'rev-parse', 'HEAD')).toBe(one);
  });

  it('names the saved ref when git cannot undo a failed step (a lock the step left)', async () => {
    const r = repo();
    const pb = playbook([
      shell('echo s1 > s1.txt && touch .git/refs/heads/main.lock && exit 1', { id: 'locks' }),
    ]);
    const failed = await run(r.dir, pb).then(
      () => undefined,
      (error: unknown) => error as Error & { exitCode?: number },
    );
    expect(failed?.exitCode).toBe(3);
    const ref = /saved to (refs\/mmm\/\S+\/failed-1) first/.exec(failed?.message ?? '')?.[1];
    expect(ref).toBeDefined();
    expect(r.git('show', `${ref ?? ''}:s1.txt`)).toBe('s1');
  }, 30_000);

  it('records a detached HEAD and commits on it', async () => {
    const r = repo();
    r.git('checkout', '-q', '--detach');
    const { summary, of } = await run(r.dir, playbook([shell('echo d > d.txt', { id: 'd' })]));
    expect(summary.exitCode).toBe(0);
    expect(of('run.started')[0]!.branch).toBeUndefined();
    expect(r.git('log', '-1', '--format=%s')).toBe('mmm(test): d');
  });

  it('never commits mmm private files under .mmm/', async () => {
    const r = repo();
    const pb = playbook([shell('mkdir -p .mmm/runs && echo db > .mmm/mmm.db && echo x > x.txt')]);
    await run(r.dir, pb);
    expect(r.git('show', '--name-only', '--format=', 'HEAD')).toBe('x.txt');
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it('reports every commit as git stores it, step after step, whoever made it', async () => {
    const r = repo();
    const pb = playbook([
      shell('printf "1\\n2\\n" > a.txt', { id: 'one' }),
      shell('echo 3 >> a.txt && echo b > "b b.txt"', { id: 'two' }),
      shell('true', { id: 'none' }),
      shell('echo s > s.txt && git add s.txt && echo c > c.txt', { id: 'stages' }),
      shell('echo o > o.txt && git add o.txt && git commit -q -m own && echo l > l.txt', {
        id: 'own',
      }),
      shell('rm "b b.txt" && echo 4 >> a.txt', { id: 'last' }),
    ]);
    const { summary, of } = await run(r.dir, pb);
    expect(summary.exitCode).toBe(0);
    const committed = of('step.committed');
    expect(committed.map((c) => [c.label, c.byAgent, c.files])).toEqual([
      ['one', false, ['a.txt']],
      ['two', false, ['a.txt', 'b b.txt']],
      ['stages', false, ['c.txt', 's.txt']],
      ['own', true, ['o.txt']],
      ['own', false, ['l.txt']],
      ['last', false, ['a.txt', 'b b.txt']],
    ]);
    for (const c of committed) {
      expect(c.message).toBe(r.git('log', '-1', '--format=%B', c.commit));
      const numstat = r.git('diff', '--numstat', '--no-renames', `${c.commit}^`, c.commit);
      const rows = numstat.split('\n').map((line) => line.split('\t'));
      expect(c.insertions).toBe(rows.reduce((n, [added]) => n + Number(added), 0));
      expect(c.deletions).toBe(rows.reduce((n, [, removed]) => n + Number(removed), 0));
    }
    expect(summary.commits.map((c) => c.commit)).toEqual(committed.map((c) => c.commit));
  });

  it('reports a history the step merged in, its root commit included, as the step made it', async () => {
    const r = repo();
    // An unrelated history, as `git subtree add` or a merge of another project brings in.
    r.git('checkout', '-q', '--orphan', 'lib');
    r.git('rm', '-q', '-r', '--cached', '.');
    r.git('clean', '-q', '-f', '-d');
    r.write('lib.txt', 'one\ntwo\n');
    r.git('add', 'lib.txt');
    r.git('commit', '-q', '-m', 'lib root');
    const root = r.git('rev-parse', 'HEAD');
    r.git('checkout', '-q', 'main');
    const pb = playbook([
      shell('git merge -q --no-edit --allow-unrelated-histories lib', { id: 'merge' }),
    ]);
    const { summary, of } = await run(r.dir, pb);
    expect(summary.exitCode).toBe(0);
    const committed = of('step.committed');
    expect(committed.map((c) => [c.commit, c.byAgent, c.files, c.insertions])).toEqual([
      [root, true, ['lib.txt'], 2],
      [r.git('rev-parse', 'HEAD'), true, ['lib.txt'], 2],
    ]);
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it("runs git's automatic maintenance once after the run's commits, not after each", async () => {
    const r = dueForMaintenance(repo());
    const pb = playbook([
      shell('echo 1 > one.txt', { id: 'one' }),
      shell('echo 2 > two.txt', { id: 'two' }),
      shell('echo 3 > three.txt', { id: 'three' }),
    ]);
    const { summary } = await run(r.dir, pb);
    expect(summary.commits).toHaveLength(3);
    expect(maintenanceRuns(r)).toBe(1);
  });

  it('leaves git maintenance to the caller when asked to, and to no one when git has it off', async () => {
    const r = dueForMaintenance(repo());
    await run(r.dir, playbook([shell('echo 1 > one.txt', { id: 'one' })]), {
      autoMaintenance: false,
    });
    expect(maintenanceRuns(r)).toBe(0);
    r.git('config', 'maintenance.auto', 'false');
    await run(r.dir, playbook([shell('echo 2 > two.txt', { id: 'two' })]));
    expect(maintenanceRuns(r)).toBe(0);
    expect(r.git('log', '--format=%s', '-2')).toBe('mmm(test): two\nmmm(test): one');
  });
});

describe('hooks and step commits', () => {
  function hook(r: TempRepo, name: string, script: string): void {
    const path = join(r.dir, '.git', 'hooks', name);
    writeFileSync(path, `#!/bin/sh\n${script}\n`);
    chmodSync(path, 0o755);
  }

  it('commits a step whatever the pre-commit and commit-msg hooks say: they are not run', async () => {
    const r = repo();
    hook(r, 'pre-commit', 'echo pre-commit >> "$(git rev-parse --git-dir)/hooks.log"; exit 1');
    hook(r, 'commit-msg', 'echo commit-msg >> "$(git rev-parse --git-dir)/hooks.log"; exit 1');
    const { summary } = await run(r.dir, playbook([shell('echo x > x.txt', { id: 'x' })]));
    expect(summary.exitCode).toBe(0);
    expect(r.git('log', '-1', '--format=%s')).toBe('mmm(test): x');
    expect(existsSync(join(r.dir, '.git', 'hooks.log'))).toBe(false);
  });

  it('passes a hook that git still runs and that lets the commit through', async () => {
    const r = repo();
    hook(r, 'prepare-commit-msg', 'echo ran >> "$(git rev-parse --git-dir)/hooks.log"');
    const { summary } = await run(r.dir, playbook([shell('echo x > x.txt', { id: 'x' })]));
    expect(summary.exitCode).toBe(0);
    expect(r.git('log', '-1', '--format=%s')).toBe('mmm(test): x');
    expect(readFileSync(join(r.dir, '.git', 'hooks.log'), 'utf8')).toBe('ran\n');
  });

  it("fails the step with the hook's own words when a hook git still runs refuses the commit", async () => {
    const r = repo();
    const base = r.git('rev-parse', 'HEAD');
    hook(r, 'prepare-commit-msg', 'echo "no commits on Fridays" >&2; exit 1');
    const pb = playbook([
      shell('echo x > x.txt', { id: 'x' }),
      shell('echo y > y.txt', { id: 'y' }),
    ]);
    const { summary, of } = await run(r.dir, pb);
    expect(summary.exitCode).toBe(1);
    const error = of('step.finished')[0]!.error ?? '';
    expect(error).toMatch(/^git could not commit the step's work: git commit exited with 1: /);
    expect(error).toContain('no commits on Fridays');
    expect(r.git('rev-parse', 'HEAD')).toBe(base);
    expect(r.git('status', '--porcelain')).toBe('');
    const saved = r.git('for-each-ref', '--format=%(refname)', 'refs/mmm/');
    expect(r.git('show', `${saved}:x.txt`)).toBe('x');
    expect(existsSync(join(r.dir, 'y.txt'))).toBe(false);
  });
});

/**
 * Makes git's automatic maintenance due (two packs over gc.autoPackLimit 1) and lets the
 * pre-auto-gc hook count each time it comes due, refusing it so that it stays due.
 */
function dueForMaintenance(r: TempRepo): TempRepo {
  r.git('repack', '-dq');
  r.write('second.txt', 'second pack\n');
  r.commitAll('second');
  r.git('repack', '-dq');
  r.git('config', 'gc.autoPackLimit', '1');
  r.git('config', 'gc.autoDetach', 'false');
  r.git('config', 'maintenance.autoDetach', 'false');
  const hook = join(r.dir, '.git', 'hooks', 'pre-auto-gc');
  writeFileSync(hook, '#!/bin/sh\necho due >> "$(git rev-parse --git-dir)/auto-gc.log"\nexit 1\n');
  chmodSync(hook, 0o755);
  return r;
}

function maintenanceRuns(r: TempRepo): number {
  const log = join(r.dir, '.git', 'auto-gc.log');
  return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0;
}
