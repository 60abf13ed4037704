// Fix loops that go in circles stop early: on_failure.stop_on_repeat and the escalation packet.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeScenario } from '../../helpers/fake-claude.js';
import { useTempRepos } from '../../helpers/repo.js';
import { claude, playbook, run, shell } from '../../helpers/engine.js';

const repo = useTempRepos();

// A test that fails the same way (but for its timing) until fixed.txt says "fixed".
const sameFailure =
  'echo run >> runs.log; grep -q fixed fixed.txt || { echo "FAIL src/add.test.ts: expected 3, got 4 ($(date +%s%N) ns, in $PWD)"; exit 1; }';
// One that fails another way each time: the count of runs so far is part of what it says.
const newFailure =
  'echo run >> runs.log; n=$(wc -l < runs.log); grep -q fixed fixed.txt || { echo "FAIL: case $(printf "%s" "$n" | tr 0-9 a-j) broken"; exit 1; }';

const runsOf = (dir: string) => readFileSync(join(dir, 'runs.log'), 'utf8').trim().split('\n');

describe('a fix loop that fails the same way again', () => {
  it('stops after two identical failures, with tries unspent, exit 4 and an escalation packet', async () => {
    const r = repo({ 'fixed.txt': 'broken\n', '.gitignore': 'runs.log\n' });
    const agent = writeScenario(mkdtempSync(join(tmpdir(), 'mmm-fake-')), [
      { write: { 'src/add.js': 'export const add = (a, b) => a + b + 1;\n' }, repeat: true },
    ]);
    const pb = playbook([
      shell(sameFailure, {
        id: 'test',
        onFailure: { step: claude('fix the test: ${test.output}', { id: 'fix' }), maxAttempts: 5 },
      }),
      shell('echo after > after.txt', { id: 'after' }),
    ]);

    const { summary, of, runId } = await run(r.dir, pb, {}, agent.env);

    expect(summary.exitCode).toBe(4);
    expect(summary.status).toBe('stopped');
    expect(summary.reason).toBe('not_converging');
    expect(summary.message).toMatch(
      /step 1 \(test\) not converging: it failed the same way 2 tries in a row \(failure signature [0-9a-f]{12}\), so 3 tries were not spent/,
    );
    // Two tries of the step, one fix between them, and no later step.
    expect(runsOf(r.dir)).toHaveLength(2);
    expect(of('step.finished').map((e) => [e.label, e.role, e.status])).toEqual([
      ['test', 'step', 'failed'],
      ['fix', 'on_failure', 'ok'],
      ['test', 'step', 'failed'],
    ]);
    const [event] = of('step.not_converging');
    expect(event).toMatchObject({ repeats: 2, unspent: 3, attempt: 2 });
    const path = event?.path ?? '';
    expect(path).toMatch(new RegExp(`${runId}/escalation\\.md$`));
    const packet = readFileSync(path, 'utf8');
    expect(packet).toBe(event?.packet);
    expect(packet).toContain('# Step 1 (test) is not converging');
    expect(packet).toContain('fix the test: ${test.output}');
    expect(packet).toContain('## Try 1, from');
    expect(packet).toContain('## Try 2, from');
    expect(packet).toContain('FAIL src/add.test.ts: expected 3, got 4');
    // What the fix changed between the tries, as a diff.
    expect(packet).toContain('+export const add = (a, b) => a + b + 1;');
    expect(packet).toContain(`mmm resume ${runId}`);
  });

  it('spends every try when each failure differs and the fixes do not keep growing the change', async () => {
    const r = repo({ 'fixed.txt': 'broken\n', '.gitignore': 'runs.log\n' });
    const pb = playbook([
      shell(newFailure, {
        id: 'test',
        // The same file each time: the change stops growing after the first fix.
        onFailure: { step: shell('echo more > notes.txt', { id: 'nofix' }), maxAttempts: 4 },
      }),
    ]);
    const { summary, of } = await run(r.dir, pb);
    expect(summary.exitCode).toBe(1);
    expect(summary.reason).toBe('step_failed');
    expect(runsOf(r.dir)).toHaveLength(4);
    expect(of('step.not_converging')).toHaveLength(0);
  });

  it('stops when each failure differs but every fix makes the change larger and the failures stay', async () => {
    const r = repo({ 'fixed.txt': 'broken\n', '.gitignore': 'runs.log\n' });
    const pb = playbook([
      shell(newFailure, {
        id: 'test',
        onFailure: { step: shell('echo more >> notes.txt', { id: 'nofix' }), maxAttempts: 5 },
      }),
    ]);
    const { summary, of } = await run(r.dir, pb);
    expect(summary.exitCode).toBe(4);
    expect(summary.reason).toBe('not_converging');
    expect(runsOf(r.dir)).toHaveLength(3);
    expect(of('step.not_converging').map((e) => [e.trigger, e.unspent])).toEqual([['growing', 2]]);
  });

  it('with stop_on_repeat: 3 allows two identical failures, and false spends every try', async () => {
    const three = repo({ 'fixed.txt': 'broken\n', '.gitignore': 'runs.log\n' });
    const nofix = () => shell('echo more >> notes.txt', { id: 'nofix' });
    const withThree = playbook([
      shell(sameFailure, {
        id: 'test',
        onFailure: { step: nofix(), maxAttempts: 5, stopOnRepeat: 3 },
      }),
    ]);
    const first = await run(three.dir, withThree);
    expect(first.summary.exitCode).toBe(4);
    expect(runsOf(three.dir)).toHaveLength(3);

    const never = repo({ 'fixed.txt': 'broken\n', '.gitignore': 'runs.log\n' });
    const withFalse = playbook([
      shell(sameFailure, {
        id: 'test',
        onFailure: { step: nofix(), maxAttempts: 4, stopOnRepeat: undefined },
      }),
    ]);
    const second = await run(never.dir, withFalse);
    expect(second.summary.exitCode).toBe(1);
    expect(runsOf(never.dir)).toHaveLength(4);
  });

  it('with fail_workflow: false gives up on the step and goes on to the next', async () => {
    const r = repo({ 'fixed.txt': 'broken\n', '.gitignore': 'runs.log\n' });
    const pb = playbook([
      shell(sameFailure, {
        id: 'test',
        onFailure: {
          step: shell('echo more >> notes.txt', { id: 'nofix' }),
          maxAttempts: 5,
          failWorkflow: false,
        },
      }),
      shell('echo after > after.txt', { id: 'after' }),
    ]);
    const { summary, of } = await run(r.dir, pb);
    expect(summary.exitCode).toBe(0);
    expect(summary.steps).toEqual({ ok: 1, failed: 1, skipped: 0 });
    expect(runsOf(r.dir)).toHaveLength(2);
    expect(of('step.not_converging')).toHaveLength(1);
    expect(existsSync(join(r.dir, 'after.txt'))).toBe(true);
  });
});
