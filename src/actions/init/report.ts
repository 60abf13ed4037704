// What `mmm init` prints: one line per file, then the facts it detected.
import { dirname, relative } from 'node:path';
import { COMMAND_KINDS } from './facts.js';
import type { InitResult } from './run-init.js';

/** Lines for stdout; paths are shown relative to `cwd`. */
export function formatInitReport(result: InitResult, cwd: string): string[] {
  const width = Math.max(...result.files.map((f) => f.action.length));
  const lines = result.files.map((file) => {
    const path = relative(cwd, file.path) || file.path;
    const detail = file.detail === undefined ? '' : ` (${file.detail})`;
    return `${file.action.padEnd(width)}  ${path}${detail}`;
  });
  const { facts } = result;
  const orNone = (values: string[]) => (values.length > 0 ? values.join(', ') : 'not detected');
  const commands = COMMAND_KINDS.map((kind) => {
    const found = facts.commands[kind].map((c) => c.run);
    return `${kind}: ${found.length > 0 ? found.map((r) => `\`${r}\``).join(' && ') : 'not detected'}`;
  });
  const count = (action: string) => result.files.filter((f) => f.action === action).length;
  const written = result.files.length - count('skipped');
  lines.push(...result.agentNotes);
  lines.push(
    '',
    `languages: ${orNone(facts.languages)}; package managers: ${orNone(facts.packageManagers)}; default branch: ${facts.defaultBranch}`,
    commands.join('; '),
    written === 0
      ? 'Nothing to do: every file was already in place.'
      : `${String(written)} written, ${String(count('skipped'))} skipped.`,
  );
  if (written > 0) {
    // mmm cook refuses a dirty tree in place, so the new files must be committed first.
    const paths = result.files
      .filter((f) => f.action !== 'skipped')
      .map((f) => relative(cwd, /\.(?:md|toml)$/.test(f.path) ? dirname(f.path) : f.path) || '.');
    const unique = [...new Set(paths)].join(' ');
    lines.push(`Next: git add ${unique} && git commit, then mmm cook <playbook>.`);
  }
  return lines;
}
