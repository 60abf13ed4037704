// `mmm runs show <run>`: one run's steps, attempts, commits and costs.
import type { GateRecord, MapRecord, RunDetail } from '../../ledger/index.js';
import { writeLine, type CliContext } from '../context.js';
import {
  formatCost,
  formatElapsed,
  formatTime,
  oneLine,
  formatTable,
  shortSha,
  type Column,
} from '../../infra/format.js';
import { formatSteps } from './ls.js';
import { showControls } from '../../infra/control-chars.js';
import { resumableMaps, resumeHint } from './resume-hint.js';
import { withRun } from './with-run.js';

export interface RunsShowOptions {
  json?: boolean;
}

const STEP_COLUMNS: Column[] = [
  { header: 'ITER', align: 'right' },
  { header: 'STEP', align: 'right' },
  { header: 'ROLE' },
  { header: 'TRIES', align: 'right' },
  { header: 'STATUS' },
  { header: 'EXIT', align: 'right' },
  { header: 'TIME', align: 'right' },
  { header: 'COMMITS', align: 'right' },
  { header: '+/-', align: 'right' },
  { header: 'CALLS', align: 'right' },
  { header: 'COST', align: 'right' },
  { header: 'LABEL' },
];

const ATTEMPT_COLUMNS: Column[] = [
  ...STEP_COLUMNS.slice(0, 3),
  { header: 'TRY', align: 'right' },
  ...STEP_COLUMNS.slice(4, 11),
  { header: 'HEAD' },
  { header: 'LABEL' },
];

const VIOLATION_COLUMNS: Column[] = [
  ...STEP_COLUMNS.slice(0, 3),
  { header: 'TRY', align: 'right' },
  { header: 'OUTCOME' },
  { header: 'RULE BROKEN' },
];

const str = (n: number | null) => (n === null ? '-' : String(n));
const lines = (added: number, removed: number) => `+${added} -${removed}`;

/** The try a crash, an interruption or a budget stop cut short, and the HEAD it started from. */
function inFlightText(d: RunDetail): string | undefined {
  const step = d.run.inFlight;
  if (step === null) return undefined;
  const attempt = d.attempts.find(
    (a) =>
      a.iteration === step.iteration &&
      a.stepIndex === step.stepIndex &&
      a.role === step.role &&
      a.attempt === step.attempt,
  );
  const role = step.role === 'step' ? '' : ` [${step.role}]`;
  const name = step.stepId && step.stepId !== step.label ? `${step.stepId}: ` : '';
  const from = attempt?.headBefore ? `, from HEAD ${shortSha(attempt.headBefore)}` : '';
  return `step ${step.stepIndex + 1} (${name}${oneLine(step.label, 50)})${role} of iteration ${step.iteration}, try ${step.attempt}${from}`;
}

function header(d: RunDetail, map: MapRecord | undefined): string[] {
  const r = d.run;
  const field = (name: string, value: string) => `${name.padEnd(9)} ${value}`;
  const out = [
    field('run', r.id),
    field('playbook', `${r.playbook ?? '-'}${r.playbookName ? ` (${r.playbookName})` : ''}`),
    field(
      'status',
      `${r.status}${r.reason ? ` (${r.reason})` : ''}${r.exitCode === null ? '' : `, exit ${r.exitCode}`}`,
    ),
    field('started', `${formatTime(r.startedAt, true)}, took ${formatElapsed(r.durationMs)}`),
    field(
      'where',
      `${r.session ? `session ${r.session}` : 'in place'}, branch ${r.branch ?? '-'} at ${shortSha(r.baseCommit)}`,
    ),
    field(
      'steps',
      `${formatSteps(r.steps)} in ${r.iterations} iteration(s), ${r.commits} commit(s)`,
    ),
    field(
      'cost',
      `${formatCost(r.costUsd)} over ${r.agentCalls} agent call(s), tokens ${r.tokens.input} in / ${r.tokens.output} out`,
    ),
  ];
  const flight = inFlightText(d);
  if (flight !== undefined) out.push(field('in flight', flight));
  if (r.args.length > 0) out.push(field('args', r.args.join(' ')));
  if (r.message) out.push(field('message', r.message));
  const resume = resumeHint(r);
  if (resume !== undefined && map !== undefined) {
    out.push(field('resume', `mmm resume ${map.id} (its map, which finishes every item)`));
  } else if (resume !== undefined) out.push(field('resume', resume));
  out.push(field('mmm', r.mmmVersion ?? '-'));
  return out;
}

/** One line per agent call: where, the conversation it was in, how it ended. */
function conversationLines(d: RunDetail, going: boolean): string[] {
  const last = d.conversations.at(-1);
  return d.conversations.map((call) => {
    const role = call.role === 'step' ? '' : ` [${call.role}]`;
    const outcome =
      call.outcome === 'no answer' && going && call === last ? 'running' : call.outcome;
    const facts = [outcome];
    if (call.continues) facts.push(`continues ${call.continues}`);
    if (call.sessionId && call.sessionId !== call.conversationId) {
      facts.push(`the agent reported ${call.sessionId}`);
    }
    return `  it${call.iteration} #${call.stepIndex + 1}${role} try ${call.attempt}  ${call.agent} ${call.conversationId ?? '-'}  ${facts.join(', ')}`;
  });
}

/** The run's steps, tries and commits; `map` is the resumable map the run is an item of. */
export function renderRunDetail(d: RunDetail, map?: MapRecord): string {
  const parts = [header(d, map).join('\n') + '\n'];
  // A try of a run that is no longer going, recorded as started and never as ended.
  const going = d.run.status === 'running' || d.run.status === 'paused';
  const status = (s: string) => (s === 'running' && !going ? 'no outcome' : s);
  const stepRows = d.steps.map((s) => [
    String(s.iteration),
    String(s.stepIndex + 1),
    s.role,
    String(s.attempts),
    status(s.status),
    str(s.exitCode),
    s.status === 'skipped' ? '-' : formatElapsed(s.durationMs),
    String(s.commits),
    lines(s.linesAdded, s.linesRemoved),
    String(s.agentCalls),
    formatCost(s.costUsd),
    oneLine(s.stepId && s.stepId !== s.label ? `${s.stepId}: ${s.label}` : s.label),
  ]);
  parts.push(`Steps\n${formatTable(STEP_COLUMNS, stepRows)}`);
  const attemptRows = d.attempts.map((a) => [
    String(a.iteration),
    String(a.stepIndex + 1),
    a.role,
    String(a.attempt),
    status(a.status),
    str(a.exitCode),
    formatElapsed(a.durationMs),
    String(a.commits),
    lines(a.linesAdded, a.linesRemoved),
    String(a.agentCalls),
    formatCost(a.costUsd),
    `${shortSha(a.headBefore)}..${shortSha(a.headAfter)}`,
    oneLine(a.error ? `${a.label} — ${a.error}` : a.label),
  ]);
  parts.push(`Attempts\n${formatTable(ATTEMPT_COLUMNS, attemptRows)}`);
  if (d.commits.length > 0) {
    const commitLines = d.commits.map(
      (c) =>
        `  ${shortSha(c.sha)}  it${c.iteration} ${oneLine(c.label, 30)}  ${lines(c.linesAdded, c.linesRemoved)}  ${oneLine(c.message.split('\n')[0] ?? '')}${c.byAgent ? '  (by the agent)' : ''}`,
    );
    parts.push(`Commits\n${commitLines.join('\n')}\n`);
  }
  if (d.violations.length > 0) {
    const violationRows = d.violations.map((v) => [
      String(v.iteration),
      String(v.stepIndex + 1),
      v.role,
      String(v.attempt),
      v.severity === 'block'
        ? 'blocked'
        : v.severity === 'approve'
          ? 'held for approval'
          : 'warned',
      oneLine(`${v.message}${v.savedRef ? ` — saved to ${v.savedRef}` : ''}`, 240),
    ]);
    parts.push(`Policy\n${formatTable(VIOLATION_COLUMNS, violationRows)}`);
  }
  if (d.conversations.length > 0) {
    parts.push(`Agent calls (conversation ids)\n${conversationLines(d, going).join('\n')}\n`);
  }
  if (d.artifacts.length > 0) {
    const artifactLines = d.artifacts.map((a) => `  ${a.path}  sha256:${a.sha256}`);
    parts.push(`Artifacts\n${artifactLines.join('\n')}\n`);
  }
  return parts.join('\n');
}

export async function runsShow(query: string, options: RunsShowOptions, ctx: CliContext) {
  await withRun(ctx, query, (ledger, runId) => {
    const detail = ledger.getRun(runId);
    const gates = ledger.gatesOf(runId).filter((g) => g.proposal !== null);
    if (options.json) writeLine(ctx.stdout, JSON.stringify({ ...detail, gates }));
    // Labels, messages and errors quote what steps printed: shown, never obeyed by the terminal.
    else {
      const map = resumableMaps(ledger).find((m) => m.items.some((i) => i.runId === runId));
      ctx.stdout.write(showControls(renderRunDetail(detail, map) + renderGates(detail, gates)));
    }
  });
}

const GATE_COLUMNS = ['ITER', 'STEP', 'GATE', 'PROPOSAL', 'CHANGE', 'STATE', 'DECIDED'];

/**
 * The proposals of the run's gated steps, each with its decision; for one still waiting, the
 * commands that decide it and the one that shows it. Empty when no step was held.
 */
export function renderGates(d: RunDetail, gates: readonly GateRecord[]): string {
  if (gates.length === 0) return '';
  const rows = gates.map((g) => [
    String(g.iteration),
    String(g.stepIndex + 1),
    g.gate,
    `${g.ref ?? '-'} ${shortSha(g.commit)}`,
    `${g.files.length} file(s) +${g.insertions} -${g.deletions}`,
    g.state === 'approved' && g.landed ? 'approved, landed' : g.state,
    g.decidedBy
      ? oneLine(`${g.decidedBy}${g.comment ? `: ${g.comment}` : ''}`, 80)
      : g.ackUntil
        ? `lands at ${formatTime(g.ackUntil, true)} unless rejected`
        : '-',
  ]);
  const lines = [`\nGates\n${formatTable(GATE_COLUMNS, rows)}`];
  const waiting = gates.findLast((g) => g.state === 'pending');
  if (waiting) {
    const id = d.run.shortId;
    lines.push(
      `waiting: mmm approve ${id} [--comment ...] or mmm reject ${id} [--reason ...] [--retry]; see it with: git diff ${shortSha(waiting.base)} ${shortSha(waiting.commit)}\n`,
    );
  }
  return lines.join('');
}
