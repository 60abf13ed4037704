// The policy in a run: the repository's rules read once as the run starts, each step's change
// checked before it is committed, and what was found recorded as events.
import { PlaybookError } from '../../errors.js';
import type { StepRef } from '../../events.js';
import { changesSince, committedFile } from '../../git/changes.js';
import type { GitDeps } from '../../git/run.js';
import type { PolicyRules, Step } from '../../playbook/model.js';
import { parsePolicyFile, POLICY_FILE } from '../../playbook/policy-file.js';
import type { RunContext } from '../context.js';
import { firstParentOrEmpty } from '../../git/commit.js';
import { shortSha } from '../../infra/format.js';
import type { PolicyRuleName } from '../../playbook/model.js';
import {
  checkPolicy,
  needsAddedLines,
  stepRules,
  type PolicyViolation,
  type RuleSet,
} from './check.js';
import { scanSecrets } from './secrets.js';

/**
 * The rules of `.mmm/policy.yml` as committed in `commit` (where the run starts), or undefined
 * when there is no such file. A file with problems stops the run before it starts (exit 2).
 */
export async function loadRepositoryPolicy(
  git: GitDeps,
  cwd: string,
  commit: string,
): Promise<PolicyRules | undefined> {
  const text = await committedFile(git, cwd, commit, POLICY_FILE);
  if (text === undefined) return undefined;
  const { rules, problems } = parsePolicyFile(text, POLICY_FILE);
  if (problems.length > 0) throw new PlaybookError(problems);
  return rules;
}

function isOn(rules: PolicyRules): boolean {
  return Object.values(rules).some((rule) => rule.value !== false);
}

/**
 * Every rule the try's change breaks: what the index holds against `headBefore`, commits the
 * step made itself included; the caller has staged whatever the step left uncommitted. With
 * `tree`, what that tree holds instead of the index.
 */
export async function checkStepChange(
  ctx: RunContext,
  step: Step,
  headBefore: string,
  tree?: string,
  ownCommits: readonly string[] = [],
  dirty = false,
): Promise<PolicyViolation[]> {
  const sets: RuleSet[] = [{ origin: 'playbook', rules: stepRules(ctx.playbook, step) }];
  if (ctx.repoPolicy) sets.push({ origin: 'repository', rules: ctx.repoPolicy });
  if (!sets.some((set) => isOn(set.rules))) return [];
  const files = await changesSince(ctx.git, ctx.cwd, headBefore, {
    addedLines: needsAddedLines(sets),
    to: tree,
  });
  const found = await checkPolicy(files, sets, scanSecrets);
  // One commit of the step's own and nothing after it: the change above is that commit's.
  if (ownCommits.length === 0 || (ownCommits.length === 1 && !dirty)) return found;
  return [...found, ...(await checkOwnCommits(ctx, sets, ownCommits, found))];
}

/**
 * The rules about what must never reach history, even if a later commit of the step takes it
 * out again: a secret, a denied path (a key file). The others are about the change itself.
 */
const CONTENT_RULES = new Set<PolicyRuleName>(['deny_paths', 'secrets']);

/**
 * The content rules each commit the step made itself breaks, which the whole change did not
 * (a secret added in one commit and removed in the next is in the history all the same).
 */
async function checkOwnCommits(
  ctx: RunContext,
  sets: readonly RuleSet[],
  commits: readonly string[],
  already: readonly PolicyViolation[],
): Promise<PolicyViolation[]> {
  const contentSets = sets.map((set) => ({
    ...set,
    rules: Object.fromEntries(
      Object.entries(set.rules).filter(([rule]) => CONTENT_RULES.has(rule as PolicyRuleName)),
    ),
  }));
  if (!contentSets.some((set) => isOn(set.rules))) return [];
  const seen = new Set(already.map((v) => `${v.origin}\0${v.rule}`));
  const found: PolicyViolation[] = [];
  for (const commit of commits) {
    const parent = await firstParentOrEmpty(ctx.git, ctx.cwd, commit);
    const files = await changesSince(ctx.git, ctx.cwd, parent, {
      addedLines: needsAddedLines(contentSets),
      to: commit,
    });
    for (const v of await checkPolicy(files, contentSets, scanSecrets)) {
      const key = `${v.origin}\0${v.rule}`;
      if (seen.has(key)) continue;
      seen.add(key);
      found.push({ ...v, message: `${v.message} (in the step's own commit ${shortSha(commit)})` });
    }
  }
  return found;
}

/** Records each violation as an event; `savedRef` holds the change a block kept off the branch. */
export function emitViolations(
  ctx: RunContext,
  ref: StepRef,
  violations: readonly PolicyViolation[],
  savedRef: string | undefined,
): void {
  for (const v of violations) {
    ctx.emit({
      type: 'policy.violation',
      ...ref,
      rule: v.rule,
      severity: v.severity,
      origin: v.origin,
      message: v.message,
      paths: v.paths,
      findings: v.findings,
      savedRef: v.severity === 'block' ? savedRef : undefined,
    });
  }
}

/** What `${<id>.violation}` holds, and the first lines of the step's error: the blocking rules. */
export function describeBlock(violations: readonly PolicyViolation[]): string {
  return violations
    .filter((v) => v.severity === 'block')
    .map((v) => v.message)
    .join('\n');
}
