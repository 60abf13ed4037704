// A fix loop that goes in circles, as a user meets it through the built bin: the run stops as not
// converging (exit 4) with the escalation packet, and `mmm resume` goes on once a person has
// committed the fix.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMmm } from '../helpers/bin.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';

const mmm = (args: string[], cwd: string) => startMmm(args, cwd, { CI: '1' }).done;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});
function repo(files: Record<string, string>): TempRepo {
  const r = makeTempRepo({ 'README.md': '# loop\n', ...files });
  cleanups.push(r.cleanup);
  return r;
}

const PLAYBOOK = [
  'name: loop',
  'steps:',
  '  - shell: echo one >> one.txt',
  '  - id: test',
  `    shell: 'echo run >> runs.log; test -f ok || { echo "FAIL src/a.test.ts ($(date +%s%N) ns)"; exit 1; }'`,
  '    on_failure:',
  "      shell: 'date +%s%N > attempt.txt'",
  '      max_attempts: 4',
  '  - shell: echo three >> three.txt',
  '',
].join('\n');

/** Each try fails another way (a new word) with the same 2 failures; each fix adds 10 lines. */
const GROWING = [
  'name: grow',
  'steps:',
  '  - id: test',
  `    shell: 'echo run >> runs.log; n=$(cat grow.txt 2>/dev/null | wc -l | tr 0-9 a-j); echo "FAIL case-$n"; echo "Tests: 2 failed, 1 passed"; exit 1'`,
  '    on_failure:',
  "      shell: 'seq 1 10 >> grow.txt'",
  '      max_attempts: 6',
  '',
].join('\n');

describe('a run whose fix loop is not converging', () => {
  it('stops when fix after fix makes the change larger and the failures do not fall, each failure new', async () => {
    const r = repo({ 'pb.yml': GROWING, '.gitignore': 'runs.log\n' });

    const stopped = await mmm(['cook', 'pb.yml', '--json'], r.dir);

    expect(stopped.status).toBe(4);
    // step, fix, step, fix, step: then two fixes in a row grew the change with 2 failures still.
    expect(readFileSync(join(r.dir, 'runs.log'), 'utf8').trim().split('\n')).toHaveLength(3);
    const event = stopped.stdout
      .split('\n')
      .filter((line) => line.includes('"step.not_converging"'))
      .map((line) => JSON.parse(line) as { trigger: string; unspent: number; packet: string })[0];
    expect(event?.trigger).toBe('growing');
    expect(event?.unspent).toBe(3);
    expect(event?.packet).toContain(
      'its last 2 fixes made the change larger (lines changed since the first try: 0, 10, 20) while the failures did not fall (2, 2, 2)',
    );
  });

  it('stops with exit 4 and the packet, and resumes from the step once a person commits a fix', async () => {
    const r = repo({ 'pb.yml': PLAYBOOK, '.gitignore': 'runs.log\n' });

    const stopped = await mmm(['cook', 'pb.yml'], r.dir);

    expect(stopped.stdout + stopped.stderr).not.toMatch(/internal error/);
    expect(stopped.status).toBe(4);
    expect(stopped.stdout).toMatch(/stopped +not converging/);
    const packetPath = /what was tried is in (\S+escalation\.md)/.exec(stopped.stdout)?.[1] ?? '';
    expect(readFileSync(packetPath, 'utf8')).toContain('# Step 2 (test) is not converging');
    expect(readFileSync(join(r.dir, 'runs.log'), 'utf8').trim().split('\n')).toHaveLength(2);
    expect(existsSync(join(r.dir, 'three.txt'))).toBe(false);

    const runs = await mmm(['runs'], r.dir);
    const resume = /resume: (mmm resume \S+)/.exec(runs.stdout + runs.stderr)?.[1] ?? '';
    expect(resume).toMatch(/^mmm resume [0-9a-f]+$/);
    const shown = await mmm(['runs', 'events', resume.split(' ')[2] ?? ''], r.dir);
    expect(shown.stdout).toMatch(/step\.not_converging .*failed the same way 2 tries in a row/);

    // The person's fix, committed on top of the run's work.
    r.write('ok', '');
    r.commitAll('the fix the loop could not find');
    const resumed = await mmm(['resume'], r.dir);

    expect(resumed.stdout + resumed.stderr).not.toMatch(/internal error/);
    expect(resumed.status).toBe(0);
    expect(resumed.stderr).toMatch(/resuming stopped run \S+ at step 2 \(test\) of iteration 1/);
    expect(readFileSync(join(r.dir, 'three.txt'), 'utf8')).toBe('three\n');
    // Step 1 ran once; the step that had given up ran once more.
    expect(readFileSync(join(r.dir, 'one.txt'), 'utf8')).toBe('one\n');
    expect(readFileSync(join(r.dir, 'runs.log'), 'utf8').trim().split('\n')).toHaveLength(3);
    expect(r.git('log', '-1', '--skip=1', '--format=%s')).toBe(
      'mmm(loop): shell: echo three >> three.txt',
    );
  });

  it('says, even with --quiet, where a resume put an edit left uncommitted in the tree', async () => {
    const r = repo({ 'pb.yml': PLAYBOOK, '.gitignore': 'runs.log\n' });
    expect((await mmm(['cook', 'pb.yml'], r.dir)).status).toBe(4);
    r.write('notes.txt', 'my own notes\n');

    const resumed = await mmm(['resume', '-q'], r.dir);

    const ref =
      /note: what was uncommitted in the tree .* was saved to (refs\/mmm\/\S+\/resumed-1)/.exec(
        resumed.stderr,
      )?.[1];
    expect(ref).toBeDefined();
    expect(r.git('show', `${ref ?? ''}:notes.txt`)).toBe('my own notes');
  });

  it('is refused at validation for a stop_on_repeat below 2', async () => {
    const r = repo({
      'pb.yml': PLAYBOOK.replace('max_attempts: 4', 'max_attempts: 4\n      stop_on_repeat: 1'),
    });
    const result = await mmm(['validate', 'pb.yml'], r.dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      '`stop_on_repeat` must be a whole number of at least 2, or false never to give up early; got 1',
    );
  });
});
