import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempRepo, type TempRepo } from '../../helpers/repo.js';
import { makeFixtureRepo, runInit as mmm } from '../../helpers/init-project.js';

/** Every file init may write, with its content, so two runs can be compared byte for byte. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const commands = join(dir, '.claude', 'commands');
  for (const name of existsSync(commands) ? readdirSync(commands) : []) {
    files[`.claude/commands/${name}`] = readFileSync(join(commands, name), 'utf8');
  }
  for (const path of ['.mmm/PROJECT.md', '.gitignore']) {
    if (existsSync(join(dir, path))) files[path] = readFileSync(join(dir, path), 'utf8');
  }
  return files;
}

const repos: TempRepo[] = [];
const fixture = (name: string) => {
  const repo = makeFixtureRepo(name);
  repos.push(repo);
  return repo;
};
afterEach(() => {
  for (const repo of repos.splice(0)) repo.cleanup();
});

describe('mmm init', () => {
  it('installs every command, PROJECT.md and the ignore lines, and says so', async () => {
    const repo = fixture('node-basic');
    const result = await mmm(repo.dir);
    expect(result.code).toBe(0);
    const files = snapshot(repo.dir);
    expect(Object.keys(files).filter((f) => f.startsWith('.claude/'))).toHaveLength(12);
    expect(files['.claude/commands/mmm-fix-test.md']).toContain('Bash(npm test:*)');
    expect(files['.mmm/PROJECT.md']).toContain(
      '- test: `npm test` (from package.json script "test")',
    );
    expect(files['.gitignore']).toBe(
      '# mmm: local run ledger and run files\n.mmm/mmm.db*\n.mmm/runs/\n',
    );
    expect(result.stdout).toMatch(/^installed {2}\.claude\/commands\/mmm-code-review\.md$/m);
    expect(result.stdout).toContain('test: `npm test`');
    expect(result.stdout).toContain('14 written, 0 skipped.');
    expect(result.stdout).toContain(
      'Next: git add .claude/commands .mmm .gitignore && git commit, then mmm cook <playbook>.',
    );
  });

  it('changes nothing when run twice and reports everything skipped', async () => {
    const repo = fixture('python-uv');
    await mmm(repo.dir);
    const first = snapshot(repo.dir);
    const second = await mmm(repo.dir);
    expect(second.code).toBe(0);
    expect(snapshot(repo.dir)).toEqual(first);
    expect(second.stdout).not.toMatch(/^(installed|overwritten|updated) /m);
    expect(second.stdout).toContain('Nothing to do: every file was already in place.');
    expect(second.stdout).not.toContain('Next:');
    expect(second.stdout).toMatch(/^skipped {2}\.gitignore \(already ignores/m);
  });

  it('keeps a changed command file unless --force', async () => {
    const repo = fixture('node-basic');
    await mmm(repo.dir);
    const path = join(repo.dir, '.claude/commands/mmm-lint.md');
    writeFileSync(path, 'my own lint command\n');
    const kept = await mmm(repo.dir);
    expect(readFileSync(path, 'utf8')).toBe('my own lint command\n');
    expect(kept.stdout).toMatch(
      /^skipped +\.claude\/commands\/mmm-lint\.md \(exists and differs; --force overwrites it\)$/m,
    );
    const forced = await mmm(repo.dir, '--force');
    expect(readFileSync(path, 'utf8')).toContain('# Lint and format');
    expect(forced.stdout).toMatch(/^overwritten {2}\.claude\/commands\/mmm-lint\.md$/m);
  });

  it('with --force leaves identical files alone and overwrites only the one that differs', async () => {
    const repo = fixture('node-basic');
    await mmm(repo.dir);
    const before = snapshot(repo.dir);
    const commands = join(repo.dir, '.claude', 'commands');
    const mtimes = () =>
      Object.fromEntries(
        readdirSync(commands).map((name) => [name, statSync(join(commands, name)).mtimeMs]),
      );
    const untouched = mtimes();
    await new Promise((resolve) => setTimeout(resolve, 20));

    const same = await mmm(repo.dir, '--force');
    expect(same.code).toBe(0);
    expect(snapshot(repo.dir)).toEqual(before);
    expect(mtimes()).toEqual(untouched);
    expect(same.stdout).not.toMatch(/^(installed|overwritten|updated) /m);
    expect(same.stdout).toMatch(
      /^skipped +\.claude\/commands\/mmm-lint\.md \(exists, already up to date\)$/m,
    );
    expect(same.stdout).toMatch(/^skipped +\.mmm\/PROJECT\.md \(exists, already up to date\)$/m);
    expect(same.stdout).toContain('Nothing to do: every file was already in place.');

    writeFileSync(join(commands, 'mmm-lint.md'), 'my own lint command\n');
    const one = await mmm(repo.dir, '--force');
    expect(one.stdout.match(/^overwritten /gm)).toHaveLength(1);
    expect(one.stdout).toMatch(/^overwritten +\.claude\/commands\/mmm-lint\.md$/m);
    expect(one.stdout).toMatch(/^1 written, \d+ skipped\.$/m);
    expect(snapshot(repo.dir)).toEqual(before);
  });

  it('installs only the commands asked for, with or without the mmm- prefix', async () => {
    const repo = fixture('go-mod');
    const result = await mmm(repo.dir, '--commands', 'lint,mmm-fix-test');
    expect(result.code).toBe(0);
    expect(readdirSync(join(repo.dir, '.claude/commands')).sort()).toEqual([
      'mmm-fix-test.md',
      'mmm-lint.md',
    ]);
  });

  it('rejects an unknown command name with exit 2 and lists the known ones', async () => {
    const repo = fixture('go-mod');
    const result = await mmm(repo.dir, '--commands', 'lint,nope');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command nope');
    expect(result.stderr).toContain('mmm-code-review');
    expect(existsSync(join(repo.dir, '.claude'))).toBe(false);
  });

  it('refuses outside a git repository with exit 3 and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmm-no-repo-'));
    const result = await mmm(dir);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('not a git repository');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes at the repository root when run from a subdirectory', async () => {
    const repo = fixture('node-basic');
    await mmm(join(repo.dir, 'src'));
    expect(existsSync(join(repo.dir, '.claude/commands/mmm-lint.md'))).toBe(true);
    expect(existsSync(join(repo.dir, 'src/.claude'))).toBe(false);
  });

  it('installs into --path and detects that directory, with .gitignore at the root', async () => {
    const repo = makeTempRepo({ 'README.md': '# mono\n', 'tools/rs/Cargo.toml': '[package]\n' });
    repos.push(repo);
    const result = await mmm(repo.dir, '--path', 'tools/rs');
    expect(result.code).toBe(0);
    expect(readFileSync(join(repo.dir, 'tools/rs/.claude/commands/mmm-lint.md'), 'utf8')).toContain(
      'cargo clippy',
    );
    expect(existsSync(join(repo.dir, 'tools/rs/.mmm/PROJECT.md'))).toBe(true);
    expect(readFileSync(join(repo.dir, '.gitignore'), 'utf8')).toContain('.mmm/runs/');
  });

  it('rejects a --path that is not a directory with exit 2', async () => {
    const repo = fixture('bare');
    expect((await mmm(repo.dir, '--path', 'missing')).code).toBe(2);
  });

  it('keeps an existing .gitignore and adds only what it lacks', async () => {
    const repo = makeTempRepo({ '.gitignore': 'node_modules/\n.mmm/runs/' });
    repos.push(repo);
    await mmm(repo.dir);
    expect(readFileSync(join(repo.dir, '.gitignore'), 'utf8')).toBe(
      'node_modules/\n.mmm/runs/\n# mmm: local run ledger and run files\n.mmm/mmm.db*\n',
    );
  });

  it('keeps an existing PROJECT.md', async () => {
    const repo = makeTempRepo({ '.mmm/PROJECT.md': 'hand written\n' });
    repos.push(repo);
    await mmm(repo.dir);
    expect(readFileSync(join(repo.dir, '.mmm/PROJECT.md'), 'utf8')).toBe('hand written\n');
  });

  it('records the origin default branch when the clone knows it', async () => {
    const origin = fixture('bare');
    origin.git('branch', '-m', 'trunk');
    const clone = mkdtempSync(join(tmpdir(), 'mmm-clone-'));
    repos.push({ ...origin, dir: clone, cleanup: () => rmSync(clone, { recursive: true }) });
    origin.git('clone', '-q', origin.dir, clone);
    // On another branch in the clone, only origin/HEAD can say trunk.
    execFileSync('git', ['checkout', '-q', '-b', 'feature'], { cwd: clone });
    await mmm(clone);
    expect(readFileSync(join(clone, '.mmm/PROJECT.md'), 'utf8')).toContain(
      '- Default branch: trunk',
    );
  });

  it('falls back to the current branch without a remote', async () => {
    const repo = fixture('bare');
    repo.git('checkout', '-q', '-b', 'work');
    await mmm(repo.dir);
    expect(readFileSync(join(repo.dir, '.mmm/PROJECT.md'), 'utf8')).toContain(
      '- Default branch: work',
    );
  });

  it('refuses before writing anything when something is in the way (exit 3)', async () => {
    for (const [blocker, make] of [
      ['.mmm', (dir: string) => writeFileSync(join(dir, '.mmm'), 'notes\n')],
      ['.gitignore', (dir: string) => mkdirSync(join(dir, '.gitignore'))],
    ] as const) {
      const repo = fixture('node-basic');
      make(repo.dir);
      const result = await mmm(repo.dir, '--commands', 'lint');
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('wrote nothing');
      expect(result.stderr).toContain(blocker);
      expect(existsSync(join(repo.dir, '.claude'))).toBe(false);
    }
  });

  it('never writes through a symbolic link, even with --force', async () => {
    const repo = fixture('node-basic');
    const elsewhere = mkdtempSync(join(tmpdir(), 'mmm-elsewhere-'));
    mkdirSync(join(repo.dir, '.claude', 'commands'), { recursive: true });
    symlinkSync(join(elsewhere, 'target.md'), join(repo.dir, '.claude', 'commands', 'mmm-lint.md'));
    const result = await mmm(repo.dir, '--commands', 'lint', '--force');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('is a symbolic link; left alone');
    expect(existsSync(join(elsewhere, 'target.md'))).toBe(false);
    rmSync(elsewhere, { recursive: true, force: true });
  });
});
