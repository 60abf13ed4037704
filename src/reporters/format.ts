// Text for one step, shared by the plain lines and the task list titles.
import type pc from 'picocolors';
import { firstLine } from './messages.js';
import { formatCost, formatElapsed, shortSha } from '../infra/format.js';
import type { StepView } from './step-track.js';

export type Colors = ReturnType<typeof pc.createColors>;

/** `[1/3]`: the iteration a line belongs to. */
export function iterationTag(view: { iteration: number; of: number }): string {
  return `[${String(view.iteration)}/${String(view.of)}]`;
}

/** `step 2 shell: npm test`, `step 3 on_failure claude: /mmm-fix-test …`, `until shell: …`. */
export function stepName(
  view: Pick<StepView, 'label' | 'kind' | 'role' | 'stepIndex' | 'attempt'>,
): string {
  const label = view.label.startsWith(`${view.kind}:`)
    ? view.label
    : `${view.label} (${view.kind})`;
  const where = view.role === 'until' ? 'until' : `step ${String(view.stepIndex + 1)}`;
  const role = view.role === 'step' || view.role === 'until' ? '' : ` ${view.role}`;
  const attempt = view.attempt > 1 ? ` attempt ${String(view.attempt)}` : '';
  return `${where}${role} ${label}${attempt}`;
}

/** What is known after a step: timing (exit code, duration) and results (commits, cost). */
export function stepFacts(view: StepView, c: Colors): { timing: string[]; results: string[] } {
  const timing: string[] = [];
  const results: string[] = [];
  if (view.status === 'failed' && view.exitCode !== undefined && view.exitCode !== null)
    timing.push(`exit ${String(view.exitCode)}`);
  if (view.durationMs !== undefined) timing.push(formatElapsed(view.durationMs));
  if (view.commits.length > 0)
    results.push(
      `${view.commits.length === 1 ? 'commit' : 'commits'} ${view.commits.map(shortSha).join(', ')}`,
    );
  if (view.costUsd !== undefined) results.push(c.dim(formatCost(view.costUsd)));
  return { timing, results };
}

/** `(1.2s) commit 1a2b3c4 $0.01` */
function plainFacts(view: StepView, c: Colors): string {
  const { timing, results } = stepFacts(view, c);
  const parts = timing.length > 0 ? [`(${timing.join(', ')})`, ...results] : results;
  return parts.join(' ');
}

/** The lines of an error after its first (which the outcome line shows), blank ones left out. */
export function errorDetail(error: string | undefined, max = 10): string[] {
  if (error === undefined) return [];
  const lines = error
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
  return lines.slice(1, 1 + max);
}

/** `ok (1.2s) commit 1a2b3c4`, `failed (exit 1, 0.4s): message`, `skipped: reason`. */
export function stepOutcome(view: StepView, c: Colors): string {
  const facts = plainFacts(view, c);
  const withFacts = (word: string) => (facts === '' ? word : `${word} ${facts}`);
  switch (view.status) {
    case 'ok':
      return withFacts(c.green('ok'));
    case 'failed': {
      const why = view.error === undefined ? '' : `: ${firstLine(view.error)}`;
      return `${withFacts(c.red('failed'))}${why}`;
    }
    case 'skipped':
      return c.yellow(`skipped: ${view.reason ?? 'condition not met'}`);
    case 'running':
      return 'running';
  }
}
