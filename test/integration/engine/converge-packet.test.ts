// The escalation packet of a fix loop that gave up, as a person reads it: every part, in order.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  escalationPacket,
  lastLines,
  notConvergingWhy,
  outputTail,
  writeEscalation,
  type FailedTry,
} from '../../../src/engine/converge.js';
import type { RunContext } from '../../../src/engine/context.js';
import { exec } from '../../../src/infra/exec.js';
import { useTempRepos } from '../../helpers/repo.js';
import { playbook, shell } from '../../helpers/engine.js';

const repo = useTempRepos();

function context(cwd: string, outputDir = join(mkdtempSync(join(tmpdir(), 'mmm-out-')), 'run')) {
  return {
    options: { runId: 'r1', playbookPath: 'pb.yml', outputDir },
    vars: { iteration: 2 },
    cwd,
    git: { exec },
  } as unknown as RunContext;
}

const tried = (attempt: number, headBefore: string, error: string, output: string): FailedTry => ({
  attempt,
  headBefore,
  error,
  output,
  signature: 'abcdef012345',
  failures: undefined,
  changed: 0,
});

describe('the escalation packet', () => {
  it('tells the goal, each try, what changed between them and how to go on', async () => {
    const r = repo({ 'a.txt': 'one\n' });
    const first = r.git('rev-parse', 'HEAD');
    r.write('a.txt', 'two\n');
    const second = r.commitAll('fix attempt');
    const step = playbook([
      shell('npm test', {
        id: 'test',
        onFailure: { step: shell('try-fix', { id: 'fix' }), maxAttempts: 5 },
      }),
    ]).steps[0]!;
    const tries = [
      tried(1, first, 'exited with code 1\nmore', 'FAIL x\nuses ``` fences'),
      tried(2, second, 'exited with code 1', 'FAIL x'),
      tried(3, second, 'exited with code 1', 'FAIL x \x1b[2J'),
    ];

    const why = notConvergingWhy(tries, 'repeat', 2);
    const packet = await escalationPacket(context(r.dir), step, tries, 2, 'mmm resume r1', why);

    const s1 = first.slice(0, 7);
    const s2 = second.slice(0, 7);
    expect(packet).toBe(
      [
        '# Step 1 (test) is not converging',
        '',
        `Run r1 of pb.yml, iteration 2, in ${r.dir}. The step is not converging: it failed the same way 3 tries in a row (failure signature abcdef012345), so the run stopped with 2 of its 5 tries unspent.`,
        '',
        '## The goal',
        '',
        'The step (shell):',
        '',
        '```',
        'npm test',
        '```',
        '',
        'Its fix, the on_failure handler (shell):',
        '',
        '```',
        'try-fix',
        '```',
        '',
        `## Try 1, from ${s1}`,
        '',
        'Failure signature abcdef012345. It failed: exited with code 1',
        '',
        '````',
        'FAIL x',
        'uses ``` fences',
        '````',
        '',
        `### What changed before try 2 (${s1}..${s2})`,
        '',
        '```diff',
        ' a.txt | 2 +-',
        ' 1 file changed, 1 insertion(+), 1 deletion(-)',
        '',
        'diff --git a/a.txt b/a.txt',
        `index ${r.git('rev-parse', '--short=7', `${first}:a.txt`)}..${r.git('rev-parse', '--short=7', `${second}:a.txt`)} 100644`,
        '--- a/a.txt',
        '+++ b/a.txt',
        '@@ -1 +1 @@',
        '-one',
        '+two',
        '```',
        '',
        `## Try 2, from ${s2}`,
        '',
        'Failure signature abcdef012345. It failed: exited with code 1',
        '',
        '```',
        'FAIL x',
        '```',
        '',
        'The handler changed nothing before try 3.',
        '',
        `## Try 3, from ${s2}`,
        '',
        'Failure signature abcdef012345. It failed: exited with code 1',
        '',
        '```',
        'FAIL x ^[[2J',
        '```',
        '',
        '## To go on',
        '',
        `Make the fix yourself in ${r.dir} and commit it, then \`mmm resume r1\`: the step runs again from your commit, with its tries counted afresh. Or change the playbook and start a new run.`,
        '',
      ].join('\n'),
    );
  });

  it('is written to escalation.md, or says why it could not be', async () => {
    const r = repo();
    const ok = await writeEscalation(context(r.dir), '# packet\n');
    expect(ok.error).toBeUndefined();
    expect(readFileSync(ok.path, 'utf8')).toBe('# packet\n');

    // A file where the run's output directory should be.
    const blocker = join(mkdtempSync(join(tmpdir(), 'mmm-out-')), 'run');
    writeFileSync(blocker, '');
    const failed = await writeEscalation(context(r.dir, join(blocker, 'sub')), '# packet\n');
    expect(failed.error).toBe('ENOTDIR');
    expect(failed.path).toBe(join(blocker, 'sub', 'escalation.md'));
  });
});

describe('the end of a try output', () => {
  it('is its last 60 lines, kept in memory or read from the spill file', async () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join('\n') + '\n\n';
    const want = Array.from({ length: 60 }, (_, i) => `line ${i + 41}`).join('\n');
    expect(await outputTail(text, undefined)).toBe(want);
    const file = join(mkdtempSync(join(tmpdir(), 'mmm-out-')), 'spill.log');
    writeFileSync(file, 'x'.repeat(40_000) + '\n' + text);
    expect(await outputTail(undefined, file)).toBe(want);
    expect(await outputTail(undefined, join(file, 'missing'))).toBe('');
    expect(await outputTail(undefined, undefined)).toBe('');
    expect(lastLines('a\nb\nc\n\n', 2)).toBe('b\nc');
  });
});
