import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempRepos } from '../../helpers/repo.js';
import { playbook, ref, run, shell, t } from '../../helpers/engine.js';

const repo = useTempRepos();

/** Alive and not a zombie waiting to be reaped. */
function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function waitForFile(path: string): Promise<string> {
  for (let i = 0; i < 400; i++) {
    if (existsSync(path) && readFileSync(path, 'utf8').trim() !== '') {
      return readFileSync(path, 'utf8').trim();
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${path} never appeared`);
}

function pidFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'mmm-pid-')), 'pid');
}

// The grandchild sleep is what must die: the step's shell starts it in the background.
const sleeper = 'echo partial > partial.txt; sleep 30 & echo $! > "$PIDFILE"; wait';

describe('interruption', () => {
  it('kills the step process tree, commits nothing, saves the work and exits 130', async () => {
    const r = repo();
    const base = r.git('rev-parse', 'HEAD');
    const file = pidFile();
    const controller = new AbortController();
    const pb = playbook([
      shell(sleeper, { id: 'slow', env: { PIDFILE: t(file) } }),
      shell('echo never > never.txt', { id: 'next' }),
    ]);
    const running = run(r.dir, pb, {
      signal: controller.signal,
      interruptedBy: () => (controller.signal.aborted ? 'SIGINT' : undefined),
    });
    const pid = Number(await waitForFile(file));
    expect(isAlive(pid)).toBe(true);
    controller.abort();
    const { summary, runId, of } = await running;

    expect(summary).toMatchObject({ status: 'interrupted', reason: 'interrupted', exitCode: 130 });
    expect(isAlive(pid)).toBe(false);
    expect(r.git('rev-parse', 'HEAD')).toBe(base);
    expect(r.git('status', '--porcelain')).toBe('');
    const saved = `refs/mmm/${runId}/interrupted-1`;
    expect(r.git('show', `${saved}:partial.txt`)).toBe('partial');
    expect(of('step.finished')[0]!.error).toContain(saved);
    expect(of('step.started').map((e) => e.label)).toEqual(['slow']);
    expect(summary.commits).toEqual([]);
    expect(of('run.finished')[0]!.status).toBe('interrupted');
  });

  it('reports 143 when the run was terminated', async () => {
    const r = repo();
    const controller = new AbortController();
    controller.abort();
    const { summary } = await run(r.dir, playbook([shell('true')]), {
      signal: controller.signal,
      interruptedBy: () => 'SIGTERM',
    });
    expect(summary).toMatchObject({ status: 'interrupted', exitCode: 143 });
  });
});

describe('timeouts and output', () => {
  it('kills a timed-out step with its grandchildren and fails it saying so', async () => {
    const r = repo();
    const file = pidFile();
    const pb = playbook([
      shell('sleep 30 & echo $! > "$PIDFILE"; wait', {
        id: 'hang',
        timeoutMs: 1000,
        env: { PIDFILE: t(file) },
      }),
    ]);
    const { summary, of } = await run(r.dir, pb);
    const pid = Number(readFileSync(file, 'utf8').trim());
    expect(isAlive(pid)).toBe(false);
    expect(summary.exitCode).toBe(1);
    expect(of('step.finished')[0]!.error).toMatch(/^timed out after 1s; .*process tree was killed/);
  });

  it('keeps a 20 MB output whole in a file and passes its path to later steps', async () => {
    const r = repo();
    const outputDir = join(mkdtempSync(join(tmpdir(), 'mmm-runs-')), 'run');
    const size = 20_000_000;
    const pb = playbook([
      shell(`head -c ${size} /dev/zero | tr '\\0' x`, { id: 'big' }),
      shell(t`printf %s ${ref.step('big', 'output')} > path.txt`, { id: 'use' }),
    ]);
    const { summary, of } = await run(r.dir, pb, { outputDir });
    expect(summary.exitCode).toBe(0);
    const big = of('step.finished')[0]!;
    expect(big.output).toBeUndefined();
    expect(big.outputBytes).toBe(size);
    const path = r.git('show', 'HEAD:path.txt');
    expect(path).toBe(big.outputFile);
    expect(path.startsWith(outputDir)).toBe(true);
    expect(statSync(path).size).toBe(size);
  });

  it('spills a large output even when the step removed the run directory first', async () => {
    const r = repo();
    const outputDir = join(mkdtempSync(join(tmpdir(), 'mmm-runs-')), 'run');
    const size = 200_000;
    const pb = playbook([
      shell('echo before', { id: 'first' }),
      shell(`rm -rf '${outputDir}'; head -c ${size} /dev/zero | tr '\\0' x`, { id: 'big' }),
    ]);
    const { summary, of } = await run(r.dir, pb, { outputDir });
    expect(summary.exitCode).toBe(0);
    const big = of('step.finished')[1]!;
    expect(big.outputFile?.startsWith(outputDir)).toBe(true);
    expect(statSync(big.outputFile!).size).toBe(size);
  });

  it('fails a step whose large output cannot be written, saying where and why', async () => {
    const r = repo();
    const blocked = mkdtempSync(join(tmpdir(), 'mmm-runs-'));
    writeFileSync(join(blocked, 'run'), 'a file where the run directory should be\n');
    const pb = playbook([shell(`echo work > work.txt; head -c 200000 /dev/zero | tr '\\0' x`)]);
    const { summary, of } = await run(r.dir, pb, { outputDir: join(blocked, 'run') });
    expect(summary.exitCode).toBe(1);
    const finished = of('step.finished')[0]!;
    expect(finished.status).toBe('failed');
    expect(finished.error).toContain(`could not be written to ${join(blocked, 'run')}`);
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it('keeps a small output inline in the event and the variable', async () => {
    const r = repo();
    const pb = playbook([
      shell('echo hello', { id: 'greet' }),
      shell(t`printf %s ${ref.step('greet', 'output')} > out.txt`),
    ]);
    const { of } = await run(r.dir, pb);
    expect(of('step.finished')[0]!.output).toBe('hello\n');
    expect(r.git('show', 'HEAD:out.txt')).toBe('hello');
  });

  it('streams output to onOutput labelled by step', async () => {
    const r = repo();
    const chunks: string[] = [];
    await run(r.dir, playbook([shell('echo streamed; echo oops >&2', { id: 'talk' })]), {
      onOutput: (label, chunk, stream) => chunks.push(`${label}:${stream}:${chunk.trim()}`),
    });
    expect(chunks.sort()).toEqual(['talk:stderr:oops', 'talk:stdout:streamed']);
  });

  it("keeps a background process's later output with the step that started it", async () => {
    const r = repo();
    const pb = playbook([
      shell('(sleep 0.3; echo late) & echo first', { id: 'starts' }),
      shell('sleep 0.5; echo second', { id: 'next' }),
    ]);
    const { of } = await run(r.dir, pb);
    expect(of('step.finished').map((f) => f.output)).toEqual(['first\nlate\n', 'second\n']);
  });
});
