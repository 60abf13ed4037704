// Values reach shell steps as environment variables, never as shell source: run for real.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exec } from '../../../src/infra/exec.js';
import { renderShell, renderText } from '../../../src/playbook/index.js';
import type { VarContext } from '../../../src/playbook/model.js';
import { tokenizeTemplate } from '../../../src/playbook/template.js';

const posAt = (offset: number) => ({ file: 't.yml', line: 1, col: offset + 1 });
const template = (source: string, shell = true) => {
  const { template: t, problems } = tokenizeTemplate(source, { shell, posAt });
  expect(problems).toEqual([]);
  return t;
};
const context = (output: string): VarContext => ({
  steps: { evil: { output, exitCode: 0, success: true, named: { spec: output } } },
  lastShellOutput: output,
  arg: output,
  item: output,
  iteration: 1,
  env: {},
});

const HOSTILE = [
  '$(touch pwned); rm -rf x',
  '`touch pwned`; rm -f x',
  "'; touch pwned; rm x; echo '",
  '"; touch pwned; rm x; echo "',
  'line one\n$(touch pwned)\nrm x\n',
  '${IFS}*; touch pwned',
  '  spaced   *  glob? [x] ~ \\ \\n ',
];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mmm-render-'));
  writeFileSync(join(dir, 'x'), 'keep me');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function runShell(source: string, value: string) {
  const { script, env } = renderShell(template(source), context(value));
  const result = await exec('sh', ['-c', script], { cwd: dir, env });
  return { script, result };
}

describe('renderShell', () => {
  it.each(HOSTILE)('%j runs nothing, deletes nothing and arrives byte for byte', async (value) => {
    const commands = [
      'printf %s ${evil.output} > out-bare',
      'printf %s "${evil.output}" > out-double',
      "printf %s '${evil.output}' > out-single",
      'printf %s "$(printf %s ${evil.output})" > out-subst',
      'printf %s $ARG${item}"${shell.output}" > out-joined',
      'cat > out-heredoc <<EOF\n${evil.spec}\nEOF',
    ];
    for (const command of commands) {
      const { result } = await runShell(command, value);
      expect(result.exitCode, `${command}: ${result.stderr}`).toBe(0);
    }
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
    expect(readFileSync(join(dir, 'x'), 'utf8')).toBe('keep me');
    for (const name of ['out-bare', 'out-double', 'out-single']) {
      expect(readFileSync(join(dir, name), 'utf8'), name).toBe(value);
    }
    // Command substitution strips trailing newlines, as it would for any value.
    expect(readFileSync(join(dir, 'out-subst'), 'utf8')).toBe(value.replace(/\n+$/, ''));
    expect(readFileSync(join(dir, 'out-joined'), 'utf8')).toBe(value + value + value);
    expect(readFileSync(join(dir, 'out-heredoc'), 'utf8')).toBe(`${value}\n`);
    expect(readdirSync(dir).sort()).toEqual(
      [
        'out-bare',
        'out-double',
        'out-heredoc',
        'out-joined',
        'out-single',
        'out-subst',
        'x',
      ].sort(),
    );
  });

  it('puts no value into the script itself', () => {
    const { script, env } = renderShell(
      template(`echo \${evil.output} "\${evil.output}" 'a \${evil.output} b'`),
      context('$(touch pwned)'),
    );
    expect(script).toBe(`echo "\${MMM_VAR_1}" "\${MMM_VAR_2}" 'a '"\${MMM_VAR_3}"' b'`);
    expect(script).not.toContain('pwned');
    expect(env).toEqual({
      MMM_VAR_1: '$(touch pwned)',
      MMM_VAR_2: '$(touch pwned)',
      MMM_VAR_3: '$(touch pwned)',
    });
  });

  it('leaves the shell its own $HOME, $1 and $(...)', async () => {
    const { result } = await runShell(
      'set -- one; printf "%s|%s|%s" "$1" "$(echo sub)" ${ARG}',
      'v',
    );
    expect(result.stdout).toBe('one|sub|v');
  });

  it('renders values that are not set as empty strings', async () => {
    const { script, env } = renderShell(template('echo "[${gone.output}]" [$ARG]'), {
      steps: {},
      lastShellOutput: undefined,
      arg: undefined,
      item: undefined,
      iteration: 3,
      env: {},
    });
    const result = await exec('sh', ['-c', script], { cwd: dir, env });
    expect(result.stdout).toBe('[] []\n');
  });
});

describe('renderText', () => {
  it('substitutes plainly into prompts', () => {
    const t = template(
      '/mmm-fix-test ${evil.output} (iteration ${ITERATION}, $ARG) costs $$5',
      false,
    );
    expect(renderText(t, context('`x` $(y)'))).toBe(
      '/mmm-fix-test `x` $(y) (iteration 1, `x` $(y)) costs $5',
    );
  });
});
