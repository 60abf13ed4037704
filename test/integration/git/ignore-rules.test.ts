// ignoreFiles and ignoreRulesText: where a repository keeps the ignore rules outside its tree
// (info/exclude of the shared git directory, core.excludesFile or git's default for it), and the
// text of those rules, read before a step, that keeps the step's undo from removing files that
// were ignored when it began.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ignoreFiles, ignoreRulesText } from '../../../src/git/ignore-rules.js';
import { exec } from '../../../src/infra/exec.js';
import { useTempRepos } from '../../helpers/repo.js';

const repo = useTempRepos();
const git = { exec };
const dirs: string[] = [];
const writers: ChildProcess[] = [];
afterEach(() => {
  vi.unstubAllEnvs();
  writers.splice(0).forEach((writer) => writer.kill());
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

function tempDir(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-ignore-')));
  dirs.push(dir);
  return dir;
}

describe('ignoreFiles', () => {
  it("names the repository's info/exclude and core.excludesFile as configured", async () => {
    const r = repo();
    const top = realpathSync(r.dir);
    r.git('config', 'core.excludesFile', '/etc/mmm-test/ignore');
    expect(await ignoreFiles(git, r.dir, {})).toEqual({
      exclude: join(top, '.git', 'info', 'exclude'),
      global: '/etc/mmm-test/ignore',
    });
  });

  it('names the info/exclude of the main git directory from a linked worktree', async () => {
    const r = repo();
    const tree = join(tempDir(), 'tree');
    r.git('worktree', 'add', '-q', '--detach', tree);
    const found = await ignoreFiles(git, tree, { HOME: '/home/someone' });
    expect(found).toEqual({
      exclude: join(realpathSync(r.dir), '.git', 'info', 'exclude'),
      global: '/home/someone/.config/git/ignore',
    });
  });

  it('takes a relative core.excludesFile from the directory asked about', async () => {
    const r = repo({ 'sub/a.txt': 'a\n' });
    r.git('config', 'core.excludesFile', 'rules/ignore');
    const sub = join(r.dir, 'sub');
    expect((await ignoreFiles(git, sub, {})).global).toBe(join(sub, 'rules', 'ignore'));
  });

  it("expands a core.excludesFile under ~ to git's home", async () => {
    const r = repo();
    r.git('config', 'core.excludesFile', '~/my-ignore');
    expect((await ignoreFiles(git, r.dir, { HOME: '/elsewhere' })).global).toBe(
      join(process.env.HOME ?? '', 'my-ignore'),
    );
  });

  it("names XDG_CONFIG_HOME's git/ignore when core.excludesFile is unset", async () => {
    const r = repo();
    const env = { XDG_CONFIG_HOME: '/xdg/config', HOME: '/home/someone' };
    expect((await ignoreFiles(git, r.dir, env)).global).toBe('/xdg/config/git/ignore');
  });

  it('names ~/.config/git/ignore without XDG_CONFIG_HOME, or with it empty', async () => {
    const r = repo();
    expect((await ignoreFiles(git, r.dir, { HOME: '/home/someone' })).global).toBe(
      '/home/someone/.config/git/ignore',
    );
    expect(
      (await ignoreFiles(git, r.dir, { XDG_CONFIG_HOME: '', HOME: '/home/someone' })).global,
    ).toBe('/home/someone/.config/git/ignore');
  });

  it('takes a core.excludesFile set empty as unset', async () => {
    const r = repo();
    r.git('config', 'core.excludesFile', '');
    expect((await ignoreFiles(git, r.dir, { HOME: '/home/someone' })).global).toBe(
      '/home/someone/.config/git/ignore',
    );
  });

  it('names no global file when neither XDG_CONFIG_HOME nor HOME says where', async () => {
    const r = repo();
    const exclude = join(realpathSync(r.dir), '.git', 'info', 'exclude');
    expect(await ignoreFiles(git, r.dir, {})).toEqual({ exclude, global: undefined });
    expect(await ignoreFiles(git, r.dir, { HOME: '', XDG_CONFIG_HOME: '' })).toEqual({
      exclude,
      global: undefined,
    });
  });

  it("reads mmm's own environment when given none", async () => {
    const r = repo();
    vi.stubEnv('XDG_CONFIG_HOME', '/from/the/process');
    expect((await ignoreFiles(git, r.dir)).global).toBe('/from/the/process/git/ignore');
  });

  it('fails outside a repository', async () => {
    await expect(ignoreFiles(git, tempDir(), {})).rejects.toThrow(/not a git repository/);
  });
});

describe('ignoreRulesText', () => {
  it('is nothing without files', () => {
    expect(ignoreRulesText(undefined)).toBe('');
  });

  it('puts the global rules first, then info/exclude, each ended by a newline', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'global'), '*.log\n!keep.log');
    writeFileSync(join(dir, 'exclude'), 'run.db\n');
    expect(ignoreRulesText({ global: join(dir, 'global'), exclude: join(dir, 'exclude') })).toBe(
      '*.log\n!keep.log\nrun.db\n\n',
    );
  });

  it('reads a file that is missing, unnamed or a directory as empty', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'exclude'), 'run.db\n');
    mkdirSync(join(dir, 'a-directory'));
    const exclude = join(dir, 'exclude');
    expect(ignoreRulesText({ global: undefined, exclude })).toBe('\nrun.db\n\n');
    expect(ignoreRulesText({ global: join(dir, 'missing'), exclude })).toBe('\nrun.db\n\n');
    expect(ignoreRulesText({ global: join(dir, 'a-directory'), exclude })).toBe('\nrun.db\n\n');
    expect(ignoreRulesText({ global: exclude, exclude: join(dir, 'missing') })).toBe(
      'run.db\n\n\n',
    );
    expect(ignoreRulesText({ global: undefined, exclude: join(dir, 'a-directory') })).toBe('\n\n');
  });

  it('reads a FIFO as empty instead of waiting for a writer', () => {
    const dir = tempDir();
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // A writer waits at the FIFO, so that reading it would return what it wrote, not hang.
    writers.push(spawn('sh', ['-c', 'printf "written\\n" > "$0"', fifo], { stdio: 'ignore' }));
    writeFileSync(join(dir, 'exclude'), 'run.db\n');
    expect(ignoreRulesText({ global: fifo, exclude: join(dir, 'exclude') })).toBe('\nrun.db\n\n');
  });

  it('has git clean spare the files ignored before a step emptied the rules, and only those', async () => {
    const r = repo();
    const home = tempDir();
    r.write('.git/info/exclude', 'run.db\n!keep.log\n');
    writeFileSync(join(home, 'global-ignore'), '*.log\n');
    r.git('config', 'core.excludesFile', join(home, 'global-ignore'));
    const text = ignoreRulesText(await ignoreFiles(git, r.dir, {}));
    r.write('run.db', 'ledger\n');
    r.write('debug.log', 'noise\n');
    r.write('keep.log', 'untracked, not ignored\n');
    r.write('step-output.txt', 'left by the step\n');
    // The step empties both files of rules.
    r.write('.git/info/exclude', '');
    writeFileSync(join(home, 'global-ignore'), '');
    const rules = join(home, 'rules-before');
    writeFileSync(rules, text);
    r.git('-c', `core.excludesFile=${rules}`, 'clean', '-fdq');
    expect(r.git('status', '--porcelain', '--ignored', '--untracked-files=all')).toBe(
      '?? debug.log\n?? run.db',
    );
  });
});
