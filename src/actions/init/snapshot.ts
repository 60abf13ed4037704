// What project detection looks at: a listing of file paths plus a reader for the few it opens.
// Detection is pure over this, so tests build a snapshot from a plain record.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

/** A project as detection sees it. Paths are relative to the project root, with `/` separators. */
export interface ProjectSnapshot {
  /** The project directory's own name. */
  name: string;
  files: readonly string[];
  /** The text of a file in `files`, or undefined when it cannot be read. */
  read: (path: string) => string | undefined;
}

/** A snapshot over in-memory files (for tests and callers that already hold the contents). */
export function snapshotFromFiles(name: string, files: Record<string, string>): ProjectSnapshot {
  return { name, files: Object.keys(files).sort(), read: (path) => files[path] };
}

// Directories that hold dependencies, build output or tool state, never the project's own code.
const SKIPPED_DIRS = new Set([
  '.git',
  '.hg',
  '.mmm',
  '.claude',
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  'node_modules',
  'bower_components',
  'dist',
  'build',
  'out',
  'coverage',
  '.next',
  '.turbo',
  'target',
  'vendor',
]);
const MAX_DEPTH = 6;
const MAX_FILES = 20_000;
const MAX_READ_BYTES = 1024 * 1024;

/** Lists the project under `dir` (bounded in depth and count) and reads files lazily from disk. */
export function readProjectSnapshot(dir: string): ProjectSnapshot {
  const files: string[] = [];
  const walk = (rel: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (files.length >= MAX_FILES) return;
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (depth < MAX_DEPTH && !SKIPPED_DIRS.has(entry.name)) walk(path, depth + 1);
      } else if (entry.isFile()) {
        files.push(path);
      }
    }
  };
  walk('', 0);
  const read = (path: string): string | undefined => {
    try {
      const full = join(dir, path);
      if (statSync(full).size > MAX_READ_BYTES) return undefined;
      return readFileSync(full, 'utf8');
    } catch {
      return undefined;
    }
  };
  return { name: basename(dir), files, read };
}
