// The worktree side of mmm cook, run in-process with the engine and shell-only playbooks.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cookInWorktree, type WorktreeCookOptions } from '../../../src/actions/cook/worktree.js';
import { createEngineRunner } from '../../../src/actions/cook/runner.js';
import { listSessions } from '../../../src/sessions/store.js';
import { loadPlaybook } from '../../../src/playbook/index.js';
import { makeTempRepo, type TempRepo } from '../../helpers/repo.js';
import {
  git,
  hashTree,
  makeContext,
  storeFor,
  worktreesBesidesPool,
  type TestContext,
} from '../../helpers/worktree.js';

let repo: TempRepo;
afterEach(() => repo?.cleanup());

function writePlaybook(yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'mmm-playbook-')), 'play.yml');
  writeFileSync(file, yaml);
  return file;
}

async function cook(
  t: TestContext,
  playbookFile: string,
  options: Partial<WorktreeCookOptions> = {},
): Promise<number> {
  const playbook = await loadPlaybook(playbookFile, { cwd: t.ctx.cwd });
  const runner = createEngineRunner({ playbook, quiet: true }, t.ctx);
  return cookInWorktree(
    { playbookPath: playbookFile, playbookName: playbook.name, ...options },
    t.ctx,
    runner,
  );
}

const ADD_FILE = `name: add-file
steps:
  - shell: "echo made by the session > session.txt"
`;

describe('mmm cook --worktree', () => {
  it('runs in a new session, never in the dirty checkout, and says how to merge', async () => {
    repo = makeTempRepo({ 'a.txt': 'a\n' });
    repo.write('a.txt', 'my own edit\n');
    const before = hashTree(repo.dir);
    const status = repo.git('status', '--porcelain');
    const t = makeContext(repo.dir);

    const code = await cook(t, writePlaybook(ADD_FILE));

    expect(code).toBe(0);
    expect(hashTree(repo.dir)).toEqual(before);
    expect(repo.git('status', '--porcelain')).toBe(status);
    expect(repo.git('rev-list', '--count', 'main')).toBe('1');
    const [session] = await listSessions(storeFor(repo.dir));
    expect(session).toMatchObject({ status: 'completed', commits: 2, baseBranch: 'main' });
    expect(session!.runIds).toHaveLength(1);
    expect(readFileSync(join(session!.worktreePath, 'session.txt'), 'utf8')).toBe(
      'made by the session\n',
    );
    expect(git(session!.worktreePath, 'status', '--porcelain')).toBe('');
    expect(t.stderr()).toContain(`mmm worktree merge ${session!.name}`);
  });

  it('--yes merges the session into the branch it started from', async () => {
    repo = makeTempRepo();
    const t = makeContext(repo.dir);

    const code = await cook(t, writePlaybook(ADD_FILE), { yes: true });

    expect(code).toBe(0);
    expect(repo.git('show', 'main:session.txt')).toBe('made by the session');
    expect(readFileSync(join(repo.dir, 'session.txt'), 'utf8')).toBe('made by the session\n');
    const [session] = await listSessions(storeFor(repo.dir));
    expect(session?.status).toBe('merged');
    expect(t.stdout()).toContain(`Merged ${session!.name} into main (fast-forward`);
  });

  it('on a terminal asks before merging; no keeps the session', async () => {
    repo = makeTempRepo();
    const questions: string[] = [];
    const yes = makeContext(repo.dir);
    await cook(yes, writePlaybook(ADD_FILE), {
      ask: (q) => Promise.resolve(questions.push(q) > 0),
    });
    const no = makeContext(repo.dir);
    await cook(no, writePlaybook(ADD_FILE.replace('session.txt', 'other.txt')), {
      ask: (q) => Promise.resolve(questions.push(q) < 0),
    });

    const [first, second] = await listSessions(storeFor(repo.dir));
    expect(questions).toEqual([
      `Merge ${first!.name} into main?`,
      `Merge ${second!.name} into main?`,
    ]);
    expect(first?.status).toBe('merged');
    expect(second?.status).toBe('completed');
    expect(no.stderr()).toContain(`mmm worktree merge ${second!.name}`);
  });

  it('--args runs once per value, one after another, in the one session', async () => {
    repo = makeTempRepo();
    const t = makeContext(repo.dir);
    const playbook = writePlaybook(`name: per-arg
steps:
  - shell: 'echo "$ARG" > "arg-$ARG.txt"'
`);

    const code = await cook(t, playbook, { args: ['x', 'y'] });

    expect(code).toBe(0);
    const sessions = await listSessions(storeFor(repo.dir));
    expect(sessions).toHaveLength(1);
    // Each run: its step's commit and its provenance manifest's.
    expect(sessions[0]).toMatchObject({ status: 'completed', commits: 4 });
    expect(sessions[0]!.runIds).toHaveLength(2);
    expect(git(sessions[0]!.worktreePath, 'ls-files').split('\n')).toEqual(
      expect.arrayContaining(['arg-x.txt', 'arg-y.txt']),
    );
  });

  it('a run that cannot start (agent CLI missing) leaves no session behind (exit 3)', async () => {
    repo = makeTempRepo();
    const t = makeContext(repo.dir);
    t.ctx.env = { ...process.env, MMM_CLAUDE_BIN: join(repo.dir, 'no-such-claude') };
    const playbook = writePlaybook('name: agent\nsteps:\n  - claude: "do something"\n');

    await expect(cook(t, playbook)).rejects.toMatchObject({ exitCode: 3 });

    expect(await listSessions(storeFor(repo.dir))).toEqual([]);
    expect(repo.git('branch', '--list', 'mmm/*')).toBe('');
    // Its worktree went back to the pool: an idle detached tree, not a session.
    expect(worktreesBesidesPool(repo.dir)).toHaveLength(1);
  });

  it('keeps a session whose run committed and then threw, with its commits', async () => {
    repo = makeTempRepo();
    const t = makeContext(repo.dir);
    const file = writePlaybook(ADD_FILE);
    const playbook = await loadPlaybook(file, { cwd: t.ctx.cwd });
    const engine = createEngineRunner({ playbook, quiet: true }, t.ctx);
    const runner = {
      ...engine,
      run: async (request: Parameters<typeof engine.run>[0]) => {
        await engine.run(request);
        throw new Error('something broke after the commits');
      },
    };

    await expect(
      cookInWorktree({ playbookPath: file, playbookName: playbook.name }, t.ctx, runner),
    ).rejects.toThrow('something broke');

    const [session] = await listSessions(storeFor(repo.dir));
    expect(session).toMatchObject({ status: 'failed' });
    expect(repo.git('show', `${session!.branch}:session.txt`)).toBe('made by the session');
    expect(existsSync(session!.worktreePath)).toBe(true);
  });

  it('keeps a failed session for inspection and exits 1', async () => {
    repo = makeTempRepo();
    const t = makeContext(repo.dir);
    const playbook = writePlaybook(`name: breaks
steps:
  - shell: "echo half done > half.txt && exit 3"
`);

    const code = await cook(t, playbook, { yes: true });

    expect(code).toBe(1);
    const [session] = await listSessions(storeFor(repo.dir));
    expect(session?.status).toBe('failed');
    expect(existsSync(session!.worktreePath)).toBe(true);
    expect(t.stderr()).toContain(`kept for inspection at ${session!.worktreePath}`);
    expect(repo.git('rev-list', '--count', 'main')).toBe('1');
  });

  it('an interrupt kills the step, marks the session interrupted and keeps it (exit 130)', async () => {
    repo = makeTempRepo();
    const t = makeContext(repo.dir);
    const playbook = writePlaybook(`name: slow
steps:
  - shell: "echo started > started.txt; sleep 30"
`);
    const running = cook(t, playbook, { yes: true });
    const store = storeFor(repo.dir);
    for (let i = 0; i < 400; i++) {
      const [s] = await listSessions(store);
      if (s && existsSync(join(s.worktreePath, 'started.txt'))) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    t.interrupt();

    expect(await running).toBe(130);
    const [session] = await listSessions(store);
    expect(session?.status).toBe('interrupted');
    expect(existsSync(session!.worktreePath)).toBe(true);
    expect(t.stderr()).toContain(`kept at ${session!.worktreePath}`);
    expect(repo.git('rev-list', '--count', 'main')).toBe('1');
  });
});

describe('mmm cook --map', () => {
  const PER_ITEM = `name: per-item
steps:
  - shell: 'echo "\${item}" > "done-$ARG.txt"'
`;

  it('runs one session per matching file, --jobs at a time, with ${item} and $ARG', async () => {
    repo = makeTempRepo({
      'specs/12-add-cache.md': 'x\n',
      'specs/3-fix-bug.md': 'y\n',
      'specs/7-docs.md': 'z\n',
      'specs/notes.txt': 'not a spec\n',
    });
    const t = makeContext(repo.dir);

    const code = await cook(t, writePlaybook(PER_ITEM), { map: 'specs/*.md', jobs: 2 });

    expect(code).toBe(0);
    const sessions = await listSessions(storeFor(repo.dir));
    expect(sessions.map((s) => [s.item, s.arg, s.status]).sort()).toEqual([
      ['specs/12-add-cache.md', '12', 'completed'],
      ['specs/3-fix-bug.md', '3', 'completed'],
      ['specs/7-docs.md', '7', 'completed'],
    ]);
    for (const s of sessions) {
      expect(readFileSync(join(s.worktreePath, `done-${s.arg}.txt`), 'utf8')).toBe(`${s.item}\n`);
    }
    const lines = t.stdout().trimEnd().split('\n');
    const table = lines.slice(lines.findIndex((l) => l.startsWith('ITEM')));
    expect(table[0]).toMatch(/^ITEM\s+SESSION\s+STATUS\s+COMMITS\s+TIME$/);
    expect(table).toHaveLength(4);
    for (const s of sessions) {
      expect(table.find((l) => l.startsWith(s.item!))).toMatch(
        new RegExp(`^${s.item!}\\s+${s.name}\\s+completed\\s+2\\s+\\S+$`),
      );
    }
    expect(repo.git('rev-list', '--count', 'main')).toBe('1');
  });

  it('--yes merges every successful session after all are done; a conflict stops only its own merge (exit 4)', async () => {
    repo = makeTempRepo({ 'a-1.txt': 'a\n', 'b-2.txt': 'b\n', 'c-3.txt': 'c\n' });
    const t = makeContext(repo.dir);
    // Every session writes its own file, and a and c also rewrite the same shared file.
    const playbook = writePlaybook(`name: clash
steps:
  - shell: 'echo "\${item}" > "done-$ARG.txt"; case "$ARG" in b) ;; *) echo "$ARG" > shared.txt ;; esac'
`);

    const code = await cook(t, playbook, { map: '*.txt', jobs: 3, yes: true });

    expect(code).toBe(4);
    const files = repo.git('ls-tree', '--name-only', 'main').split('\n');
    expect(files).toEqual(expect.arrayContaining(['done-a.txt', 'done-b.txt', 'shared.txt']));
    expect(files).not.toContain('done-c.txt');
    const byArg = Object.fromEntries(
      (await listSessions(storeFor(repo.dir))).map((s) => [s.arg, s.status]),
    );
    expect(byArg).toEqual({ a: 'merged', b: 'merged', c: 'conflicted' });
    expect(t.stderr()).toMatch(
      /Conflict merging .* into main; conflicting files:\n {2}shared\.txt/,
    );
  });

  it('an interrupt stops the running session and skips the rest, leaving no empty sessions', async () => {
    repo = makeTempRepo({ 'a-1.txt': 'a\n', 'b-2.txt': 'b\n', 'c-3.txt': 'c\n' });
    const t = makeContext(repo.dir);
    const playbook = writePlaybook(`name: slow-map
steps:
  - shell: 'echo started > started.txt; sleep 30'
`);
    const running = cook(t, playbook, { map: '*.txt', jobs: 1 });
    const store = storeFor(repo.dir);
    for (let i = 0; i < 400; i++) {
      const first = (await listSessions(store)).find((s) => s.item === 'a-1.txt');
      if (first && existsSync(join(first.worktreePath, 'started.txt'))) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    t.interrupt();

    expect(await running).toBe(130);
    const sessions = await listSessions(store);
    expect(sessions.map((s) => [s.item, s.status])).toEqual([['a-1.txt', 'interrupted']]);
    expect(repo.git('for-each-ref', '--format=%(refname)', 'refs/heads/mmm/').split('\n')).toEqual([
      `refs/heads/${sessions[0]!.branch}`,
    ]);
    const table = t.stdout().split('\n');
    expect(table.find((l) => l.startsWith('b-2.txt'))).toMatch(/^b-2\.txt\s+-\s+skipped\s/);
  });

  it('no matching file is a usage error (exit 2) and makes no session', async () => {
    repo = makeTempRepo();
    const t = makeContext(repo.dir);
    await expect(cook(t, writePlaybook(PER_ITEM), { map: 'specs/*.md' })).rejects.toMatchObject({
      exitCode: 2,
    });
    expect(await listSessions(storeFor(repo.dir))).toEqual([]);
  });
});
