// A policy rule of severity `approve` (`dependencies: approve`): a step whose change breaks it is
// held at an approve gate, whatever gate the step has, and lands only with `mmm approve`.
import { afterEach, describe, expect, it } from 'vitest';
import { startMmm } from '../helpers/bin.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';

const mmm = (args: string[], cwd: string) => startMmm(args, cwd, { CI: '1' }).done;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function repo(files: Record<string, string>): TempRepo {
  const r = makeTempRepo({ 'README.md': '# deps\n', ...files });
  cleanups.push(r.cleanup);
  return r;
}

const PLAYBOOK = [
  'name: deps',
  'policy:',
  '  dependencies: approve',
  'steps:',
  '  - shell: echo code >> code.txt',
  `  - shell: 'echo "{\\"dependencies\\": {\\"left-pad\\": \\"1.3.0\\"}}" > package.json'`,
  '  - shell: echo after >> after.txt',
  '',
].join('\n');

describe('dependencies: approve', () => {
  it('holds the step that changed a manifest for approval (exit 5); mmm approve lands it and the run goes on', async () => {
    const r = repo({ 'pb.yml': PLAYBOOK });

    const cooked = await mmm(['cook', 'pb.yml'], r.dir);

    expect(cooked.stdout + cooked.stderr).not.toMatch(/internal error/);
    expect(cooked.status).toBe(5);
    expect(cooked.stderr + cooked.stdout).toMatch(
      /step 2 .*waits for approval \(policy: dependencies needs approval\)/,
    );
    // Step 1 landed; step 2's change is on a proposal ref only; step 3 has not run.
    expect(r.git('log', '-1', '--format=%s')).toBe('mmm(deps): shell: echo code >> code.txt');
    expect(r.git('ls-tree', '--name-only', 'HEAD')).not.toContain('package.json');
    const proposals = r.git('for-each-ref', '--format=%(refname)', 'refs/mmm/').split('\n');
    const proposal = proposals.find((ref) => ref.includes('/proposals/')) ?? '';
    expect(r.git('show', `${proposal}:package.json`)).toContain('left-pad');

    const runId = proposal.split('/')[2] ?? '';
    const events = await mmm(['runs', 'events', runId], r.dir);
    expect(events.stdout).toMatch(/policy\.violation .*needs approval: dependencies/);

    const approved = await mmm(['approve', runId], r.dir);
    expect(approved.stdout + approved.stderr).not.toMatch(/internal error/);
    expect(approved.status).toBe(0);
    expect(r.git('show', 'HEAD~1:package.json')).toContain('left-pad');
    expect(r.git('log', '--format=%s', '-3').split('\n').slice(0, 2)).toEqual([
      'mmm(deps): provenance',
      'mmm(deps): shell: echo after >> after.txt',
    ]);
  });

  it('lets a run whose steps touch no manifest go through without a stop', async () => {
    const r = repo({
      'pb.yml': PLAYBOOK.replace(/ {2}- shell: 'echo "\{.*\n/, ''),
    });
    const cooked = await mmm(['cook', 'pb.yml'], r.dir);
    expect(cooked.status).toBe(0);
    expect(r.git('log', '-1', '--skip=1', '--format=%s')).toBe(
      'mmm(deps): shell: echo after >> after.txt',
    );
  });

  it('with --map holds only the item whose step changed a manifest; the others land', async () => {
    const r = repo({
      'pb.yml': [
        'name: deps',
        'policy:',
        '  dependencies: approve',
        'steps:',
        `  - shell: 'if grep -q deps "\${item}"; then echo "{}" > package.json; else echo code > "code-$ARG.txt"; fi'`,
        '',
      ].join('\n'),
      'specs/a.md': 'deps\n',
      'specs/b.md': 'code\n',
    });
    const cooked = await mmm(['cook', 'pb.yml', '--map', 'specs/*.md', '--yes'], r.dir);
    expect(cooked.stdout + cooked.stderr).not.toMatch(/internal error/);
    expect(cooked.status).toBe(5);
    expect(cooked.stdout).toMatch(/specs\/a\.md\s+\S+\s+waits for approval/);
    expect(r.git('ls-tree', '--name-only', 'HEAD')).toContain('code-b.txt');
    expect(r.git('ls-tree', '--name-only', 'HEAD')).not.toContain('package.json');
    const runId = /run ([0-9a-f]{16}) waits for approval/.exec(cooked.stderr)?.[1] ?? '';
    expect((await mmm(['approve', runId], r.dir)).status).toBe(0);
    expect((await mmm(['resume'], r.dir)).status).toBe(0);
    expect(r.git('ls-tree', '--name-only', 'HEAD')).toContain('package.json');
  });
});
