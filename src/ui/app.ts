// The routes of `mmm ui`: pages read from the ledger and git, the event stream that keeps them
// live, and the forms that run `mmm approve|reject` and `mmm worktree merge|clean`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { CliContext } from '../actions/context.js';
import { approveCommand } from '../actions/gates/approve.js';
import { rejectCommand } from '../actions/gates/reject.js';
import { describeEvent } from '../actions/runs/events.js';
import { runWorktreeClean } from '../actions/worktree/clean.js';
import { sessionDeps } from '../actions/worktree/deps.js';
import { runWorktreeMerge } from '../actions/worktree/merge.js';
import { MmmError, UsageError } from '../errors.js';
import { countCommitsAhead, resolveCommit } from '../git/branch.js';
import { committedFile } from '../git/changes.js';
import { patchText } from '../git/commit.js';
import { commitExists, lastCommitTouching } from '../git/diff.js';
import { exec } from '../infra/exec.js';
import { formatClock } from '../infra/format.js';
import { provenancePath, type Ledger } from '../ledger/index.js';
import { baseRevision, describeSessions } from '../sessions/status.js';
import { STYLESHEET, SCRIPT } from './assets.js';
import { renderDiff } from './diff.js';
import { html, neutralise, type Html } from './html.js';
import type { JobBook } from './jobs.js';
import { page, type Section } from './layout.js';
import { renderApprovals, type PendingView } from './pages/approvals.js';
import { renderJob } from './pages/job.js';
import { renderEventLog, renderRun } from './pages/run.js';
import { renderRuns, RUNS_PER_PAGE } from './pages/runs.js';
import { renderSessions, type SessionRow } from './pages/sessions.js';
import { LedgerBusyError, type LedgerReader } from './reader.js';
import { guard } from './security.js';

export interface UiAppOptions {
  /** The top of the checkout the UI was started in. */
  root: string;
  /** The server's context: commands started from the UI run with it (their output captured). */
  ctx: CliContext;
  token: string;
  csrf: string;
  port: () => number;
  /** Host names requests may be addressed to; undefined accepts any. */
  hosts: readonly string[] | undefined;
  reader: LedgerReader;
  jobs: JobBook;
  /** How often the event stream looks at the ledger, in ms. */
  pollMs: number;
}

/** Bytes of an output sent at a time ("Load more" asks for the next). */
export const OUTPUT_SLICE = 64 * 1024;
const DIFF_LIMIT = 2 * 1024 * 1024;
const REV = /^[0-9a-f]{7,64}(~1)?$/;

let highlightCss: string | undefined;
function readHighlightCss(): string {
  highlightCss ??= readFileSync(
    createRequire(import.meta.url).resolve('highlight.js/styles/github.css'),
    'utf8',
  );
  return highlightCss;
}

export function createUiApp(o: UiAppOptions): Hono {
  const git = { exec, signal: o.ctx.signal };
  const app = new Hono();
  const show = (c: Context, section: Section, title: string, content: Html, extra = {}) =>
    c.html(page({ title, section, repo: o.root, ...extra }, content));
  const refuse = (c: Context, status: 403 | 404 | 500 | 503, message: string) =>
    c.html(
      page(
        { title: 'Refused', section: 'none', repo: o.root },
        html`<h1>${status === 403 ? 'Forbidden' : 'Error'}</h1>
          <p role="alert">${message}</p>`,
      ),
      status,
    );

  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    // Not no-referrer: Chromium then sends `Origin: null` with the page's own forms.
    c.header('Referrer-Policy', 'same-origin');
    c.header('X-Frame-Options', 'DENY');
    c.header(
      'Content-Security-Policy',
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'",
    );
  });
  app.use('*', guard({ ...o, refusal: refuse }));

  app.onError((error, c) => {
    if (error instanceof LedgerBusyError) {
      c.header('Retry-After', '2');
      return refuse(c, 503, error.message);
    }
    if (error instanceof UsageError) return refuse(c, 404, error.message);
    if (error instanceof MmmError) return refuse(c, 500, error.message);
    return refuse(c, 500, `internal error (this is a bug in mmm): ${String(error)}`);
  });

  let swept = 0;
  const read = <T>(fn: (ledger: Ledger) => T) =>
    o.reader.read((ledger) => {
      // Runs whose process died are shown as crashed, as mmm runs shows them.
      if (Date.now() - swept > 5000) {
        swept = Date.now();
        ledger.markCrashedRuns();
      }
      return fn(ledger);
    });

  app.get('/assets/app.css', (c) =>
    c.body(STYLESHEET, 200, { 'Content-Type': 'text/css; charset=utf-8' }),
  );
  app.get('/assets/app.js', (c) =>
    c.body(SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }),
  );
  app.get('/assets/highlight.css', (c) =>
    c.body(readHighlightCss(), 200, { 'Content-Type': 'text/css; charset=utf-8' }),
  );

  app.get('/', async (c) => {
    const status = c.req.query('status') || undefined;
    const playbook = c.req.query('playbook') || undefined;
    const pageNo = Math.max(0, (Number.parseInt(c.req.query('page') ?? '1', 10) || 1) - 1);
    const found = await read((l) => ({
      page: l.runPage({ status, playbook, limit: RUNS_PER_PAGE, offset: pageNo * RUNS_PER_PAGE }),
      facets: l.runFacets(),
    }));
    const view = {
      page: found?.page,
      facets: found?.facets ?? { statuses: [], playbooks: [] },
      status,
      playbook,
      pageNo,
    };
    return show(c, 'runs', 'Runs', renderRuns(view, Date.now()), { live: '/live' });
  });

  app.get('/runs/:id', async (c) => {
    const found = await read((l) => {
      const id = l.resolveRun(c.req.param('id'));
      const detail = l.getRun(id);
      return {
        detail,
        gates: l.gatesOf(id),
        calls: l.agentCallsOf(id),
        outputs: l.outputsOf(id),
        events: l.eventsAfter(id, 0),
        playbookSource: l.playbookSource(id),
      };
    });
    if (!found) throw new UsageError('no runs recorded in this repository yet');
    // The manifest is committed with (or after) the run's last commit, on whichever ref holds it.
    const manifest = provenancePath(found.detail.run.id);
    const holder = await lastCommitTouching(git, o.root, manifest).catch(() => undefined);
    const provenance = holder
      ? await committedFile(git, o.root, holder, manifest).catch(() => undefined)
      : undefined;
    const run = found.detail.run;
    const lastSeq = found.events.at(-1)?.seq ?? 0;
    return show(c, 'runs', `Run ${run.shortId}`, renderRun({ ...found, provenance }, Date.now()), {
      live: `/live?run=${run.id}&after=${lastSeq}`,
      after: renderEventLog(found.events),
    });
  });

  app.get('/runs/:id/outputs/:output', async (c) => {
    const offset = Math.max(0, Number.parseInt(c.req.query('offset') ?? '0', 10) || 0);
    const slice = await read((l) =>
      l.outputSlice(
        l.resolveRun(c.req.param('id')),
        Number(c.req.param('output')),
        offset,
        OUTPUT_SLICE,
      ),
    );
    if (!slice) return refuse(c, 404, 'no such output');
    if (slice.missing)
      return c.text(`(the file this output was kept in is gone: ${slice.output.path ?? ''})`);
    if (slice.more) c.header('X-Mmm-Next-Offset', String(offset + OUTPUT_SLICE));
    const text = neutralise(slice.text);
    if (c.req.header('x-mmm-fragment')) return c.text(text);
    const next = slice.more
      ? html`<p><a href="?offset=${offset + OUTPUT_SLICE}">Next ${OUTPUT_SLICE / 1024} KiB</a></p>`
      : '';
    return show(
      c,
      'runs',
      'Output',
      html`<p><a href="/runs/${c.req.param('id')}">← the run</a></p>
        <h1>Output of ${neutralise(slice.output.label)}</h1>
        <p class="muted">
          try ${slice.output.attempt}, bytes ${offset}–${offset + Buffer.byteLength(slice.text)} of
          ${slice.output.sizeBytes}
        </p>
        <pre>${text}</pre>
        ${next}`,
    );
  });

  app.get('/runs/:id/diff', async (c) => {
    const from = c.req.query('from') ?? '';
    const to = c.req.query('to') ?? '';
    const runId = await read((l) => l.resolveRun(c.req.param('id')));
    if (!REV.test(from) || !REV.test(to)) return refuse(c, 404, 'a diff needs two commits');
    if (!(await commitExists(git, o.root, to))) {
      return refuse(c, 404, `commit ${to} is not in this repository (any more)`);
    }
    const patch = await patchText(git, o.root, from, to, DIFF_LIMIT, false);
    const body = renderDiff(patch.text, patch.cut);
    if (c.req.header('x-mmm-fragment') === '1') return c.html(body.__html);
    return show(
      c,
      'runs',
      'Diff',
      html`<p><a href="/runs/${runId ?? ''}">← the run</a></p>
        <h1>Diff <span class="mono">${from.slice(0, 9)}..${to.slice(0, 9)}</span></h1>
        ${body}`,
    );
  });

  app.get('/approvals', async (c) => {
    const found =
      (await read((l) =>
        l.pendingGates().map((gate) => {
          const detail = l.getRun(gate.runId);
          const findings = detail.violations.filter(
            (v) => v.iteration === gate.iteration && v.stepIndex === gate.stepIndex,
          );
          return { gate, run: detail.run, findings };
        }),
      )) ?? [];
    const pending: PendingView[] = [];
    for (const p of found) {
      const patch = await patchText(
        git,
        o.root,
        p.gate.base,
        p.gate.commit,
        DIFF_LIMIT,
        false,
      ).catch(() => undefined);
      const diff = patch
        ? renderDiff(patch.text, patch.cut)
        : html`<p class="warn">The proposal's commit is not in the repository.</p>`;
      pending.push({ ...p, diff });
    }
    return show(c, 'approvals', 'Approvals', renderApprovals(pending, o.csrf, new Date()), {
      live: '/live',
    });
  });

  const form = async (c: Context) => {
    const body = await c.req.parseBody();
    const text = (name: string) => {
      const v = body[name];
      return typeof v === 'string' && v.trim() !== '' ? v : undefined;
    };
    return text;
  };
  const started = (c: Context, id: string) => c.redirect(`/actions/${id}`, 303);
  const quote = (v: string) => (/^[\w./-]+$/.test(v) ? v : JSON.stringify(v));

  app.post('/approvals/:id/approve', async (c) => {
    const field = await form(c);
    const run = c.req.param('id');
    const flags = { step: field('step'), comment: field('comment') };
    const command = `mmm approve ${run}${flags.step ? ` --step ${flags.step}` : ''}${flags.comment ? ` --comment ${quote(flags.comment)}` : ''}`;
    const job = o.jobs.start(
      {
        title: `Approve run ${run.slice(0, 8)}`,
        command,
        back: { href: `/runs/${run}`, label: 'the run' },
      },
      (ctx) => approveCommand(run, flags, ctx),
    );
    return started(c, job.id);
  });

  app.post('/approvals/:id/reject', async (c) => {
    const field = await form(c);
    const run = c.req.param('id');
    const flags = { step: field('step'), reason: field('reason'), retry: field('retry') === '1' };
    const command = `mmm reject ${run}${flags.step ? ` --step ${flags.step}` : ''}${flags.reason ? ` --reason ${quote(flags.reason)}` : ''}${flags.retry ? ' --retry' : ''}`;
    const job = o.jobs.start(
      {
        title: `Reject run ${run.slice(0, 8)}`,
        command,
        back: { href: `/runs/${run}`, label: 'the run' },
      },
      (ctx) => rejectCommand(run, flags, ctx),
    );
    return started(c, job.id);
  });

  app.get('/sessions', async (c) => {
    const all = c.req.query('all') === '1';
    const warnings: string[] = [];
    const deps = sessionDeps(o.ctx);
    const views = await describeSessions(deps, {
      cwd: o.root,
      all,
      onUnreadable: (problem) =>
        warnings.push(`${problem.message}${problem.hint ? ` (${problem.hint})` : ''}`),
    });
    const rows: SessionRow[] = [];
    for (const view of views) {
      let behind: number | undefined;
      const tip =
        view.state === 'cleaned'
          ? undefined
          : await resolveCommit(deps, o.root, `refs/heads/${view.record.branch}`);
      if (tip)
        behind = await countCommitsAhead(
          deps,
          o.root,
          tip,
          await baseRevision(deps, o.root, view.record),
        );
      rows.push({ view, behind });
    }
    return show(
      c,
      'sessions',
      'Sessions',
      renderSessions(rows, warnings, all, o.csrf, new Date()),
      {
        live: '/live',
      },
    );
  });

  for (const verb of ['merge', 'clean'] as const) {
    app.post(`/sessions/:name/${verb}`, async (c) => {
      const field = await form(c);
      const name = c.req.param('name');
      const force = field('force') === '1';
      const command = `mmm worktree ${verb} ${quote(name)}${force ? ' --force' : ''}`;
      const job = o.jobs.start(
        {
          title: `${verb === 'merge' ? 'Merge' : 'Clean'} session ${name}`,
          command,
          back: { href: '/sessions', label: 'Sessions' },
        },
        (ctx) =>
          verb === 'merge'
            ? runWorktreeMerge(name, { force }, ctx)
            : runWorktreeClean(name, { force }, ctx),
      );
      return started(c, job.id);
    });
  }

  app.get('/actions/:id', (c) => {
    const job = o.jobs.get(c.req.param('id'));
    if (!job) return refuse(c, 404, 'no such action (the UI keeps the last 50 while it runs)');
    return show(c, 'none', job.title, renderJob(job), {
      pollMs: job.exitCode === null ? 500 : undefined,
    });
  });

  app.get('/live', async (c) => {
    const query = c.req.query('run');
    // An unknown run is a 404 before the stream starts, so the browser does not keep asking.
    const run = query === undefined ? undefined : await read((l) => l.resolveRun(query));
    if (query !== undefined && run === undefined) return refuse(c, 404, 'no runs recorded yet');
    const resumeFrom = Number(c.req.header('last-event-id') ?? c.req.query('after') ?? 0) || 0;
    return streamSSE(c, async (stream) => {
      let after = resumeFrom;
      let last = (await read((l) => l.lastEventId())) ?? 0;
      while (!stream.aborted && !o.ctx.signal.aborted) {
        if (run) {
          const events = (await read((l) => l.eventsAfter(run, after, 500))) ?? [];
          for (const { seq, event } of events) {
            await stream.writeSSE({
              event: 'event',
              id: String(seq),
              data: JSON.stringify({
                seq,
                type: event.type,
                at: formatClock(event.at),
                text: neutralise(describeEvent(event)),
              }),
            });
            after = seq;
          }
        } else {
          const now = (await read((l) => l.lastEventId())) ?? 0;
          if (now !== last) {
            last = now;
            await stream.writeSSE({ event: 'change', data: String(now) });
          }
        }
        await stream.sleep(o.pollMs);
      }
    });
  });

  return app;
}
