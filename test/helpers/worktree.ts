import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Writable } from 'node:stream';
import type { CliContext } from '../../src/actions/context.js';
import { runCli } from '../../src/cli/main.js';
import { createSession } from '../../src/sessions/create.js';
import {
  sessionStore,
  updateSession,
  type SessionRecord,
  type SessionStatus,
} from '../../src/sessions/store.js';
import { exec } from '../../src/infra/exec.js';
import { poolDir } from '../../src/sessions/pool.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

export interface TestContext {
  ctx: CliContext;
  stdout: () => string;
  stderr: () => string;
  /** Aborts the run as SIGINT would. */
  interrupt: () => void;
}

/** A CLI context with captured streams, not interactive, that a test can interrupt. */
export function makeContext(cwd: string): TestContext {
  const out = sink();
  const err = sink();
  const controller = new AbortController();
  let by: 'SIGINT' | undefined;
  const ctx: CliContext = {
    cwd,
    env: process.env,
    stdout: out.stream,
    stderr: err.stream,
    interactive: false,
    signal: controller.signal,
    interruptedBy: () => by,
    setExitCode: () => undefined,
  };
  return {
    ctx,
    stdout: out.text,
    stderr: err.text,
    interrupt: () => {
      by = 'SIGINT';
      controller.abort('SIGINT');
    },
  };
}

/** Runs mmm in-process in `cwd`, as a non-interactive terminal would. */
export async function runMmm(cwd: string, args: string[]): Promise<CliRun> {
  const t = makeContext(cwd);
  const code = await runCli(args, t.ctx);
  return { code, stdout: t.stdout(), stderr: t.stderr() };
}

export const deps = { exec, env: process.env };

/** Makes a session the way cook does, then sets its final status. */
export async function makeSession(
  cwd: string,
  status: SessionStatus = 'completed',
  playbookName = 'fixture',
): Promise<SessionRecord> {
  const { record, store } = await createSession(deps, {
    cwd,
    playbook: `${playbookName}.yml`,
    playbookName,
  });
  return updateSession(store, record.name, { status, pid: undefined });
}

export function storeFor(repoRoot: string) {
  return sessionStore(process.env, repoRoot);
}

/** Runs git in `cwd` and returns trimmed stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/** Writes `content` to `file` in `cwd` and commits it there. */
export function commitFile(cwd: string, file: string, content: string, message: string): string {
  execFileSync(
    'sh',
    ['-c', 'mkdir -p "$(dirname "$1")" && printf %s "$2" > "$1"', 'sh', file, content],
    {
      cwd,
    },
  );
  git(cwd, 'add', '--', file);
  git(cwd, 'commit', '-q', '-m', message);
  return git(cwd, 'rev-parse', 'HEAD');
}

/** Content hash and mtime of every file outside .git and mmm's git-ignored .mmm/, by path. */
export function hashTree(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (entry.name === '.git' || (at === dir && entry.name === '.mmm')) continue;
      const full = join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const digest = createHash('sha256').update(readFileSync(full)).digest('hex');
        result[relative(dir, full)] = `${digest}:${statSync(full).mtimeMs}`;
      }
    }
  };
  walk(dir);
  return result;
}

export function hashFile(path: string): string {
  return existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : '';
}

export function branches(cwd: string): string[] {
  return git(cwd, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/')
    .split('\n')
    .filter(Boolean)
    .sort();
}

/**
 * `git worktree list` of the repository at `cwd`, one line each, without the idle worktrees of
 * mmm's worktree pool (detached trees that belong to no session).
 */
export function worktreesBesidesPool(cwd: string): string[] {
  const pool = poolDir(process.env, cwd);
  return git(cwd, 'worktree', 'list')
    .split('\n')
    .filter((line) => !(line.startsWith(`${pool}/`) && line.endsWith('(detached HEAD)')));
}
