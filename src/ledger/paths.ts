import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Where one repository's ledger lives. */
export interface LedgerPaths {
  /** The repository's main working tree; stored file paths are relative to it. */
  root: string;
  /** `<root>/.mmm/mmm.db` */
  dbPath: string;
  /** `<root>/.mmm/runs`: outputs too big to keep inline, one directory per run. */
  runsDir: string;
}

/** Patterns (for git's exclude file) that keep the ledger's local files out of `git status`. */
export const LEDGER_IGNORE_PATTERNS = ['/.mmm/mmm.db*', '/.mmm/runs/'] as const;

export function ledgerPathsForRoot(root: string): LedgerPaths {
  return ledgerPathsForDb(join(root, '.mmm', 'mmm.db'));
}

/** For a database anywhere: its directory's parent plays the repository root. */
export function ledgerPathsForDb(dbPath: string): LedgerPaths {
  const abs = resolve(dbPath);
  const dir = resolve(abs, '..');
  return { root: resolve(dir, '..'), dbPath: abs, runsDir: join(dir, 'runs') };
}

/** A path as stored: relative to the root when inside it, absolute otherwise. */
export function storedPath(paths: LedgerPaths, file: string): string {
  const abs = resolve(paths.root, file);
  const rel = relative(paths.root, abs);
  const outside = rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
  return outside ? abs : rel.split(sep).join('/');
}

export function absolutePath(paths: LedgerPaths, stored: string): string {
  return isAbsolute(stored) ? stored : join(paths.root, stored);
}

/** `<runsDir>/<run>`: where a run's big outputs go (the engine may spill into it too). */
export function runOutputDir(paths: LedgerPaths, runId: string): string {
  return join(paths.runsDir, runId.replace(/[^A-Za-z0-9._-]/g, '_'));
}
