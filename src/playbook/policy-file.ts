// The repository's own `.mmm/policy.yml`: policy rules added to every playbook's, read as they
// are committed. The file can add rules and never turn one off (see readPolicy).
import { LineCounter, parseDocument } from 'yaml';
import type { Problem } from '../errors.js';
import type { PolicyRules } from './model.js';
import { readPolicy } from './policy.js';
import { createLocator } from './positions.js';
import type { NormalizeContext } from './yaml-access.js';

/** Where the file is, relative to the root of the working tree. */
export const POLICY_FILE = '.mmm/policy.yml';

/** The rules of the file's text, or every problem found in it (each at file:line:col). */
export function parsePolicyFile(
  text: string,
  file: string,
): { rules: PolicyRules; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locator = createLocator(file, text, lineCounter);
  const syntax = doc.errors.map((e) => ({
    ...locator.at(e.pos[0]),
    message: `YAML syntax: ${e.message}`,
  }));
  if (syntax.length > 0) return { rules: {}, problems: syntax };
  // A file of comments only adds no rule.
  if (doc.contents === null) return { rules: {}, problems: [] };
  const ctx: NormalizeContext = { doc, locator, problems: [], ids: new Map() };
  const rules = readPolicy(ctx, doc.contents, 'repository');
  return { rules, problems: ctx.problems };
}
