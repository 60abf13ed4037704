// mmm ui in a real browser: Debian's Chromium (/usr/bin/chromium) driven by playwright-core, against
// `mmm ui --no-open` started from the built bin, on repositories whose runs the bin makes.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMmm } from '../helpers/bin.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';

const CHROMIUM = '/usr/bin/chromium';
// Where Chromium is missing outside CI these tests say so and skip; CI installs it (.ci/run).
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser && !process.env.CI) {
  console.warn(`skipping the browser tests: no ${CHROMIUM} (apt-get install chromium)`);
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

let browser: Browser | undefined;
beforeAll(async () => {
  if (haveBrowser || process.env.CI) {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }
});
afterAll(async () => {
  await browser?.close();
});

function repo(files: Record<string, string>): TempRepo {
  const r = makeTempRepo({ 'README.md': '# browser\n', ...files });
  cleanups.push(r.cleanup);
  return r;
}

const mmm = (args: string[], cwd: string) => startMmm(args, cwd).done;

/** Starts `mmm ui --no-open` in the repository and returns the address it printed. */
async function serve(r: TempRepo): Promise<string> {
  const { child, done } = startMmm(['ui', '--no-open'], r.dir);
  cleanups.push(async () => {
    child.kill('SIGINT');
    const ended = await done;
    expect(ended.status).toBe(130);
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/\S+/.exec(out);
      if (m) resolve(m[0]);
    });
    void done.then((f) => reject(new Error(`mmm ui ended: ${f.stderr}`)));
  });
}

async function open(url: string): Promise<Page> {
  if (!browser) throw new Error(`no browser at ${CHROMIUM}`);
  const context = await browser.newContext();
  cleanups.push(() => context.close());
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

describe.skipIf(!haveBrowser && !process.env.CI)('mmm ui in Chromium', () => {
  it('shows the runs page, follows a live run of a shell playbook to its end, and opens a step diff', async () => {
    const r = repo({
      'slow.yml': [
        'name: slow',
        'steps:',
        '  - shell: "sleep 1; echo one > one.txt"',
        `  - shell: "sleep 1; printf 'export const two: number = 2;\\\\n' > two.ts"`,
        '  - shell: "sleep 1; echo three"',
        '',
      ].join('\n'),
      'quick.yml': 'name: quick\nsteps:\n  - shell: echo quick > q.txt\n',
    });
    expect((await mmm(['cook', 'quick.yml'], r.dir)).status).toBe(0);
    const page = await open(await serve(r));
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe('Runs');
    await page.locator('#runs td', { hasText: 'quick.yml' }).waitFor();

    // The run starts after the page was loaded: the list shows it without a reload.
    const cooked = mmm(['cook', 'slow.yml'], r.dir);
    const row = page.locator('#runs tr', { hasText: 'slow.yml' });
    await row.waitFor({ timeout: 15_000 });
    await row.locator('a').first().click();
    await expect
      .poll(() => page.locator('h1 .badge').textContent(), { timeout: 10_000 })
      .toBe('running');
    // The page follows the run to its end by itself.
    await expect
      .poll(() => page.locator('h1 .badge').textContent(), { timeout: 20_000 })
      .toBe('done');
    await expect
      .poll(() => page.locator('#live-log').textContent(), { timeout: 10_000 })
      .toContain('run.finished');
    await expect.poll(() => page.locator('.step').count(), { timeout: 10_000 }).toBe(3);
    expect((await cooked).status).toBe(0);

    // Keyboard: the diff of step 2 opens from its summary with Enter.
    const summary = page.locator('#step-1-1-step summary', { hasText: 'Diff' });
    await summary.focus();
    await page.keyboard.press('Enter');
    const diff = page.locator('#step-1-1-step table.diff');
    await diff.waitFor({ state: 'visible' });
    await expect
      .poll(() => page.locator('#step-1-1-step h4').textContent(), { timeout: 10_000 })
      .toContain('two.ts');
    await expect
      .poll(() => diff.locator('.hljs-keyword').first().textContent(), { timeout: 10_000 })
      .toBe('export');
    await expect.poll(() => diff.locator('tr.d-add').count(), { timeout: 10_000 }).toBe(1);
  });

  it('merges a session from the sessions page, and the branch moves in git', async () => {
    const r = repo({ 'wt.yml': 'name: wt\nsteps:\n  - shell: echo session > s.txt\n' });
    expect((await mmm(['cook', 'wt.yml', '--worktree'], r.dir)).status).toBe(0);
    const before = r.git('rev-parse', 'main');
    const page = await open(await serve(r));
    await page.getByRole('link', { name: 'Sessions' }).click();
    const name = (await page.locator('#sessions tbody td.mono').first().textContent()) ?? '';
    expect(name).toMatch(/^wt-/);
    const tip = r.git('rev-parse', `mmm/${name}`);
    expect(tip).not.toBe(before);
    await page.getByRole('button', { name: `Merge ${name}` }).click();
    await expect
      .poll(() => page.locator('#job-state').textContent(), { timeout: 20_000 })
      .toContain('exit code 0');
    await expect
      .poll(() => page.locator('#job-output').textContent(), { timeout: 10_000 })
      .toContain(`Merged ${name} into main`);
    expect(r.git('rev-parse', 'main')).toBe(tip);
    await page.getByRole('link', { name: '← Sessions' }).click();
    await expect
      .poll(() => page.locator('#sessions').textContent(), { timeout: 10_000 })
      .toContain('merged');
  });

  it('approves a pending proposal, and the run goes on to its end', async () => {
    const r = repo({
      'gated.yml': [
        'name: gated',
        'steps:',
        '  - shell: echo one >> g.txt',
        '    gate: approve',
        '  - shell: echo two > h.txt',
        '',
      ].join('\n'),
    });
    expect((await mmm(['cook', 'gated.yml'], r.dir)).status).toBe(5);
    const page = await open(await serve(r));
    await expect
      .poll(() => page.locator('#runs .badge').first().textContent(), { timeout: 10_000 })
      .toBe('paused');
    await page.getByRole('link', { name: 'Approvals' }).click();
    await expect
      .poll(() => page.locator('table.diff').textContent(), { timeout: 10_000 })
      .toContain('one');
    // Typed and sent with the keyboard alone.
    await page.getByLabel('Comment').fill('fine by me');
    await page.getByLabel('Comment').press('Enter');
    await expect
      .poll(() => page.locator('#job-state').textContent(), { timeout: 20_000 })
      .toContain('exit code 0');
    await expect
      .poll(() => page.locator('#job-output').textContent(), { timeout: 10_000 })
      .toContain('Approved proposal 1');
    await page.getByRole('link', { name: '← the run' }).click();
    await expect
      .poll(() => page.locator('h1 .badge').textContent(), { timeout: 10_000 })
      .toBe('done');
    await expect.poll(() => page.locator('.step').count(), { timeout: 10_000 }).toBe(2);
    await expect
      .poll(() => page.locator('#content').textContent(), { timeout: 10_000 })
      .toContain('fine by me');
    expect(r.git('show', 'HEAD:h.txt')).toBe('two');
  });
});
