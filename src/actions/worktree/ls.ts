// mmm worktree ls: the repository's sessions, as a table or NDJSON.
import { describeSessions, type SessionView } from '../../sessions/status.js';
import { writeLine, type CliContext } from '../context.js';
import { sessionDeps } from './deps.js';
import { warnUnreadable } from './unreadable.js';
import { formatAge, formatTable } from '../../infra/format.js';

export interface WorktreeLsOptions {
  json?: boolean;
  all?: boolean;
}

/** The --json shape of one session: the stored record with its current state and ahead count. */
export function sessionJson(view: SessionView): Record<string, unknown> {
  const { record } = view;
  return {
    name: record.name,
    status: view.state,
    storedStatus: record.status,
    branch: record.branch,
    ahead: view.ahead ?? null,
    commits: record.commits,
    baseBranch: record.baseBranch ?? null,
    baseCommit: record.baseCommit,
    playbook: record.playbook,
    worktree: record.worktreePath,
    item: record.item ?? null,
    arg: record.arg ?? null,
    runIds: record.runIds,
    conflictFiles: record.conflictFiles ?? [],
    savedRef: record.savedRef ?? null,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

export async function runWorktreeLs(options: WorktreeLsOptions, ctx: CliContext): Promise<number> {
  const views = await describeSessions(sessionDeps(ctx), {
    cwd: ctx.cwd,
    all: options.all,
    onUnreadable: (problem) => warnUnreadable(problem, ctx),
  });
  if (options.json) {
    for (const view of views) writeLine(ctx.stdout, JSON.stringify(sessionJson(view)));
    return 0;
  }
  if (views.length === 0) {
    writeLine(ctx.stderr, 'No worktree sessions in this repository.');
    return 0;
  }
  const now = new Date();
  const rows = views.map((v) => [
    v.record.name,
    v.state,
    v.record.branch,
    v.ahead === undefined ? '-' : String(v.ahead),
    v.record.baseBranch ?? `(detached ${v.record.baseCommit.slice(0, 7)})`,
    v.record.playbook,
    formatAge(v.record.createdAt, now),
  ]);
  ctx.stdout.write(
    formatTable(['SESSION', 'STATUS', 'BRANCH', 'AHEAD', 'BASE', 'PLAYBOOK', 'AGE'], rows),
  );
  return 0;
}
