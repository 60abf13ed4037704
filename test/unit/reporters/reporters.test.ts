import { describe, expect, it } from 'vitest';
import type { MmmEvent } from '../../../src/events.js';
import { chooseMode, createReporter } from '../../../src/reporters/index.js';
import type { ReporterMode } from '../../../src/reporters/index.js';
import { runningTitle, type StepItem } from '../../../src/reporters/tty-tasks.js';
import { formatClock } from '../../../src/infra/format.js';
import { capture, sanitize } from '../../helpers/capture.js';
import { recordedRun } from '../../helpers/recorded-events.js';

async function play(mode: ReporterMode, events: MmmEvent[], verbose = false) {
  const stdout = capture();
  const stderr = capture();
  const reporter = createReporter({ mode, verbose, stdout, stderr, color: false });
  for (const event of events) {
    reporter.sink(event);
    if (event.type === 'step.started')
      reporter.output(event.label, 'first line\nsecond ', 'stdout');
    if (event.type === 'step.started') reporter.output(event.label, 'half\n', 'stdout');
    // The engine's events come spread over time; the task list must not run ahead of them.
    if (mode === 'tty') await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await reporter.close();
  return { out: sanitize(stdout.text()), err: sanitize(stderr.text()) };
}

function completedRun(): MmmEvent[] {
  const events = recordedRun().slice(0, 21);
  const last = recordedRun().at(-1);
  if (last?.type !== 'run.finished') throw new Error('fixture changed');
  return [
    ...events,
    {
      ...last,
      status: 'completed',
      exitCode: 0,
      reason: 'no_changes',
      iterations: 1,
      steps: { ok: 5, failed: 1, skipped: 1 },
      costUsd: 0,
    },
  ];
}

describe('plain reporter', () => {
  it('writes one greppable line per step with its outcome, commit and cost', async () => {
    const { err } = await play('plain', recordedRun());
    const lines = err.split('\n');
    expect(lines).toContain('[1/2] iteration 1 of 2');
    expect(lines).toContain(
      '[1/2] step 1 claude: /mmm-code-review … ok (<t>) commit 1111111 $0.01',
    );
    const failed = lines.indexOf(
      '[1/2] step 3 test (shell) … failed (exit 1, <t>): command failed with exit code 1',
    );
    // The rest of the error (the output's last lines) follows the outcome line, indented.
    expect(lines.slice(failed + 1, failed + 3)).toEqual([
      '    not ok 1 - add',
      '      expected 5, got -1',
    ]);
    expect(lines).toContain(
      '[1/2] step 3 on_failure claude: /mmm-fix-test ${test.output} … ok (<t>) commit 3333333 $0.00',
    );
    expect(lines).toContain('[1/2] step 3 test (shell) attempt 2 … ok (<t>)');
    expect(lines).toContain(
      '[1/2] step 4 claude: /mmm-lint … skipped: when: ${test.success} is false',
    );
    expect(lines).toContain('[1/2] iteration 1 finished: 3 commits');
  });

  it('puts a commit reported after the step finished on the same line', async () => {
    // review's commit comes after step.finished, implement's before: both end up on their line.
    const { err } = await play('plain', recordedRun());
    expect(err).toMatch(
      /step 2 claude: \/mmm-implement-spec \$\{review.spec\} … ok \(<t>\) commit 2222222/,
    );
  });

  it('ends with a summary on stdout naming why it stopped and the error of the failed step', async () => {
    const { out } = await play('plain', recordedRun());
    expect(out).toContain('mmm: failed');
    expect(out).toMatch(/iterations\s+2 of 2/);
    expect(out).toMatch(/steps\s+5 ok, 2 failed, 1 skipped/);
    expect(out).toMatch(/commits\s+3/);
    expect(out).toMatch(/agent cost\s+\$0\.01 \(4 agent calls\)/);
    expect(out).toMatch(/stopped\s+a step failed/);
    expect(out).toMatch(/duration\s+<t>/);
    expect(out).toContain('failed steps:');
    expect(out).toContain('commit_required: the step made no commit');
    // The test step failed once but its second attempt passed: not listed as failed.
    expect(out).not.toContain('expected 5, got -1');
  });

  it('titles the list "failed or interrupted steps" when an interrupt ended the run', async () => {
    const events = recordedRun();
    const last = events.at(-1);
    if (last?.type !== 'run.finished') throw new Error('fixture changed');
    const { out } = await play('plain', [
      ...events.slice(0, -1),
      { ...last, status: 'interrupted', exitCode: 130, reason: 'interrupted' },
    ]);
    expect(out).toContain('failed or interrupted steps:');
  });

  it('shows a zero agent cost and says "no changes" when the run converged', async () => {
    const { out } = await play('plain', completedRun());
    expect(out).toContain('mmm: done');
    expect(out).toMatch(/agent cost\s+\$0\.00/);
    expect(out).toMatch(/stopped\s+no changes: the last iteration made no commit/);
    expect(out).not.toContain('failed steps:');
  });

  it('streams step output to stderr, prefixed by the step label, only with --verbose', async () => {
    const quiet = await play('plain', recordedRun());
    expect(quiet.err).not.toContain('first line');
    const verbose = await play('plain', recordedRun(), true);
    expect(verbose.err).toContain('  test | first line\n  test | second half\n');
    expect(verbose.out).not.toContain('first line');
  });
});

/** Two runs of one --map invocation, their events interleaved as parallel jobs produce them. */
function mappedRuns(): MmmEvent[] {
  const one = recordedRun().map((e) =>
    e.type === 'run.started' ? { ...e, item: 'specs/a.md' } : e,
  );
  const two = completedRun().map((e) => ({
    ...(e.type === 'run.started' ? { ...e, item: 'specs/b.md' } : e),
    runId: 'run-2',
  }));
  const out: MmmEvent[] = [];
  for (let i = 0; i < Math.max(one.length, two.length); i++) {
    const a = one[i];
    const b = two[i];
    if (a) out.push(a);
    if (b) out.push(b);
  }
  return out;
}

describe('several runs at once (--map)', () => {
  it('plain: starts each line with the run’s item and gives each run its summary', async () => {
    const { out, err } = await play('plain', mappedRuns());
    const lines = err.split('\n');
    expect(lines).toContain(
      'specs/a.md: [1/2] step 3 test (shell) … failed (exit 1, <t>): command failed with exit code 1',
    );
    expect(lines).toContain('specs/b.md: [1/2] step 3 test (shell) attempt 2 … ok (<t>)');
    expect(out).toMatch(/specs\/a\.md\nmmm: failed/);
    expect(out).toMatch(/specs\/b\.md\nmmm: done/);
  });

  it('tty: draws each run as its own group and prints both summaries', async () => {
    const { out, err } = await play('tty', mappedRuns());
    expect(err).toContain('specs/a.md');
    expect(err).toContain('specs/b.md');
    expect(out).toContain('mmm: failed');
    expect(out).toContain('mmm: done');
  });

  it('quiet: one line per run, named by its item', async () => {
    const { out } = await play('quiet', mappedRuns());
    expect(out.split('\n').filter(Boolean)).toEqual([
      'specs/b.md: mmm: done: 1 iteration, 3 commits, $0.00, <t> (no changes: the last iteration made no commit)',
      'specs/a.md: mmm: failed: 2 iterations, 3 commits, $0.01, <t> (a step failed)',
    ]);
  });
});

describe('json reporter', () => {
  it('writes every event as one JSON line on stdout and nothing else there', async () => {
    const events = recordedRun();
    const { out, err } = await play('json', events, true);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(events.length);
    expect(lines.map((l) => (JSON.parse(l) as MmmEvent).type)).toEqual(events.map((e) => e.type));
    expect(err).toContain('first line');
  });
});

describe('quiet reporter', () => {
  it('prints only the failed step error and one line of result', async () => {
    const { out, err } = await play('quiet', recordedRun());
    expect(out).toBe('mmm: failed: 2 iterations, 3 commits, $0.01, <t> (a step failed)\n');
    expect(err).toBe(
      'error: [2/2] step 2 claude: /mmm-implement-spec ${review.spec}: commit_required: the step made no commit\n',
    );
  });

  it('prints a single line when all went well', async () => {
    const { out, err } = await play('quiet', completedRun());
    expect(out).toBe(
      'mmm: done: 1 iteration, 3 commits, $0.00, <t> (no changes: the last iteration made no commit)\n',
    );
    expect(err).toBe('');
  });
});

describe('tty reporter', () => {
  it('draws the task list on stderr and the summary on stdout', async () => {
    const { out, err } = await play('tty', recordedRun());
    expect(err).toContain('iteration 1/2 · 3 commits');
    expect(err).toContain('step 1 claude: /mmm-code-review · <t> · commit 1111111 · $0.01');
    expect(err).toContain('step 4 claude: /mmm-lint · skipped: when: ${test.success} is false');
    expect(err).toContain('iteration 2/2 · a step failed');
    // In the last frame, the iteration where the run failed is marked unlike the one that passed.
    const lastLine = (text: string) =>
      err
        .split('\n')
        .findLast((l) => l.includes(text))
        ?.trim();
    const icon1 = lastLine('iteration 1/2 · 3 commits')?.[0];
    const icon2 = lastLine('iteration 2/2 · a step failed')?.[0];
    expect(icon1).toBeDefined();
    expect(icon2).not.toBe(icon1);
    expect(out).toContain('mmm: failed');
    expect(out).not.toContain('iteration 1/2');
  });
});

describe('chooseMode', () => {
  const tty = { stderrIsTTY: true, env: {} };
  it('uses the task list only on a terminal outside CI', () => {
    expect(chooseMode(tty)).toBe('tty');
    expect(chooseMode({ ...tty, stderrIsTTY: false })).toBe('plain');
    expect(chooseMode({ ...tty, env: { CI: 'true' } })).toBe('plain');
    expect(chooseMode({ ...tty, env: { TERM: 'dumb' } })).toBe('plain');
  });
  it('gives --json precedence over --quiet', () => {
    expect(chooseMode({ ...tty, quiet: true })).toBe('quiet');
    expect(chooseMode({ ...tty, json: true, quiet: true })).toBe('json');
  });
});

describe('a paused run', () => {
  function withPause(): MmmEvent[] {
    const events = recordedRun();
    const i = events.findIndex((e) => e.type === 'step.started');
    const started = events[i];
    if (started?.type !== 'step.started') throw new Error('fixture changed');
    const { headBefore: _, type: __, ...ref } = started;
    const until = new Date(Date.parse(started.at) + 90_000).toISOString();
    return [
      ...events.slice(0, i + 1),
      {
        ...ref,
        type: 'run.paused',
        reason: 'rate_limit',
        until,
        pause: 1,
        message: 'API Error: 429',
      },
      { ...ref, type: 'run.continued', reason: 'rate_limit', pause: 1, waitedMs: 90_000 },
      ...events.slice(i + 1),
    ];
  }

  it('plain: one line when the wait starts, one when it ends', async () => {
    const events = withPause();
    const paused = events.find((e) => e.type === 'run.paused');
    const { err } = await play('plain', events);
    const lines = err.split('\n');
    expect(lines).toContain(
      `[1/2] step 1 claude: /mmm-code-review … paused: rate limited; the same call runs again at ${formatClock(paused?.type === 'run.paused' ? paused.until : '')}`,
    );
    expect(lines).toContain(
      '[1/2] step 1 claude: /mmm-code-review … continuing after a pause of <t>',
    );
  });

  it('tty: the running step counts down to the next call', () => {
    const events = withPause();
    const started = events.find((e) => e.type === 'step.started');
    if (started?.type !== 'step.started') throw new Error('fixture changed');
    const view = {
      ...started,
      key: 'k',
      of: 2,
      status: 'running' as const,
      durationMs: undefined,
      exitCode: undefined,
      error: undefined,
      reason: undefined,
      commits: [],
      costUsd: undefined,
      agentCalls: 0,
      warnings: [],
    };
    const item: StepItem = {
      view,
      done: { promise: Promise.resolve(), resolve: () => undefined },
      startedAt: 0,
      wrapper: undefined,
      early: [],
      pause: { reason: 'usage_limit', until: 10_000 + 125_000 },
      note: undefined,
    };
    expect(runningTitle(item, 10_000)).toBe(
      'step 1 claude: /mmm-code-review · paused: usage limit reached; again in 2m 05s',
    );
    item.pause = undefined;
    expect(runningTitle(item, 10_000)).toBe('step 1 claude: /mmm-code-review · 10.0s');
    item.note = 'continuing';
    expect(runningTitle(item, 10_000)).toBe('step 1 claude: /mmm-code-review · continuing');
  });
});
