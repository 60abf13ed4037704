// Regenerates the screenshots of `mmm ui` in docs/ui/: builds a small repository with a few runs
// (one with agent calls by the scripted fake claude, a failed one, one waiting for approval, one in a
// worktree session), serves it with the built bin, and photographs each page in Debian's Chromium
// through playwright-core. Run `npm run build` first; then `node scripts/ui-screenshots.mjs`.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'mmm.js');
const out = join(root, 'docs', 'ui');
const fakeDir = join(root, 'test', 'fixtures', 'fake-claude');
const browserPath = process.env.MMM_CHROMIUM ?? '/usr/bin/chromium';

const work = mkdtempSync(join(tmpdir(), 'mmm-ui-shots-'));
const repo = join(work, 'shop');
const home = join(work, 'home');
mkdirSync(repo, { recursive: true });
const scenario = join(work, 'fake-claude.scenario.json');
const env = {
  ...process.env,
  HOME: home,
  MMM_HOME: join(home, '.mmm'),
  GIT_CONFIG_GLOBAL: join(home, '.gitconfig'),
  GIT_CONFIG_NOSYSTEM: '1',
  NO_COLOR: '1',
  MMM_CLAUDE_BIN: join(fakeDir, 'claude'),
  MMM_FAKE_CLAUDE_SCENARIO: scenario,
  PATH: `${fakeDir}${delimiter}${process.env.PATH ?? ''}`,
};

const git = (...args) => execFileSync('git', args, { cwd: repo, env, encoding: 'utf8' }).trim();
const write = (path, text) => {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
};
const mmm = (...args) => {
  try {
    execFileSync(process.execPath, [bin, ...args], { cwd: repo, env, stdio: 'ignore' });
  } catch {
    // A failed or paused run is part of the picture.
  }
};

git('init', '-q', '-b', 'main');
git('config', 'user.name', 'Ada Lovelace');
git('config', 'user.email', 'ada@example.com');
git('config', 'commit.gpgsign', 'false');
write('README.md', '# shop\n');
write(
  'src/cart.ts',
  'export function total(prices: number[]): number {\n  let sum = 0;\n  for (const p of prices) sum += p;\n  return sum;\n}\n',
);
write(
  'improve.yml',
  `name: improve
budget: { max_cost_usd: 2, max_agent_calls: 10 }
steps:
  - claude: "/mmm-code-review src/cart.ts"
    id: review
  - shell: "printf 'tests: 12 passed\\\\n'"
    id: test
  - claude: "Add a test for the discount rule"
`,
);
write(
  'docs.yml',
  'name: docs\nsteps:\n  - shell: "printf \'\\\\n## Shipping\\\\nFree from 50.\\\\n\' >> README.md"\n',
);
write('lint.yml', 'name: lint\nsteps:\n  - shell: "echo \'src/cart.ts:3 no-var\'; exit 1"\n');
write(
  'reviewed.yml',
  'name: reviewed\nsteps:\n  - claude: "Add free shipping over 50"\n    gate: approve\n  - shell: "echo done"\n',
);
writeFileSync(
  scenario,
  JSON.stringify({
    turns: [
      {
        select: 'code-review',
        repeat: true,
        cost: 0.1825,
        model: 'claude-sonnet-4-5',
        usage: { input_tokens: 5400, output_tokens: 820, cache_read_input_tokens: 12000 },
        result: 'Reviewed src/cart.ts: total() should reject negative prices.',
        write: {
          'src/cart.ts':
            '/** The sum of the prices; a negative price is a mistake upstream. */\nexport function total(prices: number[]): number {\n  if (prices.some((p) => p < 0)) throw new RangeError("negative price");\n  return prices.reduce((sum, p) => sum + p, 0);\n}\n',
        },
      },
      {
        select: 'discount',
        repeat: true,
        cost: 0.0932,
        model: 'claude-sonnet-4-5',
        usage: { input_tokens: 3100, output_tokens: 640 },
        result: 'Added test/cart.test.ts.',
        write: {
          'test/cart.test.ts':
            'import { total } from "../src/cart";\n\ntest("sums prices", () => {\n  expect(total([1, 2.5])).toBe(3.5);\n});\n',
        },
      },
      {
        select: 'shipping',
        repeat: true,
        cost: 0.061,
        model: 'claude-sonnet-4-5',
        usage: { input_tokens: 2100, output_tokens: 300 },
        result: 'Shipping is free from 50.',
        write: {
          'src/shipping.ts':
            'export const FREE_FROM = 50;\n\nexport function shipping(total: number): number {\n  return total >= FREE_FROM ? 0 : 4.9;\n}\n',
        },
      },
    ],
  }),
);
git('add', '-A');
git('commit', '-q', '-m', 'A shop');

mmm('cook', 'improve.yml');
mmm('cook', 'lint.yml');
mmm('cook', 'docs.yml', '--worktree');
mmm('cook', 'reviewed.yml');

const server = spawn(process.execPath, [bin, 'ui', '--no-open'], { cwd: repo, env });
const url = await new Promise((resolve, reject) => {
  let text = '';
  server.stdout.on('data', (d) => {
    text += d;
    const m = /http:\S+/.exec(text);
    if (m) resolve(m[0]);
  });
  server.on('exit', (code) => reject(new Error(`mmm ui exited ${code}`)));
});
const base = new URL(url).origin;

const browser = await chromium.launch({ executablePath: browserPath, args: ['--no-sandbox'] });
try {
  mkdirSync(out, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(url);
  const shot = async (name, options = {}) => {
    await page.screenshot({ path: join(out, `${name}.png`), fullPage: true, ...options });
    console.log(`docs/ui/${name}.png`);
  };
  await page.goto(`${base}/`);
  await shot('runs');
  const first = page.locator('#runs tbody tr', { hasText: 'improve.yml' }).last();
  await first.locator('a').first().click();
  await page.locator('details[id$="-diff"] summary').first().click();
  await page.locator('table.diff').first().waitFor();
  await page.locator('details[id^="output-"] summary').nth(1).click();
  await page.locator('details[id^="prompt-"] summary').first().click();
  await shot('run');
  await page.goto(`${base}/approvals`);
  await shot('approvals');
  await page.goto(`${base}/sessions`);
  await shot('sessions');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/`);
  await shot('runs-narrow');
} finally {
  await browser.close();
  server.kill('SIGINT');
  rmSync(work, { recursive: true, force: true });
}
