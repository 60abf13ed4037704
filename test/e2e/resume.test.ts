// `mmm resume` through the built bin: runs killed, interrupted or changed under them go on from
// the step in flight, and no finished step runs or commits twice.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMmm } from '../helpers/bin.js';
import { writeScenario } from '../helpers/fake-claude.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

/** A directory outside the repository where the steps count what they did. */
function outside(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mmm-resume-out-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function repo(files: Record<string, string>): TempRepo {
  const r = makeTempRepo({ 'README.md': '# resume\n', ...files });
  cleanups.push(r.cleanup);
  return r;
}

/**
 * Six shell steps, each adding a line to $OUT/log (outside the tree) and a file to the tree. Step 3
 * sleeps while $OUT/nap exists, writing the sleeper's pid to $OUT/pid first; step 4 writes what
 * step 2 printed (`${two.output}`) into the tree.
 */
const SIX_STEPS = [
  'name: six',
  'steps:',
  '  - shell: echo 1 >> "$OUT/log"; echo one > f1.txt',
  '  - shell: echo 2 >> "$OUT/log"; echo two > f2.txt; echo said-by-two',
  '    id: two',
  '  - shell: echo 3 >> "$OUT/log"; echo three > f3.txt; if [ -f "$OUT/nap" ]; then sleep 30 & echo $! > "$OUT/pid"; wait; fi',
  '  - shell: echo 4 >> "$OUT/log"; echo "${two.output}" > f4.txt',
  '  - shell: echo 5 >> "$OUT/log"; echo five > f5.txt',
  '  - shell: echo 6 >> "$OUT/log"; echo six > f6.txt',
  '',
].join('\n');

interface Started {
  child: ReturnType<typeof startMmm>['child'];
  done: ReturnType<typeof startMmm>['done'];
}

/** Starts mmm and returns once step 3 sleeps; the sleeper is killed when the test ends. */
async function untilAsleep(
  args: string[],
  cwd: string,
  out: string,
  env: Record<string, string> = {},
): Promise<Started> {
  rmSync(join(out, 'pid'), { force: true });
  writeFileSync(join(out, 'nap'), '');
  const started = startMmm(args, cwd, { OUT: out, ...env });
  const pidFile = join(out, 'pid');
  for (let i = 0; i < 600 && !existsSync(pidFile); i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  const sleeper = Number(readFileSync(pidFile, 'utf8').trim());
  cleanups.push(() => kill(sleeper));
  return started;
}

function kill(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** Kills mmm outright, then the step it left sleeping, so nothing of the first run goes on. */
async function crash(started: Started, out: string): Promise<void> {
  started.child.kill('SIGKILL');
  expect((await started.done).status).toBeNull();
  kill(Number(readFileSync(join(out, 'pid'), 'utf8').trim()));
  rmSync(join(out, 'nap'));
}

const mmm = (args: string[], cwd: string, out: string) => startMmm(args, cwd, { OUT: out }).done;

/** Which steps ran, in order, as they wrote it outside the tree. */
const ranSteps = (out: string) => readFileSync(join(out, 'log'), 'utf8').trim().split('\n');

/** The Mmm-Step trailers of every commit on `rev`, oldest first. */
function stepTrailers(r: TempRepo, rev = 'HEAD'): string[] {
  return r
    .git('log', '--reverse', '--format=%(trailers:key=Mmm-Step,valueonly)', rev)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(' ')[0] ?? '');
}

/** The tree an uninterrupted run of the same playbook leaves, without its provenance commit. */
async function uninterruptedTree(files: Record<string, string>): Promise<string> {
  const r = repo(files);
  const out = outside();
  expect((await mmm(['cook', 'pb.yml'], r.dir, out)).status).toBe(0);
  return r.git('rev-parse', 'HEAD~1^{tree}');
}

function onlyRun(r: TempRepo, out: string): Promise<{ id: string; status: string; cwd: string }> {
  return mmm(['runs', '--json'], r.dir, out).then((listed) => {
    const lines = listed.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    return JSON.parse(lines[0] ?? '') as { id: string; status: string; cwd: string };
  });
}

describe('mmm resume', () => {
  it('goes on with a run killed in step 3 of 6 from step 3, running and committing each step once', async () => {
    const files = { 'pb.yml': SIX_STEPS, 'other.yml': 'steps:\n  - shell: "true"\n' };
    const r = repo(files);
    const out = outside();
    await crash(await untilAsleep(['cook', 'pb.yml'], r.dir, out), out);
    expect(r.git('status', '--porcelain')).toBe('?? f3.txt');

    const run = await onlyRun(r, out);
    expect(run.status).toBe('crashed');
    const shown = await mmm(['runs', 'show', run.id.slice(0, 10)], r.dir, out);
    expect(shown.stdout).toMatch(new RegExp(`^resume\\s+mmm resume ${run.id}$`, 'm'));
    // A cook refused for the tree the killed step left says the run can be resumed instead.
    const other = await mmm(['cook', 'other.yml'], r.dir, out);
    expect(other.status).toBe(3);
    expect(other.stderr).toContain(`continue it with: mmm resume ${run.id}`);

    const resumed = await mmm(['resume', run.id.slice(0, 10)], r.dir, out);
    expect(resumed.stderr).toContain(`resuming crashed run ${run.id} at step 3`);
    expect(resumed.status).toBe(0);
    expect(ranSteps(out)).toEqual(['1', '2', '3', '3', '4', '5', '6']);
    expect(stepTrailers(r)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(readFileSync(join(r.dir, 'f4.txt'), 'utf8')).toBe('said-by-two\n\n');
    expect(r.git('status', '--porcelain')).toBe('');
    // What the killed step had left in the tree was saved before the tree was reset.
    expect(r.git('show', `refs/mmm/${run.id}/resumed-1:f3.txt`)).toBe('three');
    expect(r.git('rev-parse', 'HEAD~1^{tree}')).toBe(await uninterruptedTree(files));

    const states = await mmm(['runs', 'events', run.id], r.dir, out);
    expect(states.stdout).toMatch(/run\.resumed\s+from crashed at it1 #3/);
    expect(states.stdout).toMatch(/run\.state\s+running \(resumed\)/);
    expect((await onlyRunOf(r, out, run.id)).status).toBe('done');
    // Done now: nothing left to resume.
    const again = await mmm(['resume', run.id], r.dir, out);
    expect(again.status).toBe(3);
    expect(again.stderr).toContain('is done');
  });

  it('goes on with a killed --worktree session in its worktree', async () => {
    const r = repo({ 'pb.yml': SIX_STEPS });
    const out = outside();
    await crash(await untilAsleep(['cook', 'pb.yml', '--worktree'], r.dir, out), out);
    const run = await onlyRun(r, out);
    expect(run.status).toBe('crashed');

    const resumed = await mmm(['resume'], r.dir, out);
    expect(resumed.status).toBe(0);
    expect(resumed.stderr).toContain(`in ${run.cwd}: resuming crashed run ${run.id} at step 3`);
    expect(ranSteps(out)).toEqual(['1', '2', '3', '3', '4', '5', '6']);
    const branch = r.git('-C', run.cwd, 'branch', '--show-current');
    expect(stepTrailers(r, branch)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(r.git('rev-parse', `${branch}~1^{tree}`)).toBe(
      await uninterruptedTree({ 'pb.yml': SIX_STEPS }),
    );
    // The user's checkout was not touched; the session says how to merge it.
    expect(r.git('log', '--format=%s')).toBe('initial');
    expect(resumed.stderr).toContain('mmm worktree merge');
  });

  it('goes on with a run stopped by Ctrl-C', async () => {
    const r = repo({ 'pb.yml': SIX_STEPS, 'other.yml': 'steps:\n  - shell: "true"\n' });
    const out = outside();
    const started = await untilAsleep(['cook', 'pb.yml'], r.dir, out);
    rmSync(join(out, 'nap'));
    started.child.kill('SIGINT');
    expect((await started.done).status).toBe(130);
    const run = await onlyRun(r, out);
    expect(run.status).toBe('interrupted');
    const listed = await mmm(['runs'], r.dir, out);
    expect(listed.stderr).toContain(`resume: mmm resume ${run.id}`);
    // Another cook in this checkout says the run can be resumed, and still runs.
    const other = await mmm(['cook', 'other.yml'], r.dir, out);
    expect(other.status).toBe(0);
    expect(other.stderr).toContain(`continue it with: mmm resume ${run.id}`);

    const resumed = await mmm(['resume'], r.dir, out);
    expect(resumed.status).toBe(0);
    expect(ranSteps(out)).toEqual(['1', '2', '3', '3', '4', '5', '6']);
    expect(stepTrailers(r)).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('refuses a playbook changed since the run started, then goes on with it under --force', async () => {
    const r = repo({ 'pb.yml': SIX_STEPS });
    const out = outside();
    await crash(await untilAsleep(['cook', 'pb.yml'], r.dir, out), out);
    const run = await onlyRun(r, out);
    const changed = SIX_STEPS.replace('echo five > f5.txt', 'echo FIVE > f5.txt').concat(
      '  - shell: echo 7 >> "$OUT/log"; echo seven > f7.txt\n    id: seven\n',
    );
    writeFileSync(join(r.dir, 'pb.yml'), changed);
    r.git('commit', '-q', '-m', 'a new step', '--', 'pb.yml');

    const refused = await mmm(['resume', run.id], r.dir, out);
    expect(refused.status).toBe(3);
    expect(refused.stderr).toContain('changed since run');
    expect(refused.stderr).toMatch(/changed: step 5 \(shell: echo 5/);
    expect(refused.stderr).toContain('added: step 7 (seven)');
    expect(refused.stderr).toContain(`mmm resume ${run.id.slice(0, 8)}`);
    expect(ranSteps(out)).toEqual(['1', '2', '3']);

    const forced = await mmm(['resume', run.id, '--force'], r.dir, out);
    expect(forced.status).toBe(0);
    expect(ranSteps(out)).toEqual(['1', '2', '3', '3', '4', '5', '6', '7']);
    expect(readFileSync(join(r.dir, 'f5.txt'), 'utf8')).toBe('FIVE\n');
    // The commit made on top of the stopped run is kept; the run went on after it.
    expect(r.git('log', '--format=%s', '--reverse').split('\n').slice(2, 5)).toEqual([
      'mmm(six): two',
      'a new step',
      expect.stringMatching(/^mmm\(six\): shell: echo 3/),
    ]);
  });

  it('refuses, changing nothing, when HEAD no longer holds where the run stopped or its worktree is gone', async () => {
    const r = repo({ 'pb.yml': SIX_STEPS });
    const out = outside();
    await crash(await untilAsleep(['cook', 'pb.yml'], r.dir, out), out);
    const run = await onlyRun(r, out);
    r.git('reset', '-q', '--hard', 'HEAD~1');
    const refused = await mmm(['resume', run.id], r.dir, out);
    expect(refused.status).toBe(3);
    expect(refused.stderr).toMatch(/which does not contain [0-9a-f]{7}, where run .* stopped/);
    expect(r.git('status', '--porcelain')).toBe('?? f3.txt');
    expect(r.git('for-each-ref', 'refs/mmm/')).toBe('');

    const s = repo({ 'pb.yml': SIX_STEPS });
    await crash(await untilAsleep(['cook', 'pb.yml', '--worktree'], s.dir, out), out);
    const session = await onlyRun(s, out);
    s.git('worktree', 'remove', '--force', session.cwd);
    const shown = await mmm(['runs', 'show', session.id], s.dir, out);
    expect(shown.stdout).toMatch(/^resume\s+not possible: the worktree of session .* is gone$/m);
    const gone = await mmm(['resume'], s.dir, out);
    expect(gone.status).toBe(3);
    expect(gone.stderr).toContain(`whose worktree ${session.cwd} is gone`);
  });

  it('keeps the --max-cost limit, less what the run had spent before it crashed', async () => {
    const playbook = SIX_STEPS.replace(
      '  - shell: echo 5 >> "$OUT/log"; echo five > f5.txt',
      '  - claude: /mmm-lint',
    ).replace('  - shell: echo 1 >> "$OUT/log"; echo one > f1.txt', '  - claude: /mmm-review');
    const r = repo({ 'pb.yml': playbook });
    const out = outside();
    const fake = writeScenario(outside(), [
      { match: 'mmm-review', write: { 'f1.txt': 'one\n' }, cost: 0.6 },
      { match: 'mmm-lint', write: { 'f5.txt': 'five\n' }, cost: 0.1 },
    ]);
    const args = ['cook', 'pb.yml', '--max-cost', '0.5'];
    await crash(await untilAsleep(args, r.dir, out, fake.env), out);
    const run = await onlyRun(r, out);

    const resumed = await startMmm(['resume', run.id], r.dir, { OUT: out, ...fake.env }).done;
    expect(resumed.status).toBe(4);
    expect(resumed.stdout + resumed.stderr).toContain(
      'budget reached: $0.60 spent of --max-cost $0.50',
    );
    expect(ranSteps(out)).toEqual(['2', '3', '3', '4']);
    expect((await onlyRunOf(r, out, run.id)).status).toBe('stopped');
  });

  it('refuses a second resume of a run while the first is going on, naming it', async () => {
    const r = repo({ 'pb.yml': SIX_STEPS });
    const out = outside();
    await crash(await untilAsleep(['cook', 'pb.yml'], r.dir, out), out);
    const run = await onlyRun(r, out);
    const first = await untilAsleep(['resume', run.id], r.dir, out);

    const second = await mmm(['resume', run.id], r.dir, out);
    expect(second.status).toBe(3);
    expect(second.stderr).toContain(`run ${run.id} is being resumed already: mmm resume ${run.id}`);
    expect(second.stderr).toContain(`pid ${String(first.child.pid)}`);

    rmSync(join(out, 'nap'));
    kill(Number(readFileSync(join(out, 'pid'), 'utf8').trim()));
    expect((await first.done).status).toBe(0);
    expect(stepTrailers(r)).toEqual(['1', '2', '3', '4', '5', '6']);
  });
});

async function onlyRunOf(r: TempRepo, out: string, id: string) {
  const listed = await mmm(['runs', '--json'], r.dir, out);
  const runs = listed.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; status: string });
  return runs.find((x) => x.id === id) ?? { id, status: 'missing' };
}
