// Remotes, for a --map run on a queue: which URL the workers fetch from and push to, whether a
// commit is there, a kept clone a worker fetches into, and pushing a session's branch once.
import { isAncestor, resolveCommit } from './branch.js';
import { GitCommandError, gitOut, runGit, type GitDeps } from './run.js';

/** The remote a queued map uses: its name when it is one of the repository's, and its URL. */
export interface RemoteInfo {
  name: string | undefined;
  url: string;
}

/** The remote `branch` pushes to by default: its upstream's, else `origin`. */
export async function defaultRemoteName(
  deps: GitDeps,
  cwd: string,
  branch: string | undefined,
): Promise<string> {
  if (branch !== undefined) {
    const result = await runGit(deps, ['config', '--get', `branch.${branch}.remote`], {
      cwd,
      allowFailure: true,
    });
    const name = result.stdout.trim();
    if (result.exitCode === 0 && name !== '' && name !== '.') return name;
  }
  return 'origin';
}

/** The URL of a remote by name, or undefined when the repository has no such remote. */
export async function remoteUrl(
  deps: GitDeps,
  cwd: string,
  name: string,
): Promise<string | undefined> {
  const result = await runGit(deps, ['remote', 'get-url', name], { cwd, allowFailure: true });
  const url = result.stdout.trim();
  return result.exitCode === 0 && url !== '' ? url : undefined;
}

/** `git ls-remote`: each ref of the remote and its commit. Throws when the remote cannot be read. */
export async function remoteRefs(
  deps: GitDeps,
  cwd: string,
  url: string,
  patterns: readonly string[] = [],
): Promise<Map<string, string>> {
  const out = await gitOut(deps, ['ls-remote', '--', url, ...patterns], { cwd });
  const refs = new Map<string, string>();
  for (const line of out.split('\n')) {
    const [sha, ref] = line.split('\t');
    if (sha && ref) refs.set(ref, sha);
  }
  return refs;
}

/**
 * Whether `commit` is on the remote: reachable from one of its branches or tags that this
 * repository has the commit of (a remote branch with commits not fetched here is not counted).
 */
export async function commitOnRemote(
  deps: GitDeps,
  cwd: string,
  refs: Map<string, string>,
  commit: string,
): Promise<boolean> {
  const tips = new Set(
    [...refs].filter(([ref]) => /^refs\/(heads|tags)\//.test(ref)).map(([, sha]) => sha),
  );
  if (tips.has(commit)) return true;
  for (const tip of tips) {
    if ((await resolveCommit(deps, cwd, tip)) === undefined) continue;
    if (await isAncestor(deps, cwd, commit, tip)) return true;
  }
  return false;
}

/** A kept clone of `url` at `dir`, without a checkout: sessions are its worktrees. */
export async function cloneForCache(deps: GitDeps, url: string, dir: string, cwd: string) {
  await runGit(deps, ['clone', '--quiet', '--no-checkout', '--', url, dir], { cwd });
}

/** Fetches every branch of the kept clone's origin. */
export async function fetchOrigin(deps: GitDeps, dir: string): Promise<void> {
  await runGit(deps, ['fetch', '--quiet', '--prune', 'origin'], { cwd: dir });
}

/** Where a worker keeps the outcome of a pushed session on the remote, beside its branch. */
export function resultRef(branch: string): string {
  return `refs/mmm/results/${branch}`;
}

export type PushOnceResult = { ok: true; tip: string } | { ok: false; taken: true };

/**
 * Pushes `localBranch` to the remote's `remoteBranch` only if neither that branch nor its outcome
 * ref exists there, together (atomically) with a ref to a commit whose message is `outcome`, so a
 * later try can read how the run ended. `taken` when another push got there first, even with the
 * same commit; nothing there is replaced.
 */
export async function pushOnce(
  deps: GitDeps,
  cwd: string,
  url: string,
  localBranch: string,
  remoteBranch: string,
  outcome: string,
): Promise<PushOnceResult> {
  const tip = await gitOut(deps, ['rev-parse', '--verify', `refs/heads/${localBranch}^{commit}`], {
    cwd,
  });
  const note = await gitOut(deps, ['commit-tree', `${tip}^{tree}`, '-p', tip, '-m', outcome], {
    cwd,
  });
  const target = `refs/heads/${remoteBranch}`;
  const args = [
    'push',
    '--quiet',
    '--atomic',
    '--no-verify',
    `--force-with-lease=${target}:`,
    `--force-with-lease=${resultRef(remoteBranch)}:`,
    '--',
    url,
    `${tip}:${target}`,
    // Not forced: a forced refspec (`+`) would override its lease, and a branch already at `tip`
    // is "up to date", its own lease unchecked, so a second try with no commits of its own would
    // replace the first try's outcome. The outcome's lease is what refuses it.
    `${note}:${resultRef(remoteBranch)}`,
  ];
  const result = await runGit(deps, args, { cwd, allowFailure: true });
  if (result.exitCode === 0) return { ok: true, tip };
  // Only a lease that failed means another try got there first. A refusal by the remote itself
  // (`[remote rejected]`: a hook, a protected branch, permissions) is a failure of the push.
  if (
    !/remote rejected/.test(result.stderr) &&
    /stale info|fetch first|already exists/.test(result.stderr)
  ) {
    return { ok: false, taken: true };
  }
  throw new GitCommandError(args, result);
}

/**
 * Pushes the refs under `prefix` (`refs/mmm/<run>`) as they are, on their own: a remote that
 * refuses them (a size limit, a secret scan) refuses nothing else. Returns the remote's words
 * when it refused, else undefined.
 */
export async function pushRefsUnder(
  deps: GitDeps,
  cwd: string,
  url: string,
  prefix: string,
): Promise<string | undefined> {
  const result = await runGit(
    deps,
    ['push', '--quiet', '--no-verify', '--', url, `${prefix}/*:${prefix}/*`],
    { cwd, allowFailure: true },
  );
  return result.exitCode === 0
    ? undefined
    : result.stderr.trim() || `git push exited with ${String(result.exitCode)}`;
}

/**
 * The outcome an earlier push left beside `remoteBranch` (see pushOnce), and the branch's tip;
 * undefined when the branch is not on the remote.
 */
export async function readPushedOutcome(
  deps: GitDeps,
  cwd: string,
  url: string,
  remoteBranch: string,
): Promise<{ tip: string; outcome: string | undefined } | undefined> {
  const target = `refs/heads/${remoteBranch}`;
  const refs = await remoteRefs(deps, cwd, url, [target, resultRef(remoteBranch)]);
  const tip = refs.get(target);
  if (tip === undefined) return undefined;
  if (!refs.has(resultRef(remoteBranch))) return { tip, outcome: undefined };
  await runGit(
    deps,
    [
      'fetch',
      '--quiet',
      '--no-tags',
      '--',
      url,
      `+${resultRef(remoteBranch)}:${resultRef(remoteBranch)}`,
    ],
    { cwd },
  );
  const outcome = await gitOut(deps, ['log', '-1', '--format=%B', resultRef(remoteBranch)], {
    cwd,
  });
  return { tip, outcome };
}

/** What fetchBranches fetches of one pushed session. */
export interface PushedBranch {
  branch: string;
  /** Ref namespaces fetched as they are beside it (`refs/mmm/<run>`), if any. */
  alsoUnder?: readonly string[] | undefined;
}

/**
 * Fetches the remote's branches into the local branches of the same names (and the refs under
 * each one's `alsoUnder`), in one fetch.
 */
export async function fetchBranches(
  deps: GitDeps,
  cwd: string,
  url: string,
  pushed: readonly PushedBranch[],
): Promise<void> {
  const specs = pushed.flatMap((p) => [
    `refs/heads/${p.branch}:refs/heads/${p.branch}`,
    ...(p.alsoUnder ?? []).map((prefix) => `+${prefix}/*:${prefix}/*`),
  ]);
  await runGit(deps, ['fetch', '--quiet', '--no-tags', '--', url, ...specs], { cwd });
}

/** The refs under `prefix` (`refs/mmm/<run>`), by full name. */
export async function refsUnder(deps: GitDeps, cwd: string, prefix: string): Promise<string[]> {
  const out = await gitOut(deps, ['for-each-ref', '--format=%(refname)', `${prefix}/`], { cwd });
  return out === '' ? [] : out.split('\n');
}

/** A remote's URL for a message: a user name or password in it is shown as `***`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '***';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}
