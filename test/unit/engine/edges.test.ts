// The engine's small pure parts at their edges: output file patterns (dotfiles, .git, links,
// directories, ties, links out of the tree), run ids (same millisecond, a counter that overflows,
// far dates), and limit waits at the deadline and reset time.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentLimit } from '../../../src/agents/types.js';
import { matchFiles, newestMatch } from '../../../src/engine/glob.js';
import { firstBackoff, planPause, realSleep } from '../../../src/engine/limit-wait.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tree(files: Record<string, number>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mmm-glob-'));
  dirs.push(dir);
  for (const [path, mtime] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), path);
    utimesSync(join(dir, path), mtime, mtime);
  }
  return dir;
}

describe('output file patterns', () => {
  it('match dotfiles and files only, never inside .git, and do not follow links', async () => {
    const dir = tree({ '.hidden.md': 1000, 'docs/a.md': 1000, '.git/HEAD.md': 1000 });
    mkdirSync(join(dir, 'dir.md'));
    const outside = tree({ 'secret.md': 1000 });
    symlinkSync(outside, join(dir, 'linked'));
    expect((await matchFiles(dir, '**/*.md')).sort()).toEqual(['.hidden.md', 'docs/a.md']);
    expect(await matchFiles(dir, 'docs')).toEqual([]);
  });

  it('find nothing outside the working tree: through a linked directory, .. or an absolute path', async () => {
    const dir = tree({ 'docs/a.md': 1000, 'docs/sub/b.md': 1000 });
    const outside = tree({ 'secret.md': 1000 });
    symlinkSync(outside, join(dir, 'linked'));
    symlinkSync(join(outside, 'secret.md'), join(dir, 'docs', 'file-link.md'));
    expect(await matchFiles(dir, 'linked/*.md')).toEqual([]);
    expect(await newestMatch(dir, 'linked/*.md')).toBeUndefined();
    expect(await matchFiles(dir, `../${basename(outside)}/*.md`)).toEqual([]);
    expect(await matchFiles(dir, `${outside}/*.md`)).toEqual([]);
    expect(await matchFiles(dir, 'docs/*.md')).toEqual(['docs/a.md']);
    // From a step's directory, .. stays inside the tree as long as it does not leave the root.
    const sub = join(dir, 'docs', 'sub');
    expect(await matchFiles(sub, '../*.md', dir)).toEqual(['../a.md']);
    expect(await newestMatch(sub, '../../linked/*.md', dir)).toBeUndefined();
  });

  it('break a tie of modification times by path, the last path winning', async () => {
    const dir = tree({ 'out/b.md': 5000, 'out/a.md': 5000, 'out/c.md': 5000, 'out/0.md': 1000 });
    expect(await newestMatch(dir, 'out/*.md')).toBe('out/c.md');
  });
});

describe('run ids', () => {
  // Each test loads the module afresh: ids remember the last one this process made.
  afterEach(() => vi.resetModules());
  const load = async () => (await import('../../../src/engine/run-id.js')).newRunId;

  it('begin with the millisecond in 11 hex digits, then 5 more', async () => {
    const newRunId = await load();
    const at = new Date('2026-03-04T05:06:07.089Z');
    const id = newRunId(at);
    expect(id.slice(0, 11)).toBe(at.getTime().toString(16).padStart(11, '0'));
    expect(id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('pad the millisecond and the random part with zeros', async () => {
    const newRunId = await load();
    expect(newRunId(new Date(0))).toMatch(/^0{11}[0-7][0-9a-f]{4}$/);
    expect(newRunId(new Date(0))).toMatch(/^0{11}[0-7][0-9a-f]{4}$/);
  });

  it('made after an id of a later clock still sort after it, in the same millisecond', async () => {
    const newRunId = await load();
    const late = newRunId(new Date('2026-03-04T00:00:01Z'));
    const early = newRunId(new Date('2026-03-04T00:00:00Z'));
    expect(early.slice(0, 11)).toBe(late.slice(0, 11));
    expect(parseInt(early.slice(11), 16)).toBe(parseInt(late.slice(11), 16) + 1);
  });

  it('move on to the next millisecond when the counter of one is used up', async () => {
    const newRunId = await load();
    const at = new Date('2026-03-04T00:00:00Z');
    const ms = at.getTime().toString(16).padStart(11, '0');
    let id = newRunId(at);
    let made = 1;
    while (id.startsWith(ms) && made <= 0x100000) {
      id = newRunId(at);
      made += 1;
    }
    expect(id).toBe((at.getTime() + 1).toString(16).padStart(11, '0') + '00000');
    const next = newRunId(at);
    expect(next).toBe((at.getTime() + 1).toString(16).padStart(11, '0') + '00001');
  });

  it('keep 16 digits for a date whose millisecond needs more than 11', async () => {
    const newRunId = await load();
    expect(newRunId(new Date(8.64e15))).toHaveLength(16);
  });
});

describe('limit waits at the edges', () => {
  const HOUR = 3_600_000;
  const now = 1_000_000;
  const rate: AgentLimit = { kind: 'rate_limit', resetsAt: undefined };

  it('waits for a reset exactly at the deadline, and gives up on one a millisecond later', () => {
    const at = (ms: number): AgentLimit => ({ kind: 'usage_limit', resetsAt: new Date(ms) });
    expect(planPause(at(now + HOUR), 1, now, now + HOUR, HOUR)).toEqual({ until: now + HOUR });
    expect(planPause(at(now + HOUR + 1), 1, now, now + HOUR, HOUR)).toEqual({
      giveUp: `it lifts at ${new Date(now + HOUR + 1).toISOString()}, later than agent.wait_on_limit (1h) allows; raise agent.wait_on_limit or run again then`,
    });
  });

  it('backs off when the reset time is now, and when no reset is named', () => {
    const limit: AgentLimit = { kind: 'usage_limit', resetsAt: new Date(now) };
    expect(planPause(limit, 1, now, now + HOUR, HOUR)).toEqual({ until: now + 30_000 });
    expect(planPause(rate, 1, now, now + HOUR, HOUR)).toEqual({ until: now + 30_000 });
  });

  it('takes only a positive, finite MMM_LIMIT_BACKOFF_MS', () => {
    for (const value of ['0', '-5', 'Infinity', '']) {
      expect(firstBackoff({ MMM_LIMIT_BACKOFF_MS: value })).toBe(30_000);
    }
    expect(firstBackoff({ MMM_LIMIT_BACKOFF_MS: '0.5' })).toBe(0.5);
  });

  it('sleeps for real, and an abort ends the sleep at once', async () => {
    const started = Date.now();
    await realSleep(20, new AbortController().signal);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    const controller = new AbortController();
    const sleeping = realSleep(60_000, controller.signal);
    controller.abort();
    await expect(sleeping).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
