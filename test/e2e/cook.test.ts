// `mmm cook` as a user runs it: the built bin in a real repository, exit codes and signals.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeScenario } from '../helpers/fake-claude.js';
import {
  pricedModel,
  realClaudeEnv,
  startModelServer,
  toolThenText,
  type ModelServer,
} from '../helpers/model-server.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';
import { startMmm } from '../helpers/bin.js';

/** Alive and not a zombie waiting to be reaped. */
function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

const mmm = (args: string[], cwd: string, env?: Record<string, string>) =>
  startMmm(args, cwd, env).done;

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
function repo(files: Record<string, string>): TempRepo {
  const r = makeTempRepo({ 'README.md': '# e2e\n', ...files });
  cleanups.push(r.cleanup);
  return r;
}

describe('mmm cook in place', () => {
  it('exits 0 and commits each step that changed something', async () => {
    const r = repo({
      'pb.yml':
        'name: e2e\nsteps:\n  - shell: echo "$ARG" > out.txt\n    id: write\n  - shell: "true"\n',
    });
    const result = await mmm(['cook', 'pb.yml', '--args', 'first', '--args', 'second'], r.dir);
    expect(result.stderr).not.toContain('error');
    expect(result.status).toBe(0);
    // Each run: its step's commit, then its provenance manifest.
    expect(r.git('log', '--format=%s', '-5').split('\n')).toEqual([
      'mmm(e2e): provenance',
      'mmm(e2e): write',
      'mmm(e2e): provenance',
      'mmm(e2e): write',
      'initial',
    ]);
    expect(r.git('show', 'HEAD:out.txt')).toBe('second');
    const runs = r.git('log', '--format=%(trailers:key=Mmm-Run,valueonly)', '-4').split('\n');
    expect(new Set(runs.filter(Boolean)).size).toBe(2);
    const manifests = r.git('ls-tree', '--name-only', 'HEAD', '.mmm/provenance/').split('\n');
    expect(manifests.sort()).toEqual(
      [...new Set(runs.filter(Boolean))].map((id) => `.mmm/provenance/${id}.json`).sort(),
    );
    // The ledger and its spills live under .mmm/ and never make the tree dirty.
    expect(existsSync(join(r.dir, '.mmm', 'mmm.db'))).toBe(true);
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it('prints the events as NDJSON on stdout with --json', async () => {
    const r = repo({ 'pb.yml': 'steps:\n  - shell: echo hi > hi.txt\n' });
    const result = await mmm(['cook', 'pb.yml', '--json'], r.dir);
    expect(result.status).toBe(0);
    const events = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string });
    expect(events[0]!.type).toBe('run.started');
    // The step's commit and the provenance manifest's.
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', status: 'completed', commits: 2 });
  });

  it('exits 1 when a step fails, and stops at the first failing --args run', async () => {
    const r = repo({
      'pb.yml': 'steps:\n  - shell: echo "$ARG" >> seen.txt; test "$ARG" != bad\n',
    });
    const base = r.git('rev-parse', 'HEAD');
    const result = await mmm(['cook', 'pb.yml', '--args', 'bad', '--args', 'good'], r.dir);
    expect(result.status).toBe(1);
    expect(r.git('rev-parse', 'HEAD')).toBe(base);
    expect(r.git('status', '--porcelain')).toBe('');
    expect(r.git('for-each-ref', '--format=%(refname)', 'refs/mmm/')).toMatch(/failed-1$/);
  });

  it('exits 2 for an invalid playbook or bad usage, running nothing', async () => {
    const r = repo({ 'pb.yml': 'steps:\n  - shell: echo x > x.txt\n    tiemout: 5m\n' });
    const base = r.git('rev-parse', 'HEAD');
    const invalid = await mmm(['cook', 'pb.yml'], r.dir);
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toMatch(/pb\.yml:3:\d+: .*tiemout/);
    const usage = await mmm(['cook', 'pb.yml', '-n', 'many'], r.dir);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('-n/--max-iterations');
    const both = await mmm(['cook', 'pb.yml', '-q', '-v'], r.dir);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('--quiet and --verbose');
    expect(r.git('rev-parse', 'HEAD')).toBe(base);
  });

  it('exits 3 on a dirty tree and leaves it exactly as it was', async () => {
    const r = repo({ 'pb.yml': 'steps:\n  - shell: echo x > x.txt\n', 'a.txt': 'a\n' });
    r.write('a.txt', 'my unsaved edit\n');
    r.write('b.txt', 'staged\n');
    r.git('add', 'b.txt');
    r.write('notes.txt', 'untracked\n');
    const exclude = join(r.dir, '.git', 'info', 'exclude');
    const before = {
      status: r.git('status', '--porcelain'),
      index: readFileSync(join(r.dir, '.git', 'index')),
      head: r.git('rev-parse', 'HEAD'),
      exclude: existsSync(exclude) ? readFileSync(exclude, 'utf8') : undefined,
    };
    const result = await mmm(['cook', 'pb.yml'], r.dir);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/uncommitted changes[\s\S]*a\.txt[\s\S]*notes\.txt/);
    expect(result.stderr).toMatch(/git stash|--worktree/);
    expect(r.git('status', '--porcelain')).toBe(before.status);
    expect(readFileSync(join(r.dir, '.git', 'index')).equals(before.index)).toBe(true);
    expect(existsSync(exclude) ? readFileSync(exclude, 'utf8') : undefined).toBe(before.exclude);
    expect(readFileSync(join(r.dir, 'a.txt'), 'utf8')).toBe('my unsaved edit\n');
    expect(r.git('rev-parse', 'HEAD')).toBe(before.head);
  });

  it('exits 3 while a cherry-pick waits to be concluded, which a step commit would do', async () => {
    const r = repo({ 'pb.yml': 'steps:\n  - shell: echo x > x.txt\n' });
    r.git('checkout', '-q', '-b', 'other');
    r.write('o.txt', 'o\n');
    r.git('add', 'o.txt');
    r.git('commit', '-q', '-m', 'theirs');
    r.git('checkout', '-q', 'main');
    r.write('o.txt', 'o\n');
    r.git('add', 'o.txt');
    r.git('commit', '-q', '-m', 'the same change');
    // The pick is empty here, so git stops and waits with a clean tree.
    expect(() => r.git('cherry-pick', 'other')).toThrow();
    expect(existsSync(join(r.dir, '.git', 'CHERRY_PICK_HEAD'))).toBe(true);
    const head = r.git('rev-parse', 'HEAD');
    const result = await mmm(['cook', 'pb.yml'], r.dir);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('a cherry-pick is in progress');
    expect(result.stderr).toContain('git cherry-pick --abort');
    expect(r.git('rev-parse', 'HEAD')).toBe(head);
    expect(existsSync(join(r.dir, 'x.txt'))).toBe(false);
  });

  it('exits 3 outside a git repository and when the agent CLI is missing', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'mmm-plain-'));
    cleanups.push(() => rmSync(plain, { recursive: true, force: true }));
    writeFileSync(join(plain, 'pb.yml'), 'steps:\n  - shell: "true"\n');
    const outside = await mmm(['cook', 'pb.yml'], plain);
    expect(outside.status).toBe(3);
    expect(outside.stderr).toContain('not a git repository');

    const r = repo({ 'pb.yml': 'steps:\n  - shell: echo ran > ran.txt\n  - claude: /mmm-lint\n' });
    const exclude = readFileSync(join(r.dir, '.git', 'info', 'exclude'), 'utf8');
    const missing = await mmm(['cook', 'pb.yml'], r.dir, { MMM_CLAUDE_BIN: '/nowhere/claude' });
    expect(missing.status).toBe(3);
    expect(missing.stderr).toContain('claude');
    expect(existsSync(join(r.dir, 'ran.txt'))).toBe(false);
    // Refused before anything was written: no ledger, no exclude lines.
    expect(existsSync(join(r.dir, '.mmm'))).toBe(false);
    expect(readFileSync(join(r.dir, '.git', 'info', 'exclude'), 'utf8')).toBe(exclude);
  });

  it('a second in-place run waits a bounded time, then exits 3 naming the run that holds the repository', async () => {
    const r = repo({
      'slow.yml': 'steps:\n  - shell: "echo a > a.txt; sleep 2"\n',
      'quick.yml': 'steps:\n  - shell: echo b > b.txt\n',
    });
    const first = startMmm(['cook', 'slow.yml'], r.dir);
    const lock = join(r.dir, '.git', 'mmm.lock');
    for (let i = 0; i < 200 && !existsSync(join(r.dir, 'a.txt')); i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(existsSync(lock)).toBe(true);
    const second = await mmm(['cook', 'quick.yml'], r.dir, { MMM_LOCK_WAIT: '0.3' });
    expect(second.status).toBe(3);
    expect(second.stderr).toContain('Waiting up to 0.3 s');
    expect(second.stderr).toContain(
      `another mmm run is working in this repository: mmm cook slow.yml (pid ${first.child.pid}`,
    );
    expect((await first.done).status).toBe(0);
    expect(existsSync(lock)).toBe(false);
    // The first run's commit holds its own file only.
    expect(r.git('show', '--name-only', '--format=', 'HEAD~1')).toBe('a.txt');
    expect(existsSync(join(r.dir, 'b.txt'))).toBe(false);
  });

  it('a second in-place run that the first lets go of in time runs after it', async () => {
    const r = repo({
      'slow.yml': 'steps:\n  - shell: "echo a > a.txt; sleep 1"\n',
      'quick.yml': 'steps:\n  - shell: echo b > b.txt\n',
    });
    const first = startMmm(['cook', 'slow.yml'], r.dir);
    for (let i = 0; i < 200 && !existsSync(join(r.dir, 'a.txt')); i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const second = await mmm(['cook', 'quick.yml'], r.dir, { MMM_LOCK_WAIT: '20' });
    expect((await first.done).status).toBe(0);
    expect(second.status).toBe(0);
    expect(second.stderr).toContain('Waiting up to 20 s');
    // Each run committed its own file, the second on top of the first.
    expect(r.git('log', '--format=%s', '-4').split('\n')).toEqual([
      'mmm(quick): provenance',
      'mmm(quick): shell: echo b > b.txt',
      'mmm(slow): provenance',
      'mmm(slow): shell: echo a > a.txt; sleep 1',
    ]);
  });

  it('records the playbook relative to the repository root when run from a subdirectory', async () => {
    const r = repo({
      'plays/pb.yml': 'steps:\n  - shell: echo x > x.txt\n',
      'sub/keep.txt': 'k\n',
    });
    const result = await mmm(['cook', '../plays/pb.yml'], join(r.dir, 'sub'));
    expect(result.status).toBe(0);
    const manifest = r.git('ls-tree', '--name-only', 'HEAD', '.mmm/provenance/');
    const recorded = JSON.parse(r.git('show', `HEAD:${manifest}`)) as {
      playbook: { path: string };
    };
    expect(recorded.playbook.path).toBe('plays/pb.yml');
  });

  it('a git lock file a step left behind is explained (exit 3), not an internal error', async () => {
    const r = repo({
      'pb.yml': 'steps:\n  - shell: "echo precious > new.txt; touch .git/index.lock; exit 1"\n',
    });
    const result = await mmm(['cook', 'pb.yml'], r.dir);
    expect(result.status).toBe(3);
    expect(result.stderr).not.toContain('internal error');
    expect(result.stderr).toContain('index.lock');
    expect(result.stderr).toContain('remove it and run mmm again');
    // The step's work was saved before git stopped on the lock.
    const saved = r.git('for-each-ref', '--format=%(refname)', 'refs/mmm/');
    expect(r.git('show', `${saved}:new.txt`)).toBe('precious');
  });

  it('takes over the lock of a run whose process is gone', async () => {
    const r = repo({ 'pb.yml': 'steps:\n  - shell: echo x > x.txt\n' });
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    const lock = join(r.dir, '.git', 'mmm.lock');
    writeFileSync(lock, JSON.stringify({ pid: gone, host: hostname(), startedAt: 'earlier' }));
    const result = await mmm(['cook', 'pb.yml'], r.dir);
    expect(result.status).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });

  it('warns when the agent called one tool with the same input 3 times in a row, and records it', async () => {
    const r = repo({ 'pb.yml': 'steps:\n  - claude: /mmm-lint\n' });
    const read = { name: 'Read', input: { file_path: 'src/a.ts' } };
    const fake = writeScenario(mkdtempSync(join(tmpdir(), 'mmm-fake-')), [
      { toolCalls: [read, { name: 'Edit', input: { file_path: 'src/a.ts' } }, read, read, read] },
    ]);
    const result = await mmm(['cook', 'pb.yml'], r.dir, fake.env);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(
      'warning: claude called Read 3 times in a row with the same input ({"file_path":"src/a.ts"}): the agent may be going in circles',
    );
    const runId = JSON.parse((await mmm(['runs', '--json'], r.dir)).stdout.trim()) as {
      id: string;
    };
    const events = await mmm(['runs', 'events', runId.id, '--json'], r.dir);
    const call = events.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; repeatedToolCalls?: unknown })
      .find((e) => e.type === 'agent.call');
    expect(call?.repeatedToolCalls).toEqual([
      { tool: 'Read', input: '{"file_path":"src/a.ts"}', times: 3 },
    ]);
    const plain = await mmm(['runs', 'events', runId.id], r.dir);
    expect(plain.stdout).toContain('; Read {"file_path":"src/a.ts"} 3 times in a row');
  });

  it('exits 4 when a budget stops the run before an agent call', async () => {
    const r = repo({ 'pb.yml': 'steps:\n  - claude: /mmm-lint\n' });
    const fake = writeScenario(mkdtempSync(join(tmpdir(), 'mmm-fake-')), []);
    const result = await mmm(['cook', 'pb.yml', '--max-cost', '0'], r.dir, fake.env);
    expect(result.status).toBe(4);
    expect(fake.calls()).toEqual([]);
  });

  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`exits ${code} on ${signal}, killing the step and committing nothing`, async () => {
      const marker = join(mkdtempSync(join(tmpdir(), 'mmm-sig-')), 'pid');
      const r = repo({
        'pb.yml': `steps:\n  - shell: echo partial > partial.txt; sleep 60 & echo $! > ${marker}; wait\n`,
      });
      const base = r.git('rev-parse', 'HEAD');
      const { child, done } = startMmm(['cook', 'pb.yml'], r.dir);
      for (let i = 0; i < 400 && !existsSync(marker); i++) {
        await new Promise((res) => setTimeout(res, 25));
      }
      const sleeper = Number(readFileSync(marker, 'utf8').trim());
      child.kill(signal);
      const result = await done;
      expect(result.status).toBe(code);
      expect(r.git('rev-parse', 'HEAD')).toBe(base);
      expect(r.git('status', '--porcelain')).toBe('');
      expect(r.git('for-each-ref', '--format=%(refname)', 'refs/mmm/')).toMatch(/interrupted-1$/);
      expect(isAlive(sleeper)).toBe(false);
    });
  }
});

describe('mmm cook with the real Claude Code CLI', () => {
  it('runs a slash command that writes a file, commits it and records the reported cost', async () => {
    const server: ModelServer = await startModelServer(
      toolThenText(
        (request) => ({
          name: 'Write',
          input: {
            file_path: join(request.cwd ?? 'no-cwd', 'greeting.txt'),
            content: request.text.includes('Say hello to Ada.')
              ? 'Hello, Ada!\n'
              : 'not expanded\n',
          },
        }),
        'Wrote greeting.txt',
      ),
    );
    cleanups.push(() => server.close());
    const home = mkdtempSync(join(tmpdir(), 'mmm-claude-home-'));
    const r = repo({
      '.claude/commands/mmm-hello.md': '---\ndescription: greet\n---\nSay hello to $ARGUMENTS.\n',
      'pb.yml': [
        'name: greet',
        'agent:',
        '  permission_mode: acceptEdits',
        '  allowed_tools: [Write]',
        `  model: ${pricedModel}`,
        'steps:',
        '  - claude: /mmm-hello $ARG',
        '    id: hello',
        '    commit_required: true',
        '',
      ].join('\n'),
    });
    const env = { ...realClaudeEnv(server, home), IS_SANDBOX: '' };
    const result = await mmm(['cook', 'pb.yml', '--args', 'Ada', '--json'], r.dir, env);
    expect(result.stderr).not.toMatch(/error:/);
    expect(result.status).toBe(0);
    expect(r.git('show', 'HEAD:greeting.txt')).toBe('Hello, Ada!');
    expect(r.git('log', '-2', '--format=%s').split('\n')).toEqual([
      'mmm(greet): provenance',
      'mmm(greet): hello',
    ]);
    const events = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; costUsd?: number; ok?: boolean });
    const call = events.find((e) => e.type === 'agent.call')!;
    expect(call.ok).toBe(true);
    expect(call.costUsd).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', costUsd: call.costUsd });
    // The manifest committed with the change names the agent CLI and the cost it reported.
    const runId = (events[0] as { runId?: string }).runId!;
    const manifest = JSON.parse(r.git('show', `HEAD:.mmm/provenance/${runId}.json`)) as {
      agent: { tool: string; version: string };
      totals: { costUsd: number };
      commits: { step: string }[];
    };
    expect(manifest.agent.tool).toBe('claude');
    expect(manifest.agent.version).toMatch(/^2\.1\.197/);
    expect(manifest.totals.costUsd).toBe(call.costUsd);
    expect(manifest.commits.map((c) => c.step)).toEqual(['hello']);
  }, 120_000);
});
