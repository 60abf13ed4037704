// The session store: one JSON file per worktree session under
// $MMM_HOME/sessions/<repo-key>/<session>.json, each written whole through a rename so a reader
// never sees half a record, and many processes can create sessions side by side.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir, hostname } from 'node:os';
import { basename, join } from 'node:path';
import { PreconditionError } from '../errors.js';
import type { GitDeps } from '../git/run.js';
import { isRunning } from '../infra/liveness.js';

/** What session functions need: git, the environment (for MMM_HOME) and a clock. */
export interface SessionDeps extends GitDeps {
  env: NodeJS.ProcessEnv;
  now?: () => Date;
}

/**
 * Where a session stands. `stopped`: the run stopped early and needs a person (a budget limit).
 * `missing` is never stored: it is shown when the worktree directory vanished.
 */
export type SessionStatus =
  | 'running'
  | 'completed'
  | 'failed'
  | 'interrupted'
  | 'stopped'
  | 'merged'
  | 'conflicted'
  | 'cleaned';

/** One worktree session, as stored. */
export interface SessionRecord {
  name: string;
  /** Top of the repository's main working tree. */
  repoRoot: string;
  worktreePath: string;
  /** `mmm/<name>`. */
  branch: string;
  /** The branch the user was on when the session started: the merge target. Undefined if detached. */
  baseBranch: string | undefined;
  /** The commit the session started from. */
  baseCommit: string;
  /** The playbook path as the user gave it. */
  playbook: string;
  status: SessionStatus;
  /** Commits the session's runs made. */
  commits: number;
  /** ISO-8601. */
  createdAt: string;
  updatedAt: string;
  runIds: string[];
  /** The `--map` item and its `$ARG`, when the session ran for one. */
  item?: string | undefined;
  arg?: string | undefined;
  /** The process running the session while its status is `running`. */
  pid?: number | undefined;
  /** When that process started (Linux clock ticks since boot), so a reused pid is not taken for it. */
  pidStart?: number | undefined;
  /** Files that conflicted in the last merge attempt. */
  conflictFiles?: string[] | undefined;
  /** The commit the base branch pointed at after the merge. */
  mergedCommit?: string | undefined;
  /**
   * The worker (`host:pid`) that ran the session, for an item of a map on a queue: its branch
   * was fetched here, and it has no worktree on this machine.
   */
  ranOn?: string | undefined;
  /** A ref holding uncommitted work saved when the session was cleaned. */
  savedRef?: string | undefined;
  /** When the merged session's worktree was given back to the worktree pool (ISO-8601). */
  pooledAt?: string | undefined;
}

/** Where one repository's sessions and worktrees live. */
export interface SessionStore {
  /** `<name of the main working tree>-<8 hex of the hash of its absolute path>`. */
  repoKey: string;
  sessionsDir: string;
  worktreesDir: string;
}

/** `$MMM_HOME`, defaulting to `~/.mmm`. */
export function mmmHome(env: NodeJS.ProcessEnv): string {
  if (env.MMM_HOME) return env.MMM_HOME;
  return join(env.HOME ?? homedir(), '.mmm');
}

/** Lower-case letters, digits and dashes: safe in a ref, a path and a shell word. */
export function slug(text: string, max = 40): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return cleaned === '' ? 'session' : cleaned;
}

/** Two checkouts that share a directory name get different keys: the path's hash tells them apart. */
export function repoKey(repoRoot: string): string {
  const hash = createHash('sha256').update(repoRoot).digest('hex').slice(0, 8);
  return `${slug(basename(repoRoot), 32)}-${hash}`;
}

export function sessionStore(env: NodeJS.ProcessEnv, repoRoot: string): SessionStore {
  const home = mmmHome(env);
  const key = repoKey(repoRoot);
  return {
    repoKey: key,
    sessionsDir: join(home, 'sessions', key),
    worktreesDir: join(home, 'worktrees', key),
  };
}

/** `<playbook>-<yyyymmdd-hhmmss>-<4 hex>`, in local time. */
export function makeSessionName(playbookName: string, now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const date = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}`;
  const time = `${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return `${slug(playbookName)}-${date}-${time}-${randomBytes(2).toString('hex')}`;
}

export function sessionFile(store: SessionStore, name: string): string {
  return join(store.sessionsDir, `${name}.json`);
}

export async function writeSession(store: SessionStore, record: SessionRecord): Promise<void> {
  await mkdir(store.sessionsDir, { recursive: true });
  const file = sessionFile(store, record.name);
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, `${JSON.stringify(record, null, 2)}\n`);
  await rename(temp, file);
}

export async function readSession(
  store: SessionStore,
  name: string,
): Promise<SessionRecord | undefined> {
  // A name is a file name here, never a path.
  if (name !== basename(name) || name.startsWith('.')) return undefined;
  const file = sessionFile(store, name);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw unreadableError(store, name, 'is not valid JSON', error);
  }
  const record = parsed as Partial<SessionRecord> | null;
  if (typeof record !== 'object' || record === null || typeof record.name !== 'string') {
    throw unreadableError(store, name, 'is not a session record');
  }
  return record as SessionRecord;
}

/** A session record that cannot be read, with what is left of its session. */
function unreadableError(
  store: SessionStore,
  name: string,
  what: string,
  cause?: unknown,
): PreconditionError {
  return new PreconditionError(
    `the session record ${sessionFile(store, name)} ${what}; its worktree ${join(store.worktreesDir, name)} and branch mmm/${name}, where they exist, are left as they are`,
    {
      cause,
      hint: `restore the file, or remove the session with git (git worktree remove --force ${join(store.worktreesDir, name)}; git branch -D mmm/${name}) and delete the file`,
    },
  );
}

/** The sessions of a repository, and the records among them that could not be read. */
export interface SessionListing {
  records: SessionRecord[];
  unreadable: PreconditionError[];
}

/** Every session of the repository, oldest first. */
export async function listSessions(store: SessionStore): Promise<SessionRecord[]> {
  return (await listSessionRecords(store)).records;
}

/**
 * Every session of the repository, oldest first, and why each damaged record could not be read:
 * one bad file neither hides the other sessions nor goes unmentioned.
 */
export async function listSessionRecords(store: SessionStore): Promise<SessionListing> {
  let files: string[];
  try {
    files = await readdir(store.sessionsDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], unreadable: [] };
    throw error;
  }
  const records: SessionRecord[] = [];
  const unreadable: PreconditionError[] = [];
  for (const file of files.filter((f) => f.endsWith('.json'))) {
    try {
      const record = await readSession(store, file.slice(0, -'.json'.length));
      if (record) records.push(record);
    } catch (error) {
      if (!(error instanceof PreconditionError)) throw error;
      unreadable.push(error);
    }
  }
  records.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return { records, unreadable };
}

/** Reads, changes and rewrites one record; stamps `updatedAt`. */
export async function updateSession(
  store: SessionStore,
  name: string,
  patch: Partial<SessionRecord>,
  now: Date = new Date(),
): Promise<SessionRecord> {
  const current = await readSession(store, name);
  if (!current) throw new Error(`session record ${name} vanished`);
  const next = { ...current, ...patch, updatedAt: now.toISOString() };
  await writeSession(store, next);
  return next;
}

export async function deleteSessionRecord(store: SessionStore, name: string): Promise<void> {
  await rm(sessionFile(store, name), { force: true });
}

/**
 * Whether the process that runs a session is still alive (on this machine): its pid and, when the
 * record has it, its start time, so that a pid given to another process does not count.
 */
export function isSessionProcessAlive(record: SessionRecord): boolean {
  if (record.pid === undefined) return false;
  return isRunning({ pid: record.pid, start: record.pidStart, host: hostname() });
}
