// `secrets:` with secretlint and its recommended rules, over the lines a step adds. Loaded only
// when a policy scans for secrets.
import type { ChangedFile } from '../../git/changes.js';
import type { SecretFinding } from './check.js';

/** The added lines of one file as one text, and the file's line number of each of its lines. */
function addedText(file: ChangedFile): { text: string; lines: (number | undefined)[] } {
  const out: string[] = [];
  const lines: (number | undefined)[] = [];
  let previous: number | undefined;
  for (const { line, text } of file.addedLines) {
    // A NUL is a binary file read as text; there is nothing for the rules there.
    if (text.includes('\0')) continue;
    // Lines apart in the file are kept apart here, so no rule reads them as one.
    if (previous !== undefined && line !== previous + 1) {
      out.push('');
      lines.push(undefined);
    }
    out.push(text);
    lines.push(line);
    previous = line;
  }
  return { text: out.join('\n'), lines };
}

/**
 * Scans what each file adds. The AWS rule's scan for access key IDs, off in secretlint's own
 * defaults, is turned on: an access key ID on a branch is worth stopping for. Messages are masked
 * and never kept: a finding holds the path, the line and the rule, not the text.
 */
export async function scanSecrets(files: readonly ChangedFile[]): Promise<SecretFinding[]> {
  const [{ lintSource }, { creator }] = await Promise.all([
    import('@secretlint/core'),
    import('@secretlint/secretlint-rule-preset-recommend'),
  ]);
  const config = {
    rules: [
      {
        id: creator.meta.id,
        rule: creator,
        rules: [{ id: '@secretlint/secretlint-rule-aws', options: { enableIDScanRule: true } }],
      },
    ],
  };
  const findings: SecretFinding[] = [];
  for (const file of files) {
    const { text, lines } = addedText(file);
    if (text.trim() === '') continue;
    const result = await lintSource({
      source: { filePath: file.path, content: text, contentType: 'text' },
      options: { config, maskSecrets: true },
    });
    for (const message of result.messages) {
      findings.push({
        path: file.path,
        line: lines[message.loc.start.line - 1] ?? 0,
        ruleId: message.ruleId,
        messageId: message.messageId ?? message.ruleId,
      });
    }
  }
  return findings;
}
