// The demo's scratch repository: a fresh directory holding a copy of demo/project.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { packageRoot } from '../../infra/package.js';
import { UsageError } from '../../errors.js';

/** Where the demo's own files live inside the installed package. */
export const demoFiles = {
  playbook: join(packageRoot, 'demo', 'playbook.yml'),
  project: join(packageRoot, 'demo', 'project'),
  agent: join(packageRoot, 'demo', 'scripted-claude.mjs'),
};

/**
 * The directory the demo runs in: `dir` (resolved against cwd), which must not exist or be empty,
 * or a new temporary directory.
 */
export function prepareScratchDir(dir: string | undefined, cwd: string): string {
  if (dir === undefined) return mkdtempSync(join(tmpdir(), 'mmm-demo-'));
  const path = resolve(cwd, dir);
  if (existsSync(path)) {
    if (!statSync(path).isDirectory()) {
      throw new UsageError(`--dir ${dir}: ${path} exists and is not a directory`, {
        hint: 'give a path that does not exist yet, or an empty directory',
      });
    }
    if (readdirSync(path).length > 0) {
      throw new UsageError(`--dir ${dir}: ${path} is not empty`, {
        hint: 'the demo makes its own repository there: give a new or empty directory',
      });
    }
  } else {
    try {
      mkdirSync(path, { recursive: true });
    } catch (error) {
      // A link that leads nowhere, a file on the way, a directory mmm may not write in.
      const why = error instanceof Error ? error.message : String(error);
      throw new UsageError(`--dir ${dir}: cannot make ${path} (${why})`, {
        hint: 'give a path that does not exist yet, or an empty directory, where you may write',
      });
    }
  }
  return path;
}

/** Copies the demo project into `dir`, leaving out any git metadata. */
export function copyDemoProject(dir: string, from = demoFiles.project): void {
  cpSync(from, dir, {
    recursive: true,
    filter: (source) => basename(source) !== '.git' && basename(source) !== 'node_modules',
  });
}
