// Worktree sessions as a user runs them: the built bin, several processes at once, signals.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeScenario } from '../helpers/fake-claude.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';
import { startMmm } from '../helpers/bin.js';

// Plain output, as in CI.
const start = (args: string[], cwd: string, env: Record<string, string> = {}) =>
  startMmm(args, cwd, { CI: '1', ...env });
const mmm = (args: string[], cwd: string, env?: Record<string, string>) =>
  start(args, cwd, env).done;

interface SessionJson {
  name: string;
  status: string;
  branch: string;
  ahead: number;
  worktree: string;
  item: string | null;
}

async function sessions(cwd: string): Promise<SessionJson[]> {
  const ls = await mmm(['worktree', 'ls', '--json'], cwd);
  expect(ls.status).toBe(0);
  return ls.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as SessionJson);
}

function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

let repo: TempRepo;
afterEach(() => repo?.cleanup());

describe('worktree sessions through the built mmm', () => {
  it('8 cooks at once on one repository: 8 sessions, 8 branches, a sound repository', async () => {
    repo = makeTempRepo({
      'pb.yml': 'name: many\nsteps:\n  - shell: "echo $$ > pid.txt; date +%s%N > made.txt"\n',
    });
    const runs = await Promise.all(
      Array.from({ length: 8 }, () => mmm(['cook', 'pb.yml', '--worktree', '--quiet'], repo.dir)),
    );

    for (const run of runs) {
      expect(run.stderr).not.toContain('internal error');
      expect(run.status).toBe(0);
    }
    const listed = await sessions(repo.dir);
    expect(listed).toHaveLength(8);
    expect(new Set(listed.map((s) => s.name)).size).toBe(8);
    for (const s of listed) expect(s).toMatchObject({ status: 'completed', ahead: 2 }); // the step's commit and the provenance manifest's
    const branches = repo.git('for-each-ref', '--format=%(refname:short)', 'refs/heads/mmm/');
    expect(branches.split('\n').sort()).toEqual(listed.map((s) => s.branch).sort());
    expect(repo.git('fsck', '--strict', '--no-progress')).toBe('');
    expect(repo.git('worktree', 'list').split('\n')).toHaveLength(9);
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(repo.git('rev-list', '--count', 'main')).toBe('1');
    // Without a terminal and without --yes, each says how to merge it.
    for (const run of runs)
      expect(run.stderr).toMatch(/mmm worktree merge many-\d{8}-\d{6}-[0-9a-f]{4}/);
  });

  it('merges sessions into a checkout whose git directory is kept elsewhere (--separate-git-dir)', async () => {
    const base = mkdtempSync(join(tmpdir(), 'mmm-separate-'));
    const dir = join(base, 'app');
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
    try {
      execFileSync('git', [
        'init',
        '-q',
        '-b',
        'main',
        '--separate-git-dir',
        join(base, 'app.git'),
        dir,
      ]);
      writeFileSync(
        join(dir, 'pb.yml'),
        'name: sep\nsteps:\n  - shell: echo "$ARG" > "out-$ARG"\n',
      );
      mkdirSync(join(dir, 'specs'));
      writeFileSync(join(dir, 'specs', '1.md'), '1\n');
      writeFileSync(join(dir, 'specs', '2.md'), '2\n');
      git('add', '-A');
      git('-c', 'user.name=t', '-c', 'user.email=t@t.invalid', 'commit', '-qm', 'init');
      const result = await mmm(['cook', 'pb.yml', '--map', 'specs/*.md', '--yes'], dir);
      expect(result.stderr).not.toMatch(/not in this checkout|internal error/);
      expect(result.status).toBe(0);
      expect(git('ls-tree', '--name-only', 'HEAD').split('\n')).toEqual(
        expect.arrayContaining(['out-1', 'out-2']),
      );
      expect(git('status', '--porcelain')).toBe('');
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('a post-checkout hook that refuses the session checkout: exit 3 in its words, no worktree or branch left', async () => {
    repo = makeTempRepo({ 'pb.yml': 'name: hook\nsteps:\n  - shell: echo more >> a.txt\n' });
    const hooks = mkdtempSync(join(tmpdir(), 'mmm-hooks-'));
    writeFileSync(
      join(hooks, 'post-checkout'),
      '#!/bin/sh\necho "git-lfs was not found" >&2\nexit 2\n',
      {
        mode: 0o755,
      },
    );
    repo.git('config', 'core.hooksPath', hooks);
    const result = await mmm(['cook', 'pb.yml', '--worktree', '--yes'], repo.dir);
    rmSync(hooks, { recursive: true, force: true });
    expect(result.stdout + result.stderr).not.toMatch(/internal error/);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(
      /git could not check out the session's worktree \(git worktree add exited with 2: git-lfs was not found\)/,
    );
    expect(repo.git('worktree', 'list').split('\n')).toHaveLength(1);
    expect(repo.git('branch', '--list', 'mmm/*')).toBe('');
    expect(await sessions(repo.dir)).toEqual([]);
  });

  it("--yes merges plainly whatever the base branch's own merge options say (--squash, --no-commit, -s ours)", async () => {
    for (const [base, option] of [
      ['main', '--squash'],
      ['main', '--no-commit'],
      ['rel=1', '-s ours'],
    ] as const) {
      repo = makeTempRepo({
        'pb.yml': 'name: mo\nsteps:\n  - shell: echo "$ARG" > "out-$(basename "$ARG")"\n',
        'specs/1.md': 'one\n',
        'specs/2.md': 'two\n',
      });
      if (base !== 'main') repo.git('checkout', '-q', '-b', base);
      repo.git('config', `branch.${base}.mergeOptions`, option);
      const result = await mmm(['cook', 'pb.yml', '--map', 'specs/*.md', '--yes'], repo.dir);
      expect(result.status, option).toBe(0);
      // The second session's merge is a merge commit; both items are in the base, nothing half-done.
      expect(repo.git('log', '-1', '--format=%s %p'), option).toMatch(
        /^mmm: merge session \S+ \w+ \w+$/,
      );
      expect(repo.git('ls-tree', '--name-only', 'HEAD').split('\n'), option).toEqual(
        expect.arrayContaining(['out-1', 'out-2']),
      );
      expect(repo.git('status', '--porcelain'), option).toBe('');
      expect(existsSync(join(repo.dir, '.git', 'MERGE_HEAD')), option).toBe(false);
      repo.cleanup();
    }
  });

  it('--map with the agent: one session per spec, --jobs 2, table, then --yes merges them', async () => {
    repo = makeTempRepo({
      'pb.yml': 'name: impl\nsteps:\n  - claude: "/implement ${item} as $ARG"\n',
      'specs/1-alpha.md': 'a\n',
      'specs/2-beta.md': 'b\n',
      'specs/3-gamma.md': 'c\n',
    });
    const scenarioDir = mkdtempSync(join(tmpdir(), 'mmm-fake-'));
    const agent = writeScenario(
      scenarioDir,
      ['alpha', 'beta', 'gamma'].map((name) => ({
        select: name,
        write: { [`impl-${name}.txt`]: '{{prompt}}\n' },
      })),
    );

    const run = await mmm(
      ['cook', 'pb.yml', '--map', 'specs/*.md', '--jobs', '2', '--yes'],
      repo.dir,
      agent.env,
    );

    expect(run.stderr).not.toContain('internal error');
    expect(run.status).toBe(0);
    const prompts = agent
      .calls()
      .map((c) => c.prompt)
      .sort();
    expect(prompts).toEqual([
      '/implement specs/1-alpha.md as 1',
      '/implement specs/2-beta.md as 2',
      '/implement specs/3-gamma.md as 3',
    ]);
    const lines = run.stdout.split('\n');
    const table = lines.slice(
      lines.findIndex((l) => l.startsWith('ITEM')),
      -1,
    );
    expect(table.slice(0, 4)).toHaveLength(4);
    expect(table[0]).toMatch(/^ITEM\s+SESSION\s+STATUS\s+COMMITS\s+TIME$/);
    expect(table.slice(1, 4).every((l) => /^specs\/\S+\s+impl-\S+\s+completed\s+2\s/.test(l))).toBe(
      true,
    );
    const merged = await sessions(repo.dir);
    expect(merged.map((s) => s.status)).toEqual(['merged', 'merged', 'merged']);
    expect(
      repo
        .git('ls-files')
        .split('\n')
        .filter((f) => f.startsWith('impl-')),
    ).toHaveLength(3);
  });

  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} during a worktree run kills the step, keeps the session as interrupted (exit ${code})`, async () => {
      repo = makeTempRepo({
        'pb.yml': 'name: slow\nsteps:\n  - shell: "sh -c \'echo $$ > child.pid; sleep 60\'"\n',
      });
      const running = start(['cook', 'pb.yml', '--worktree', '--yes'], repo.dir);
      let pidFile: string | undefined;
      for (let i = 0; i < 600 && !pidFile; i++) {
        await new Promise((r) => setTimeout(r, 25));
        const listed = await sessions(repo.dir).catch(() => []);
        const candidate = listed[0] && join(listed[0].worktree, 'child.pid');
        if (candidate && existsSync(candidate) && readFileSync(candidate, 'utf8').trim()) {
          pidFile = candidate;
        }
      }
      expect(pidFile).toBeDefined();
      const childPid = Number(readFileSync(pidFile!, 'utf8').trim());
      running.child.kill(signal);
      const result = await running.done;

      expect(result.status).toBe(code);
      expect(isAlive(childPid)).toBe(false);
      const [session] = await sessions(repo.dir);
      expect(session?.status).toBe('interrupted');
      expect(existsSync(session!.worktree)).toBe(true);
      expect(result.stderr).toContain(session!.worktree);
      expect(repo.git('rev-list', '--count', 'main')).toBe('1');
    });
  }
});
