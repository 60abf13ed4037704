import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { getAgentAdapter } from '../../../src/agents/index.js';
import { exec } from '../../../src/infra/exec.js';
import { makeTempRepo, type TempRepo } from '../../helpers/repo.js';

const agent = fileURLToPath(new URL('../../../demo/scripted-claude.mjs', import.meta.url));
const claude = getAgentAdapter('claude');

const ESM = {
  'package.json': '{ "name": "demo", "type": "module", "scripts": { "test": "node --test" } }\n',
  'src/math.js': 'export function add(a, b) {\n  return a - b;\n}\n',
  'test/math.test.js':
    "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { add } from '../src/math.js';\n\ntest('add adds', () => {\n  assert.equal(add(2, 3), 5);\n});\n",
};
const CJS = {
  'package.json': '{ "name": "demo", "scripts": { "test": "node --test" } }\n',
  'src/math.js': 'const add = (a, b) => a - b;\n\nmodule.exports = { add };\n',
  'test/math.test.js':
    "const test = require('node:test');\nconst assert = require('node:assert');\nconst { add } = require('../src/math.js');\n\ntest('add adds', () => {\n  assert.strictEqual(add(2, 3), 5);\n});\n",
};

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

function project(files: Record<string, string>) {
  repo = makeTempRepo(files);
  const r = repo;
  const run = (prompt: string) =>
    claude.run(
      { prompt, cwd: r.dir, permissionMode: 'acceptEdits' },
      { exec, env: { ...process.env, MMM_CLAUDE_BIN: agent } },
    );
  const read = (p: string) => readFileSync(join(r.dir, p), 'utf8');
  const testsPass = () => spawnSync(process.execPath, ['--test'], { cwd: r.dir }).status === 0;
  const specs = () =>
    existsSync(join(r.dir, 'specs/temp')) ? readdirSync(join(r.dir, 'specs/temp')) : [];
  return { repo: r, run, read, testsPass, specs };
}

describe('the scripted demo agent', () => {
  it('reports its version through preflight', async () => {
    const info = await claude.preflight({
      exec,
      env: { MMM_CLAUDE_BIN: agent },
      cwd: process.cwd(),
    });
    expect(info).toEqual({ bin: agent, version: '1.0.0' });
  });

  it('reviews, implements the spec, fixes the bug, then finds nothing more (ESM project)', async () => {
    const p = project(ESM);
    expect(p.testsPass()).toBe(false);

    const review = await p.run('/mmm-code-review');
    expect(review).toMatchObject({ ok: true, costUsd: 0 });
    expect(review.usage?.inputTokens).toBeGreaterThan(0);
    expect(p.read('specs/temp/review-1.md')).toMatch(/multiply/);
    await p.run('/mmm-code-review');
    expect(p.specs()).toEqual(['review-1.md', 'review-2.md']);

    expect((await p.run('/mmm-implement-spec specs/temp/review-1.md')).text).toMatch(
      /added multiply/,
    );
    expect(p.read('src/math.js')).toMatch(/export function multiply\(a, b\)/);
    expect(p.read('test/math.test.js')).toMatch(/multiply\(3, 4\)/);
    expect(p.specs()).toEqual(['review-2.md']);

    expect((await p.run('/mmm-fix-test tests failed: expected 5, got -1')).ok).toBe(true);
    expect(p.testsPass()).toBe(true);

    const again = await p.run('/mmm-code-review');
    expect(again.text).toMatch(/no further improvements/);
    expect(p.specs()).toEqual(['review-2.md']);
  });

  it('adds multiply to a CommonJS project so its tests pass after the fix', async () => {
    const p = project(CJS);
    await p.run('/mmm-code-review');
    await p.run('/mmm-implement-spec specs/temp/review-1.md');
    await p.run('/mmm-fix-test');
    expect(p.read('src/math.js')).toMatch(/module\.exports = \{ add, multiply \}/);
    expect(p.testsPass()).toBe(true);
  });

  it('says there is no spec when the path does not exist, and changes nothing', async () => {
    const p = project(ESM);
    expect((await p.run('/mmm-implement-spec specs/temp/none.md')).text).toBe(
      'No spec to implement.',
    );
    expect(p.repo.git('status', '--porcelain')).toBe('');
  });

  it('tidies trailing whitespace only when there is some', async () => {
    const p = project({
      ...ESM,
      'src/math.js': 'export function add(a, b) {  \n  return a - b;\t\n}\n',
    });
    expect((await p.run('/mmm-lint')).text).toMatch(/src\/math\.js/);
    expect(p.read('src/math.js')).toBe(ESM['src/math.js']);
    p.repo.commitAll('tidy');
    expect((await p.run('/mmm-lint')).text).toBe('Nothing to tidy.');
    expect(p.repo.git('status', '--porcelain')).toBe('');
  });

  it('notes any other prompt in NOTES.md', async () => {
    const p = project(ESM);
    await p.run('Explain the project');
    await p.run('/mmm-document');
    expect(p.read('NOTES.md')).toBe('- Explain the project\n- /mmm-document\n');
  });
});
