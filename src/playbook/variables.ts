// What may stand inside `${...}`: the variable names of the playbook language.
import type { VarRef } from './model.js';
import { didYouMean } from './suggest.js';

/** Fields every step exposes; `outputs:` adds named ones. */
export const STEP_FIELDS = ['output', 'exit_code', 'success', 'violation'] as const;
/** Ids a step may not take, because `${shell.output}` and `${env.NAME}` use these names. */
export const RESERVED_IDS = ['shell', 'env'];
export const ID_PATTERN = '^[A-Za-z_][A-Za-z0-9_-]*$';

const BARE: Record<string, VarRef> = {
  ARG: { kind: 'arg' },
  item: { kind: 'item' },
  ITERATION: { kind: 'iteration' },
};
const KNOWN =
  '${ARG}, ${item}, ${ITERATION}, ${env.NAME}, ${shell.output} or ${<id>.output|exit_code|success|violation|<output name>}';

const idRe = new RegExp(ID_PATTERN);
const envNameRe = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type ParsedVar = { ok: true; ref: VarRef } | { ok: false; message: string };

/** Parses the inside of `${...}`. `inShell` adds a hint about the shell's own `${VAR}`. */
export function parseVarBody(body: string, inShell: boolean): ParsedVar {
  const name = body.trim();
  const bare = BARE[name];
  if (bare) return { ok: true, ref: bare };
  const dot = name.indexOf('.');
  if (dot === -1) {
    const hint = didYouMean(name, Object.keys(BARE), (c) => `\${${c}}`);
    let advice = hint || `; mmm knows ${KNOWN}`;
    if (inShell && hint === '') {
      advice = envNameRe.test(name)
        ? `; for the shell's own variable write $${name} or $\${${name}}, for mmm's environment \${env.${name}}`
        : `; for the shell's own expansion write $\${${body}}`;
    }
    return { ok: false, message: `unknown variable \`\${${body}}\`${advice}` };
  }
  const head = name.slice(0, dot);
  const field = name.slice(dot + 1);
  if (head === 'env') {
    return envNameRe.test(field)
      ? { ok: true, ref: { kind: 'env', name: field } }
      : {
          ok: false,
          message: `bad environment variable name in \`\${${body}}\`; use \${env.NAME}`,
        };
  }
  if (head === 'shell') {
    return field === 'output'
      ? { ok: true, ref: { kind: 'shell_output' } }
      : {
          ok: false,
          message: `\`\${${body}}\`: only \${shell.output} exists; give the shell step an id and use \${<id>.${field}}`,
        };
  }
  if (!idRe.test(head) || !idRe.test(field)) {
    return {
      ok: false,
      message: `malformed variable \`\${${body}}\`; write \${<id>.<field>} with letters, digits, _ and -`,
    };
  }
  return { ok: true, ref: { kind: 'step', id: head, field } };
}

/** The name a user writes inside `${...}`, e.g. `review.spec` or `shell.output`. */
export function varName(ref: VarRef): string {
  switch (ref.kind) {
    case 'step':
      return `${ref.id}.${ref.field}`;
    case 'shell_output':
      return 'shell.output';
    case 'arg':
      return 'ARG';
    case 'item':
      return 'item';
    case 'iteration':
      return 'ITERATION';
    case 'env':
      return `env.${ref.name}`;
  }
}
