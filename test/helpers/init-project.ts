// Fixture projects under test/fixtures/projects, read whole or copied into a real temp repository.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/main.js';
import { capture } from './capture.js';
import { makeTempRepo, type TempRepo } from './repo.js';

export const FIXTURE_PROJECTS_DIR = fileURLToPath(
  new URL('../fixtures/projects/', import.meta.url),
);

export function fixtureProjectNames(): string[] {
  return readdirSync(FIXTURE_PROJECTS_DIR).sort();
}

/** Every file of a fixture project, by path relative to its root. */
export function readFixtureFiles(name: string): Record<string, string> {
  const root = join(FIXTURE_PROJECTS_DIR, name);
  const files: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else files[path] = readFileSync(join(root, path), 'utf8');
    }
  };
  walk('');
  return files;
}

/** A temp git repository on branch main holding the fixture project in its first commit. */
export function makeFixtureRepo(name: string): TempRepo {
  return makeTempRepo(readFixtureFiles(name));
}

/** `mmm init <args>` run in-process in `cwd`, not interactive: its exit code and what it printed. */
export async function runInit(
  cwd: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = capture();
  const stderr = capture();
  const code = await runCli(['init', ...args], {
    cwd,
    env: process.env,
    stdout,
    stderr,
    interactive: false,
    signal: new AbortController().signal,
    interruptedBy: () => undefined,
    setExitCode: () => undefined,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
