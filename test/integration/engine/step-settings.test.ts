// Per-step settings at run time: working_dir, timeout against agent.timeout, ${shell.output} and
// capture_output.
import { existsSync, mkdtempSync, readdirSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeScenario, type FakeTurn } from '../../helpers/fake-claude.js';
import { useTempRepos } from '../../helpers/repo.js';
import { claude, playbook, ref, run, shell, t } from '../../helpers/engine.js';

const repo = useTempRepos();

function fake(turns: FakeTurn[]) {
  return writeScenario(mkdtempSync(join(tmpdir(), 'mmm-fake-')), turns);
}

describe('working_dir', () => {
  it('runs the step in that directory of the tree, which may come from a variable', async () => {
    const r = repo({ 'sub/dir/keep': '', 'pkg/a/keep': '' });
    const pb = playbook([
      shell('pwd -P > here.txt', { id: 'fixed', workingDir: t('sub/dir') }),
      shell('pwd -P > here.txt', { id: 'from-arg', workingDir: t`pkg/${ref.arg()}` }),
    ]);
    const { summary } = await run(r.dir, pb, { arg: 'a' });
    expect(summary.exitCode).toBe(0);
    const root = realpathSync(r.dir);
    expect(r.git('show', 'HEAD~1:sub/dir/here.txt')).toBe(join(root, 'sub/dir'));
    expect(r.git('show', 'HEAD:pkg/a/here.txt')).toBe(join(root, 'pkg/a'));
    expect(existsSync(join(r.dir, 'here.txt'))).toBe(false);
  });

  it('fails a step whose working_dir does not exist, running nothing', async () => {
    const r = repo();
    const pb = playbook([
      shell('echo ran > ran.txt', { id: 'lost', workingDir: t('no/such/dir') }),
    ]);
    const { summary, of } = await run(r.dir, pb);
    expect(summary.exitCode).toBe(1);
    expect(of('step.finished')[0]!.error).toBe(
      `working_dir ${join(r.dir, 'no/such/dir')} does not exist`,
    );
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it('finds output files relative to the step directory', async () => {
    const r = repo({ 'docs/keep': '' });
    const pb = playbook([
      shell('mkdir -p specs && echo a > specs/one.md', {
        id: 'review',
        workingDir: t('docs'),
        outputs: { spec: { filePattern: 'specs/*.md' } },
      }),
      shell(t`printf %s ${ref.step('review', 'spec')} > chosen.txt`, { id: 'use' }),
    ]);
    await run(r.dir, pb);
    expect(r.git('show', 'HEAD:chosen.txt')).toBe('specs/one.md');
  });

  it('runs an agent step in that directory', async () => {
    const r = repo({ 'web/keep': '' });
    const agent = fake([{ write: { 'agent.txt': 'here\n' } }]);
    const { summary } = await run(
      r.dir,
      playbook([claude('write', { id: 'w', workingDir: t('web') })]),
      {},
      agent.env,
    );
    expect(summary.exitCode).toBe(0);
    expect(agent.calls()[0]!.cwd).toBe(join(r.dir, 'web'));
    expect(r.git('show', 'HEAD:web/agent.txt')).toBe('here');
  });
});

describe('timeouts of agent steps', () => {
  const agentSettings = (timeoutMs: number) => ({ ...playbook([]).agent, timeoutMs });

  it("a step's timeout wins over a shorter agent.timeout", async () => {
    const r = repo();
    const agent = fake([{ sleepMs: 3000, write: { 'slow.txt': 'done\n' } }]);
    const pb = playbook([claude('slow', { id: 'slow', timeoutMs: 60_000 })], {
      agent: agentSettings(1000),
    });
    const { summary } = await run(r.dir, pb, {}, agent.env);
    expect(summary.exitCode).toBe(0);
    expect(r.git('show', 'HEAD:slow.txt')).toBe('done');
  });

  it("a step's timeout wins over a longer agent.timeout", async () => {
    const r = repo();
    const agent = fake([{ sleepMs: 30_000 }]);
    const pb = playbook([claude('slow', { id: 'slow', timeoutMs: 1500 })], {
      agent: agentSettings(60_000),
    });
    const { summary, of } = await run(r.dir, pb, {}, agent.env);
    expect(summary.exitCode).toBe(1);
    expect(of('step.finished')[0]!.error).toMatch(/^claude timed out after 1\.5s and was stopped/);
  });

  it('agent.timeout applies to an agent step without its own timeout, and not to shell steps', async () => {
    const r = repo();
    const agent = fake([{ sleepMs: 30_000 }]);
    const pb = playbook(
      [shell('sleep 2; echo slept > slept.txt', { id: 'sh' }), claude('slow', { id: 'slow' })],
      { agent: agentSettings(1000) },
    );
    const { summary, of } = await run(r.dir, pb, {}, agent.env);
    expect(summary.exitCode).toBe(1);
    expect(of('step.finished').map((e) => [e.label, e.status])).toEqual([
      ['sh', 'ok'],
      ['slow', 'failed'],
    ]);
    expect(of('step.finished')[1]!.error).toMatch(/^claude timed out after 1s/);
    expect(r.git('show', 'HEAD:slept.txt')).toBe('slept');
  });
});

describe('${shell.output} and capture_output', () => {
  it('is the output of the latest shell step; agent steps do not change it', async () => {
    const r = repo();
    const agent = fake([{ result: 'the agent said this' }]);
    const pb = playbook([
      shell('echo alpha', { id: 'a' }),
      claude('talk', { id: 'talk' }),
      shell(t`printf %s ${ref.shell()} > first.txt`, { id: 'b' }),
      shell('echo gamma', { id: 'c' }),
      shell(t`printf %s ${ref.shell()} > second.txt`, { id: 'd' }),
    ]);
    const { summary } = await run(r.dir, pb, {}, agent.env);
    expect(summary.exitCode).toBe(0);
    expect(r.git('show', 'HEAD~1:first.txt')).toBe('alpha');
    expect(r.git('show', 'HEAD:second.txt')).toBe('gamma');
  });

  it("is the failed step's output inside its on_failure handler", async () => {
    const r = repo();
    const pb = playbook([
      shell('echo "3 tests failed"; exit 1', {
        id: 'test',
        onFailure: {
          step: shell(t`printf %s ${ref.shell()} > failure.txt`, { id: 'fix' }),
          maxAttempts: 1,
          failWorkflow: false,
        },
      }),
    ]);
    await run(r.dir, pb);
    expect(r.git('show', 'HEAD:failure.txt')).toBe('3 tests failed');
  });

  it('capture_output: false keeps no output, but the exit code and success still count', async () => {
    const r = repo();
    const outputDir = join(mkdtempSync(join(tmpdir(), 'mmm-runs-')), 'run');
    const pb = playbook([
      shell('echo first', { id: 'first' }),
      shell("echo secret; head -c 100000 /dev/zero | tr '\\0' x", {
        id: 'quiet',
        captureOutput: false,
      }),
      shell(
        t`printf '[%s] %s %s' ${ref.shell()} ${ref.step('quiet', 'exit_code')} ${ref.step('quiet', 'success')} > seen.txt`,
        { id: 'use' },
      ),
    ]);
    const { summary, of } = await run(r.dir, pb, { outputDir, maxInlineOutputBytes: 1000 });
    expect(summary.exitCode).toBe(0);
    const quiet = of('step.finished')[1]!;
    expect(quiet).toMatchObject({ label: 'quiet', status: 'ok', exitCode: 0 });
    expect(quiet.output).toBeUndefined();
    expect(quiet.outputFile).toBeUndefined();
    expect(existsSync(outputDir) ? readdirSync(outputDir) : []).toEqual([]);
    expect(r.git('show', 'HEAD:seen.txt')).toBe('[] 0 true');
  });
});
