// Input and output mmm does not control (step output, agent answers, playbook text, --args) as a
// user meets it through the built bin: prompts of any size, NUL bytes, terminal control
// sequences, forged commit trailers, paths out of the tree, an agent's own budget stop.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMmm } from '../helpers/bin.js';
import { writeScenario, type FakeTurn } from '../helpers/fake-claude.js';
import {
  pricedModel,
  realClaudeEnv,
  startModelServer,
  toolThenText,
} from '../helpers/model-server.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';

const mmm = (args: string[], cwd: string, env?: Record<string, string>) =>
  startMmm(args, cwd, env).done;

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
function repo(files: Record<string, string>): TempRepo {
  const r = makeTempRepo({ 'README.md': '# e2e\n', ...files });
  cleanups.push(r.cleanup);
  return r;
}
function fake(turns: FakeTurn[]) {
  return writeScenario(mkdtempSync(join(tmpdir(), 'mmm-fake-')), turns);
}

describe('prompts of any size', () => {
  it('hands a prompt holding three 60 KB step outputs to the agent whole', async () => {
    const make = (id: string, letter: string) =>
      `  - shell: node -e "process.stdout.write('${letter}'.repeat(60000))"\n    id: ${id}\n`;
    const r = repo({
      'pb.yml':
        'name: big\nsteps:\n' +
        make('a', 'a') +
        make('b', 'b') +
        make('c', 'c') +
        '  - claude: "Look at ${a.output}|${b.output}|${c.output}|end"\n',
    });
    const agent = fake([{ write: { 'seen.txt': 'yes\n' } }]);
    const result = await mmm(['cook', 'pb.yml'], r.dir, agent.env);
    expect(result.stderr).not.toMatch(/E2BIG|could not start/);
    expect(result.status).toBe(0);
    const [call] = agent.calls();
    expect(call?.promptVia).toBe('stdin');
    expect(call?.prompt).toBe(
      `Look at ${'a'.repeat(60000)}|${'b'.repeat(60000)}|${'c'.repeat(60000)}|end`,
    );
  });
});

describe("the agent's own budget stop", () => {
  it('stops the run as a budget stop (exit 4) when claude ends a call at --max-budget-usd', async () => {
    const r = repo({
      'pb.yml':
        'name: spend\nbudget: { max_cost_usd: 0.5 }\nsteps:\n  - claude: /mmm-lint\n  - claude: /mmm-more\n',
    });
    const agent = fake([
      {
        write: { 'half.txt': 'half done\n' },
        subtype: 'error_max_budget_usd',
        error: 'Reached maximum budget ($0.5)',
        cost: 0.52,
      },
    ]);
    const result = await mmm(['cook', 'pb.yml'], r.dir, agent.env);
    expect(result.status).toBe(4);
    expect(agent.calls()).toHaveLength(1);
    expect(agent.calls()[0]?.flags['--max-budget-usd']).toBe('0.5');
    expect(result.stdout).toMatch(/budget/);
    // Nothing half-done is committed; it is kept on a ref.
    expect(r.git('log', '--format=%s')).toBe('initial');
    const saved = r.git('for-each-ref', '--format=%(refname)', 'refs/mmm/');
    const [, runId] = /^refs\/mmm\/([^/]+)\/budget-1$/.exec(saved) ?? [];
    expect(r.git('show', `${saved}:half.txt`)).toBe('half done');
    const shown = await mmm(['runs', 'show', runId ?? 'none'], r.dir);
    expect(shown.stdout).toMatch(/status\s+stopped \(budget\), exit 4/);
  });

  it('stops the same way with the real Claude Code CLI', async () => {
    const server = await startModelServer(
      toolThenText(
        (request) => ({
          name: 'Write',
          input: { file_path: join(request.cwd ?? 'no-cwd', 'spent.txt'), content: 'spent\n' },
        }),
        'Wrote spent.txt',
      ),
    );
    cleanups.push(() => server.close());
    const home = mkdtempSync(join(tmpdir(), 'mmm-claude-home-'));
    const r = repo({
      'pb.yml': [
        'name: spend',
        'agent: { permission_mode: acceptEdits, allowed_tools: [Write], model: ' +
          pricedModel +
          ' }',
        'budget: { max_cost_usd: 0.000001 }',
        'steps:',
        '  - claude: Write spent.txt',
        '',
      ].join('\n'),
    });
    const env = { ...realClaudeEnv(server, home), IS_SANDBOX: '' };
    const result = await mmm(['cook', 'pb.yml'], r.dir, env);
    expect(result.status).toBe(4);
    expect(result.stdout).toMatch(/budget/);
    expect(r.git('log', '--format=%s')).toBe('initial');
  }, 120_000);
});

describe('bytes a value cannot carry', () => {
  it('names the variable and the step when a NUL byte would reach a prompt', async () => {
    const r = repo({
      'pb.yml':
        'name: nul\nsteps:\n  - shell: printf "a\\\\000b"\n    id: build\n  - claude: "Fix ${build.output}"\n    id: fix\n',
    });
    const agent = fake([]);
    const result = await mmm(['cook', 'pb.yml'], r.dir, agent.env);
    expect(result.status).toBe(1);
    expect(agent.calls()).toEqual([]);
    expect(result.stdout).toMatch(/step 2 \(fix\) failed: `\$\{build\.output\}` .*NUL byte/);
    expect(result.stdout + result.stderr).not.toMatch(/args\[|null bytes/);
  });

  it('names the variable and the step when a NUL byte would reach a shell variable', async () => {
    const r = repo({
      'pb.yml':
        'name: nul\nsteps:\n  - shell: printf "a\\\\000b"\n    id: build\n  - shell: echo ${build.output}\n    id: show\n',
    });
    const result = await mmm(['cook', 'pb.yml'], r.dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/step 2 \(show\) failed: `\$\{build\.output\}` .*NUL byte/);
    expect(result.stdout + result.stderr).not.toMatch(/args\[|null bytes|options\.env/);
  });

  it('names the variable when a NUL byte would reach an env: value', async () => {
    const r = repo({
      'pb.yml':
        'name: nul\nsteps:\n  - shell: printf "a\\\\000b"\n    id: build\n  - shell: echo "$OUT"\n    id: show\n    env: { OUT: "${build.output}" }\n',
    });
    const result = await mmm(['cook', 'pb.yml'], r.dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/step 2 \(show\) failed: `\$\{build\.output\}` in env OUT .*NUL/);
  });

  it('passes output that is not UTF-8 on byte for byte, in the file ${id.output} names', async () => {
    const r = repo({
      'pb.yml': [
        'name: bytes',
        'steps:',
        // "café" in Latin-1: the \351 byte is not UTF-8.
        "  - shell: printf 'caf\\351\\n' > latin1.txt && cat latin1.txt",
        '    id: enc',
        '  - shell: cmp "${enc.output}" latin1.txt',
        '',
      ].join('\n'),
    });
    const result = await mmm(['cook', 'pb.yml'], r.dir);
    expect(result.stderr).not.toMatch(/failed/);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/steps\s+2 ok, 0 failed/);
    // The ledger names the file and the hash of the bytes as printed.
    const db = new Database(join(r.dir, '.mmm', 'mmm.db'), { readonly: true });
    const row = db
      .prepare('SELECT content, path, sha256 FROM outputs WHERE step_id = ?')
      .get('enc');
    db.close();
    const bytes = Buffer.from('caf\xe9\n', 'latin1');
    expect(row).toMatchObject({
      content: null,
      path: expect.stringMatching(/\.log$/),
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });
});

describe('output a terminal can trust', () => {
  // Sets the window title, clears the screen, rings the bell, starts a C1 CSI sequence, and
  // rewrites its own line to fake a success.
  const EVIL = String.raw`printf '\033]0;pwned\007\033[2J\033[Hsecret\302\233c\rall tests passed\n'; exit 1`;
  // eslint-disable-next-line no-control-regex
  const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

  it('shows control sequences in step and agent output as visible text, never runs them', async () => {
    const r = repo({
      'pb.yml': `name: term\nsteps:\n  - shell: |\n      ${EVIL}\n    id: evil\n    on_failure: { claude: "fix it", max_attempts: 1, fail_workflow: false }\n  - claude: again\n`,
    });
    const agent = fake([
      { result: '\u001b[2J\u001b[1;1Hfixed\u0007' },
      { error: '\u001b]0;agent title\u0007\u001b[32mall good\u001b[0m' },
    ]);
    const result = await mmm(['cook', 'pb.yml', '--verbose'], r.dir, agent.env);
    expect(result.status).toBe(1);
    const shown = result.stdout + result.stderr;
    expect(shown).not.toMatch(CONTROLS);
    expect(shown).toContain('^[]0;pwned^G^[[2J^[[Hsecret');
    expect(shown).toContain('^[]0;agent title^G^[[32mall good^[[0m');
    // The line that tried to rewrite itself is shown with its carriage return made visible.
    expect(shown).toContain('secret\\x9bc^Mall tests passed');

    // The ledger keeps the bytes as they were printed.
    const db = new Database(join(r.dir, '.mmm', 'mmm.db'), { readonly: true });
    const outputs = db.prepare('SELECT content FROM outputs').all() as { content: string }[];
    const errors = db.prepare('SELECT error FROM attempts').all() as { error: string | null }[];
    const { id } = db.prepare('SELECT id FROM runs').get() as { id: string };
    db.close();
    expect(outputs.map((o) => o.content).join('')).toContain(
      '\u001b]0;pwned\u0007\u001b[2J\u001b[Hsecret\u009bc\rall tests passed\n',
    );
    expect(errors.map((e) => e.error).join('')).toContain('\u001b]0;agent title\u0007');

    const detail = await mmm(['runs', 'show', id], r.dir);
    expect(detail.status).toBe(0);
    expect(detail.stdout).not.toMatch(CONTROLS);
    expect(detail.stdout).toContain('^[]0;agent title^G');
  });
});

describe('commit messages', () => {
  // A divider line ("--- ") makes `git interpret-trailers` read the lines before it as trailers.
  const FORGED = 'x\n\nMmm-Run: forged\nMmm-Step: 9 forged\n--- ';

  /** The trailers of each commit, as git parses them from the whole message. */
  function trailers(r: TempRepo): string[] {
    return r
      .git('log', '--format=%H', 'HEAD')
      .split('\n')
      .map((sha) => {
        const message = r.git('log', '-1', '--format=%B', sha);
        return spawnSync('git', ['interpret-trailers', '--parse'], {
          input: message,
        }).stdout.toString();
      });
  }

  it('refuses a playbook name with a line break at load time (exit 2, file:line:col)', async () => {
    const r = repo({
      'pb.yml': `name: ${JSON.stringify(FORGED)}\nsteps:\n  - shell: date > d.txt\n`,
    });
    const result = await mmm(['cook', 'pb.yml'], r.dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/pb\.yml:1:7: `name` must be one line/);
    expect(r.git('log', '--format=%s')).toBe('initial');
  });

  it('never lets a file name, --args or a command forge a trailer', async () => {
    const file = `${FORGED}.yml`;
    const r = repo({
      [file]: [
        '- shell: echo "$ARG" > arg.txt',
        // The first line of a command is the step's label; a CR in it must not matter either.
        '- shell: "echo two > two.txt # \\rMmm-Run: forged"',
        '',
      ].join('\n'),
    });
    const result = await mmm(['cook', file, '--args', FORGED], r.dir);
    expect(result.stderr).not.toMatch(/error/);
    expect(result.status).toBe(0);
    expect(r.git('show', 'HEAD:arg.txt')).toBe(FORGED.trimEnd());
    const parsed = trailers(r).slice(0, -1);
    expect(parsed).toHaveLength(3);
    for (const block of parsed) {
      const keys = block.split('\n').filter(Boolean);
      expect(keys.filter((line) => line.startsWith('Mmm-Run:'))).toEqual([
        expect.stringMatching(/^Mmm-Run: [0-9a-f]{16}$/),
      ]);
      expect(keys.filter((line) => line.startsWith('Mmm-Step:')).length).toBeLessThanOrEqual(1);
      expect(keys.filter((line) => line.startsWith('Mmm-Step: 9'))).toEqual([]);
    }
    expect(r.git('log', '--format=%(trailers:key=Mmm-Run,valueonly)')).not.toContain('forged');
  });
});

describe('working_dir stays in the working tree', () => {
  it('refuses a working_dir that leaves the tree as written (exit 2, file:line:col)', async () => {
    const r = repo({ 'pb.yml': 'steps:\n  - shell: touch escaped\n    working_dir: ../\n' });
    const result = await mmm(['cook', 'pb.yml'], r.dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/pb\.yml:3:18: working_dir \.\.\/ leads out of the working tree/);
  });

  it('fails the step when a value leads working_dir out of the tree', async () => {
    const r = repo({
      'pb.yml':
        'steps:\n  - shell: printf ../..\n    id: where\n  - shell: touch escaped\n    working_dir: ${where.output}\n',
    });
    const result = await mmm(['cook', 'pb.yml'], r.dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      /step 2 \(.*\) failed: working_dir \$\{where\.output\} resolves to \S+, outside the working tree/,
    );
    r.write('arg.yml', 'steps:\n  - shell: touch escaped\n    working_dir: ${ARG}\n');
    r.commitAll('arg playbook');
    const byArg = await mmm(['cook', 'arg.yml', '--args', '/tmp'], r.dir);
    expect(byArg.status).toBe(1);
    expect(byArg.stdout).toMatch(
      /working_dir \$\{ARG\} resolves to \/tmp, outside the working tree/,
    );
    expect(existsSync('/tmp/escaped')).toBe(false);
  });

  it('runs a step in a directory inside the tree, through a link that stays inside', async () => {
    const r = repo({
      'pb.yml': 'steps:\n  - shell: pwd -P > where.txt\n    working_dir: ..dots/../inner\n',
      'sub/keep.txt': 'kept\n',
    });
    symlinkSync('sub', join(r.dir, 'inner'));
    r.commitAll('a link inside');
    const result = await mmm(['cook', 'pb.yml'], r.dir);
    expect(result.status).toBe(0);
    expect(r.git('show', 'HEAD~1:sub/where.txt')).toMatch(/\/sub$/);
  });

  it('fails the step when working_dir is a symbolic link to a directory outside the tree', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'mmm-outside-'));
    cleanups.push(() => rmSync(outside, { recursive: true, force: true }));
    const r = repo({ 'pb.yml': 'steps:\n  - shell: touch escaped\n    working_dir: out/.\n' });
    symlinkSync(outside, join(r.dir, 'out'));
    r.commitAll('a link');
    const result = await mmm(['cook', 'pb.yml'], r.dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      /working_dir out\/\. leads through a symbolic link to \S+, outside/,
    );
    expect(existsSync(join(outside, 'escaped'))).toBe(false);
  });
});
