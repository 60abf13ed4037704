// What a step changed, file by file, before anything of it is committed: the policy checks this.
import { runGit, type GitDeps } from './run.js';

/** A line a change adds, with its number in the file as changed. */
export interface AddedLine {
  line: number;
  text: string;
}

/** One path a change touches (a rename is a deletion and an addition: git is asked without renames). */
export interface ChangedFile {
  path: string;
  status: 'added' | 'modified' | 'deleted' | 'type_changed';
  /** Lines added and deleted; 0 for a binary file. */
  added: number;
  deleted: number;
  binary: boolean;
  /** The added lines, when asked for; empty for a file git treats as binary. */
  addedLines: AddedLine[];
}

/** How much of the list of changed files is read into memory at most (some two million files). */
const LISTING_BYTES = 256 * 1024 * 1024;

/** How much of a patch is read into memory at most (a larger one for a single file is cut). */
const PATCH_BYTES = 64 * 1024 * 1024;

const STATUS: Record<string, ChangedFile['status']> = {
  A: 'added',
  M: 'modified',
  D: 'deleted',
  T: 'type_changed',
};

// Never an external diff program nor a textconv filter: the change is read as git stores it.
const DIFF = ['diff', '--no-renames', '--no-ext-diff', '--no-textconv', '--ignore-submodules=none'];

/**
 * Splits `-U0` patch text into the added lines of each file, in git's order. A file's header
 * lines (`+++ b/path` among them) come before its first hunk; inside a hunk every line starting
 * with `+` is an added line, whatever follows (an added `++ x` reads `+++ x`), and a context line
 * (which git shows between hunks it joins) moves the line count on.
 */
export function parseAddedLines(patch: string): AddedLine[][] {
  const files: AddedLine[][] = [];
  let current: AddedLine[] | undefined;
  let header: string | undefined;
  // The next line number of the new file, once inside a hunk; 0 in a file's header.
  let next = 0;
  for (const text of patch.split('\n')) {
    if (text.startsWith('diff --git ')) {
      // A path whose type changed (a file that became a link) has two sections, the old one
      // removed and the new one added, under the same header: they are one file of the listing.
      if (text !== header || current === undefined) {
        current = [];
        files.push(current);
      }
      header = text;
      next = 0;
      continue;
    }
    if (!current) continue;
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (hunk) next = Number(hunk[1]);
    else if (next === 0) continue;
    else if (text.startsWith('+')) {
      current.push({ line: next, text: text.slice(1) });
      next += 1;
    } else if (text.startsWith(' ')) next += 1;
  }
  return files;
}

/**
 * What the index at `cwd` holds that `from` does not: commits made since, and what is staged on
 * top of them. The caller stages the tree first (stageAll) when it left anything uncommitted, so
 * that what is read here is exactly what the next commit holds. With `to`, a tree or commit, what
 * it holds instead of the index. With `addedLines`, the lines each file adds are read too.
 * Nothing in the repository is changed.
 */
export async function changesSince(
  deps: GitDeps,
  cwd: string,
  from: string,
  options: { addedLines: boolean; to?: string | undefined },
): Promise<ChangedFile[]> {
  const range = options.to === undefined ? ['--cached', from] : [from, options.to];
  // One listing: each path with its status (`--raw`), then lines added and removed per path
  // (`--numstat`), NUL-separated, the raw entries first.
  // Read whole however many files changed: a path left out would escape the policy.
  const listing = (
    await runGit(deps, [...DIFF, '--raw', '--numstat', '-z', ...range], {
      cwd,
      maxInlineBytes: LISTING_BYTES,
    })
  ).stdout.split('\0');
  const files: ChangedFile[] = [];
  const byPath = new Map<string, ChangedFile>();
  for (let i = 0; i < listing.length; i++) {
    const part = listing[i] ?? '';
    if (part.startsWith(':')) {
      // `:mode mode blob blob STATUS`, then the path as its own field.
      const code = part.slice(part.lastIndexOf(' ') + 1).charAt(0);
      const file: ChangedFile = {
        path: listing[++i] ?? '',
        status: STATUS[code] ?? 'modified',
        added: 0,
        deleted: 0,
        binary: false,
        addedLines: [],
      };
      files.push(file);
      byPath.set(file.path, file);
      continue;
    }
    const match = /^(\d+|-)\t(\d+|-)\t(.*)$/s.exec(part.replace(/^\n/, ''));
    const file = match && byPath.get(match[3] ?? '');
    if (!match || !file) continue;
    file.binary = match[1] === '-';
    file.added = file.binary ? 0 : Number(match[1]);
    file.deleted = file.binary ? 0 : Number(match[2]);
  }
  if (!options.addedLines) return files;
  // One patch for all files, in the order --name-status listed them (a binary file has a section
  // without lines). Should it be cut short, or the listings disagree, each text file is read on
  // its own.
  const patchArgs = [...DIFF, '--unified=0', '--inter-hunk-context=0', '--no-color', ...range];
  const patch = await runGit(deps, patchArgs, { cwd, maxInlineBytes: PATCH_BYTES });
  const added = patch.truncated ? [] : parseAddedLines(patch.stdout);
  if (added.length === files.length) {
    files.forEach((file, i) => (file.addedLines = added[i] ?? []));
    return files;
  }
  for (const file of files.filter((f) => !f.binary && f.added > 0)) {
    const one = await runGit(deps, [...patchArgs, '--', `:(top,literal)${file.path}`], {
      cwd,
      maxInlineBytes: PATCH_BYTES,
    });
    file.addedLines = parseAddedLines(one.stdout)[0] ?? [];
  }
  return files;
}

// What a commit holds never changes: a file read at a commit named by its hash (the policy and the
// prices of a map's base commit, read by every session of the map) is read from git once.
const COMMITTED_KEPT = 64;
const committedFiles = new Map<string, string | undefined>();

/** The text of `path` as committed in `commit`, or undefined when that commit has no such file. */
export async function committedFile(
  deps: GitDeps,
  cwd: string,
  commit: string,
  path: string,
): Promise<string | undefined> {
  const key = /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(commit) ? `${commit}:${path}` : undefined;
  if (key !== undefined && committedFiles.has(key)) return committedFiles.get(key);
  const { text, definite } = await readCommittedFile(deps, cwd, commit, path);
  if (key !== undefined && definite && (text === undefined || text.length < 1024 * 1024)) {
    if (committedFiles.size >= COMMITTED_KEPT) committedFiles.clear();
    committedFiles.set(key, text);
  }
  return text;
}

/** The file's text, and whether git's answer was definite (a git that failed is not). */
async function readCommittedFile(
  deps: GitDeps,
  cwd: string,
  commit: string,
  path: string,
): Promise<{ text: string | undefined; definite: boolean }> {
  const found = await runGit(deps, ['rev-parse', '--verify', '--quiet', `${commit}:${path}`], {
    cwd,
    allowFailure: true,
  });
  // Exit 1, said nothing: no such file at that commit. Anything else is no answer to keep.
  if (found.exitCode !== 0) {
    return { text: undefined, definite: found.exitCode === 1 && found.stderr.trim() === '' };
  }
  // A directory of that name is no file either.
  const blob = await runGit(deps, ['cat-file', 'blob', found.stdout.trim()], {
    cwd,
    allowFailure: true,
  });
  return blob.exitCode === 0
    ? { text: blob.stdout, definite: true }
    : { text: undefined, definite: false };
}
