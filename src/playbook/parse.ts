// Text → problems and, when there are none, the normalized playbook.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type YAMLError } from 'yaml';
import type { Problem } from '../errors.js';
import type { Playbook, PlaybookForm } from './model.js';
import { normalizePlaybook } from './normalize.js';
import { createLocator, type Locator } from './positions.js';
import { checkReferences } from './references.js';
import { checkSchema } from './schema.js';
import { checkStructure } from './yaml-structure.js';
import type { NormalizeContext } from './yaml-access.js';

export interface ParseResult {
  /** Undefined whenever there is a problem: nothing may run from a playbook with errors. */
  playbook: Playbook | undefined;
  /** Every problem found, in file order. */
  problems: Problem[];
}

const SHAPE =
  'a playbook is a list of steps, or a mapping with `steps:` (or `commands:`) and settings';

function sortProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.line - b.p.line || a.p.col - b.p.col || a.i - b.i)
    .map(({ p }) => p)
    .filter((p) => {
      const key = `${p.line}:${p.col}:${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

// The yaml package's wording, made to say where the fault started and what to do.
function yamlProblem(e: YAMLError, text: string, locator: Locator): Problem {
  const at = e.pos[0];
  if (e.code === 'MULTIPLE_DOCS') {
    return {
      ...locator.at(at),
      message: 'a playbook is one YAML document; remove the `---` line or split the file',
    };
  }
  if (e.code === 'DUPLICATE_KEY') {
    const key = /^[^:\n]*/.exec(text.slice(at))?.[0].trim() ?? '';
    return {
      ...locator.at(at),
      message: `duplicate key \`${key}\`; a key may appear once in a mapping`,
    };
  }
  const quote = /Missing closing (["'])quote/.exec(e.message)?.[1];
  if (quote !== undefined) {
    // The parser notices at the end of the text; the fault is the quote that was never closed.
    const open = text.lastIndexOf(quote, at - 1);
    return {
      ...locator.at(open === -1 ? at : open),
      message: `YAML syntax: this ${quote} string is never closed; add the closing ${quote}`,
    };
  }
  return { ...locator.at(at), message: `YAML syntax: ${e.message}` };
}

/** Parses and checks a playbook's text; `file` is used in problems and the model as given. */
export function parsePlaybook(text: string, file: string): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    merge: true,
  });
  const locator = createLocator(file, text, lineCounter);
  // A value starting with `!` is read as a YAML tag; say that instead of the parser's complaint.
  const tags = doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED');
  const yamlProblems = [
    ...tags.map((w) => ({
      ...locator.at(w.pos[0]),
      message: `YAML read \`${text.slice(w.pos[0], w.pos[1])}\` as a tag; put the whole value in quotes when \`!\` is part of it`,
    })),
    ...doc.errors
      .filter((e) => tags.length === 0 || !e.message.startsWith('Tags and anchors'))
      .map((e) => yamlProblem(e, text, locator)),
  ];
  if (yamlProblems.length > 0) {
    return { playbook: undefined, problems: sortProblems(yamlProblems) };
  }
  const structure = checkStructure(doc, locator);
  if (structure.length > 0) return { playbook: undefined, problems: sortProblems(structure) };
  const root = doc.contents;
  let form: PlaybookForm;
  const problems: Problem[] = [];
  if (isSeq(root)) form = 'list';
  else if (isMap(root)) {
    const has = (key: string) => root.items.some((p) => isScalar(p.key) && p.key.value === key);
    form = has('commands') ? 'commands' : 'mapping';
    if (has('commands') && has('steps')) {
      problems.push({
        ...locator.node(root),
        message: 'use either `steps:` or `commands:`, not both; move the commands into steps',
      });
    } else if (!has('commands') && !has('steps')) {
      problems.push({ ...locator.node(root), message: `no \`steps:\`: ${SHAPE}` });
    }
  } else {
    const empty = root === null || (isScalar(root) && root.value === null);
    const message = empty ? `the playbook is empty: ${SHAPE}` : `${SHAPE}, not a single value`;
    return { playbook: undefined, problems: [{ ...locator.node(root), message }] };
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    // The yaml package refuses documents whose aliases would expand without bound.
    const message = `cannot expand this YAML: ${(error as Error).message}; use fewer aliases (*name)`;
    return { playbook: undefined, problems: [{ ...locator.node(root), message }] };
  }
  problems.push(...checkSchema(data, form === 'list' ? 'stepList' : 'playbook', doc, locator));
  const ctx: NormalizeContext = { doc, locator, problems: [], ids: new Map() };
  const playbook = normalizePlaybook(ctx, { file, source: text, form });
  problems.push(...ctx.problems, ...checkReferences(playbook));
  const sorted = sortProblems(problems);
  return { playbook: sorted.length === 0 ? playbook : undefined, problems: sorted };
}
