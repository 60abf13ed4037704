// The frame of every page: the navigation, the stylesheet and the script, and #content, the part
// the script swaps when the page updates itself.
import { html, type Html } from './html.js';

export type Section = 'runs' | 'approvals' | 'sessions' | 'none';

export interface PageOptions {
  title: string;
  section: Section;
  /** The repository the UI serves. */
  repo: string;
  /** The server-sent event stream that tells this page to update itself. */
  live?: string | undefined;
  /** Update #content every this many milliseconds (a running action). */
  pollMs?: number | undefined;
  /** Shown after #content, never swapped (the live event log). */
  after?: Html | undefined;
}

const NAV: [Exclude<Section, 'none'>, string, string][] = [
  ['runs', '/', 'Runs'],
  ['approvals', '/approvals', 'Approvals'],
  ['sessions', '/sessions', 'Sessions'],
];

export function page(options: PageOptions, content: Html): string {
  const nav = NAV.map(
    ([section, href, label]) =>
      html`<a href="${href}" ${options.section === section ? html` aria-current="page"` : ''}
        >${label}</a
      >`,
  );
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · mmm</title>
<link rel="stylesheet" href="/assets/app.css">
<link rel="stylesheet" href="/assets/highlight.css">
</head>
<body${options.live ? html` data-live="${options.live}"` : ''}>
<header class="top"><span class="brand">mmm</span><nav aria-label="Main">${nav}</nav><span class="repo">${options.repo}</span></header>
<main>
<div id="content"${options.pollMs ? html` data-poll="${options.pollMs}"` : ''}>
${content}
</div>
${options.after ?? ''}
</main>
<script src="/assets/app.js" defer></script>
</body>
</html>
`.__html;
}

/** A state shown as a coloured word. */
export function badge(state: string): Html {
  return html`<span class="badge s-${state}">${state}</span>`;
}
