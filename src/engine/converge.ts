// Fix loops that go in circles: a step that fails the same way try after try stops early
// (on_failure.stop_on_repeat) instead of spending its remaining tries, and what was tried is
// written down for the person who takes it from there (the escalation packet).
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { patchText } from '../git/commit.js';
import { showControls } from '../infra/control-chars.js';
import { shortSha } from '../infra/format.js';
import type { Step } from '../playbook/model.js';
import type { RunContext } from './context.js';
import { readTail } from './execute-shell.js';

/** One failed try of a step in its fix loop, as the packet tells it. */
export interface FailedTry {
  attempt: number;
  /** Where the try started. */
  headBefore: string;
  error: string;
  /** The end of the try's output (or of its error, when it kept none). */
  output: string;
  signature: string;
  /** How many failures its output reports (see failureCount); undefined when it names none. */
  failures: number | undefined;
  /** Lines added and removed from where the loop's first try started to where this one did. */
  changed: number;
}

/** Why a fix loop was given up: the same failure again, or a change growing with no progress. */
export type NotConverging = 'repeat' | 'growing';

// Terminal escape sequences (CSI, OSC, and two-byte ones) are what this pattern is for.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]/g;
// An absolute path: a slash that starts a word, then path characters. `src/a.ts` is kept, since
// which file fails is part of the failure; `/tmp/x-123/src/a.ts` is not.
const ABSOLUTE_PATH = /(?<![\w.~-])(?:\/[^\s/:'"`()<>[\]{},;]+)+\/?/g;
const HEX_ID = /\b[0-9a-f]{7,64}\b/gi;

/**
 * A failure with what differs between two runs of the same failure set aside: terminal escapes,
 * absolute paths (temporary directories), hexadecimal ids (commits, hashes), and every number
 * (times, durations, line and column numbers, counts); runs of blanks become one.
 */
export function normalizeFailure(text: string): string {
  return text
    .replace(ESCAPES, '')
    .replace(ABSOLUTE_PATH, '<path>')
    .replace(HEX_ID, '<id>')
    .replace(/\d+/g, '#')
    .replace(/[ \t\r]+/g, ' ')
    .replace(/ ?\n[ \n]*/g, '\n')
    .trim();
}

/** The failure signature: 12 hex digits of the SHA-256 of the normalized failure. */
export function failureSignature(text: string): string {
  return createHash('sha256').update(normalizeFailure(text)).digest('hex').slice(0, 12);
}

// How much of a try's output is kept for the packet and read for its failures: its end.
const TAIL_BYTES = 16 * 1024;
const TAIL_LINES = 60;

// A test runner's or compiler's summary figure: `3 failed`, `2 failing`, `1 error`, `4 failures`.
const SUMMARY_FIGURE = /\b(\d+)\s+(?:tests?\s+)?(?:failed|failing|failures?|errors?)\b/gi;
// A line whose figures are not failures still to fix: eslint's `1 error and 0 warnings potentially
// fixable with the \`--fix\` option.` follows its summary and counts only part of the problems;
// jest's `Snapshots:   1 failed, 1 total` follows its `Tests:` row, which counts those tests already.
const NOT_A_SUMMARY = /\bfixable\b|^\s*Snapshots:/i;
// Vitest's row of errors outside the tests (`Errors  1 error`, `Type Errors  2 errors`), under its
// `Tests  3 failed | 1 passed` row: the two rows together are its count.
const VITEST_ERRORS = /^\s*(?:Type\s+)?Errors\s+\d+\s+errors?\b/;
// A line that reports a failure of its own, when no summary gives the figure.
const FAILURE_LINE = /\b(?:errors?|fail|failed|failure|failing)\b|[✗✕×]/i;

/** The sum of a line's summary figures; undefined when it has none. */
function summaryFigures(line: string): number | undefined {
  const figures = [...line.matchAll(SUMMARY_FIGURE)].map((m) => Number(m[1]));
  return figures.length > 0 ? figures.reduce((sum, n) => sum + n, 0) : undefined;
}

/**
 * How many failures a try's output reports: the figures of the last summary line that has any
 * (`Tests: 2 failed, 5 passed` → 2; `1 failed, 1 error` → 2; `Found 3 errors` → 3), else the
 * number of lines that name an error or a failure, when the text is shorter than the tail of an
 * output kept for a try (so not cut); undefined when there are none of either.
 */
export function failureCount(text: string): number | undefined {
  const lines = text.replace(ESCAPES, '').split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (NOT_A_SUMMARY.test(line)) continue;
    const figures = summaryFigures(line);
    if (figures === undefined) continue;
    const above = lines[i - 1] ?? '';
    // Vitest's errors row: its tests row, just above, counts too.
    return VITEST_ERRORS.test(line) && /^\s*Tests\s/.test(above)
      ? figures + (summaryFigures(above) ?? 0)
      : figures;
  }
  // Counted in a tail that was cut (outputTail), lines say nothing of how many failures there are:
  // 200 and 80 failing lines both fill it.
  if (lines.length >= TAIL_LINES || text.length >= TAIL_BYTES) return undefined;
  const named = lines.filter((line) => FAILURE_LINE.test(line)).length;
  return named > 0 ? named : undefined;
}

/**
 * True when each of the last `times` fixes made the change larger (more lines changed since the
 * loop's first try) while the failures it reports did not fall: a loop that adds code and gets
 * nowhere. Tries whose output names no failure count are never taken for it.
 */
export function growsWithoutProgress(tries: readonly FailedTry[], times: number): boolean {
  if (tries.length < times + 1) return false;
  for (let i = tries.length - times; i < tries.length; i++) {
    const before = tries[i - 1];
    const after = tries[i];
    if (before?.failures === undefined || after?.failures === undefined) return false;
    if (after.changed <= before.changed || after.failures < before.failures) return false;
  }
  return true;
}

/** Why the loop was given up, in words, for the error and the packet. */
export function notConvergingWhy(
  tries: readonly FailedTry[],
  trigger: NotConverging,
  times: number,
): string {
  const last = tries.at(-1);
  if (trigger === 'repeat') {
    return `it failed the same way ${String(repeatedTries(tries))} tries in a row (failure signature ${last?.signature ?? ''})`;
  }
  const seen = tries.slice(-(times + 1));
  const changed = seen.map((t) => String(t.changed)).join(', ');
  const failures = seen.map((t) => String(t.failures)).join(', ');
  return `its last ${times} fixes made the change larger (lines changed since the first try: ${changed}) while the failures did not fall (${failures})`;
}

/** The last `count` lines of `text`. */
export function lastLines(text: string, count: number): string {
  const lines = text.replace(/\n+$/, '').split('\n');
  return lines.slice(-count).join('\n');
}

/** The last lines of a try's output, kept in memory or spilled to a file. */
export async function outputTail(
  inline: string | undefined,
  file: string | undefined,
): Promise<string> {
  if (inline !== undefined) return lastLines(inline.slice(-TAIL_BYTES), TAIL_LINES);
  if (file === undefined) return '';
  try {
    return lastLines(await readTail(file, TAIL_BYTES), TAIL_LINES);
  } catch {
    return '';
  }
}

/** True when the last `times` tries failed with one signature. */
export function failsAlike(tries: readonly FailedTry[], times: number): boolean {
  return repeatedTries(tries) >= times;
}

/** A fence of backticks longer than any run of backticks in `text`. */
function fenced(text: string, info = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${text.replace(/\n$/, '')}\n${fence}`;
}

const PATCH_BYTES = 64 * 1024;

/** The escalation packet, as Markdown. */
export async function escalationPacket(
  ctx: RunContext,
  step: Step,
  tries: readonly FailedTry[],
  unspent: number,
  resumeCommand: string,
  why: string,
): Promise<string> {
  const handler = step.onFailure?.step;
  const lines: string[] = [
    `# Step ${step.index + 1} (${step.label}) is not converging`,
    '',
    `Run ${ctx.options.runId}${ctx.options.playbookPath ? ` of ${ctx.options.playbookPath}` : ''}, iteration ${ctx.vars.iteration}, in ${ctx.cwd}. ` +
      `The step is not converging: ${why}, so the run stopped with ${unspent} of its ${String(step.onFailure?.maxAttempts ?? tries.length)} tries unspent.`,
    '',
    '## The goal',
    '',
    `The step (${step.kind}):`,
    '',
    fenced(step.command.source),
    '',
  ];
  if (handler) {
    lines.push(
      `Its fix, the on_failure handler (${handler.kind}):`,
      '',
      fenced(handler.command.source),
      '',
    );
  }
  for (const [i, tried] of tries.entries()) {
    lines.push(
      `## Try ${tried.attempt}, from ${shortSha(tried.headBefore)}`,
      '',
      `Failure signature ${tried.signature}${tried.failures === undefined ? '' : `, ${tried.failures} failure(s) reported`}. It failed: ${showControls(tried.error.split('\n')[0] ?? '')}`,
      '',
      fenced(showControls(tried.output)),
      '',
    );
    const next = tries[i + 1];
    if (!next) continue;
    if (next.headBefore === tried.headBefore) {
      lines.push(`The handler changed nothing before try ${next.attempt}.`, '');
      continue;
    }
    const patch = await patchText(ctx.git, ctx.cwd, tried.headBefore, next.headBefore, PATCH_BYTES);
    lines.push(
      `### What changed before try ${next.attempt} (${shortSha(tried.headBefore)}..${shortSha(next.headBefore)})`,
      '',
      fenced(showControls(patch.text), 'diff'),
      ...(patch.cut
        ? [
            '',
            `(cut at ${PATCH_BYTES / 1024} KiB: git diff ${shortSha(tried.headBefore)} ${shortSha(next.headBefore)} shows it whole)`,
          ]
        : []),
      '',
    );
  }
  lines.push(
    '## To go on',
    '',
    `Make the fix yourself in ${ctx.cwd} and commit it, then \`${resumeCommand}\`: the step runs again from your commit, with its tries counted afresh. Or change the playbook and start a new run.`,
    '',
  );
  return lines.join('\n');
}

/** How many of the last tries share the last try's signature. */
export function repeatedTries(tries: readonly FailedTry[]): number {
  const signature = tries.at(-1)?.signature;
  let count = 0;
  for (let i = tries.length - 1; i >= 0 && tries[i]?.signature === signature; i--) count++;
  return count;
}

/**
 * Writes the packet to `<outputDir>/escalation.md`. Returns its path, or why it could not be
 * written (a full disk): the packet is in the run's events in the ledger either way.
 */
export async function writeEscalation(
  ctx: RunContext,
  packet: string,
): Promise<{ path: string; error?: string }> {
  const path = join(ctx.options.outputDir, 'escalation.md');
  try {
    await mkdir(ctx.options.outputDir, { recursive: true });
    await writeFile(path, packet);
    return { path };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { path, error: code ?? (error instanceof Error ? error.message : String(error)) };
  }
}
