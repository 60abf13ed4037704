// The pool across --map runs: sessions merged by --yes give their trees back, the next map takes
// them, kept caches and all.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cookInWorktree } from '../../../src/actions/cook/worktree.js';
import { createEngineRunner } from '../../../src/actions/cook/runner.js';
import { listPoolEntries, poolDir } from '../../../src/sessions/pool.js';
import { listSessions } from '../../../src/sessions/store.js';
import { loadPlaybook } from '../../../src/playbook/index.js';
import { makeTempRepo, type TempRepo } from '../../helpers/repo.js';
import { makeContext, runMmm, storeFor } from '../../helpers/worktree.js';

let repo: TempRepo;
afterEach(() => repo?.cleanup());

async function map(yaml: string): Promise<{ code: number; stderr: string }> {
  const file = join(mkdtempSync(join(tmpdir(), 'mmm-playbook-')), 'play.yml');
  writeFileSync(file, yaml);
  const t = makeContext(repo.dir);
  t.ctx.env = { ...process.env, MMM_POOL_KEEP: 'node_modules' };
  const playbook = await loadPlaybook(file, { cwd: repo.dir });
  const runner = createEngineRunner({ playbook, quiet: true }, t.ctx);
  const code = await cookInWorktree(
    { playbookPath: file, playbookName: playbook.name, map: 'items/*.txt', jobs: 3, yes: true },
    t.ctx,
    runner,
  );
  return { code, stderr: t.stderr() };
}

describe('the worktree pool with --map --yes', () => {
  it('merged sessions give their trees back; the next map reuses them with the kept cache', async () => {
    repo = makeTempRepo({
      '.gitignore': 'node_modules/\n',
      'items/a-1.txt': 'a\n',
      'items/b-2.txt': 'b\n',
      'items/c-3.txt': 'c\n',
    });
    const first = await map(`name: fill
steps:
  - shell: 'mkdir -p node_modules && echo "$ARG" > "node_modules/from-$ARG" && echo "$ARG" > "out-$ARG.txt"'
`);
    expect(first.code).toBe(0);
    // Three merged sessions all give their trees back; a pool of two keeps the newest two.
    expect(first.stderr.match(/Gave the worktree of \S+ back to the worktree pool/g)).toHaveLength(
      3,
    );
    const pool = listPoolEntries(poolDir(process.env, repo.dir));
    expect(pool).toHaveLength(2);
    const ls = await runMmm(repo.dir, ['worktree', 'ls', '--json']);
    const states = ls.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { status: string }).status);
    expect(states).toEqual(['merged', 'merged', 'merged']);

    const second = await map(`name: look
steps:
  - shell: 'ls node_modules 2>/dev/null | tr "\\n" " " > "seen-$ARG.txt"'
`);
    expect(second.code).toBe(0);
    const seen = ['a', 'b', 'c'].map((arg) => repo.git('show', `main:seen-${arg}.txt`));
    // Two sessions got a tree from the pool, each with the cache (and only the cache) of the
    // session that had it before; the third, a new tree, has none.
    expect(seen.filter((s) => /^from-[abc]$/.test(s))).toHaveLength(2);
    expect(seen.filter((s) => s === '')).toHaveLength(1);
    expect(new Set(seen).size).toBe(3);
    const sessions = await listSessions(storeFor(repo.dir));
    expect(sessions.map((s) => s.status)).toEqual(Array(6).fill('merged'));

    const clean = await runMmm(repo.dir, ['worktree', 'clean', '--merged']);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/its worktree was given back to the pool when it was merged/);
    expect(repo.git('branch', '--list', 'mmm/*')).toBe('');
    expect(listPoolEntries(poolDir(process.env, repo.dir))).toHaveLength(2);
  });
});
