import { describe, expect, it } from 'vitest';
import { detectFacts, type CommandKind } from '../../../src/actions/init/facts.js';
import { parseMakeTargets } from '../../../src/actions/init/detect-make.js';
import { snapshotFromFiles } from '../../../src/actions/init/snapshot.js';

const facts = (files: Record<string, string>, branch = 'main') =>
  detectFacts(snapshotFromFiles('demo', files), branch);
const runs = (files: Record<string, string>, kind: CommandKind) =>
  facts(files).commands[kind].map((c) => c.run);
const pkg = (scripts: Record<string, string>, extra: object = {}) =>
  JSON.stringify({ name: 'x', scripts, ...extra });

describe('package manager', () => {
  it('is npm for a package.json without lockfile', () =>
    expect(facts({ 'package.json': pkg({}) }).packageManagers).toEqual(['npm']));
  it('is pnpm by lockfile', () =>
    expect(facts({ 'package.json': '{}', 'pnpm-lock.yaml': '' }).packageManagers).toEqual([
      'pnpm',
    ]));
  it('is yarn by lockfile', () =>
    expect(facts({ 'package.json': '{}', 'yarn.lock': '' }).packageManagers).toEqual(['yarn']));
  it('is bun by lockfile', () =>
    expect(facts({ 'package.json': '{}', 'bun.lockb': '' }).packageManagers).toEqual(['bun']));
  it('prefers the packageManager field to a lockfile', () =>
    expect(
      facts({ 'package.json': pkg({}, { packageManager: 'yarn@4.1.0' }), 'package-lock.json': '' })
        .packageManagers,
    ).toEqual(['yarn']));
  it('is cargo for Cargo.toml', () =>
    expect(facts({ 'Cargo.toml': '' }).packageManagers).toEqual(['cargo']));
  it('is uv with uv.lock', () =>
    expect(facts({ 'pyproject.toml': '', 'uv.lock': '' }).packageManagers).toEqual(['uv']));
  it('is poetry with [tool.poetry]', () =>
    expect(facts({ 'pyproject.toml': '[tool.poetry]\nname="x"\n' }).packageManagers).toEqual([
      'poetry',
    ]));
  it('is pip for requirements.txt', () =>
    expect(facts({ 'requirements.txt': 'requests\n' }).packageManagers).toEqual(['pip']));
  it('is go for go.mod', () => expect(facts({ 'go.mod': '' }).packageManagers).toEqual(['go']));
  it('is none for a project without manifests', () =>
    expect(facts({ 'README.md': '' }).packageManagers).toEqual([]));
});

describe('node commands', () => {
  it('runs the test script with the manager', () =>
    expect(runs({ 'package.json': pkg({ test: 'vitest' }) }, 'test')).toEqual(['npm test']));
  it('runs other scripts with run', () =>
    expect(
      runs({ 'package.json': pkg({ lint: 'eslint .' }), 'pnpm-lock.yaml': '' }, 'lint'),
    ).toEqual(['pnpm run lint']));
  it('uses bun run for the test script, not bun test', () =>
    expect(runs({ 'package.json': pkg({ test: 'x' }), 'bun.lock': '' }, 'test')).toEqual([
      'bun run test',
    ]));
  it('ignores the npm init placeholder test script', () =>
    expect(
      runs({ 'package.json': pkg({ test: 'echo "Error: no test specified" && exit 1' }) }, 'test'),
    ).toEqual([]));
  it('finds format under fmt', () =>
    expect(runs({ 'package.json': pkg({ fmt: 'prettier -w .' }) }, 'format')).toEqual([
      'npm run fmt',
    ]));
  it('finds the typecheck script', () =>
    expect(runs({ 'package.json': pkg({ typecheck: 'tsc' }) }, 'typecheck')).toEqual([
      'npm run typecheck',
    ]));
  it('survives an invalid package.json', () =>
    expect(runs({ 'package.json': '{ nope' }, 'test')).toEqual([]));
  it('allows the command as a Bash prefix rule', () =>
    expect(facts({ 'package.json': pkg({ test: 'x' }) }).commands.test[0]?.allow).toBe(
      'Bash(npm test:*)',
    ));
});

describe('other ecosystems', () => {
  it('uses cargo test for Rust', () =>
    expect(runs({ 'Cargo.toml': '' }, 'test')).toEqual(['cargo test']));
  it('uses clippy to lint Rust', () =>
    expect(runs({ 'Cargo.toml': '' }, 'lint')).toEqual(['cargo clippy --all-targets']));
  it('uses cargo fmt for Rust', () =>
    expect(runs({ 'Cargo.toml': '' }, 'format')).toEqual(['cargo fmt']));
  it('uses go test for Go', () =>
    expect(runs({ 'go.mod': '' }, 'test')).toEqual(['go test ./...']));
  it('uses go vet to lint Go', () =>
    expect(runs({ 'go.mod': '' }, 'lint')).toEqual(['go vet ./...']));
  it('uses golangci-lint when configured', () =>
    expect(runs({ 'go.mod': '', '.golangci.yml': '' }, 'lint')).toEqual(['golangci-lint run']));
  it('uses gofmt for Go', () => expect(runs({ 'go.mod': '' }, 'format')).toEqual(['gofmt -w .']));
  it('runs pytest through uv when configured', () =>
    expect(
      runs({ 'pyproject.toml': '[tool.pytest.ini_options]\n', 'uv.lock': '' }, 'test'),
    ).toEqual(['uv run pytest']));
  it('runs pytest through poetry', () =>
    expect(runs({ 'pyproject.toml': '[tool.poetry]\n', 'pytest.ini': '' }, 'test')).toEqual([
      'poetry run pytest',
    ]));
  it('finds pytest in requirements', () =>
    expect(
      runs({ 'requirements-dev.txt': 'pytest==8.0\n', 'requirements.txt': '' }, 'test'),
    ).toEqual(['pytest']));
  it('detects no Python test command without pytest', () =>
    expect(runs({ 'pyproject.toml': '[project]\nname="x"\n' }, 'test')).toEqual([]));
  it('uses ruff when configured', () =>
    expect(runs({ 'pyproject.toml': '[tool.ruff]\n' }, 'lint')).toEqual(['ruff check .']));
  it('formats with black when configured, even with ruff', () =>
    expect(runs({ 'pyproject.toml': '[tool.ruff]\n[tool.black]\n' }, 'format')).toEqual([
      'black .',
    ]));
  it('uses mypy when configured', () =>
    expect(runs({ 'pyproject.toml': '', 'mypy.ini': '' }, 'typecheck')).toEqual(['mypy .']));
  it('allows uv-run tools by their prefix', () =>
    expect(
      facts({ 'pyproject.toml': '[tool.ruff]\n', 'uv.lock': '' }).commands.lint[0]?.allow,
    ).toBe('Bash(uv run ruff:*)'));
});

describe('Makefile', () => {
  it('uses make targets when no ecosystem defines the command', () =>
    expect(runs({ Makefile: 'test:\n\t./t.sh\n' }, 'test')).toEqual(['make test']));
  it('maps fmt to format', () =>
    expect(runs({ Makefile: 'fmt:\n\tx\n' }, 'format')).toEqual(['make fmt']));
  it('prefers the ecosystem command to the make target', () =>
    expect(runs({ Makefile: 'test:\n\tx\n', 'Cargo.toml': '' }, 'test')).toEqual(['cargo test']));
  it('reads several targets on one line and skips := assignments', () =>
    expect([...parseMakeTargets('lint test: x\nFOO := 1\n\tfake:\n')]).toEqual(['lint', 'test']));
});

describe('polyglot projects', () => {
  it('keeps every ecosystem command', () =>
    expect(runs({ 'package.json': pkg({ test: 'x' }), 'Cargo.toml': '' }, 'test')).toEqual([
      'npm test',
      'cargo test',
    ]));
});

describe('languages and branch', () => {
  it('orders languages by file count', () =>
    expect(facts({ 'a.ts': '', 'b.ts': '', 'c.js': '', 'd.py': '' }).languages).toEqual([
      'TypeScript',
      'JavaScript',
      'Python',
    ]));
  it('ignores dotfiles without an extension', () =>
    expect(facts({ '.gitignore': '', Makefile: '' }).languages).toEqual([]));
  it('records the default branch it was given', () =>
    expect(facts({}, 'trunk').defaultBranch).toBe('trunk'));
});
