// The approvals page: every proposal that waits for a decision, with its diff and the policy rules
// its change broke, and the forms that do what `mmm approve` and `mmm reject` do.
import { formatAge, formatClock, shortSha } from '../../infra/format.js';
import type { GateRecord, RunRecord, ViolationRecord } from '../../ledger/index.js';
import { html, neutralise, type Html } from '../html.js';
import { csrfField } from '../security.js';

export interface PendingView {
  gate: GateRecord;
  run: RunRecord;
  diff: Html;
  findings: ViolationRecord[];
}

function finding(v: ViolationRecord): Html {
  const secrets = v.findings ?? [];
  return html`<li>
    <strong>${v.rule}</strong> (${v.severity}, ${v.origin}):
    ${neutralise(v.message)}${v.paths.length ? html` <span class="mono">${v.paths.map((p) => neutralise(p)).join(', ')}</span>` : ''}${
      secrets.length
        ? html`<ul>
            ${secrets.map((s) => html`<li class="mono">${neutralise(s.path)}:${s.line} ${s.ruleId}</li>`)}
          </ul>`
        : ''
    }
  </li>`;
}

function proposal(p: PendingView, csrf: string, now: Date): Html {
  const { gate, run } = p;
  const id = `gate-${run.id}-${gate.proposal ?? 0}`;
  const waits =
    gate.gate === 'ack' && gate.ackUntil
      ? `lands at ${formatClock(gate.ackUntil)} unless rejected`
      : 'waits for approval';
  const step = String(gate.stepIndex + 1);
  return html`<section class="card" id="${id}" aria-labelledby="${id}-title">
    <h2 id="${id}-title">
      Run <a class="mono" href="/runs/${run.id}">${run.shortId}</a>, step ${step}:
      ${neutralise(gate.label)}
    </h2>
    <dl class="facts">
      <dt>Playbook</dt>
      <dd>
        ${neutralise(run.playbook ?? run.playbookName ?? '-')},
        ${run.session ? neutralise(`session ${run.session}`) : 'in place'}
      </dd>
      <dt>Gate</dt>
      <dd>${gate.gate} gate, ${waits}, for ${formatAge(gate.createdAt, now)}</dd>
      <dt>Proposal</dt>
      <dd>
        <span class="mono">${gate.ref ?? ''}</span> =
        <span class="mono">${shortSha(gate.commit)}</span>: ${gate.files.length} file(s),
        +${gate.insertions} -${gate.deletions}
      </dd>
      <dt>See it</dt>
      <dd><code>git diff ${shortSha(gate.base)} ${shortSha(gate.commit)}</code></dd>
    </dl>
    ${
      p.findings.length
        ? html`<h3>Policy findings</h3>
            <ul>
              ${p.findings.map(finding)}
            </ul>`
        : html`<p class="muted">No policy rule was broken by this change.</p>`
    }
    <details id="${id}-diff" open>
      <summary>Diff</summary>
      ${p.diff}
    </details>
    <form class="act" method="post" action="/approvals/${run.id}/approve">
      ${csrfField(csrf)}<input type="hidden" name="step" value="${step}" />
      <label for="${id}-comment"
        >Comment <input type="text" id="${id}-comment" name="comment"
      /></label>
      <button type="submit">Approve</button>
    </form>
    <form class="act" method="post" action="/approvals/${run.id}/reject">
      ${csrfField(csrf)}<input type="hidden" name="step" value="${step}" />
      <label for="${id}-reason">Reason <input type="text" id="${id}-reason" name="reason" /></label>
      <label class="check"
        ><input type="checkbox" name="retry" value="1" /> run the step again with the reason
        (--retry)</label
      >
      <button type="submit" class="danger">Reject</button>
    </form>
  </section>`;
}

export function renderApprovals(pending: PendingView[], csrf: string, now: Date): Html {
  return html`<h1>Approvals</h1>
    ${pending.length === 0 ? html`<p>Nothing waits for a decision in this repository.</p>` : pending.map((p) => proposal(p, csrf, now))}`;
}
