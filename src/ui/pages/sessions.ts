// The sessions page: worktree sessions with their state, how far ahead of and behind their base
// branch they are, conflicts, and the buttons that do what `mmm worktree merge|clean` do.
import { formatAge, shortSha } from '../../infra/format.js';
import type { SessionView } from '../../sessions/status.js';
import { html, neutralise, type Html } from '../html.js';
import { badge } from '../layout.js';
import { csrfField } from '../security.js';

export interface SessionRow {
  view: SessionView;
  /** Commits on the base branch the session does not have; undefined when either is gone. */
  behind: number | undefined;
}

function actions(row: SessionRow, csrf: string): Html {
  const { record, state } = row.view;
  if (state === 'cleaned') return html``;
  const name = record.name;
  const id = `s-${name}`;
  return html`<form class="act" method="post" action="/sessions/${encodeURIComponent(name)}/merge">
      ${csrfField(csrf)}
      <label class="check"
        ><input type="checkbox" name="force" value="1" id="${id}-merge-force" /> --force<span
          class="visually-hidden"
        >
          (merge even a session whose run did not succeed)</span
        ></label
      >
      <button type="submit" aria-label="Merge ${name}">Merge</button>
    </form>
    <form class="act" method="post" action="/sessions/${encodeURIComponent(name)}/clean">
      ${csrfField(csrf)}
      <label class="check"
        ><input type="checkbox" name="force" value="1" id="${id}-clean-force" /> --force<span
          class="visually-hidden"
        >
          (clean even with unmerged commits, discarding them)</span
        ></label
      >
      <button type="submit" class="secondary" aria-label="Clean ${name}">Clean</button>
    </form>`;
}

function row(r: SessionRow, csrf: string, now: Date): Html {
  const { record, state, ahead } = r.view;
  const conflicts = record.conflictFiles ?? [];
  return html`<tr id="session-${record.name}">
    <td data-label="Session" class="mono">${neutralise(record.name)}</td>
    <td data-label="Status">${badge(state)}</td>
    <td data-label="Base">
      ${neutralise(record.baseBranch ?? `(detached ${shortSha(record.baseCommit)})`)}
    </td>
    <td data-label="Ahead" class="num">${ahead ?? '-'}</td>
    <td data-label="Behind" class="num">${r.behind ?? '-'}</td>
    <td data-label="Conflicts">
      ${conflicts.length ? html`<span class="warn">${conflicts.map((f) => neutralise(f)).join(', ')}</span>` : '-'}
    </td>
    <td data-label="Playbook">
      ${neutralise(record.playbook)}${record.item ? html` <small class="muted">${neutralise(record.item)}</small>` : ''}
    </td>
    <td data-label="Runs">
      ${record.runIds.map((id) => html`<a class="mono" href="/runs/${id}">${id.slice(0, 8)}</a> `)}
    </td>
    <td data-label="Age">${formatAge(record.createdAt, now)}</td>
    <td data-label="Actions">${actions(r, csrf)}</td>
  </tr>`;
}

export function renderSessions(
  rows: SessionRow[],
  warnings: string[],
  all: boolean,
  csrf: string,
  now: Date,
): Html {
  return html`<h1>Sessions</h1>
    ${warnings.map((w) => html`<p class="warn" role="alert">${neutralise(w)}</p>`)}
    <p>
      ${all ? html`<a href="/sessions">Hide cleaned sessions</a>` : html`<a href="/sessions?all=1">Show cleaned sessions too</a>`}
    </p>
    ${
      rows.length === 0
        ? html`<p>No worktree sessions in this repository.</p>`
        : html`<div class="table-wrap">
            <table class="list stack" id="sessions">
              <thead>
                <tr>
                  <th>Session</th>
                  <th>Status</th>
                  <th>Base</th>
                  <th class="num">Ahead</th>
                  <th class="num">Behind</th>
                  <th>Conflicts</th>
                  <th>Playbook</th>
                  <th>Runs</th>
                  <th>Age</th>
                  <th>Actions</th>
                </tr>
              </thead>
              <tbody>
                ${rows.map((r) => row(r, csrf, now))}
              </tbody>
            </table>
          </div>`
    }
    <p class="muted">
      Merge and Clean do what <code>mmm worktree merge &lt;session&gt;</code> and
      <code>mmm worktree clean &lt;session&gt;</code> do, with the same refusals; tick --force for
      what <code>-f</code> does.
    </p>`;
}
