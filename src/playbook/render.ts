// Turns tokenized templates into text at run time. Values never become shell source.
import type { Template, VarContext, VarRef } from './model.js';

/** The value of a variable now; anything not set (a skipped step, no $ARG) is "". */
export function resolveVar(ref: VarRef, ctx: VarContext): string {
  switch (ref.kind) {
    case 'step': {
      const values = ctx.steps[ref.id];
      if (!values) return '';
      if (ref.field === 'output') return values.output;
      if (ref.field === 'exit_code') return values.exitCode === null ? '' : String(values.exitCode);
      if (ref.field === 'success') return values.success ? 'true' : 'false';
      if (ref.field === 'violation') return values.violation ?? '';
      return values.named[ref.field] ?? '';
    }
    case 'shell_output':
      return ctx.lastShellOutput ?? '';
    case 'arg':
      return ctx.arg ?? '';
    case 'item':
      return ctx.item ?? '';
    case 'iteration':
      return String(ctx.iteration);
    case 'env':
      return ctx.env[ref.name] ?? '';
  }
}

/** Plain substitution, for agent prompts and values that are not shell source. */
export function renderText(template: Template, ctx: VarContext): string {
  let out = '';
  for (const part of template.parts) {
    out += part.kind === 'text' ? part.text : resolveVar(part.ref, ctx);
  }
  return out;
}

/**
 * Which part of a template would bring a NUL byte into its text, rendered now: the variable as
 * the playbook writes it (`` `${build.output}` ``), or undefined when none would. Step output is the
 * usual source. A NUL cannot be carried by an argument or an environment variable (the system
 * ends those strings at the first NUL), so a shell step cannot be given one, and mmm does not put
 * one in a prompt either: it is binary data spliced into text, and the engine reports it by name
 * instead of letting it be cut or fail deep in process creation.
 */
export function findNulByte(template: Template, ctx: VarContext): string | undefined {
  for (const part of template.parts) {
    if (part.kind === 'text') {
      if (part.text.includes('\0')) return 'the playbook text';
    } else if (resolveVar(part.ref, ctx).includes('\0')) return `\`${part.raw}\``;
  }
  return undefined;
}

export interface RenderedShell {
  /** The command with each variable replaced by a reference to an environment variable. */
  script: string;
  /** `MMM_VAR_<n>` values to add to the shell's environment. */
  env: Record<string, string>;
}

/**
 * Renders a `shell:` command so that every value reaches the shell as one word it never
 * re-parses: `"${MMM_VAR_1}"` bare, `${MMM_VAR_1}` inside double quotes, and inside single
 * quotes the quote is closed and reopened around it.
 */
export function renderShell(template: Template, ctx: VarContext): RenderedShell {
  let script = '';
  const env: Record<string, string> = {};
  let n = 0;
  for (const part of template.parts) {
    if (part.kind === 'text') {
      script += part.text;
      continue;
    }
    n += 1;
    const name = `MMM_VAR_${n}`;
    env[name] = resolveVar(part.ref, ctx);
    switch (part.quoting) {
      case 'none':
        script += `"\${${name}}"`;
        break;
      case 'double':
        script += `\${${name}}`;
        break;
      case 'single':
        script += `'"\${${name}}"'`;
        break;
    }
  }
  return { script, env };
}
