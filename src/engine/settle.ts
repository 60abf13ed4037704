// What happens to the tree after a try: success is committed, anything else is saved and undone.
import {
  commitIndex,
  commitsBetween,
  describeMadeCommit,
  type MadeCommit,
  stageAll,
} from '../git/commit.js';
import { isAncestor, resolveCommit } from '../git/branch.js';
import { amongKept } from '../git/kept-files.js';
import { fromBytes, toBytes } from '../git/quoted-path.js';
import { head } from '../git/repo.js';
import { MmmError, PreconditionError } from '../errors.js';
import { explainGitLock, GitCommandError, runGit } from '../git/run.js';
import { reattachHead, restoreTo, saveWorkToRef, writeWorkTree } from '../git/save.js';
import { undeclaredNewGitlinks, type EmbeddedRepos } from '../git/embedded.js';
import {
  operationInGitDir,
  operationInProgress,
  quitOperation,
  treeState,
  treeStateWithEmbedded,
  type InProgress,
} from '../git/status.js';
import { flattenControls } from '../infra/control-chars.js';
import type { Step } from '../playbook/model.js';
import type { RunContext } from './context.js';
import type { StepRef } from '../events.js';
import { shortSha } from '../infra/format.js';
import type { PolicyViolation } from './policy/check.js';
import { checkStepChange, emitViolations } from './policy/enforce.js';
import type { RunCommit } from './types.js';

/**
 * Message and trailers of the commit the engine makes for a step. The subject is one line
 * whatever the name and label hold (the loader already refuses a name with a line break), so
 * nothing in them can add lines, `Mmm-Run:` trailers among them, to the message.
 */
export function stepCommitMessage(ctx: RunContext, step: Step) {
  return {
    message: flattenControls(`mmm(${ctx.playbook.name}): ${step.label}`),
    trailers: { 'Mmm-Run': ctx.options.runId, 'Mmm-Step': `${step.index + 1} ${step.label}` },
  };
}

function record(ctx: RunContext, ref: StepRef, commit: MadeCommit, byAgent: boolean): RunCommit {
  ctx.emit({ type: 'step.committed', ...ref, ...commit, byAgent });
  const made: RunCommit = { commit: commit.commit, message: commit.message, byAgent, step: ref };
  ctx.commits.push(made);
  return made;
}

/** How a ref reads in a message: `branch main`, or `a detached HEAD`. */
function describeRef(ref: string | undefined): string {
  if (ref === undefined) return 'a detached HEAD';
  return ref.startsWith('refs/heads/') ? `branch ${ref.slice('refs/heads/'.length)}` : ref;
}

/**
 * Where a try left HEAD, and why a successful try cannot be committed on there (undefined when it
 * can): the run's commits go on the branch it started on, and never drop a commit that was there
 * before.
 */
export async function headProblem(
  ctx: RunContext,
  headBefore: string,
): Promise<{
  problem: string | undefined;
  now: string | undefined;
  dirty: boolean;
  embedded: EmbeddedRepos;
}> {
  const { commit: now, ref, dirty, embedded } = await treeStateWithEmbedded(ctx.git, ctx.cwd);
  const left = (problem: string | undefined) => ({ problem, now, dirty, embedded });
  const busy = await operationLeft(ctx);
  if (busy !== undefined) {
    return left(
      `the step left ${busy.what} in progress (${busy.path}); a commit would conclude it, and later steps would run in the middle of it, so the step failed`,
    );
  }
  if (ref !== ctx.headRef) {
    return left(
      `the step left HEAD on ${describeRef(ref)} instead of ${describeRef(ctx.headRef)}; a run commits only where it started, so the step failed`,
    );
  }
  if (now === undefined) {
    return left(`the step left ${describeRef(ref)} without any commit, so the step failed`);
  }
  if (now !== headBefore && !(await isAncestor(ctx.git, ctx.cwd, headBefore, now))) {
    return left(
      `the step rewrote history (a reset, an amend or a rebase): ${shortSha(headBefore)}, where it started, is no longer part of ${describeRef(ref)}; a run never drops commits, so the step failed`,
    );
  }
  return left(undefined);
}

/** The merge, rebase, cherry-pick or revert git is in the middle of in the run's tree. */
async function operationLeft(ctx: RunContext): Promise<InProgress | undefined> {
  // The run's git commands are pinned to its git dir: the files are looked at there, no git run.
  return ctx.git.pin
    ? operationInGitDir(ctx.git.pin.gitDir)
    : operationInProgress(ctx.git, ctx.cwd);
}

/** The paths git would not add for lying outside the sparse checkout, or undefined. */
function outsideSparseCone(said: string): string | undefined {
  if (!/outside of your sparse-checkout definition/.test(said)) return undefined;
  const lines = said.split('\n');
  const start = lines.findIndex((l) => /updated in the index:/.test(l));
  const paths = lines.slice(start + 1).filter((l) => l !== '' && !l.startsWith('hint:'));
  const shown = paths.slice(0, 5).join(', ');
  return paths.length > 5 ? `${shown} and ${String(paths.length - 5)} more` : shown;
}

/**
 * Why the step's work cannot be committed for holding another repository, or undefined: a
 * nested repository (a scaffolder's `git init`) would be committed as a bare link to a commit
 * that exists only in its own .git, and the files would be in no commit of this repository.
 * Submodules declared in .gitmodules, and links already in `headBefore`, are the user's; work
 * left inside one of them cannot be committed either (see submoduleWorkProblem).
 */
async function nestedRepoProblem(
  ctx: RunContext,
  headBefore: string,
  now: string,
  dirty: boolean,
  embedded: EmbeddedRepos,
): Promise<string | undefined> {
  if (!dirty && now === headBefore) return undefined;
  const found = dirty ? embedded : undefined;
  // The user's own repositories among their ignored files (an ignored vendor/ checkout) are left
  // out of the stage with the rest of those files, whatever the step did to the ignore rules.
  const nested = (found?.nested ?? []).filter(
    (path) => !amongKept(toBytes(path), ctx.ignoredAtStart),
  );
  // HEAD still where the step began: the links the index adds are those git status listed.
  const linked = await undeclaredNewGitlinks(
    ctx.git,
    ctx.cwd,
    headBefore,
    now === headBefore ? found?.stagedLinks : undefined,
  );
  const paths = [...new Set([...nested.map((path) => path.replace(/\/$/, '')), ...linked])];
  if (paths.length === 0) return submoduleWorkProblem(found?.submoduleWork ?? []);
  const first = paths[0] ?? '';
  const many = paths.length > 1;
  return (
    `the step left ${many ? 'git repositories' : 'a git repository'} inside this one: ${listed(paths.map((path) => `${path}/`))}; ` +
    `git would commit ${many ? 'each' : 'it'} as a link to a commit that exists only in its own .git, not its files, so the step failed. ` +
    `Remove ${first}/.git to commit its files as part of this repository, or add it as a submodule yourself (git submodule add <url> ${first})`
  );
}

/**
 * Why the step's work cannot be committed for lying inside submodules, or undefined: a commit of
 * this repository holds a submodule as the commit it has checked out, never its modified or
 * untracked files, which would stay behind uncommitted and unrecorded.
 */
function submoduleWorkProblem(submodules: readonly string[]): string | undefined {
  if (submodules.length === 0) return undefined;
  const first = submodules[0] ?? '';
  const many = submodules.length > 1;
  return (
    `the step left uncommitted work inside ${many ? 'submodules' : 'submodule'} ${listed(submodules)}; ` +
    `a commit of this repository holds a submodule only as the commit it has checked out, not its files, so the step failed. ` +
    `Commit that work inside the submodule (git -C ${first} add -A && git -C ${first} commit), and the step's commit records the submodule's new commit; or undo it (git -C ${first} status shows it)`
  );
}

/**
 * After a successful try that left HEAD at `now`: checks the change against the step's policy,
 * keeps (and reports) the commits the agent made itself, then commits whatever the step left in
 * the tree when `dirty` says there is something (`embedded`: the repositories inside the tree,
 * from the same git status). Returns every commit of the try, oldest first,
 * and why the step's work could not be committed when git refused (a signing key that is
 * missing, a hook that still runs). When a rule of severity `block` is broken, nothing is
 * committed or reported as committed: `blocked` holds every violation, to be recorded once the
 * change is saved.
 */
export async function commitStepWork(
  ctx: RunContext,
  step: Step,
  ref: StepRef,
  headBefore: string,
  now: string,
  dirty: boolean,
  embedded: EmbeddedRepos,
): Promise<{ commits: RunCommit[]; error?: string; blocked?: PolicyViolation[] }> {
  const nested = await nestedRepoProblem(ctx, headBefore, now, dirty, embedded);
  if (nested !== undefined) return { commits: [], error: nested };
  // Staged once: the policy reads the index, and the step's commit is that index, so what was
  // checked is what is committed (a file written after this, by a process the step left
  // running, is neither).
  let unstageable: string | undefined;
  if (dirty) {
    try {
      const kept = await stageAll(ctx.git, ctx.cwd, ctx.ignoredAtStart);
      if (kept.length > 0) ctx.emit({ type: 'step.kept_out', ...ref, paths: kept.map(fromBytes) });
    } catch (error) {
      unstageable = notCommitted(error);
    }
  }
  // The commits the step made itself (HEAD moved during it).
  const own = await commitsBetween(ctx.git, ctx.cwd, headBefore, now);
  if (dirty || now !== headBefore) {
    // What git would not stage (a path outside a sparse checkout's cone) is checked all the same,
    // from the whole tree staged aside, so that a change the policy blocks is reported as blocked.
    let tree: string | undefined;
    if (unstageable !== undefined) {
      try {
        tree = await writeWorkTree(ctx.git, ctx.cwd, [], ctx.ignoredAtStart);
      } catch (error) {
        if (!(error instanceof GitCommandError)) throw error;
        return { commits: [], error: unstageable };
      }
    }
    const violations = await checkStepChange(ctx, step, headBefore, tree, own, dirty);
    if (violations.some((v) => v.severity === 'block')) return { commits: [], blocked: violations };
    emitViolations(ctx, ref, violations, undefined);
    const held = violations.filter((v) => v.severity === 'approve').map((v) => v.rule);
    if (held.length > 0) requireApproval(ctx, ref, held);
  }
  if (unstageable !== undefined) return { commits: [], error: unstageable };
  const made: RunCommit[] = [];
  // HEAD moved during the step: the agent committed, and each of its commits is reported.
  for (const commit of own) {
    made.push(record(ctx, ref, await describeMadeCommit(ctx.git, ctx.cwd, commit), true));
  }
  if (!dirty) return { commits: made };
  try {
    const commit = await commitIndex(ctx.git, ctx.cwd, stepCommitMessage(ctx, step));
    if (commit) made.push(record(ctx, ref, commit, false));
  } catch (error) {
    return { commits: made, error: notCommitted(error) };
  }
  return { commits: made };
}

/** Why git would not stage or commit the step's work, in words; rethrows anything else. */
function notCommitted(error: unknown): string {
  if (!(error instanceof GitCommandError)) throw error;
  const outside = outsideSparseCone(error.said);
  if (outside !== undefined) {
    return `the step wrote outside the sparse checkout's cone (${outside}); git does not commit paths outside it, so the step failed (git sparse-checkout list shows the cone; git sparse-checkout add <dir> widens it)`;
  }
  return `git could not commit the step's work: ${error.exited()}`;
}

/** What a failed try left, once saved and undone. */
export interface Restored {
  /** The ref its work was saved to; undefined when there was nothing to save. */
  ref: string | undefined;
  /** What no ref could hold and was left as the step left it, in words; undefined if nothing. */
  leftInPlace: string | undefined;
}

function listed(paths: readonly string[]): string {
  const shown = paths.slice(0, 5).join(', ');
  return paths.length > 5 ? `${shown} and ${String(paths.length - 5)} more` : shown;
}

/** What saveWorkToRef could not save, as a failure message says it. */
export function describeLeftInPlace(
  nested: readonly string[],
  changedSubmodules: readonly string[],
): string | undefined {
  const parts: string[] = [];
  if (nested.length > 0) {
    parts.push(
      `left in place, not in any ref: the nested git repositor${nested.length === 1 ? 'y' : 'ies'} ${listed(nested)} (its files and its .git are kept on disk)`,
    );
  }
  if (changedSubmodules.length > 0) {
    parts.push(
      `not saved and left as the step left it: the work inside submodule${changedSubmodules.length === 1 ? '' : 's'} ${listed(changedSubmodules)}; a ref of this repository holds only the commit a submodule has checked out, so mmm neither saves nor resets its files (git -C ${changedSubmodules[0] ?? ''} status shows them)`,
    );
  }
  return parts.length ? parts.join('\n') : undefined;
}

/**
 * Saves everything a try left (uncommitted work and any commits past `target`) to
 * `refs/mmm/<runId>/<kind>-<n>` and resets the tree to `target`. Nested repositories and the
 * files of submodules, which no ref of this repository can hold, are left as they are and named.
 */
export async function saveAndRestore(
  ctx: RunContext,
  target: string,
  kind: 'failed' | 'blocked' | 'interrupted' | 'budget' | 'resumed',
): Promise<Restored> {
  ctx.headSeen = undefined;
  const { commit: now, ref: at, dirty } = await treeState(ctx.git, ctx.cwd);
  const away = at !== ctx.headRef;
  if (!away && now === target && !dirty) {
    // Nothing to save; a merge, pick or revert the step began and left without a change is
    // undone all the same (the reset forgets it), or it would fail every step after this one.
    if ((await operationLeft(ctx)) !== undefined) await undoTry(ctx, target);
    return { ref: undefined, leftInPlace: undefined };
  }
  ctx.savedRefs += 1;
  const name = `${ctx.options.runId}/${kind}-${ctx.savedRefs}`;
  // Dirty only through what no ref holds (a nested repository left by an earlier try, a changed
  // submodule) is nothing to save.
  const saved = await saveWorkToRef(ctx.git, ctx.cwd, name, {
    kept: ctx.ignoredAtStart,
    ...(!away && now === target && { unlessTreeOf: target }),
  }).catch((error: unknown) => {
    if (!(error instanceof GitCommandError)) throw error;
    // Git cannot read the tree into a commit (an unreadable file, a line-ending setting that
    // refuses a file): nothing can be saved, so nothing is reset, and the run stops here.
    throw new PreconditionError(
      `git could not save what the step left (${error.exited()}); it is left in ${ctx.cwd} as the step left it, and nothing was reset`,
      {
        hint: 'fix what git names (a file it may not read, a setting or a hook that refuses), then commit or remove the work yourself',
      },
    );
  });
  const leftInPlace = describeLeftInPlace(saved.nested, saved.changedSubmodules);
  if (saved.ref === undefined) {
    ctx.savedRefs -= 1;
    await undoTry(ctx, target);
    return { ref: undefined, leftInPlace };
  }
  if (away) {
    // The step left the run's branch: what it had committed there before leaving is kept as
    // well, then HEAD goes back, so that the reset below moves the run's branch and no other.
    const tip = ctx.headRef && (await resolveCommit(ctx.git, ctx.cwd, ctx.headRef));
    if (tip && tip !== target && tip !== now) {
      await runGit(ctx.git, ['update-ref', '-m', 'mmm: save work', `${saved.ref}-branch`, tip], {
        cwd: ctx.cwd,
      });
    }
  }
  try {
    if (away) await reattachHead(ctx.git, ctx.cwd, ctx.headRef, target);
    await undoTry(ctx, target);
  } catch (error) {
    throw notRestored(error, saved.ref);
  }
  return { ref: saved.ref, leftInPlace };
}

/**
 * Git refused to undo the step after its work was saved (a lock the step left, a full disk): the
 * error says so in git's words, and where the work is, since the tree may be half reset.
 */
function notRestored(error: unknown, ref: string): unknown {
  const explained = explainGitLock(error) ?? error;
  const where = `the step's work was saved to ${ref} first; the tree may be partly reset (git diff HEAD ${ref} shows what differs)`;
  if (explained instanceof MmmError) {
    return new PreconditionError(`${explained.message}; ${where}`, {
      cause: error,
      hint: explained.hint,
    });
  }
  if (explained instanceof GitCommandError) {
    return new PreconditionError(`git could not undo the step (${explained.exited()}); ${where}`, {
      cause: error,
      hint: 'fix what git names, then reset the tree yourself (git reset --hard HEAD)',
    });
  }
  return explained;
}

/**
 * Resets the tree to `target` with the ignore rules as they were before the try, then forgets
 * a rebase or a series of cherry-picks the step left: it would otherwise still wait in the git
 * dir, for a later `--continue` or `--abort` to move the branch (an abort would drop every
 * commit made since). What the try did is on a saved ref, or was nothing.
 */
async function undoTry(ctx: RunContext, target: string): Promise<void> {
  await restoreTo(ctx.git, ctx.cwd, target, ctx.ignoredBefore);
  const gitDir = ctx.git.pin?.gitDir;
  if (gitDir !== undefined && operationInGitDir(gitDir) !== undefined) {
    await quitOperation(ctx.git, ctx.cwd, gitDir);
  }
}

/**
 * Saves and clears uncommitted leftovers on top of the run's branch (or the current HEAD, for a
 * run on a detached HEAD), if there are any.
 */
export async function sweepLeftovers(ctx: RunContext): Promise<Restored> {
  const tip = ctx.headRef && (await resolveCommit(ctx.git, ctx.cwd, ctx.headRef));
  return saveAndRestore(ctx, tip || (await head(ctx.git, ctx.cwd)), 'failed');
}

/**
 * A rule of severity `approve` was broken: the step's change is committed as usual, then held at
 * an approve gate (src/engine/gate.ts), whatever gate the step has.
 */
function requireApproval(ctx: RunContext, ref: StepRef, rules: readonly string[]): void {
  const same =
    ctx.policyApproval?.iteration === ref.iteration &&
    ctx.policyApproval.stepIndex === ref.stepIndex;
  const before = same ? (ctx.policyApproval?.rules ?? []) : [];
  ctx.policyApproval = {
    iteration: ref.iteration,
    stepIndex: ref.stepIndex,
    rules: [...new Set([...before, ...rules])],
  };
}
