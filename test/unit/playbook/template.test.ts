import { describe, expect, it } from 'vitest';
import type { Template } from '../../../src/playbook/model.js';
import { tokenizeTemplate } from '../../../src/playbook/template.js';
import { varName } from '../../../src/playbook/variables.js';

const posAt = (offset: number) => ({ file: 't.yml', line: 1, col: offset + 1 });
const tokenize = (source: string, shell = false) => tokenizeTemplate(source, { shell, posAt });

/** A compact picture of the parts: text as is, variables as {name|quoting}. */
function show(template: Template): string {
  return template.parts
    .map((p) => (p.kind === 'text' ? p.text : `{${varName(p.ref)}|${p.quoting}}`))
    .join('');
}

describe('tokenizing prompts', () => {
  it.each([
    ['/mmm-implement-spec ${review.spec}', '/mmm-implement-spec {review.spec|none}'],
    ['$ARG and ${ARG}', '{ARG|none} and {ARG|none}'],
    ['$ARGS and $ARG_X stay text', '$ARGS and $ARG_X stay text'],
    [
      '${item} ${ITERATION} ${env.HOME} ${shell.output}',
      '{item|none} {ITERATION|none} {env.HOME|none} {shell.output|none}',
    ],
    ['${ test.exit_code }', '{test.exit_code|none}'],
    ['costs $$5, \\${not.a.var} and $${ARG}', 'costs $5, ${not.a.var} and ${ARG}'],
    ['$HOME, $1, $(date) and a lone $ stay', '$HOME, $1, $(date) and a lone $ stay'],
    ['a\\\\${item}', 'a\\\\{item|none}'],
  ])('%j', (source, expected) => {
    const { template, problems } = tokenize(source);
    expect(problems).toEqual([]);
    expect(show(template)).toBe(expected);
    expect(template.source).toBe(source);
  });

  it('records where each variable starts', () => {
    const { template } = tokenize('fix ${test.output} now');
    const part = template.parts[1];
    expect(part?.kind === 'var' && part.pos.col).toBe(5);
    expect(part?.kind === 'var' && part.raw).toBe('${test.output}');
  });

  it.each([
    ['fix ${test.output', 5, 'unterminated `${`'],
    ['fix ${test.output\nmore}', 5, 'unterminated `${`'],
    ['${HOME}', 1, 'unknown variable `${HOME}`'],
    ['${arg}', 1, 'did you mean ${ARG}?'],
    ['${a.b.c}', 1, 'malformed variable'],
    ['${shell.exit_code}', 1, 'only ${shell.output} exists'],
    ['${env.1X}', 1, 'bad environment variable name'],
  ])('%j is a problem at col %d', (source, col, message) => {
    const { problems } = tokenize(source);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.col).toBe(col);
    expect(problems[0]?.message).toContain(message);
  });
});

describe('tokenizing shell commands', () => {
  it.each([
    ['echo ${x.output}', 'echo {x.output|none}'],
    ['echo "${x.output}"', 'echo "{x.output|double}"'],
    ["echo '${x.output}'", "echo '{x.output|single}'"],
    ['echo "a $(cat "${x.output}") b"', 'echo "a $(cat "{x.output|double}") b"'],
    ['echo "$(printf %s ${x.output})"', 'echo "$(printf %s {x.output|none})"'],
    ['echo `echo ${x.output}`', 'echo `echo {x.output|none}`'],
    ['echo "it\'s" ${x.output}', 'echo "it\'s" {x.output|none}'],
    ['echo \\" ${x.output}', 'echo \\" {x.output|none}'],
    ["# don't\necho ${x.output}", "# don't\necho {x.output|none}"],
    ["echo a#b'c' ${x.output}", "echo a#b'c' {x.output|none}"],
    [
      "cat <<EOF\nit's ${x.output}\nEOF\necho '${ARG}'",
      "cat <<EOF\nit's {x.output|double}\nEOF\necho '{ARG|single}'",
    ],
    [
      'cat <<-"EOF" | tr a b\n\tquoted $HOME\n\tEOF\necho ${ARG}',
      'cat <<-"EOF" | tr a b\n\tquoted $HOME\n\tEOF\necho {ARG|none}',
    ],
    ['cat <<<"${x.output}"', 'cat <<<"{x.output|double}"'],
    ['echo $(( 1 + 2 )) ${x.output}', 'echo $(( 1 + 2 )) {x.output|none}'],
  ])('%j', (source, expected) => {
    const { template, problems } = tokenize(source, true);
    expect(problems).toEqual([]);
    expect(show(template)).toBe(expected);
  });

  it('keeps \\$ for the shell, which reads it as a literal $, and turns $$ into $', () => {
    expect(show(tokenize('echo \\${x} $$HOME "$${HOME}"', true).template)).toBe(
      'echo \\${x} $HOME "${HOME}"',
    );
  });

  it('refuses a variable inside a quoted here-document, where the shell expands nothing', () => {
    const { problems } = tokenize("cat <<'EOF'\n${x.output}\nEOF", true);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining('inside a quoted here-document'),
    ]);
  });

  it("suggests the shell's own syntax for ${HOME} in a shell command", () => {
    const { problems } = tokenize('cp a "${HOME}/b"', true);
    expect(problems[0]?.message).toContain('write $HOME or $${HOME}');
  });
});
