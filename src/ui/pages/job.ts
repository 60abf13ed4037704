// The page of an action started from the UI: the command it stands for, what it printed, and how
// it ended. It updates itself while the action runs.
import { html, neutralise, type Html } from '../html.js';
import type { Job } from '../jobs.js';
import { badge } from '../layout.js';

export function renderJob(job: Job): Html {
  const state =
    job.exitCode === null
      ? badge('running')
      : html`${badge(job.exitCode === 0 ? 'ok' : 'failed')} exit code ${job.exitCode}`;
  return html`<p><a href="${job.back.href}">← ${job.back.label}</a></p>
    <h1>${job.title}</h1>
    <dl class="facts">
      <dt>Same as</dt>
      <dd><code>${job.command}</code></dd>
      <dt>State</dt>
      <dd id="job-state" role="status">${state}</dd>
    </dl>
    <h2>Output</h2>
    <pre id="job-output">${job.output ? neutralise(job.output) : '(nothing printed yet)'}</pre>`;
}
