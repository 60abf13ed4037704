// The runs page: every recorded run, paused ones first, then newest first, filtered by state and
// playbook, a page at a time.
import { formatCost, formatElapsed, formatTime } from '../../infra/format.js';
import type { RunPage, RunRecord } from '../../ledger/index.js';
import { html, neutralise, type Html } from '../html.js';
import { badge } from '../layout.js';

export const RUNS_PER_PAGE = 50;

export interface RunsView {
  page: RunPage | undefined;
  facets: { statuses: [string, number][]; playbooks: [string, number][] };
  status: string | undefined;
  playbook: string | undefined;
  /** Zero-based page number. */
  pageNo: number;
}

function where(run: RunRecord): string {
  if (run.session) return `session ${run.session}`;
  return run.branch ? run.branch : 'detached HEAD';
}

function duration(run: RunRecord, now: number): string {
  if (run.durationMs !== null) return formatElapsed(run.durationMs);
  return run.status === 'running'
    ? `${formatElapsed(now - Date.parse(run.startedAt))} so far`
    : '-';
}

function row(run: RunRecord, now: number): Html {
  const s = run.steps;
  const state = run.stateReason ? `${run.status}` : run.status;
  return html`<tr>
    <td data-label="Run"><a href="/runs/${run.id}" class="mono">${run.shortId}</a></td>
    <td data-label="Status">
      <span
        >${badge(state)}${run.stateReason ? html` <small class="muted">${run.stateReason}</small>` : ''}</span
      >
    </td>
    <td data-label="Playbook">${neutralise(run.playbook ?? run.playbookName ?? '-')}</td>
    <td data-label="Where">${neutralise(where(run))}</td>
    <td data-label="Started">${formatTime(run.startedAt)}</td>
    <td data-label="Duration" class="num">${duration(run, now)}</td>
    <td data-label="Iterations" class="num">${run.iterations}</td>
    <td data-label="Steps ok/failed/skipped" class="num">${s.ok}/${s.failed}/${s.skipped}</td>
    <td data-label="Commits" class="num">${run.commits}</td>
    <td data-label="Cost" class="num">${formatCost(run.costUsd)}</td>
  </tr>`;
}

function option(value: string, label: string, selected: string | undefined): Html {
  return html`<option value="${value}" ${value === (selected ?? '') ? html` selected` : ''}>
    ${label}
  </option>`;
}

function link(view: RunsView, pageNo: number): string {
  const q = new URLSearchParams();
  if (view.status) q.set('status', view.status);
  if (view.playbook) q.set('playbook', view.playbook);
  if (pageNo > 0) q.set('page', String(pageNo + 1));
  const text = q.toString();
  return text ? `/?${text}` : '/';
}

export function renderRuns(view: RunsView, now: number): Html {
  const filters = html`<form class="filters" method="get" action="/">
    <label
      >Status
      <select name="status">
        ${option('', 'any', view.status)}${view.facets.statuses.map(([s, n]) => option(s, `${s} (${n})`, view.status))}
      </select></label
    >
    <label
      >Playbook
      <select name="playbook">
        ${option('', 'any', view.playbook)}${view.facets.playbooks.map(([p, n]) => option(p, `${neutralise(p)} (${n})`, view.playbook))}
      </select></label
    >
    <button type="submit" class="secondary">Filter</button>
    ${view.status || view.playbook ? html`<a href="/">Clear</a>` : ''}
  </form>`;
  if (!view.page) {
    return html`<h1>Runs</h1>
      <p>
        No runs recorded in this repository yet. Start one with
        <code>mmm cook &lt;playbook&gt;</code>; it shows here as it runs.
      </p>`;
  }
  const { runs, total } = view.page;
  const first = view.pageNo * RUNS_PER_PAGE;
  const pages = Math.max(1, Math.ceil(total / RUNS_PER_PAGE));
  const pager = html`<nav class="pager" aria-label="Pages">
    ${view.pageNo > 0 ? html`<a href="${link(view, view.pageNo - 1)}">Newer</a>` : ''}<span
      class="muted"
      >${total === 0 ? 'no runs' : `${first + 1}–${first + runs.length} of ${total}`} · page
      ${view.pageNo + 1} of ${pages}</span
    >${first + runs.length < total ? html`<a href="${link(view, view.pageNo + 1)}">Older</a>` : ''}
  </nav>`;
  return html`<h1>Runs</h1>
    ${filters}
    ${
      runs.length === 0
        ? html`<p>No runs match.</p>`
        : html`<div class="table-wrap">
            <table class="list stack" id="runs">
              <caption class="visually-hidden">
                Runs, paused runs first, then newest first
              </caption>
              <thead>
                <tr>
                  <th>Run</th>
                  <th>Status</th>
                  <th>Playbook</th>
                  <th>Branch / session</th>
                  <th>Started</th>
                  <th class="num">Duration</th>
                  <th class="num">Iterations</th>
                  <th class="num">Steps ok/failed/skipped</th>
                  <th class="num">Commits</th>
                  <th class="num">Cost</th>
                </tr>
              </thead>
              <tbody>
                ${runs.map((r) => row(r, now))}
              </tbody>
            </table>
          </div>`
    }
    ${pager}`;
}
