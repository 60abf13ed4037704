// A ledger mmm cannot use is the user's to fix: exit 3, naming the path and what to do, never a
// crash, whether the damage shows when the database is opened, prepared or queried.
import {
  chmodSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MmmError } from '../../../src/errors.js';
import { exec } from '../../../src/infra/exec.js';
import { openLedger, openRepoLedger } from '../../../src/ledger/index.js';
import { makeTempRepo, type TempRepo } from '../../helpers/repo.js';
import { worktreesBesidesPool } from '../../helpers/worktree.js';
import { makeRunEvents } from '../../helpers/make-events.js';
import { mmm, type CliRun } from '../../helpers/ledger-cli.js';

let repo: TempRepo;
let dbPath: string;
beforeEach(() => {
  repo = makeTempRepo({
    'README.md': '# fixture\n',
    'pb.yml': 'name: t\nsteps:\n  - shell: "true"\n',
  });
  dbPath = join(repo.dir, '.mmm', 'mmm.db');
});
afterEach(() => repo.cleanup());

/** Overwrites `[from, to)` of the file with the same garbage every time. */
function damage(file: string, from: number, to = statSync(file).size): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(to - from, 0xa5), 0, to - from, from);
  closeSync(fd);
}

function recordRuns(): void {
  const ledger = openLedger(repo.dir);
  // Enough rows for several pages, so damage past the first one hits tables, not the header.
  for (let i = 0; i < 5; i++) ledger.recordEvents(makeRunEvents({ runId: `run-${i}` }));
  ledger.close();
}

function expectUnusable(result: CliRun, message: RegExp, hint: RegExp): void {
  expect(result.stderr).not.toMatch(/internal error|SqliteError|^\s+at /m);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).toMatch(hint);
  expect(result.code).toBe(3);
}

const commands = [
  ['runs'],
  ['runs', 'ls', '--json'],
  ['runs', 'show', 'run-1'],
  ['runs', 'export', 'run-1'],
  ['runs', 'events', 'run-1'],
  ['runs', 'events', 'run-1', '--follow', '--interval', '10'],
];

describe('a damaged ledger', () => {
  it('every mmm runs command reports damaged table pages as exit 3 with the path and a hint', async () => {
    recordRuns();
    damage(dbPath, 4096);
    for (const argv of commands) {
      expectUnusable(
        await mmm(repo.dir, argv),
        new RegExp(
          `${dbPath} is not a readable mmm database \\(database disk image is malformed\\)`,
        ),
        /hint: move it aside/,
      );
    }
  });

  it('reports a damaged schema, found when a statement is prepared, the same way', async () => {
    recordRuns();
    // The first page keeps its header (the file is still SQLite) but loses the schema after it.
    damage(dbPath, 100, 4096);
    for (const argv of commands) {
      expectUnusable(
        await mmm(repo.dir, argv),
        /is not a readable mmm database/,
        /hint: move it aside/,
      );
    }
    let caught: unknown;
    try {
      openLedger(repo.dir).close();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MmmError);
    expect((caught as MmmError).exitCode).toBe(3);
  });
});

describe('a ledger that cannot be opened', () => {
  it('cook exits 3 when a file named .mmm stands where the ledger directory goes', async () => {
    repo.write('.mmm', 'not a directory\n');
    const head = repo.commitAll('a file named .mmm');
    for (const argv of [
      ['cook', 'pb.yml'],
      ['cook', '--worktree', 'pb.yml'],
    ]) {
      expectUnusable(
        await mmm(repo.dir, argv),
        new RegExp(
          `cannot create the run ledger: ${join(repo.dir, '.mmm')} exists and is not a directory`,
        ),
        /hint: move .*\.mmm aside/,
      );
    }
    expect(readFileSync(join(repo.dir, '.mmm'), 'utf8')).toBe('not a directory\n');
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(worktreesBesidesPool(repo.dir)).toHaveLength(1);
    // Reading finds no ledger there: nothing recorded, exit 0.
    expect(await mmm(repo.dir, ['runs'])).toMatchObject({ code: 0 });
  });

  it('cook and mmm runs exit 3 when .mmm/mmm.db is a directory', async () => {
    mkdirSync(dbPath, { recursive: true });
    for (const argv of [['cook', 'pb.yml'], ['runs'], ['runs', 'show', 'x']]) {
      expectUnusable(
        await mmm(repo.dir, argv),
        new RegExp(`cannot open the run ledger ${dbPath}: it is a directory`),
        /hint: move it aside/,
      );
    }
    // Not a ledger created somewhere inside it instead.
    expect(statSync(dbPath).isDirectory()).toBe(true);
    expect(() => statSync(join(dbPath, '.mmm'))).toThrow();
  });

  // Permissions do not stop root: as root, the same path is covered by the directory case above.
  it.skipIf(process.getuid?.() === 0)(
    'cook exits 3 when .mmm/ cannot be written, saying to make it writable',
    async () => {
      mkdirSync(join(repo.dir, '.mmm'));
      chmodSync(join(repo.dir, '.mmm'), 0o555);
      try {
        expectUnusable(
          await mmm(repo.dir, ['cook', 'pb.yml']),
          new RegExp(`cannot open the run ledger ${dbPath}: unable to open database file`),
          new RegExp(`hint: make ${join(repo.dir, '.mmm')} writable by you`),
        );
      } finally {
        chmodSync(join(repo.dir, '.mmm'), 0o755);
      }
    },
  );

  it('opening the repository ledger for writing throws a precondition error, not EEXIST', async () => {
    repo.write('.mmm', 'x');
    await expect(openRepoLedger({ exec }, repo.dir)).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringMatching(/exists and is not a directory/) as unknown,
    });
  });
});
