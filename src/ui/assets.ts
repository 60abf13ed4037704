// The UI's stylesheet and script, served by mmm itself (no CDN: the UI works without a network).
// The colours of highlighted code are highlight.js's own theme, read from its package (see app.ts).

export const STYLESHEET = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --soft: #f6f8fa;
  --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; --info: #0969da; --add: #dafbe1; --del: #ffebe9; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--info); }
a:focus-visible, button:focus-visible, summary:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible {
  outline: 3px solid #0969da; outline-offset: 2px; }
header.top { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: baseline; padding: .6rem 1rem; border-bottom: 1px solid var(--line); background: var(--soft); }
header.top .brand { font-weight: 700; margin-right: .5rem; }
header.top nav { display: flex; flex-wrap: wrap; gap: .25rem .9rem; }
header.top nav a[aria-current="page"] { font-weight: 700; color: var(--fg); text-decoration: none; }
header.top .repo { color: var(--muted); font-size: .85rem; overflow-wrap: anywhere; }
main { padding: 1rem; max-width: 1200px; margin: 0 auto; }
h1 { font-size: 1.35rem; margin: .2rem 0 .8rem; overflow-wrap: anywhere; }
h2 { font-size: 1.1rem; margin: 1.4rem 0 .5rem; }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
h4 { font-size: .9rem; margin: .6rem 0 .3rem; font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.warn { color: var(--warn); }
.table-wrap { overflow-x: auto; }
table.list { border-collapse: collapse; width: 100%; font-size: .9rem; }
table.list th, table.list td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
table.list th { background: var(--soft); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; }
pre { background: var(--soft); border: 1px solid var(--line); padding: .6rem; overflow: auto; max-height: 32rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 1rem; font-size: .8rem; font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.s-done, .s-ok, .s-approved, .s-completed, .s-merged { color: var(--ok); }
.s-failed, .s-crashed, .s-rejected, .s-conflicted { color: var(--bad); }
.s-paused, .s-stopped, .s-interrupted, .s-pending, .s-missing { color: var(--warn); }
.s-running { color: var(--info); }
.s-skipped, .s-cleaned { color: var(--muted); }
form.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; margin-bottom: .8rem; }
form.filters label, form.act label { display: flex; flex-direction: column; font-size: .85rem; gap: .15rem; }
form.act { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin: .4rem 0; }
form.act label.check { flex-direction: row; align-items: center; gap: .3rem; }
input[type=text], select, textarea { font: inherit; padding: .3rem .4rem; border: 1px solid var(--line); border-radius: 4px; min-width: 12rem; max-width: 100%; }
button { font: inherit; padding: .35rem .9rem; border-radius: 4px; border: 1px solid #1f883d; background: #1f883d; color: #fff; cursor: pointer; }
button.secondary { background: var(--soft); color: var(--fg); border-color: var(--line); }
button.danger { background: var(--bad); border-color: var(--bad); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0 0 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; margin: .6rem 0; }
.card.error { border-color: var(--bad); background: #fff8f8; }
.step { border-left: 3px solid var(--line); padding: .2rem 0 .2rem .8rem; margin: .6rem 0; }
.step.st-ok { border-left-color: var(--ok); } .step.st-failed { border-left-color: var(--bad); } .step.st-running { border-left-color: var(--info); }
.step .head { display: flex; flex-wrap: wrap; gap: .2rem .8rem; align-items: baseline; }
.step .label { font-family: ui-monospace, monospace; font-weight: 600; overflow-wrap: anywhere; }
details { margin: .3rem 0; }
summary { cursor: pointer; }
.meter { height: .6rem; background: var(--soft); border: 1px solid var(--line); border-radius: 3px; overflow: hidden; max-width: 20rem; }
.meter > span { display: block; height: 100%; background: var(--info); }
.meter.over > span { background: var(--bad); }
.diff-scroll { overflow-x: auto; border: 1px solid var(--line); }
table.diff { border-collapse: collapse; width: 100%; font-family: ui-monospace, monospace; font-size: .8rem; }
table.diff td { padding: 0 .4rem; white-space: pre; vertical-align: top; }
table.diff td.ln { color: var(--muted); text-align: right; user-select: none; width: 1%; }
table.diff td.sg { width: 1%; user-select: none; }
table.diff code.hljs { padding: 0; background: transparent; display: inline; }
tr.d-add { background: var(--add); } tr.d-del { background: var(--del); }
tr.d-hunk td { background: #ddf4ff; color: var(--muted); padding: .15rem .4rem; }
ol.live { font-family: ui-monospace, monospace; font-size: .8rem; max-height: 14rem; overflow: auto; padding-left: 3rem; }
.chart text { font-size: 11px; fill: var(--fg); }
.chart rect { fill: var(--info); }
.pager { display: flex; gap: 1rem; margin: .8rem 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
@media (max-width: 640px) {
  main { padding: .6rem; }
  table.list.stack thead { display: none; }
  table.list.stack tr { display: block; border-bottom: 1px solid var(--line); padding: .3rem 0; }
  table.list.stack td { display: flex; justify-content: space-between; gap: 1rem; border: 0; padding: .1rem .2rem; text-align: right; }
  table.list.stack td::before { content: attr(data-label); color: var(--muted); text-align: left; }
  dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-bottom: .3rem; }
}
`;

// Live updates: the page names its server-sent event stream in data-live; on news it fetches
// itself again and swaps #content, keeping open <details> open. Outputs and diffs load on demand.
export const SCRIPT = `
(function () {
  'use strict';
  function loadInto(d) {
    if (!d.open || d.getAttribute('data-loaded')) return;
    var target = d.querySelector('[data-target]');
    var src = d.getAttribute('data-src');
    if (!target || !src) return;
    d.setAttribute('data-loaded', '1');
    target.textContent = 'Loading…';
    fetch(src, { headers: { 'x-mmm-fragment': '1' }, credentials: 'same-origin' })
      .then(function (r) { return r.text().then(function (t) { return { r: r, t: t }; }); })
      .then(function (x) {
        if (d.getAttribute('data-kind') === 'text') { target.textContent = x.t; moreLink(d, x.r); }
        else target.innerHTML = x.t;
      })
      .catch(function () { target.textContent = 'Could not load it; the link below opens it.'; d.removeAttribute('data-loaded'); });
  }
  function moreLink(d, r) {
    var more = d.querySelector('a[data-more]');
    var next = r.headers.get('x-mmm-next-offset');
    if (!more) return;
    if (next) { more.hidden = false; more.setAttribute('href', d.getAttribute('data-base') + '?offset=' + next); }
    else more.hidden = true;
  }
  function bind(root) {
    root.querySelectorAll('details[data-src]').forEach(function (d) {
      d.addEventListener('toggle', function () { loadInto(d); });
      loadInto(d);
    });
    root.querySelectorAll('a[data-more]').forEach(function (a) {
      a.addEventListener('click', function (e) {
        e.preventDefault();
        var d = a.closest('details');
        var target = d && d.querySelector('[data-target]');
        fetch(a.getAttribute('href'), { headers: { 'x-mmm-fragment': '1' } })
          .then(function (r) { return r.text().then(function (t) { if (target) target.textContent += t; moreLink(d, r); }); });
      });
    });
  }
  var busy = false, again = false;
  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(location.href, { headers: { 'x-mmm-fragment': 'page' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (text) {
        if (text === null) return;
        var doc = new DOMParser().parseFromString(text, 'text/html');
        var fresh = doc.getElementById('content');
        var cur = document.getElementById('content');
        if (!fresh || !cur) return;
        var open = Array.prototype.map.call(cur.querySelectorAll('details[open][id]'), function (d) { return d.id; });
        var focused = document.activeElement && document.activeElement.id;
        cur.replaceWith(fresh);
        open.forEach(function (id) { var d = document.getElementById(id); if (d) d.open = true; });
        bind(fresh);
        if (focused) { var f = document.getElementById(focused); if (f) f.focus(); }
        var poll = fresh.getAttribute('data-poll');
        if (poll) setTimeout(refresh, Number(poll));
      })
      .finally(function () { busy = false; if (again) { again = false; setTimeout(refresh, 200); } });
  }
  bind(document);
  var content = document.getElementById('content');
  if (content && content.getAttribute('data-poll')) setTimeout(refresh, Number(content.getAttribute('data-poll')));
  var live = document.body.getAttribute('data-live');
  if (live && window.EventSource) {
    var source = new EventSource(live);
    var log = document.getElementById('live-log');
    var timer = null;
    function soon() { if (!timer) timer = setTimeout(function () { timer = null; refresh(); }, 150); }
    source.addEventListener('event', function (e) {
      var d = JSON.parse(e.data);
      if (log) {
        var li = document.createElement('li');
        li.value = d.seq;
        li.textContent = d.at + '  ' + d.type + '  ' + d.text;
        log.appendChild(li);
        log.scrollTop = log.scrollHeight;
        log.closest('details') && log.closest('details').removeAttribute('hidden');
      }
      soon();
    });
    source.addEventListener('change', soon);
  }
})();
`;
