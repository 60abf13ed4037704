// Gates through the built bin: a gated step's commits are held on a proposal ref until a decision
// (mmm approve, mmm reject, or the end of an ack window), and land exactly once.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import BetterSqlite3 from 'better-sqlite3';
import { mmmBin, startMmm } from '../helpers/bin.js';
import { writeScenario } from '../helpers/fake-claude.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function repo(playbook: string): TempRepo {
  const r = makeTempRepo({ 'README.md': '# gates\n', 'pb.yml': playbook });
  cleanups.push(r.cleanup);
  return r;
}

function outside(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mmm-gates-out-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const mmm = (args: string[], cwd: string, env: Record<string, string> = {}) =>
  startMmm(args, cwd, env).done;

/**
 * Two shell steps: the first adds a line to a.txt and has the gate given (its fields, indented),
 * the second writes b.txt and passes the playbook's gate, auto.
 */
const TWO_STEPS = (gate: string) =>
  [
    'name: gated',
    'steps:',
    '  - shell: echo one >> a.txt',
    ...gate.split('\n').map((line) => `    ${line}`),
    '  - shell: echo two > b.txt',
    '',
  ].join('\n');

/** The run's id, as `mmm runs --json` lists the only run. */
async function onlyRun(
  r: TempRepo,
): Promise<{ id: string; status: string; reason: string | null }> {
  const listed = await mmm(['runs', '--json'], r.dir);
  const lines = listed.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] ?? '') as { id: string; status: string; reason: string | null };
}

/** The Mmm-Step trailers of every commit on HEAD, oldest first. */
function stepTrailers(r: TempRepo): string[] {
  return r
    .git('log', '--reverse', '--format=%(trailers:key=Mmm-Step,valueonly)', 'HEAD')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(' ')[0] ?? '');
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('approve gate', () => {
  it('holds the step on a proposal ref and exits 5; mmm approve lands exactly that commit and the run goes on', async () => {
    const r = repo(TWO_STEPS('gate: approve'));
    const base = r.git('rev-parse', 'HEAD');
    const cooked = await mmm(['cook', 'pb.yml'], r.dir);
    expect(cooked.status).toBe(5);
    const run = await onlyRun(r);
    expect(run.status).toBe('paused');
    const ref = `refs/mmm/${run.id}/proposals/1`;
    expect(cooked.stderr + cooked.stdout).toContain(`mmm approve ${run.id}`);
    // The branch is where the step started, clean; the ref holds the step's change.
    expect(r.git('rev-parse', 'HEAD')).toBe(base);
    expect(r.git('status', '--porcelain')).toBe('');
    const proposed = r.git('rev-parse', ref);
    expect(r.git('show', `${proposed}:a.txt`)).toBe('one');
    expect(r.git('rev-parse', `${proposed}^`)).toBe(base);

    const pending = await mmm(['pending'], r.dir);
    expect(pending.status).toBe(0);
    expect(pending.stdout).toContain(ref);
    expect(pending.stdout).toContain(`git diff ${base.slice(0, 7)} ${proposed.slice(0, 7)}`);
    expect(pending.stdout).toContain(`mmm approve ${run.id.slice(0, 8)}`);

    // mmm runs show lists the proposal and how to decide it.
    const shown = await mmm(['runs', 'show', run.id], r.dir);
    expect(shown.stdout).toMatch(
      new RegExp(`Gates\\n.*\\n1 +1 +approve +${ref} ${proposed.slice(0, 7)} .*pending`),
    );
    expect(shown.stdout).toContain(`waiting: mmm approve ${run.id.slice(0, 8)}`);

    // mmm resume does not decide for you.
    const resumed = await mmm(['resume', run.id], r.dir);
    expect(resumed.status).toBe(3);
    expect(resumed.stderr).toContain(`mmm approve ${run.id.slice(0, 8)}`);
    expect(r.git('rev-parse', 'HEAD')).toBe(base);

    const approved = await mmm(['approve', run.id, '--comment', 'looks right'], r.dir);
    expect(approved.stderr).toContain('landing');
    expect(approved.status).toBe(0);
    // Exactly the proposed commit, then the next step, then the provenance commit.
    expect(r.git('rev-list', '--first-parent', `${base}..HEAD`).split('\n').reverse()[0]).toBe(
      proposed,
    );
    expect(stepTrailers(r)).toEqual(['1', '2']);
    expect(readFileSync(join(r.dir, 'b.txt'), 'utf8')).toBe('two\n');
    expect((await onlyRun(r)).status).toBe('done');
    expect((await mmm(['pending'], r.dir)).stdout).toBe('');
    const events = await mmm(['runs', 'events', run.id], r.dir);
    expect(events.stdout).toMatch(/gate\.decided .*approve gate approved by .*landed/);
    const manifest = JSON.parse(r.git('show', `HEAD:.mmm/provenance/${run.id}.json`)) as {
      decisions: { decision: string; comment: string | null; by: string }[];
    };
    expect(manifest.decisions).toEqual([
      expect.objectContaining({
        gate: 'approve',
        decision: 'approved',
        comment: 'looks right',
        by: expect.stringMatching(/<.+@.+>$/) as string,
      }),
      expect.objectContaining({ gate: 'auto', by: 'mmm (auto gate)', landed: true }),
    ]);
  });

  it('mmm reject stops the run and keeps the proposal ref; the branch never moves', async () => {
    const r = repo(TWO_STEPS('gate: approve'));
    const base = r.git('rev-parse', 'HEAD');
    expect((await mmm(['cook', 'pb.yml'], r.dir)).status).toBe(5);
    const run = await onlyRun(r);
    const rejected = await mmm(['reject', run.id, '--reason', 'not like this'], r.dir);
    expect(rejected.status).toBe(0);
    expect(rejected.stderr).toContain('is stopped');
    const after = await onlyRun(r);
    expect(after.status).toBe('stopped');
    expect(after.reason).toBe('rejected');
    expect(r.git('rev-parse', 'HEAD')).toBe(base);
    expect(existsSync(join(r.dir, 'b.txt'))).toBe(false);
    expect(r.git('show', `refs/mmm/${run.id}/proposals/1:a.txt`)).toBe('one');
    expect((await mmm(['pending'], r.dir)).stdout).toBe('');
    // Decided once: a second decision is refused.
    expect((await mmm(['approve', run.id], r.dir)).status).toBe(3);
  });

  it('mmm reject --retry runs the agent step again with the reason in its prompt', async () => {
    const r = repo(
      [
        'name: agent-gated',
        'steps:',
        '  - claude: write the greeting',
        '    gate: approve',
        '  - shell: echo after > after.txt',
        '',
      ].join('\n'),
    );
    const fake = writeScenario(outside(), [
      { write: { 'hello.txt': 'hullo\n' } },
      { write: { 'hello.txt': 'hello\n' } },
    ]);
    const base = r.git('rev-parse', 'HEAD');
    expect((await mmm(['cook', 'pb.yml'], r.dir, fake.env)).status).toBe(5);
    const run = await onlyRun(r);

    const retried = await mmm(
      ['reject', run.id, '--retry', '--reason', 'spell hello properly'],
      r.dir,
      fake.env,
    );
    // The step ran again and waits at its gate again, as its second proposal.
    expect(retried.status).toBe(5);
    const calls = fake.calls();
    expect(calls).toHaveLength(2);
    expect(calls[0]?.prompt).not.toContain('spell hello properly');
    expect(calls[1]?.prompt).toContain('A reviewer rejected the previous attempt');
    expect(calls[1]?.prompt).toContain('spell hello properly');
    expect(r.git('rev-parse', 'HEAD')).toBe(base);
    expect(r.git('show', `refs/mmm/${run.id}/proposals/2:hello.txt`)).toBe('hello');

    expect((await mmm(['approve', run.id], r.dir, fake.env)).status).toBe(0);
    expect(readFileSync(join(r.dir, 'hello.txt'), 'utf8')).toBe('hello\n');
    expect(stepTrailers(r)).toEqual(['1', '2']);
  });
});

describe('a gate in a worktree session', () => {
  it('keeps the session waiting (exit 5, said as such); mmm approve lands it there and offers the merge', async () => {
    const r = repo(TWO_STEPS('gate: approve'));
    const cooked = await mmm(['cook', 'pb.yml', '--worktree'], r.dir);
    expect(cooked.status).toBe(5);
    expect(cooked.stderr).toMatch(/Session \S+ waits for a decision on its run's change/);
    expect(cooked.stderr).not.toContain('kept for inspection');
    const run = await onlyRun(r);
    const approved = await mmm(['approve', run.id], r.dir);
    expect(approved.status).toBe(0);
    expect(approved.stderr).toMatch(/To merge it into main: mmm worktree merge \S+/);
    expect(existsSync(join(r.dir, 'a.txt'))).toBe(false);
  });
});

describe('ack gate', () => {
  it('lands by itself once its window passes', async () => {
    const r = repo(TWO_STEPS('gate: ack\nack_window: 1s'));
    const base = r.git('rev-parse', 'HEAD');
    const cooked = await mmm(['cook', 'pb.yml'], r.dir);
    expect(cooked.stderr).toContain('unless rejected');
    expect(cooked.status).toBe(0);
    expect(stepTrailers(r)).toEqual(['1', '2']);
    const run = await onlyRun(r);
    expect(r.git('rev-list', `${base}..HEAD`).split('\n')).toContain(
      r.git('rev-parse', `refs/mmm/${run.id}/proposals/1`),
    );
    const events = await mmm(['runs', 'events', run.id], r.dir);
    expect(events.stdout).toContain('ack gate approved by mmm (ack window passed)');
  });

  it('does not land when mmm reject comes within the window', async () => {
    const r = repo(TWO_STEPS('gate: ack\nack_window: 2m'));
    const base = r.git('rev-parse', 'HEAD');
    const cook = startMmm(['cook', 'pb.yml'], r.dir);
    await until(
      async () => (await mmm(['pending', '--json'], r.dir)).stdout.includes('"gate":"ack"'),
      'the ack gate to wait',
    );
    const run = await onlyRun(r);
    const rejected = await mmm(['reject', run.id, '--reason', 'no'], r.dir);
    expect(rejected.status).toBe(0);
    expect(rejected.stderr).toContain('stops the run');
    const cooked = await cook.done;
    expect(cooked.status).toBe(4);
    expect(r.git('rev-parse', 'HEAD')).toBe(base);
    expect(existsSync(join(r.dir, 'b.txt'))).toBe(false);
    const after = await onlyRun(r);
    expect(after.status).toBe('stopped');
    expect(after.reason).toBe('rejected');
  });

  it('killed while it waits, stays paused; mmm approve then lands the proposal once', async () => {
    const r = repo(TWO_STEPS('gate: ack\nack_window: 10m'));
    const base = r.git('rev-parse', 'HEAD');
    const cook = startMmm(['cook', 'pb.yml'], r.dir);
    await until(
      async () => (await mmm(['pending', '--json'], r.dir)).stdout.includes('"gate":"ack"'),
      'the ack gate to wait',
    );
    cook.child.kill('SIGKILL');
    expect((await cook.done).status).toBeNull();
    const run = await onlyRun(r);
    // Not taken for crashed: it waits for a decision, not for its process.
    expect(run.status).toBe('paused');
    expect(r.git('rev-parse', 'HEAD')).toBe(base);
    const proposed = r.git('rev-parse', `refs/mmm/${run.id}/proposals/1`);

    const approved = await mmm(['approve', run.id], r.dir);
    expect(approved.status).toBe(0);
    expect(stepTrailers(r)).toEqual(['1', '2']);
    expect(r.git('rev-list', `${base}..HEAD`).split('\n')).toContain(proposed);
    expect(readFileSync(join(r.dir, 'a.txt'), 'utf8')).toBe('one\n');
    // A second approve finds nothing waiting and changes nothing.
    const head = r.git('rev-parse', 'HEAD');
    expect((await mmm(['approve', run.id], r.dir)).status).toBe(3);
    expect(r.git('rev-parse', 'HEAD')).toBe(head);
  });
});

describe('an approval cut short', () => {
  it('is landed by mmm resume when the approving process died before the proposal landed', async () => {
    const r = repo(TWO_STEPS('gate: approve'));
    expect((await mmm(['cook', 'pb.yml'], r.dir)).status).toBe(5);
    const run = await onlyRun(r);
    const proposal = r.git('rev-parse', `refs/mmm/${run.id}/proposals/1`);
    // What a kill -9 of mmm approve leaves between recording the decision (and taking the run up)
    // and the fast-forward: the decision stands, the run is crashed, the branch at the step's base.
    const db = new BetterSqlite3(join(r.dir, '.mmm', 'mmm.db'));
    db.prepare(
      "UPDATE gates SET state = 'approved', decided_by = 'a person', decided_at = '2026-12-07T00:00:00Z' WHERE run_id = ? AND proposal = 1",
    ).run(run.id);
    db.prepare(
      "UPDATE runs SET status = 'crashed', state_reason = 'process_gone' WHERE id = ?",
    ).run(run.id);
    db.close();

    const resumed = await mmm(['resume', run.id], r.dir);
    expect(resumed.stderr).not.toContain('was reset or rewritten');
    expect(resumed.status).toBe(0);
    expect(stepTrailers(r)).toEqual(['1', '2']);
    expect(r.git('rev-parse', 'HEAD~2')).toBe(proposal);
  });
});

describe('an ack gate cut short', () => {
  it('is taken up by mmm resume, which lands the change once the window has passed', async () => {
    const r = repo(TWO_STEPS('gate: ack\nack_window: 3s'));
    const base = r.git('rev-parse', 'HEAD');
    const started = Date.now();
    const cook = startMmm(['cook', 'pb.yml'], r.dir);
    await until(
      async () => (await mmm(['pending', '--json'], r.dir)).stdout.includes('"gate":"ack"'),
      'the ack gate to wait',
    );
    cook.child.kill('SIGKILL');
    await cook.done;
    expect(r.git('rev-parse', 'HEAD')).toBe(base);
    const run = await onlyRun(r);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 3500 - (Date.now() - started))));
    const resumed = await mmm(['resume', run.id], r.dir);
    expect(resumed.status).toBe(0);
    expect(stepTrailers(r)).toEqual(['1', '2']);
    const events = await mmm(['runs', 'events', run.id], r.dir);
    expect(events.stdout).toContain('ack gate approved by mmm (ack window passed)');
  });
});

describe('where a gate comes from', () => {
  it("takes the playbook's gate for steps without one, and --gate over both", async () => {
    const r = repo(
      [
        'name: defaults',
        'gate: approve',
        'steps:',
        '  - shell: echo one >> a.txt',
        '    gate: auto',
        '  - shell: echo two > b.txt',
        '',
      ].join('\n'),
    );
    const first = await mmm(['cook', 'pb.yml'], r.dir);
    expect(first.status).toBe(5);
    // Step 1 landed (auto); step 2 waits.
    expect(stepTrailers(r)).toEqual(['1']);
    const run = await onlyRun(r);
    expect((await mmm(['pending', '--json'], r.dir)).stdout).toContain('"step":2');
    expect((await mmm(['reject', run.id], r.dir)).status).toBe(0);

    r.git('reset', '--hard', 'HEAD~1');
    const overridden = await mmm(['cook', 'pb.yml', '--gate', 'auto'], r.dir);
    expect(overridden.status).toBe(0);
    expect(stepTrailers(r)).toEqual(['1', '2']);
    const bad = await mmm(['cook', 'pb.yml', '--gate', 'maybe'], r.dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--gate must be auto, ack or approve');
  });
});

/** Runs mmm in a pseudo-terminal (test/helpers/in-terminal.py), typing `answers` as asked. */
function inTerminal(
  args: string[],
  cwd: string,
  answers: [RegExp, string][],
  env: Record<string, string> = {},
): Promise<{ status: number | null; output: string }> {
  const helper = join(import.meta.dirname, '..', 'helpers', 'in-terminal.py');
  const typed = JSON.stringify(answers.map(([pattern, text]) => [pattern.source, text]));
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TERM: 'dumb', ...env };
  delete childEnv.CI;
  const child = spawn('python3', [helper, typed, process.execPath, mmmBin, ...args], {
    cwd,
    env: childEnv,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, output })));
}

describe('asking in place on a terminal', () => {
  it('shows the change and lands it on y; the run goes on in the same command', async () => {
    const r = repo(TWO_STEPS('gate: approve'));
    const cooked = await inTerminal(['cook', 'pb.yml'], r.dir, [[/Land this change\?/, 'y\n']]);
    expect(cooked.output).toContain('+one');
    expect(cooked.output).toMatch(/Step 1 \(shell: echo one >> a\.txt\) proposes [0-9a-f]{7}/);
    expect(cooked.status).toBe(0);
    expect(stepTrailers(r)).toEqual(['1', '2']);
    expect((await onlyRun(r)).status).toBe('done');
  });

  it('opens the diff in $EDITOR on e, then on n rejects it with the reason, and the run stops (exit 4)', async () => {
    const r = repo(TWO_STEPS('gate: approve'));
    const out = outside();
    const editor = join(out, 'editor.sh');
    writeFileSync(editor, `#!/bin/sh\ncp "$1" "${join(out, 'seen.diff')}"\n`, { mode: 0o755 });
    const cooked = await inTerminal(
      ['cook', 'pb.yml'],
      r.dir,
      [
        [/Land this change\?/, 'e\n'],
        [/Land this change\?/, 'n\n'],
        [/Why\?/, 'not like this\n'],
        [/Run the step again/, 'n\n'],
      ],
      { EDITOR: editor, VISUAL: '' },
    );
    expect(readFileSync(join(out, 'seen.diff'), 'utf8')).toContain('+one');
    expect(cooked.status).toBe(4);
    const run = await onlyRun(r);
    expect(run.status).toBe('stopped');
    expect(existsSync(join(r.dir, 'a.txt'))).toBe(false);
    const shown = await mmm(['runs', 'show', run.id], r.dir);
    expect(shown.stdout).toContain('not like this');
  });

  it('after y, goes on with the runs of the --args values after the one that waited', async () => {
    const r = repo(
      [
        'name: gated',
        'steps:',
        '  - shell: echo "one $ARG" >> a.txt',
        '    gate: approve',
        '',
      ].join('\n'),
    );
    const cooked = await inTerminal(['cook', 'pb.yml', '--args', 'A', '--args', 'B'], r.dir, [
      [/Land this change\?/, 'y\n'],
      [/Land this change\?/, 'y\n'],
    ]);
    expect(cooked.status).toBe(0);
    expect(readFileSync(join(r.dir, 'a.txt'), 'utf8')).toBe('one A\none B\n');
  });

  it('refuses mmm approve from elsewhere while the terminal asks, and records nothing: n still rejects', async () => {
    const r = repo(TWO_STEPS('gate: approve'));
    const out = outside();
    // The "editor" is where a person in another terminal runs mmm approve meanwhile.
    const editor = join(out, 'editor.sh');
    writeFileSync(
      editor,
      [
        '#!/bin/sh',
        `run=$("${process.execPath}" "${mmmBin}" pending --json | sed -n 's/.*"run":"\\([0-9a-f]*\\)".*/\\1/p' | head -n 1)`,
        `"${process.execPath}" "${mmmBin}" approve "$run" > "${join(out, 'approve.txt')}" 2>&1`,
        `echo "exit $?" >> "${join(out, 'approve.txt')}"`,
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    const cooked = await inTerminal(
      ['cook', 'pb.yml'],
      r.dir,
      [
        [/Land this change\?/, 'e\n'],
        [/Land this change\?/, 'n\n'],
        [/Why\?/, '\n'],
        [/Run the step again/, 'n\n'],
      ],
      { EDITOR: editor, VISUAL: '' },
    );
    const approved = readFileSync(join(out, 'approve.txt'), 'utf8');
    expect(approved).toContain('nothing was decided');
    expect(approved).toContain('exit 3');
    expect(approved).not.toContain('Approved proposal');
    expect(cooked.status).toBe(4);
    expect((await onlyRun(r)).status).toBe('stopped');
    expect(existsSync(join(r.dir, 'a.txt'))).toBe(false);
  });

  it('leaves the change waiting on Enter (exit 5), for mmm approve later', async () => {
    const r = repo(TWO_STEPS('gate: approve'));
    const cooked = await inTerminal(['cook', 'pb.yml'], r.dir, [[/Land this change\?/, '\n']]);
    expect(cooked.status).toBe(5);
    expect(cooked.output).toContain('Left for later: mmm approve');
    const run = await onlyRun(r);
    expect(run.status).toBe('paused');
    expect((await mmm(['approve', run.id], r.dir)).status).toBe(0);
    expect(stepTrailers(r)).toEqual(['1', '2']);
  });

  it('leaves the change waiting when the input ends at the question (Ctrl-D): exit 5', async () => {
    const r = repo(TWO_STEPS('gate: approve'));
    const cooked = await inTerminal(['cook', 'pb.yml'], r.dir, [[/Land this change\?/, '\u0004']]);
    expect(cooked.status).toBe(5);
    expect(cooked.output).toContain('Left for later: mmm approve');
    expect((await onlyRun(r)).status).toBe('paused');
  });

  it('leaves the change waiting on Ctrl-C at the question, and exits 130 as for any interrupt', async () => {
    const r = repo(TWO_STEPS('gate: approve'));
    const cooked = await inTerminal(['cook', 'pb.yml'], r.dir, [[/Land this change\?/, '\u0003']]);
    expect(cooked.status).toBe(130);
    expect(cooked.output).toContain('Left for later: mmm approve');
    expect((await onlyRun(r)).status).toBe('paused');
  });

  it('does not ask without a terminal: the run pauses with exit 5; the next cook says a run waits', async () => {
    const r = repo(TWO_STEPS('gate: approve'));
    const cooked = await mmm(['cook', 'pb.yml'], r.dir);
    expect(cooked.status).toBe(5);
    expect(cooked.stderr).not.toContain('Land this change?');
    const first = await onlyRun(r);
    const again = await mmm(['cook', 'pb.yml', '--gate', 'auto'], r.dir);
    expect(again.stderr).toContain(
      `note: run ${first.id.slice(0, 8)} waits for approval of step 1 (shell: echo one >> a.txt) in this checkout`,
    );
  });
});

describe('gates and --map', () => {
  /**
   * Per item: step 1 (approve gate) changes the tree only for an item whose file says "hold";
   * step 2 writes a file named after the item. A step that changes nothing passes its gate.
   */
  const MAPPED = [
    'name: mapped',
    'steps:',
    '  - shell: if grep -q hold "${item}"; then echo "held for ${item}" > held.txt; fi',
    '    gate: approve',
    '  - shell: echo "done ${item}" > "done-$ARG"',
    '',
  ].join('\n');

  function mapRepo(): TempRepo {
    const r = makeTempRepo({
      'pb.yml': MAPPED,
      'specs/a.md': 'hold\n',
      'specs/b.md': 'go\n',
      'specs/c.md': 'go\n',
    });
    cleanups.push(r.cleanup);
    return r;
  }

  it('pauses only the session of the item whose step is held; the others finish and merge; approve and resume land the rest', async () => {
    const r = mapRepo();
    const mapped = await mmm(['cook', 'pb.yml', '--map', 'specs/*.md', '--yes'], r.dir);
    expect(mapped.status).toBe(5);
    expect(mapped.stdout).toMatch(/specs\/a\.md\s+\S+\s+waits for approval/);
    // b and c ran to their end and were merged; a's work is held, nothing of it on the branch.
    expect(existsSync(join(r.dir, 'done-b'))).toBe(true);
    expect(existsSync(join(r.dir, 'done-c'))).toBe(true);
    expect(existsSync(join(r.dir, 'held.txt'))).toBe(false);
    expect(existsSync(join(r.dir, 'done-a'))).toBe(false);
    const waiting = /run ([0-9a-f]{16}) waits for approval in session/.exec(mapped.stderr)?.[1];
    expect(waiting).toBeDefined();
    const mapId = /mmm resume ([0-9a-f]+)/.exec(mapped.stderr)?.[1] ?? '';
    expect(mapped.stderr).toContain('1 of them waits for approval');

    const pending = await mmm(['pending', '--json'], r.dir);
    expect(pending.stdout).toContain(`"run":"${waiting ?? ''}"`);

    // Resuming the map before the decision keeps the item waiting, and says so.
    const early = await mmm(['resume', mapId], r.dir);
    expect(early.status).toBe(5);
    expect(early.stderr).toContain(`run ${waiting ?? ''} waits for approval`);

    const approved = await mmm(['approve', waiting ?? ''], r.dir);
    expect(approved.status).toBe(0);
    expect(approved.stderr).toContain(`of map ${mapId.slice(0, 8)}`);
    // Landed in the session, not yet in the checkout: the map merges it.
    expect(existsSync(join(r.dir, 'held.txt'))).toBe(false);

    const resumed = await mmm(['resume', mapId], r.dir);
    expect(resumed.status).toBe(0);
    expect(readFileSync(join(r.dir, 'held.txt'), 'utf8')).toBe('held for specs/a.md\n');
    expect(readFileSync(join(r.dir, 'done-a'), 'utf8')).toBe('done specs/a.md\n');
    const again = await mmm(['resume', mapId], r.dir);
    expect(again.status).toBe(3);
    expect(again.stderr).toContain('is finished');
  });

  it('takes mmm approve of a held item from another terminal while the map goes on with the others', async () => {
    const out = outside();
    const r = makeTempRepo({
      'pb.yml': [
        'name: mapped',
        'steps:',
        '  - shell: if grep -q hold "${item}"; then echo held > held.txt; fi',
        '    gate: approve',
        // b waits (at most 20 s) until the test has approved a.
        `  - shell: 'if grep -q slow "\${item}"; then i=0; while [ ! -f "${join(out, 'go')}" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done; fi; echo "done \${item}" > "done-$ARG"'`,
        '',
      ].join('\n'),
      'specs/a.md': 'hold\n',
      'specs/b.md': 'slow\n',
    });
    cleanups.push(r.cleanup);
    const map = startMmm(['cook', 'pb.yml', '--map', 'specs/*.md', '--yes'], r.dir);
    let waiting = '';
    await until(async () => {
      const pending = await mmm(['pending', '--json'], r.dir);
      waiting = /"run":"([0-9a-f]+)"/.exec(pending.stdout)?.[1] ?? '';
      return waiting !== '';
    }, 'item a to wait for approval');
    const approved = await mmm(['approve', waiting], r.dir);
    expect(approved.stderr).toContain('Approved proposal 1');
    expect(approved.status).toBe(0);
    writeFileSync(join(out, 'go'), '');
    const ended = await map.done;
    expect(existsSync(join(r.dir, 'done-b'))).toBe(true);
    const mapId = /mmm resume ([0-9a-f]+)/.exec(ended.stderr)?.[1] ?? '';
    expect((await mmm(['resume', mapId], r.dir)).status).toBe(0);
    expect(readFileSync(join(r.dir, 'held.txt'), 'utf8')).toBe('held\n');
  });

  it('a rejected item stops alone; the map finishes without it', async () => {
    const r = mapRepo();
    const mapped = await mmm(
      ['cook', 'pb.yml', '--map', 'specs/*.md', '--yes', '--jobs', '2'],
      r.dir,
    );
    expect(mapped.status).toBe(5);
    const waiting = /run ([0-9a-f]{16}) waits for approval/.exec(mapped.stderr)?.[1] ?? '';
    const mapId = /mmm resume ([0-9a-f]+)/.exec(mapped.stderr)?.[1] ?? '';
    expect((await mmm(['reject', waiting, '--reason', 'not this'], r.dir)).status).toBe(0);
    const resumed = await mmm(['resume', mapId], r.dir);
    expect(resumed.stdout).toMatch(/specs\/a\.md\s+\S+\s+stopped/);
    expect(existsSync(join(r.dir, 'held.txt'))).toBe(false);
    expect(existsSync(join(r.dir, 'done-b'))).toBe(true);
    expect((await mmm(['resume', mapId], r.dir)).stderr).toContain('is finished');
  });
});

describe('a playbook kept in another repository', () => {
  it('is found again by mmm approve, which lands the change and finishes the run', async () => {
    const r = repo('name: unused\nsteps:\n  - shell: "true"\n');
    const library = makeTempRepo({ 'pb.yml': TWO_STEPS('gate: approve') });
    cleanups.push(library.cleanup);

    const cooked = await mmm(['cook', join(library.dir, 'pb.yml')], r.dir);
    expect(cooked.status).toBe(5);
    const run = await onlyRun(r);

    const approved = await mmm(['approve', run.id], r.dir);
    expect(approved.stdout + approved.stderr).not.toMatch(/is gone/);
    expect(approved.status).toBe(0);
    expect(readFileSync(join(r.dir, 'b.txt'), 'utf8')).toBe('two\n');
  });
});

describe('a decision that could not be carried out at once', () => {
  it('mmm reject --retry refused for HEAD on another branch is carried out by mmm resume later', async () => {
    const r = repo(TWO_STEPS('gate: approve'));
    expect((await mmm(['cook', 'pb.yml'], r.dir)).status).toBe(5);
    const run = await onlyRun(r);
    const branch = r.git('branch', '--show-current');

    r.git('checkout', '-q', '-b', 'elsewhere');
    const rejected = await mmm(['reject', run.id, '--retry', '--reason', 'again'], r.dir);
    expect(rejected.status).toBe(3);
    r.git('checkout', '-q', branch);

    // Not stuck: the recorded rejection is carried out, and the step waits again.
    const resumed = await mmm(['resume', run.id], r.dir);
    expect(resumed.stdout + resumed.stderr).not.toMatch(/internal error/);
    expect(resumed.status).toBe(5);
    expect(r.git('rev-parse', '--verify', `refs/mmm/${run.id}/proposals/2`)).toMatch(
      /^[0-9a-f]{40}$/,
    );
    expect((await mmm(['approve', run.id], r.dir)).status).toBe(0);
    expect(readFileSync(join(r.dir, 'b.txt'), 'utf8')).toBe('two\n');
    expect(stepTrailers(r).filter((s) => s.startsWith('1'))).toHaveLength(1);
  });
});
