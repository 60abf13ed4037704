// `mmm validate` through the CLI entry, with its own streams.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

async function validate(args: string[], cwd: string) {
  const out = sink();
  const err = sink();
  const code = await runCli(['validate', ...args], {
    cwd,
    env: { NO_COLOR: '1' },
    stdout: out.stream,
    stderr: err.stream,
    interactive: false,
    signal: new AbortController().signal,
    interruptedBy: () => undefined,
    setExitCode: () => undefined,
  });
  // eslint-disable-next-line no-control-regex
  const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
  return { code, stdout: plain(out.text()), stderr: plain(err.text()) };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mmm-validate-'));
  writeFileSync(
    join(dir, 'good.yml'),
    [
      'steps:',
      '  - claude: /mmm-code-review',
      '    id: review',
      '    outputs: { spec: { file_pattern: "specs/*.md" } }',
      '  - claude: /mmm-implement-spec ${review.spec}',
      '  - shell: npm test',
      '    on_failure: { claude: "/mmm-fix-test ${shell.output}" }',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'bad.yml'),
    '- shell: npm test\n  timeout: soon\n- claude: /x ${nope.output}\n',
  );
});

describe('mmm validate', () => {
  it('prints ok and a one-line summary on stdout, exit 0', async () => {
    const r = await validate(['good.yml'], dir);
    expect(r).toEqual({
      code: 0,
      stdout: 'ok good.yml: 3 steps, max 1 iteration, variables: review.spec, shell.output\n',
      stderr: '',
    });
  });

  it('prints every problem as file:line:col on stderr, exit 2', async () => {
    const r = await validate(['good.yml', 'bad.yml'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('ok good.yml');
    expect(r.stderr.split('\n')).toEqual([
      expect.stringMatching(/^bad\.yml:2:12: bad duration `soon` for `timeout`/),
      expect.stringMatching(
        /^bad\.yml:3:14: `\$\{nope\.output\}` refers to no step with id `nope`/,
      ),
      'bad.yml: 2 problems',
      '',
    ]);
  });

  it('--json reports files, problems and summaries on stdout', async () => {
    const r = await validate(['--json', 'good.yml', 'bad.yml', 'missing.yml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { files: Array<Record<string, unknown>> };
    expect(report.files).toEqual([
      {
        file: 'good.yml',
        ok: true,
        problems: [],
        summary: '3 steps, max 1 iteration, variables: review.spec, shell.output',
      },
      {
        file: 'bad.yml',
        ok: false,
        problems: [
          expect.objectContaining({ file: 'bad.yml', line: 2, col: 12 }),
          expect.objectContaining({ file: 'bad.yml', line: 3, col: 14 }),
        ],
        summary: null,
      },
      expect.objectContaining({
        file: 'missing.yml',
        ok: false,
        error: 'playbook not found: missing.yml',
      }),
    ]);
  });

  it('a missing file is a clear error, exit 2', async () => {
    const r = await validate(['missing.yml'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error: playbook not found: missing.yml');
  });

  it('needs at least one file', async () => {
    const r = await validate([], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing required argument 'playbook'");
  });
});
