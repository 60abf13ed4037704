// `policy:` through the built bin: each rule blocks (nothing reaches the branch, the change is on
// a blocked ref, exit 4) or warns (the change lands with a warning); the ledger keeps the record.
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMmm } from '../helpers/bin.js';
import { writeScenario } from '../helpers/fake-claude.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';

const mmm = (args: string[], cwd: string, env?: Record<string, string>) =>
  startMmm(args, cwd, env).done;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function repo(files: Record<string, string>): TempRepo {
  const r = makeTempRepo({ 'README.md': '# policy\n', ...files });
  cleanups.push(r.cleanup);
  return r;
}

function savedRefs(r: TempRepo): string[] {
  const out = r.git('for-each-ref', '--format=%(refname)', 'refs/mmm/');
  return out === '' ? [] : out.split('\n');
}

function playbook(policy: string, steps: string): string {
  return `name: fence\n${policy ? `policy:\n${policy}\n` : ''}steps:\n${steps}\n`;
}

/** An access key ID of the documented AKIA… shape, made here so no source file holds one. */
function accessKeyId(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let id = 'AKIA';
  while (id.length < 20) id += chars[randomInt(chars.length)] ?? 'Q';
  return id;
}

/** A step command writing the key in $PLANTED on line 2 of creds.ini. */
const PLANT = 'printf "[default]\\naws_access_key_id = %s\\n" "$PLANTED" > creds.ini';
const SECRET_SAYS =
  /secrets: added what looks like a secret at creds\.ini:2 \(AWSAccessKeyID, @secretlint\/secretlint-rule-aws\)/;

interface Case {
  rule: string;
  policy: string;
  command: string;
  files?: Record<string, string>;
  /** A path the step's change holds. */
  path: string;
  says: RegExp;
}

const CASES: Case[] = [
  {
    rule: 'max_changed_files',
    policy: '  max_changed_files: 1',
    command: 'echo a > one.txt; echo b > two.txt',
    path: 'two.txt',
    says: /max_changed_files: changed 2 files, more than 1: one\.txt, two\.txt/,
  },
  {
    rule: 'max_changed_lines',
    policy: '  max_changed_lines: 3',
    command: 'seq 1 5 > lines.txt',
    path: 'lines.txt',
    says: /max_changed_lines: changed 5 lines \(\+5 -0\), more than 3/,
  },
  {
    rule: 'deny_paths',
    policy: '  deny_paths: ["*.pem"]',
    command: 'mkdir -p keys && echo k > keys/server.pem',
    path: 'keys/server.pem',
    says: /deny_paths: changed denied paths: keys\/server\.pem \(\*\.pem\)/,
  },
  {
    rule: 'allow_paths',
    policy: '  allow_paths: ["src/**"]',
    command: 'mkdir -p src && echo x > src/a.txt && echo y > notes.txt',
    path: 'notes.txt',
    says: /allow_paths: changed paths outside src\/\*\*: notes\.txt/,
  },
  {
    rule: 'deny_deletions',
    policy: '  deny_deletions: true',
    command: 'rm old.txt && echo n > new.txt',
    files: { 'old.txt': 'old\n' },
    path: 'new.txt',
    says: /deny_deletions: deleted old\.txt/,
  },
  {
    rule: 'dependencies',
    policy: '  dependencies: true',
    command: 'mkdir -p web && echo "{}" > web/package.json',
    path: 'web/package.json',
    says: /dependencies: changed dependency manifests or lockfiles: web\/package\.json/,
  },
  {
    rule: 'protect',
    policy: '',
    command: 'mkdir -p .github/workflows && echo "on: push" > .github/workflows/ci.yml',
    path: '.github/workflows/ci.yml',
    says: /protect: changed protected paths: \.github\/workflows\/ci\.yml/,
  },
];

describe('a rule of severity block', () => {
  it.each(CASES)(
    '$rule keeps the change off the branch, on a blocked ref, and stops with exit 4',
    async (c) => {
      const r = repo({
        ...c.files,
        'pb.yml': playbook(c.policy, `  - shell: '${c.command}'\n    id: change`),
      });
      const start = r.git('rev-parse', 'HEAD');
      const result = await mmm(['cook', 'pb.yml'], r.dir);
      expect(result.status, result.stderr).toBe(4);
      expect(result.stdout).toMatch(/mmm: stopped/);
      expect(result.stdout).toMatch(/stopped +blocked by policy/);
      expect(result.stderr).toMatch(c.says);
      // Nothing of the step is on the branch, and the tree is back where it started.
      expect(r.git('rev-parse', 'HEAD')).toBe(start);
      expect(r.git('status', '--porcelain')).toBe('');
      const [blocked] = savedRefs(r);
      expect(blocked).toMatch(/^refs\/mmm\/[0-9a-f]+\/blocked-1$/);
      expect(r.git('cat-file', '-t', `${blocked ?? ''}:${c.path}`)).toBe('blob');
      expect(result.stderr).toContain(blocked);
    },
  );
});

describe('a rule of severity warn', () => {
  it('lets each change land and prints a warning line for each rule broken', async () => {
    const warn = CASES.filter((c) => c.rule !== 'protect');
    const policy = [
      '  max_changed_files: { value: 1, severity: warn }',
      '  max_changed_lines: { value: 3, severity: warn }',
      '  deny_paths: { value: ["*.pem"], severity: warn }',
      '  allow_paths: { value: ["src/**"], severity: warn }',
      '  deny_deletions: warn',
      '  dependencies: { value: true, severity: warn }',
      '  protect: { value: true, severity: warn }',
      '  secrets: warn',
    ].join('\n');
    const steps = [...warn, CASES.find((c) => c.rule === 'protect') as Case]
      .map((c) => c.command)
      .concat(PLANT)
      .map((command) => `  - shell: '${command}'`)
      .join('\n');
    const r = repo({ 'old.txt': 'old\n', 'pb.yml': playbook(policy, steps) });
    const key = accessKeyId();
    const result = await mmm(['cook', 'pb.yml'], r.dir, { PLANTED: key });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`warning: policy ${SECRET_SAYS.source}`));
    expect(r.git('show', 'HEAD~1:creds.ini')).toContain(key);
    expect(result.stderr + result.stdout).not.toContain(key);
    for (const c of CASES) {
      expect(result.stderr).toMatch(new RegExp(`warning: policy ${c.says.source}`));
      expect(r.git('cat-file', '-t', `HEAD:${c.path}`)).toBe('blob');
    }
    expect(savedRefs(r)).toEqual([]);
    const show = await mmm(
      [
        'runs',
        'show',
        '--json',
        r.git('log', '-1', '--format=%(trailers:key=Mmm-Run,valueonly)').trim(),
      ],
      r.dir,
    );
    const detail = JSON.parse(show.stdout) as { violations: { rule: string; severity: string }[] };
    expect(new Set(detail.violations.map((v) => v.rule))).toEqual(
      new Set([...CASES.map((c) => c.rule), 'secrets']),
    );
    expect(new Set(detail.violations.map((v) => v.severity))).toEqual(new Set(['warn']));
  });
});

describe('secrets', () => {
  it('blocks an added access key, keeps it off the branch, and never writes the key itself', async () => {
    const key = accessKeyId();
    const r = repo({
      'pb.yml': playbook('  secrets: true', `  - shell: '${PLANT}'\n    id: plant`),
    });
    const start = r.git('rev-parse', 'HEAD');
    const result = await mmm(['cook', 'pb.yml'], r.dir, { PLANTED: key });
    expect(result.status, result.stderr).toBe(4);
    expect(result.stderr).toMatch(SECRET_SAYS);
    expect(r.git('rev-parse', 'HEAD')).toBe(start);
    expect(r.git('log', '--format=%H', 'main', '--', 'creds.ini')).toBe('');
    const [blocked = ''] = savedRefs(r);
    expect(r.git('show', `${blocked}:creds.ini`)).toContain(key);
    const runId = blocked.split('/')[2] ?? '';
    const show = await mmm(['runs', 'show', runId], r.dir);
    expect(show.stdout).toMatch(/status +stopped \(policy\), exit 4/);
    expect(show.stdout).toMatch(/Policy\n.*\n +1 +1 +step +1 +blocked +secrets: .*creds\.ini:2/);
    const exported = await mmm(['runs', 'export', runId], r.dir);
    expect(exported.stdout).toContain('"ruleId": "@secretlint/secretlint-rule-aws"');
    for (const text of [result.stdout, result.stderr, show.stdout, exported.stdout]) {
      expect(text).not.toContain(key);
    }
  });

  it('blocks a key and a denied path a commit of the step added, even when a later one removed them', async () => {
    const key = accessKeyId();
    const command = `${PLANT} && echo k > server.pem && git add -A && git commit -q -m add && git rm -q creds.ini server.pem && git commit -q -m remove && echo kept > kept.txt`;
    const r = repo({
      'pb.yml': playbook('  secrets: true\n  deny_paths: ["*.pem"]', `  - shell: '${command}'`),
    });
    const start = r.git('rev-parse', 'HEAD');
    const result = await mmm(['cook', 'pb.yml'], r.dir, { PLANTED: key });
    expect(result.status, result.stderr).toBe(4);
    expect(result.stderr).toMatch(SECRET_SAYS);
    expect(result.stderr).toMatch(/deny_paths: changed denied paths: server\.pem .*own commit/);
    expect(r.git('rev-parse', 'HEAD')).toBe(start);
    expect(r.git('log', '--format=%H', 'main', '--', 'creds.ini', 'server.pem')).toBe('');
    expect(result.stderr).not.toContain(key);
  });

  it('reads the commits of a step as stored, whatever replace refs the step made', async () => {
    const command =
      'echo k > id.pem && git add id.pem && git commit -q -m add && git rm -q id.pem && git commit -q -m remove && git replace --graft HEAD HEAD~2';
    const r = repo({ 'pb.yml': playbook('  deny_paths: ["*.pem"]', `  - shell: '${command}'`) });
    const start = r.git('rev-parse', 'HEAD');
    const result = await mmm(['cook', 'pb.yml'], r.dir);
    expect(result.status, result.stderr).toBe(4);
    expect(result.stderr).toMatch(/deny_paths: changed denied paths: id\.pem .*own commit/);
    expect(r.git('rev-parse', 'main')).toBe(start);
  });
});

describe('blocked steps and their handlers', () => {
  it('runs on_failure with ${<id>.violation}; a handler that fixes the cause lets the step land', async () => {
    const r = repo({
      'drafts/a.txt': 'a\n',
      'drafts/server.pem': 'key\n',
      'pb.yml': playbook(
        '  deny_paths: ["public/*.pem"]',
        [
          "  - shell: 'mkdir -p public && cp drafts/* public/'",
          '    id: publish',
          '    on_failure:',
          '      shell: \'printf "%s\\n" "${publish.violation}" > why.txt && rm drafts/server.pem\'',
          '      max_attempts: 2',
        ].join('\n'),
      ),
    });
    const result = await mmm(['cook', 'pb.yml'], r.dir);
    expect(result.status, result.stderr).toBe(0);
    expect(r.git('show', 'HEAD~1:why.txt')).toMatch(
      /^deny_paths: changed denied paths: public\/server\.pem/,
    );
    expect(r.git('ls-tree', '-r', '--name-only', 'HEAD', 'public/')).toBe('public/a.txt');
    const [blocked = ''] = savedRefs(r);
    expect(r.git('cat-file', '-t', `${blocked}:public/server.pem`)).toBe('blob');
  });

  it('stops with exit 4 when the handler gives up', async () => {
    const r = repo({
      'pb.yml': playbook(
        '  deny_paths: ["*.pem"]',
        "  - shell: 'echo k > a.pem'\n    on_failure:\n      shell: 'true'\n      max_attempts: 2",
      ),
    });
    const result = await mmm(['cook', 'pb.yml'], r.dir);
    expect(result.status, result.stderr).toBe(4);
    expect(savedRefs(r).map((ref) => ref.replace(/.*\//, ''))).toEqual(['blocked-1', 'blocked-2']);
    expect(r.git('log', '--format=%s')).toBe('initial');
  });

  it("blocks the agent's own commits as well: the branch goes back to where the step started", async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'mmm-policy-'));
    cleanups.push(() => rmSync(scratch, { recursive: true, force: true }));
    const fake = writeScenario(scratch, [
      { write: { 'src/app.ts': 'export {};\n', 'keys/dev.pem': 'k\n' }, commit: 'agent work' },
    ]);
    const r = repo({ 'pb.yml': playbook('  deny_paths: ["*.pem"]', '  - claude: "do it"') });
    const start = r.git('rev-parse', 'HEAD');
    const result = await mmm(['cook', 'pb.yml'], r.dir, fake.env);
    expect(result.status, result.stderr).toBe(4);
    expect(r.git('rev-parse', 'main')).toBe(start);
    const [blocked = ''] = savedRefs(r);
    expect(r.git('log', '--format=%s', blocked)).toMatch(
      /^mmm: work saved to .*\nagent work\ninitial$/,
    );
  });
});

describe('the default protected paths and the repository policy', () => {
  it('protect: false lets a step change a workflow', async () => {
    const r = repo({
      'pb.yml': playbook(
        '  protect: false',
        `  - shell: '${CASES.find((c) => c.rule === 'protect')?.command ?? ''}'`,
      ),
    });
    const result = await mmm(['cook', 'pb.yml'], r.dir);
    expect(result.status, result.stderr).toBe(0);
    expect(r.git('cat-file', '-t', 'HEAD~1:.github/workflows/ci.yml')).toBe('blob');
  });

  it('adds the rules of a committed .mmm/policy.yml, which a playbook cannot turn off', async () => {
    const r = repo({
      '.mmm/policy.yml': 'deny_paths: ["*.log"]\n',
      'pb.yml': playbook(
        '  deny_paths: false\n  protect: false',
        "  - shell: 'echo x > debug.log'",
      ),
    });
    const result = await mmm(['cook', 'pb.yml'], r.dir);
    expect(result.status, result.stderr).toBe(4);
    expect(result.stderr).toMatch(
      /deny_paths \(\.mmm\/policy\.yml\): changed denied paths: debug\.log/,
    );
  });

  it('refuses a .mmm/policy.yml that would turn a rule off, before anything runs (exit 2)', async () => {
    const r = repo({
      '.mmm/policy.yml': 'secrets: true\nprotect: false\n',
      'pb.yml': playbook('', "  - shell: 'echo x > a.txt'"),
    });
    const result = await mmm(['cook', 'pb.yml'], r.dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /\.mmm\/policy\.yml:2:10: `protect: false` turns nothing off here/,
    );
    expect(r.git('log', '--format=%s')).toBe('initial');
  });
});
