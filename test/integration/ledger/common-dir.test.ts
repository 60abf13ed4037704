import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PreconditionError } from '../../../src/errors.js';
import { ensureLocallyIgnored, mainRepoRoot } from '../../../src/git/common-dir.js';
import { exec } from '../../../src/infra/exec.js';
import { LEDGER_IGNORE_PATTERNS, openRepoLedger } from '../../../src/ledger/index.js';
import { makeTempRepo, type TempRepo } from '../../helpers/repo.js';
import { makeRunEvents } from '../../helpers/make-events.js';

const deps = { exec };
let repo: TempRepo;
let scratch: string;
beforeEach(() => {
  repo = makeTempRepo();
  scratch = mkdtempSync(join(tmpdir(), 'mmm-common-'));
});
afterEach(() => {
  repo.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

describe('mainRepoRoot', () => {
  it('is the main working tree from the root, a subdirectory and a linked worktree', async () => {
    const root = realpathSync(repo.dir);
    mkdirSync(join(repo.dir, 'a', 'b'), { recursive: true });
    const wt = join(scratch, 'wt');
    repo.git('worktree', 'add', '-q', '-b', 'side', wt);
    mkdirSync(join(wt, 'deep'));
    for (const cwd of [repo.dir, join(repo.dir, 'a', 'b'), wt, join(wt, 'deep')]) {
      expect(await mainRepoRoot(deps, cwd)).toBe(root);
    }
  });

  it('finds the main tree of a repository whose git directory lives elsewhere', async () => {
    const work = join(scratch, 'work');
    const gitDir = join(scratch, 'store.git');
    mkdirSync(work);
    await exec('git', ['init', '-q', '--separate-git-dir', gitDir, work], { cwd: scratch });
    expect(await mainRepoRoot(deps, work)).toBe(realpathSync(work));
  });

  it('uses the git directory of a bare repository, shared by its worktrees', async () => {
    const bare = join(scratch, 'bare.git');
    repo.git('clone', '-q', '--bare', repo.dir, bare);
    const wt = join(scratch, 'bare-wt');
    await exec('git', ['worktree', 'add', '-q', wt], { cwd: bare });
    expect(await mainRepoRoot(deps, bare)).toBe(realpathSync(bare));
    expect(await mainRepoRoot(deps, wt)).toBe(realpathSync(bare));
  });

  it('is a precondition error (exit 3) outside a repository', async () => {
    await expect(mainRepoRoot(deps, scratch)).rejects.toBeInstanceOf(PreconditionError);
    await expect(mainRepoRoot(deps, scratch)).rejects.toMatchObject({ exitCode: 3 });
  });
});

describe('keeping the ledger out of git status', () => {
  it('adds the ledger patterns to the shared exclude file once', async () => {
    await ensureLocallyIgnored(deps, repo.dir, LEDGER_IGNORE_PATTERNS);
    await ensureLocallyIgnored(deps, repo.dir, LEDGER_IGNORE_PATTERNS);
    const exclude = readFileSync(join(repo.dir, '.git', 'info', 'exclude'), 'utf8');
    for (const p of LEDGER_IGNORE_PATTERNS)
      expect(exclude.split('\n').filter((l) => l === p)).toHaveLength(1);
  });

  it('a run recorded from a worktree leaves both trees clean but keeps provenance visible', async () => {
    const wt = join(scratch, 'wt');
    repo.git('worktree', 'add', '-q', '-b', 'side', wt);
    const ledger = await openRepoLedger(deps, wt, { inlineOutputLimit: 4 });
    ledger.recordEvents(makeRunEvents({ runId: 'r1', testOutput: 'a long enough output' }));
    ledger.close();
    expect(ledger.paths.dbPath).toBe(join(realpathSync(repo.dir), '.mmm', 'mmm.db'));
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(repo.git('-C', wt, 'status', '--porcelain')).toBe('');
    repo.write('.mmm/provenance/r1.json', '{}\n');
    expect(repo.git('status', '--porcelain', '--untracked-files=all')).toBe(
      '?? .mmm/provenance/r1.json',
    );
  });
});
