// What changed in a playbook file since a run started with it, in a few lines a person can read.
import { parsePlaybook } from '../../playbook/index.js';
import type { Playbook, Step } from '../../playbook/model.js';

const MAX_LINES = 12;

/** A step as written: its kind, command and settings, without where it sits in the file. */
function fingerprint(step: Step | undefined): string {
  return JSON.stringify(step, (key, value: unknown) => (key === 'pos' ? undefined : value));
}

const name = (step: Step) => `step ${String(step.index + 1)} (${step.label})`;

/**
 * Lines naming each step added, removed or changed between the recorded text and the file now,
 * by index and label, then anything else that changed (the name, iterations, agent, budget,
 * env, until). An old text that no longer loads is compared by its lines alone.
 */
export function describePlaybookChanges(oldSource: string, now: Playbook): string[] {
  const old = parsePlaybook(oldSource, now.file).playbook;
  if (!old) return lineChanges(oldSource, now.source);
  const lines: string[] = [];
  const count = Math.max(old.steps.length, now.steps.length);
  for (let i = 0; i < count; i++) {
    const was = old.steps[i];
    const is = now.steps[i];
    if (was && !is) lines.push(`removed: ${name(was)}`);
    else if (!was && is) lines.push(`added: ${name(is)}`);
    else if (was && is && fingerprint(was) !== fingerprint(is)) {
      lines.push(
        was.label === is.label ? `changed: ${name(is)}` : `changed: ${name(was)}, now ${is.label}`,
      );
    }
  }
  if (fingerprint(old.until) !== fingerprint(now.until)) lines.push('changed: until');
  const settings: [string, unknown, unknown][] = [
    ['name', old.name, now.name],
    ['max_iterations', old.maxIterations, now.maxIterations],
    ['agent', old.agent, now.agent],
    ['budget', old.budget, now.budget],
    ['env', old.env, now.env],
  ];
  for (const [key, was, is] of settings) {
    if (JSON.stringify(was) !== JSON.stringify(is)) lines.push(`changed: ${key}`);
  }
  if (lines.length === 0) lines.push('only comments or layout changed');
  return cap(lines);
}

/** The lines that differ, for a recorded text the loader no longer accepts. */
function lineChanges(oldSource: string, newSource: string): string[] {
  const was = oldSource.split('\n');
  const is = newSource.split('\n');
  const lines: string[] = [];
  for (let i = 0; i < Math.max(was.length, is.length); i++) {
    if (was[i] === is[i]) continue;
    if (was[i] !== undefined) lines.push(`line ${String(i + 1)} was: ${was[i] ?? ''}`);
    if (is[i] !== undefined) lines.push(`line ${String(i + 1)} now: ${is[i] ?? ''}`);
  }
  return cap(lines);
}

function cap(lines: string[]): string[] {
  if (lines.length <= MAX_LINES) return lines;
  return [...lines.slice(0, MAX_LINES), `… and ${String(lines.length - MAX_LINES)} more`];
}
