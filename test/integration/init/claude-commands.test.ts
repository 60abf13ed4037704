// The installed command files as the REAL Claude Code CLI reads them (against a scripted model
// server, offline): the slash command expands with its arguments, and its allowed-tools
// frontmatter lets the agent run the detected checks and write its spec without any other
// permission, while tools the command does not list stay denied.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getAgentAdapter } from '../../../src/agents/index.js';
import { exec } from '../../../src/infra/exec.js';
import { runInit } from '../../../src/actions/init/run-init.js';
import type { TempRepo } from '../../helpers/repo.js';
import {
  pricedModel,
  realClaudeEnv,
  startModelServer,
  toolThenText,
  type ModelScript,
  type ModelServer,
} from '../../helpers/model-server.js';
import { makeFixtureRepo } from '../../helpers/init-project.js';

const claude = getAgentAdapter('claude');
let repo: TempRepo;
let server: ModelServer | undefined;

beforeEach(async () => {
  repo = makeFixtureRepo('node-basic');
  await runInit({ cwd: repo.dir }, { exec });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  repo.cleanup();
});

/** Runs a prompt through the real CLI in the default permission mode: only the command's rules apply. */
async function run(prompt: string, script: ModelScript) {
  server = await startModelServer(script);
  const home = mkdtempSync(join(tmpdir(), 'mmm-claude-home-'));
  const env = { ...process.env, ...realClaudeEnv(server, home) };
  delete env.IS_SANDBOX;
  const result = await claude.run(
    { prompt, cwd: repo.dir, model: pricedModel, permissionMode: 'default', timeoutMs: 60_000 },
    { exec, env },
  );
  const calls = server.messages();
  return { result, first: calls[0], last: calls.at(-1) };
}

describe('installed commands under the real claude CLI', () => {
  it('/mmm-fix-test expands with its argument and may run the detected test command', async () => {
    const { result, first, last } = await run(
      '/mmm-fix-test not ok 1 - add sums two numbers',
      toolThenText(() => ({ name: 'Bash', input: { command: 'npm test' } })),
    );
    expect(result.ok).toBe(true);
    expect(first?.text).toContain('# Fix failing tests');
    expect(first?.text).toContain('Failure: not ok 1 - add sums two numbers');
    expect(last?.toolResults[0]?.isError).toBe(false);
    expect(last?.toolResults[0]?.content).toMatch(/# pass 1/);
    expect(result.permissionDenials).toEqual([]);
  });

  it('/mmm-code-review may write its spec under specs/temp', async () => {
    const spec = '# Iteration 1: improvements\n';
    const { result, last } = await run(
      '/mmm-code-review src',
      toolThenText((request) => ({
        name: 'Write',
        input: {
          file_path: join(request.cwd ?? repo.dir, 'specs/temp/iteration-1-improvements.md'),
          content: spec,
        },
      })),
    );
    expect(result.ok).toBe(true);
    expect(last?.toolResults[0]?.isError).toBe(false);
    expect(readFileSync(join(repo.dir, 'specs/temp/iteration-1-improvements.md'), 'utf8')).toBe(
      spec,
    );
  });

  // Claude Code refuses a plain `rm` outside acceptEdits mode whatever the rules say; `git rm` passes.
  it('/mmm-implement-spec may delete the spec it was given, in any permission mode', async () => {
    repo.write('specs/temp/iteration-1-improvements.md', '# Iteration 1: improvements\n');
    repo.commitAll('review');
    const { result, first, last } = await run(
      '/mmm-implement-spec specs/temp/iteration-1-improvements.md',
      toolThenText(() => ({
        name: 'Bash',
        input: { command: 'git rm -q specs/temp/iteration-1-improvements.md' },
      })),
    );
    expect(result.ok).toBe(true);
    expect(first?.text).toContain('Spec file: specs/temp/iteration-1-improvements.md');
    expect(last?.toolResults[0]?.isError).toBe(false);
    expect(existsSync(join(repo.dir, 'specs/temp/iteration-1-improvements.md'))).toBe(false);
  });

  it('/mmm-code-review may not run a command it does not list', async () => {
    const { result, last } = await run(
      '/mmm-code-review',
      toolThenText(() => ({ name: 'Bash', input: { command: 'rm -rf src' } })),
    );
    expect(last?.toolResults[0]?.isError).toBe(true);
    expect(result.permissionDenials).toHaveLength(1);
    expect(readFileSync(join(repo.dir, 'src/math.js'), 'utf8')).toContain('export function add');
  });
});
