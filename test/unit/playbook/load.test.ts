// The three top-level forms load into one model, with every default written out.
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ExitCode, PlaybookError, UsageError } from '../../../src/errors.js';
import {
  loadPlaybook,
  parsePlaybook,
  referencedVariables,
  renderText,
} from '../../../src/playbook/index.js';
import type { Playbook, VarContext } from '../../../src/playbook/model.js';

const validDir = fileURLToPath(new URL('../../fixtures/valid/', import.meta.url));
const empty: VarContext = {
  steps: {},
  lastShellOutput: undefined,
  arg: undefined,
  item: undefined,
  iteration: 1,
  env: {},
};
const prompts = (pb: Playbook, ctx: VarContext = empty) =>
  pb.steps.map((s) => renderText(s.command, ctx));
const parse = (text: string): Playbook => {
  const { playbook, problems } = parsePlaybook(text, 'p.yml');
  expect(problems).toEqual([]);
  return playbook!;
};

describe('MMM-style playbooks load unchanged', () => {
  it('a bare list with a test–fix handler', async () => {
    const pb = await loadPlaybook('mmm-list.yml', { cwd: validDir });
    expect(pb.form).toBe('list');
    expect(pb.name).toBe('mmm-list');
    expect(pb.steps.map((s) => s.kind)).toEqual(['claude', 'claude', 'shell', 'shell']);
    expect(prompts(pb, { ...empty, arg: '33' }).slice(0, 3)).toEqual([
      '/mmm-code-review',
      '/mmm-implement-spec 33',
      'cargo test',
    ]);
    const cargo = pb.steps[2]!;
    expect(cargo.onFailure?.maxAttempts).toBe(3);
    expect(cargo.onFailure?.failWorkflow).toBe(false);
    expect(renderText(cargo.onFailure!.step.command, { ...empty, lastShellOutput: 'E0308' })).toBe(
      '/mmm-fix-test --error E0308',
    );
    // Defaults when on_failure says nothing: 3 tries for a shell step, and the workflow stops.
    expect(pb.steps[3]!.onFailure).toMatchObject({ maxAttempts: 3, failWorkflow: true });
  });

  it('commands: with names and {name, args, commit_required}', async () => {
    const pb = await loadPlaybook('mmm-commands.yml', { cwd: validDir });
    expect(pb.form).toBe('commands');
    expect(pb.steps.every((s) => s.kind === 'claude')).toBe(true);
    expect(prompts(pb, { ...empty, arg: 'spec-7' })).toEqual([
      '/mmm-security-audit',
      '/mmm-implement-spec',
      '/mmm-test-generate --security',
      '/mmm-implement-spec spec-7',
      '/mmm-lint',
    ]);
    expect(pb.steps.map((s) => s.commitRequired)).toEqual([false, false, false, true, false]);
  });

  it('commands: with ids and outputs feed later commands', async () => {
    const pb = await loadPlaybook('commands-with-outputs.yml', { cwd: validDir });
    expect(pb.steps[0]).toMatchObject({
      id: 'coverage',
      outputs: { spec: { filePattern: '*-coverage-improvements.md' } },
    });
    const ctx = {
      ...empty,
      steps: { coverage: { output: '', exitCode: 0, success: true, named: { spec: 'a.md' } } },
    };
    expect(prompts(pb, ctx)[1]).toBe('/mmm-implement-spec a.md 2');
  });
});

describe('defaults are explicit in the model', () => {
  it('a minimal step list', () => {
    const pb = parse(
      '- shell: npm test\n- claude: /mmm-lint\n  on_failure: { claude: /mmm-fix }\n',
    );
    expect(pb).toMatchObject({
      form: 'list',
      name: 'p',
      maxIterations: 1,
      until: undefined,
      agent: {
        tool: 'claude',
        model: undefined,
        allowedTools: [],
        disallowedTools: [],
        timeoutMs: undefined,
      },
      budget: { maxCostUsd: undefined, maxAgentCalls: undefined, maxDurationMs: undefined },
      env: {},
    });
    expect(pb.steps[0]).toMatchObject({
      index: 0,
      id: undefined,
      label: 'shell: npm test',
      commitRequired: false,
      timeoutMs: undefined,
      captureOutput: true,
      outputs: {},
      when: undefined,
      onFailure: undefined,
      onSuccess: undefined,
      pos: { file: 'p.yml', line: 1, col: 3 },
    });
    // A claude step gets one try in all unless on_failure says otherwise.
    expect(pb.steps[1]!.onFailure).toMatchObject({
      maxAttempts: 1,
      failWorkflow: true,
      step: { index: 1 },
    });
  });

  it('the full mapping', async () => {
    const pb = await loadPlaybook('full-mapping.yml', { cwd: validDir });
    expect(pb).toMatchObject({
      form: 'mapping',
      name: 'improve-tests',
      maxIterations: 5,
      agent: {
        tool: 'claude',
        model: 'sonnet',
        permissionMode: 'acceptEdits',
        allowedTools: ['Bash(npm test *)', 'Edit'],
        disallowedTools: ['WebFetch'],
        maxTurns: 30,
        timeoutMs: 20 * 60_000,
        appendSystemPrompt: 'Keep changes small.',
      },
      budget: { maxCostUsd: 5, maxAgentCalls: 40, maxDurationMs: 2 * 3_600_000 },
    });
    expect(pb.until).toMatchObject({ kind: 'shell', index: 4 });
    expect(renderText(pb.env.RUN_TAG!, { ...empty, iteration: 3 })).toBe('iteration-3');
    expect(renderText(pb.env.DEBUG!, empty)).toBe('false');
    const [, implement, test, lint] = pb.steps;
    expect(implement!.commitRequired).toBe(true);
    expect(test).toMatchObject({ id: 'test', timeoutMs: 600_000 });
    expect(renderText(test!.env.FORCE_COLOR!, empty)).toBe('0');
    expect(lint).toMatchObject({ captureOutput: false, onSuccess: { kind: 'shell' } });
    expect(lint!.when).toEqual({
      kind: 'var',
      ref: { kind: 'step', id: 'test', field: 'success' },
      pos: { file: 'full-mapping.yml', line: 31, col: 12 },
    });
    expect(pb.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(referencedVariables(pb)).toEqual([
      'ITERATION',
      'review.spec',
      'test.output',
      'test.success',
    ]);
  });
});

describe('YAML features', () => {
  it('merge keys and aliases share settings; keys written in the step win', async () => {
    const pb = await loadPlaybook('merge-keys.yml', { cwd: validDir });
    expect(pb.steps.map((s) => s.timeoutMs)).toEqual([20 * 60_000, 3_600_000, undefined]);
    expect(Object.keys(pb.steps[1]!.env)).toEqual(['CI']);
    expect(pb.steps[2]!.onFailure).toMatchObject({ maxAttempts: 3, step: { id: 'fix' } });
  });
});

describe('loadPlaybook errors', () => {
  it('a missing file is a usage error (exit 2) naming the file', async () => {
    const error = await loadPlaybook('nope.yml', { cwd: validDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(ExitCode.invalidInput);
    expect((error as UsageError).message).toBe('playbook not found: nope.yml');
  });

  it('a directory is a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmm-load-'));
    mkdirSync(join(dir, 'pb.yml'));
    await expect(loadPlaybook('pb.yml', { cwd: dir })).rejects.toThrow('is a directory');
  });

  it.skipIf(process.platform === 'win32')(
    'a named pipe is refused before reading, not waited on (exit 2)',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mmm-load-'));
      const fifo = join(dir, 'pb.yml');
      execFileSync('mkfifo', [fifo]);
      let timer: NodeJS.Timeout | undefined;
      const hung = new Promise((resolve) => {
        timer = setTimeout(() => resolve('still waiting for a writer after 2 s'), 2_000);
      });
      try {
        const error = await Promise.race([
          loadPlaybook('pb.yml', { cwd: dir }).catch((e: unknown) => e),
          hung,
        ]);
        expect(error).toBeInstanceOf(UsageError);
        expect((error as UsageError).message).toBe('pb.yml is a named pipe, not a playbook file');
      } finally {
        clearTimeout(timer);
        // Without the fix a reader is left blocked on the pipe; a writer that comes and goes
        // releases it, so the test run can end.
        try {
          closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
        } catch {
          // ENXIO: nobody is reading, as it should be.
        }
      }
    },
  );

  it.skipIf(!existsSync('/dev/null'))('a device is refused too', async () => {
    await expect(loadPlaybook('/dev/null', { cwd: validDir })).rejects.toThrow(
      '/dev/null is a character device, not a playbook file',
    );
  });

  it('each refusal says what to do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmm-load-'));
    mkdirSync(join(dir, 'pb.yml'));
    writeFileSync(join(dir, 'file'), 'x');
    const hint = async (file: string) => {
      const error = await loadPlaybook(file, { cwd: dir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      return [(error as UsageError).message, (error as UsageError).hint];
    };
    expect(await hint('nope.yml')).toEqual([
      'playbook not found: nope.yml',
      `no file at ${join(dir, 'nope.yml')}; check the path (relative paths start at ${dir})`,
    ]);
    expect(await hint('pb.yml')).toEqual([
      'pb.yml is a directory, not a playbook',
      'give the path of a .yml file',
    ]);
    const [message, advice] = await hint('file/pb.yml');
    expect(message).toMatch(/^cannot read playbook file\/pb\.yml: ENOTDIR/);
    expect(advice).toBe(`check that ${join(dir, 'file/pb.yml')} is a readable file`);
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(process.platform === 'win32')(
    'a socket is refused, with what to give instead',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mmm-load-'));
      const server = createServer();
      await new Promise<void>((done) => server.listen(join(dir, 'pb.yml'), done));
      try {
        const error = await loadPlaybook('pb.yml', { cwd: dir }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(UsageError);
        expect((error as UsageError).message).toBe('pb.yml is a socket, not a playbook file');
        expect((error as UsageError).hint).toBe(
          'give the path of a regular .yml file; mmm reads a playbook whole before it runs anything',
        );
      } finally {
        await new Promise((done) => server.close(done));
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('an invalid playbook throws every problem at once, and nothing is returned', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmm-load-'));
    writeFileSync(
      join(dir, 'bad.yml'),
      '- shell: a\n  timeout: soon\n- claude: ${x.output}\n  colour: red\n',
    );
    const error = await loadPlaybook('bad.yml', { cwd: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlaybookError);
    expect((error as PlaybookError).problems.map((p) => [p.line, p.col])).toEqual([
      [2, 12],
      [3, 11],
      [4, 3],
    ]);
    expect(parsePlaybook('- shell: a\n  timeout: soon\n', 'x.yml').playbook).toBeUndefined();
  });
});
