// One run: its facts, budget, errors, a cost chart, the timeline of iterations, steps and tries
// (outputs, diffs, agent calls with prompt and answer), gates, policy, commits and provenance.
import { parse as parseYaml } from 'yaml';
import { resumeHint } from '../../actions/runs/resume-hint.js';
import { describeEvent } from '../../actions/runs/events.js';
import {
  formatClock,
  formatCost,
  formatElapsed,
  formatTime,
  shortSha,
} from '../../infra/format.js';
import type {
  AgentCallRecord,
  AttemptRecord,
  GateRecord,
  OutputRecord,
  RunDetail,
  RunRecord,
  StepRecord,
  StoredEvent,
} from '../../ledger/index.js';
import { parseDuration } from '../../playbook/duration.js';
import { html, neutralise, type Html } from '../html.js';
import { badge } from '../layout.js';

export interface RunView {
  detail: RunDetail;
  gates: GateRecord[];
  calls: AgentCallRecord[];
  outputs: OutputRecord[];
  events: StoredEvent[];
  playbookSource: string | null;
  /** The committed provenance manifest, when the run's last commit holds one. */
  provenance: string | undefined;
}

const key = (r: { iteration: number; stepIndex: number; role: string }) =>
  `${r.iteration}:${r.stepIndex}:${r.role}`;
const tryKey = (r: { iteration: number; stepIndex: number; role: string; attempt: number }) =>
  `${key(r)}:${r.attempt}`;

function tokens(c: AgentCallRecord): string {
  const n = (v: number | null) => (v === null ? '-' : String(v));
  return `${n(c.inputTokens)} in / ${n(c.outputTokens)} out / ${n(c.cacheReadInputTokens)} cache read / ${n(c.cacheCreationInputTokens)} cache write`;
}

function diffLink(runId: string, from: string, to: string): string {
  return `/runs/${runId}/diff?from=${from}&to=${to}`;
}

function agentCall(c: AgentCallRecord, i: number): Html {
  return html`<div class="card">
    <div>
      <strong>${c.agent}</strong> ${c.model ?? ''} · ${c.ok ? badge('ok') : badge('failed')} ·
      ${formatCost(c.costUsd)} ·
      ${formatElapsed(c.durationMs)}${c.numTurns !== null ? ` · ${c.numTurns} turn(s)` : ''}
    </div>
    <div class="muted">
      tokens: ${tokens(c)}${c.sessionId ? ` · conversation ${c.sessionId}` : ''}
    </div>
    ${c.error ? html`<p class="warn">${neutralise(c.error)}</p>` : ''}
    <details id="prompt-${c.seq}-${i}">
      <summary>Prompt sent</summary>
      <pre>${neutralise(c.prompt)}</pre>
    </details>
    <details id="answer-${c.seq}-${i}">
      <summary>Agent's answer</summary>
      <pre>${neutralise(c.response)}</pre>
    </details>
  </div>`;
}

function outputBlock(runId: string, o: OutputRecord): Html {
  const base = `/runs/${runId}/outputs/${o.id}`;
  return html`<details id="output-${o.id}" data-src="${base}" data-base="${base}" data-kind="text">
    <summary>Output (${o.sizeBytes} bytes)</summary>
    <pre data-target><a href="${base}">Open the output</a></pre>
    <a href="${base}?offset=0" data-more hidden>Load more</a>
  </details>`;
}

function attemptBlock(
  run: RunRecord,
  a: AttemptRecord,
  calls: AgentCallRecord[],
  output: OutputRecord | undefined,
): Html {
  const moved = a.headBefore && a.headAfter && a.headBefore !== a.headAfter;
  const id = `try-${a.iteration}-${a.stepIndex}-${a.role}-${a.attempt}`;
  const diff = moved
    ? html`<details
        id="${id}-diff"
        data-src="${diffLink(run.id, a.headBefore ?? '', a.headAfter ?? '')}"
      >
        <summary>
          Diff ${shortSha(a.headBefore)}..${shortSha(a.headAfter)} (${a.commits} commit(s),
          +${a.linesAdded} -${a.linesRemoved})
        </summary>
        <div data-target>
          <a href="${diffLink(run.id, a.headBefore ?? '', a.headAfter ?? '')}">Open the diff</a>
        </div>
      </details>`
    : '';
  return html`<div class="try">
    <div>
      <strong>Try ${a.attempt}</strong>:
      ${badge(a.status)}${a.exitCode !== null ? ` exit ${a.exitCode}` : ''} ·
      ${formatElapsed(a.durationMs)}${a.agentCalls ? ` · ${a.agentCalls} agent call(s), ${formatCost(a.costUsd)}` : ''}${a.skipReason ? ` · ${a.skipReason}` : ''}
    </div>
    ${a.error ? html`<p class="warn">${neutralise(a.error)}</p>` : ''}
    ${output ? outputBlock(run.id, output) : ''}${diff}${calls.map((c, i) => agentCall(c, i))}
  </div>`;
}

function stepBlock(run: RunRecord, s: StepRecord, view: RunView): Html {
  const attempts = view.detail.attempts.filter((a) => key(a) === key(s));
  const outputs = new Map(view.outputs.map((o) => [tryKey(o), o]));
  const callsOf = (a: AttemptRecord) => view.calls.filter((c) => tryKey(c) === tryKey(a));
  return html`<section
    class="step st-${s.status}"
    id="step-${s.iteration}-${s.stepIndex}-${s.role}"
  >
    <div class="head">
      <span class="muted">#${s.stepIndex + 1}${s.role !== 'step' ? ` ${s.role}` : ''}</span
      ><span class="label">${neutralise(s.label)}</span>${badge(s.status)}
      <span class="muted"
        >${s.kind} · ${s.attempts} tr${s.attempts === 1 ? 'y' : 'ies'} ·
        ${formatElapsed(s.durationMs)} · ${s.commits} commit(s) · +${s.linesAdded}
        -${s.linesRemoved}${s.agentCalls ? ` · ${s.agentCalls} call(s) ${formatCost(s.costUsd)}` : ''}</span
      >
    </div>
    ${attempts.map((a) => attemptBlock(run, a, callsOf(a), outputs.get(tryKey(a))))}
  </section>`;
}

function timeline(view: RunView): Html {
  const { detail } = view;
  const iterations = [...new Set(detail.steps.map((s) => s.iteration))];
  if (iterations.length === 0) return html`<p class="muted">No step has started yet.</p>`;
  return html`${iterations.map((n) => {
    const it = detail.iterations.find((i) => i.iteration === n);
    return html`<h3>
        Iteration
        ${n}${it?.of ? ` of ${it.of}` : ''}${it?.commits ? html` <small class="muted">${it.commits} commit(s)</small>` : ''}
      </h3>
      ${detail.steps.filter((s) => s.iteration === n).map((s) => stepBlock(detail.run, s, view))}`;
  })}`;
}

/** Horizontal bars, one per step (over its iterations and tries), as inline SVG. */
export function costChart(steps: StepRecord[]): Html {
  const totals = new Map<string, number>();
  for (const s of steps) {
    if (s.costUsd === null) continue;
    const label = `#${s.stepIndex + 1} ${s.role === 'step' ? '' : `${s.role} `}${s.label}`;
    totals.set(label, (totals.get(label) ?? 0) + s.costUsd);
  }
  if (totals.size === 0) return html`<p class="muted">No agent reported a cost in this run.</p>`;
  const rows = [...totals.entries()];
  const max = Math.max(...rows.map(([, v]) => v), 0.000001);
  const barH = 18;
  const height = rows.length * (barH + 6);
  return html`<svg
    class="chart"
    role="img"
    aria-label="Cost per step"
    viewBox="0 0 600 ${height}"
    width="100%"
    style="max-width:600px"
  >
    ${rows.map(([label, v], i) => {
      const y = i * (barH + 6);
      const w = Math.max(1, Math.round((v / max) * 300));
      const short = label.length > 36 ? `${label.slice(0, 35)}…` : label;
      return html`<g
        ><title>${label}: ${formatCost(v)}</title
        ><text x="0" y="${y + 13}">${neutralise(short)}</text
        ><rect x="240" y="${y}" width="${w}" height="${barH}"></rect
        ><text x="${245 + w}" y="${y + 13}">${formatCost(v)}</text></g
      >`;
    })}
  </svg>`;
}

interface Limits {
  maxCostUsd?: number | undefined;
  maxAgentCalls?: number | undefined;
  maxDurationMs?: number | undefined;
}

/** The budget the playbook set, as recorded with the run; `--max-cost` takes the lower cost. */
export function budgetOf(run: RunRecord, source: string | null): Limits {
  let budget: Record<string, unknown> = {};
  try {
    const doc = source === null ? undefined : (parseYaml(source) as unknown);
    const b = doc && typeof doc === 'object' ? (doc as { budget?: unknown }).budget : undefined;
    if (b && typeof b === 'object') budget = b as Record<string, unknown>;
  } catch {
    // A playbook that no longer parses shows no limits but --max-cost.
  }
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const costs = [num(budget.max_cost_usd), run.maxCostUsd ?? undefined].filter(
    (v): v is number => v !== undefined,
  );
  return {
    maxCostUsd: costs.length ? Math.min(...costs) : undefined,
    maxAgentCalls: num(budget.max_agent_calls),
    maxDurationMs: parseDuration(budget.max_duration),
  };
}

function meter(
  label: string,
  used: number,
  limit: number | undefined,
  shown: (n: number) => string,
): Html {
  if (limit === undefined)
    return html`<dt>${label}</dt>
      <dd>${shown(used)} <span class="muted">(no limit)</span></dd>`;
  const pct = Math.min(100, Math.round((used / limit) * 100));
  return html`<dt>${label}</dt>
    <dd>
      ${shown(used)} of ${shown(limit)} (${pct}%)
      <div
        class="meter${used > limit ? ' over' : ''}"
        role="meter"
        aria-valuemin="0"
        aria-valuemax="${limit}"
        aria-valuenow="${used}"
        aria-label="${label}"
      >
        <span style="width:${pct}%"></span>
      </div>
    </dd>`;
}

function errors(run: RunRecord, gates: GateRecord[]): Html {
  const bad = ['failed', 'stopped', 'crashed', 'interrupted'].includes(run.status);
  const waiting = gates.find((g) => g.state === 'pending' && g.proposal !== null);
  const hint = resumeHint(run);
  return html`${bad && run.message ? html`<div class="card error" role="alert"><strong>${run.status}${run.reason ? ` (${run.reason})` : ''}</strong>: ${neutralise(run.message)}${hint ? html`<div>hint: ${hint.startsWith('mmm ') ? html`continue it with <code>${hint}</code>` : hint}</div>` : ''}</div>` : ''}
  ${waiting ? html`<div class="card" role="status">Step ${waiting.stepIndex + 1} (${neutralise(waiting.label)}) waits for a decision: <a href="/approvals#gate-${run.id}-${waiting.proposal ?? 0}">approve or reject it</a>.</div>` : ''}`;
}

function gatesBlock(run: RunRecord, gates: GateRecord[]): Html {
  const proposals = gates.filter((g) => g.proposal !== null);
  if (proposals.length === 0) return html``;
  return html`<h2>Gates</h2>
    <div class="table-wrap">
      <table class="list stack">
        <thead>
          <tr>
            <th>Step</th>
            <th>Gate</th>
            <th>Proposal</th>
            <th>Change</th>
            <th>State</th>
            <th>Decided</th>
          </tr>
        </thead>
        <tbody>
          ${proposals.map(
            (g) =>
              html`<tr>
                <td data-label="Step">#${g.stepIndex + 1} ${neutralise(g.label)}</td>
                <td data-label="Gate">${g.gate}</td>
                <td data-label="Proposal">
                  <a href="${diffLink(run.id, g.base, g.commit)}" class="mono">${g.ref ?? ''}</a>
                </td>
                <td data-label="Change">
                  ${g.files.length} file(s) +${g.insertions} -${g.deletions}
                </td>
                <td data-label="State">${badge(g.state)}${g.landed ? ' landed' : ''}</td>
                <td data-label="Decided">
                  ${g.decidedBy ? html`${neutralise(g.decidedBy)} ${formatTime(g.decidedAt)}${g.comment ? html`: <q>${neutralise(g.comment)}</q>` : ''}` : '-'}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

function policyBlock(detail: RunDetail): Html {
  if (detail.violations.length === 0) return html``;
  return html`<h2>Policy</h2>
    ${detail.violations.map(
      (v) =>
        html`<div class="card">
          <strong>${v.rule}</strong> ${badge(v.severity === 'block' ? 'failed' : 'paused')}
          <span class="muted">${v.severity} · ${v.origin} · step #${v.stepIndex + 1}</span>
          <div>${neutralise(v.message)}</div>
          ${v.paths.length ? html`<div class="mono">${v.paths.map((p) => neutralise(p)).join(', ')}</div>` : ''}${v.savedRef ? html`<div>saved to <code>${v.savedRef}</code></div>` : ''}
        </div>`,
    )}`;
}

function commitsBlock(detail: RunDetail): Html {
  if (detail.commits.length === 0) return html``;
  return html`<h2>Commits</h2>
    <ul>
      ${detail.commits.map(
        (c) =>
          html`<li>
            <a class="mono" href="${diffLink(detail.run.id, `${c.sha}~1`, c.sha)}"
              >${shortSha(c.sha)}</a
            >
            ${neutralise(c.message.split('\n')[0] ?? '')}
            <span class="muted"
              >(+${c.linesAdded} -${c.linesRemoved}${c.byAgent ? ', by the agent' : ''})</span
            >
          </li>`,
      )}
    </ul>`;
}

export function renderRun(view: RunView, now: number): Html {
  const { run } = view.detail;
  const limits = budgetOf(run, view.playbookSource);
  const elapsed = run.durationMs ?? now - Date.parse(run.startedAt);
  const where = run.session ? `session ${run.session}` : 'in place';
  return html`<p><a href="/">← Runs</a></p>
    <h1>Run <span class="mono">${run.shortId}</span> ${badge(run.status)}</h1>
    ${errors(run, view.gates)}
    <dl class="facts">
      <dt>Playbook</dt>
      <dd>
        ${neutralise(run.playbook ?? '-')}${run.playbookName ? ` (${neutralise(run.playbookName)})` : ''}
      </dd>
      <dt>State</dt>
      <dd>
        ${run.status}${run.reason ? ` (${run.reason})` : run.stateReason ? ` (${run.stateReason})` : ''}${run.exitCode !== null ? `, exit ${run.exitCode}` : ''}
      </dd>
      <dt>Started</dt>
      <dd>
        ${formatTime(run.startedAt, true)}${run.finishedAt ? `, took ${formatElapsed(run.durationMs)}` : ''}
      </dd>
      <dt>Where</dt>
      <dd>
        ${neutralise(where)}, branch ${neutralise(run.branch ?? 'detached HEAD')} at
        <span class="mono">${shortSha(run.baseCommit)}</span
        >${run.item ? html`, item ${neutralise(run.item)}` : ''}
      </dd>
      <dt>Progress</dt>
      <dd>
        ${run.iterations} iteration(s), steps ${run.steps.ok} ok / ${run.steps.failed} failed /
        ${run.steps.skipped} skipped, ${run.commits} commit(s)
      </dd>
      <dt>Agent calls</dt>
      <dd>
        ${run.agentCalls}, ${formatCost(run.costUsd)}; tokens ${run.tokens.input} in /
        ${run.tokens.output} out / ${run.tokens.cacheRead} cache read / ${run.tokens.cacheCreation}
        cache write
      </dd>
      ${
        run.inFlight
          ? html`<dt>In flight</dt>
              <dd>
                #${run.inFlight.stepIndex + 1} ${neutralise(run.inFlight.label)} (try
                ${run.inFlight.attempt})
              </dd>`
          : ''
      }
      <dt>mmm</dt>
      <dd>${run.mmmVersion ?? '-'}</dd>
    </dl>
    <h2>Budget</h2>
    <dl class="facts">
      ${meter('Cost', run.costUsd ?? 0, limits.maxCostUsd, (n) => formatCost(n))}${meter('Agent calls', run.agentCalls, limits.maxAgentCalls, String)}${meter('Time', elapsed, limits.maxDurationMs, (n) => formatElapsed(n))}${meter('Iterations', run.iterations, run.maxIterations ?? undefined, String)}
    </dl>
    <h2>Cost per step</h2>
    ${costChart(view.detail.steps)}
    <h2>Timeline</h2>
    ${timeline(view)}
    ${gatesBlock(run, view.gates)}${policyBlock(view.detail)}${commitsBlock(view.detail)}
    <h2>Provenance</h2>
    ${
      view.provenance
        ? html`<details id="provenance">
            <summary>The manifest committed with the run (.mmm/provenance)</summary>
            <pre>${neutralise(view.provenance)}</pre>
          </details>`
        : html`<p class="muted">
            No provenance manifest: it is written with a run's last commit once the run made
            commits.
          </p>`
    }`;
}

/** The event log under the page, fed live by the page's event stream. */
export function renderEventLog(events: StoredEvent[]): Html {
  return html`<details id="events" open>
    <summary>Events</summary>
    <ol class="live" id="live-log">
      ${events.map(
        (e) =>
          html`<li value="${e.seq}">
            ${formatClock(e.event.at)} ${e.event.type} ${neutralise(describeEvent(e.event))}
          </li>`,
      )}
    </ol>
  </details>`;
}
