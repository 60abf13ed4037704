// `mmm validate`: check playbooks without running anything.
import { MmmError, PlaybookError, type Problem } from '../errors.js';
import { readPlaybookText } from './load.js';
import { parsePlaybook } from './parse.js';
import { summarizePlaybook } from './summary.js';

/** The outcome for one file. */
export interface FileReport {
  file: string;
  ok: boolean;
  /** Every problem, each with file:line:col. */
  problems: Problem[];
  /** One line about a valid playbook ("3 steps, max 1 iteration, …"); null when not valid. */
  summary: string | null;
  /** Set when the file could not be read at all. */
  error?: string;
  hint?: string;
}

export interface ValidateReport {
  ok: boolean;
  files: FileReport[];
}

export interface ValidateOptions {
  cwd: string;
}

export async function validateFiles(
  files: readonly string[],
  options: ValidateOptions,
): Promise<ValidateReport> {
  const reports: FileReport[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readPlaybookText(file, options.cwd);
    } catch (error) {
      // Bytes that are not UTF-8 are a problem in the playbook, reported like any other.
      if (error instanceof PlaybookError) {
        reports.push({ file, ok: false, problems: error.problems, summary: null });
        continue;
      }
      if (!(error instanceof MmmError)) throw error;
      const report: FileReport = { file, ok: false, problems: [], summary: null };
      report.error = error.message;
      if (error.hint !== undefined) report.hint = error.hint;
      reports.push(report);
      continue;
    }
    const { playbook, problems } = parsePlaybook(text, file);
    reports.push({
      file,
      ok: playbook !== undefined,
      problems,
      summary: playbook ? summarizePlaybook(playbook) : null,
    });
  }
  return { ok: reports.every((r) => r.ok), files: reports };
}
