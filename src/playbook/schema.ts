// Checks the plain data of a playbook against schemas/playbook.schema.json and turns each ajv
// error into a problem at the YAML node it is about.
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Document } from 'yaml';
import type { Problem } from '../errors.js';
import { packageRoot } from '../infra/package.js';
import { DURATION_HINT } from './duration.js';
import { nodeAtPath, type Locator } from './positions.js';
import * as generated from './schema-validators.generated.js';
import { didYouMean } from './suggest.js';

/** Where the schema ships, in the source tree and in the installed package alike. */
export const SCHEMA_PATH = join(packageRoot, 'schemas', 'playbook.schema.json');

type Form = 'stepList' | 'playbook';
// Compiled ahead of time from SCHEMA_PATH (ajv standalone code, checked by a test to match it):
// loading ajv and compiling the schema took most of a run's start-up.
const validators = generated as unknown as Record<Form, ValidateFunction>;

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true/false',
  object: 'a mapping',
  array: 'a list',
  null: 'empty',
};

function typeOf(data: unknown): string {
  if (data === null || data === undefined) return 'nothing';
  if (Array.isArray(data)) return 'a list';
  if (typeof data === 'object') return 'a mapping';
  if (typeof data === 'string')
    return `text "${data.length > 30 ? `${data.slice(0, 30)}…` : data}"`;
  return typeof data === 'number' ? `the number ${data}` : JSON.stringify(data);
}

/** "step", "on_failure", "agent"… for messages about the mapping at `path`. */
function where(path: string[]): string {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (last === undefined) return 'the playbook';
  if (/^\d+$/.test(last)) {
    if (parent === 'fallback') return 'an agent of `fallback`';
    return parent === 'commands' ? 'a command' : 'a step';
  }
  if (parent === 'outputs') return `output \`${last}\``;
  return `\`${last}\``;
}

function label(path: string[]): string {
  const last = path[path.length - 1];
  if (last === undefined) return 'the playbook';
  if (!/^\d+$/.test(last)) return `\`${last}\``;
  const parent = path[path.length - 2];
  if (parent === undefined || parent === 'steps') return `step ${Number(last) + 1}`;
  if (parent === 'commands') return `command ${Number(last) + 1}`;
  return `\`${parent}[${last}]\``;
}

function message(e: ErrorObject, path: string[]): string | undefined {
  const inDuration = e.schemaPath.includes('/definitions/duration/');
  // wait_on_limit (a duration) and stop_on_repeat (a count) may also be false.
  const repeat = path.at(-1) === 'stop_on_repeat';
  const orFalse = path.at(-1) === 'wait_on_limit' || repeat;
  if (repeat && (e.keyword === 'type' || e.keyword === 'minimum')) {
    return `${label(path)} must be a whole number of at least 2, or false never to give up early; got ${e.keyword === 'type' ? typeOf(e.data) : String(e.data)}`;
  }
  const durationHint = orFalse ? `${DURATION_HINT}, or false not to wait` : DURATION_HINT;
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'const':
    case 'anyOf':
      // The duration's own error above says what is wrong with it.
      if (orFalse) return undefined;
      return `${label(path)} ${e.message ?? 'is invalid'}`;
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      if (
        (key === 'max_attempts' || key === 'fail_workflow' || key === 'stop_on_repeat') &&
        where(path) !== 'the playbook'
      ) {
        return `unknown key \`${key}\` in ${where(path)}; it belongs inside on_failure:`;
      }
      if (key === 'workflow' && path.length === 0) {
        return 'unknown key `workflow`; write its `commands:` (or `steps:`) and settings at the top level instead';
      }
      const allowed = Object.keys((e.parentSchema?.properties ?? {}) as object);
      const hint = didYouMean(key, allowed) || `; allowed keys: ${allowed.join(', ')}`;
      return `unknown key \`${key}\` in ${where(path)}${hint}`;
    }
    case 'type': {
      const wanted = String(params.type)
        .split(',')
        .map((t) => TYPE_NAMES[t] ?? t);
      if (inDuration)
        return `${label(path)} must be a duration, got ${typeOf(e.data)}: ${durationHint}`;
      const isStep = /^\d+$/.test(path[path.length - 1] ?? '') && path.length <= 2;
      const list =
        wanted.length > 1 ? `${wanted.slice(0, -1).join(', ')} or ${wanted.at(-1)}` : wanted[0];
      const asStep = isStep && path[0] !== 'commands';
      const expected = asStep ? 'a mapping with claude: or shell:' : list;
      const advice =
        asStep && typeof e.data === 'string'
          ? `; write \`- shell: ${e.data}\` or \`- claude: ${e.data}\``
          : '';
      return `${label(path)} must be ${expected ?? 'valid'}, got ${typeOf(e.data)}${advice}`;
    }
    case 'pattern':
    case 'exclusiveMinimum':
      if (inDuration)
        return `bad duration \`${String(e.data)}\` for ${label(path)}: ${durationHint}`;
      if (e.keyword === 'exclusiveMinimum')
        return `${label(path)} must be more than ${String(params.limit)}, got ${String(e.data)}`;
      if (e.schemaPath.includes('/definitions/id/')) {
        return `bad id \`${String(e.data)}\`: use letters, digits, _ and -, starting with a letter or _`;
      }
      return `${label(path)} must match ${String(params.pattern)}`;
    case 'minimum':
      return `${label(path)} must be at least ${String(params.limit)}, got ${String(e.data)}`;
    case 'minLength':
      return `${label(path)} must not be empty`;
    case 'minItems':
      return path.length === 0 || path[0] === 'steps'
        ? 'a playbook needs at least one step'
        : `${label(path)} must not be empty`;
    case 'required':
      return `missing \`${String(params.missingProperty)}\` in ${where(path)}`;
    case 'propertyNames': {
      const name = String(params.propertyName);
      if (path[path.length - 1] === 'outputs') {
        return ['output', 'exit_code', 'success', 'violation'].includes(name)
          ? `output name \`${name}\` is taken by \${<id>.${name}}; choose another name`
          : `bad output name \`${name}\`: use letters, digits, _ and -, starting with a letter or _`;
      }
      return `bad environment variable name \`${name}\`: use letters, digits and _, not starting with a digit`;
    }
    default:
      return `${label(path)} ${e.message ?? 'is invalid'}`;
  }
}

function pointerToPath(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** True for a path at or under a `policy:` key (not an env variable or output of that name). */
function inPolicy(path: string[]): boolean {
  return path.some(
    (key, i) => key === 'policy' && path[i - 1] !== 'env' && path[i - 1] !== 'outputs',
  );
}

/** Validates `data` (the document as plain values) and reports problems at their nodes. */
export function checkSchema(data: unknown, form: Form, doc: Document, locator: Locator): Problem[] {
  const validate = validators[form];
  if (validate(data)) return [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    // Errors inside propertyNames repeat the propertyNames error itself.
    if (error.propertyName !== undefined) continue;
    const path = pointerToPath(error.instancePath);
    // readPolicy (policy.ts) reports what is wrong under a `policy:` in its own words.
    if (inPolicy(path)) continue;
    const text = message(error, path);
    if (text === undefined) continue;
    let keyPath: string[] | undefined;
    if (error.keyword === 'additionalProperties') {
      keyPath = [
        ...path,
        String((error.params as { additionalProperty: string }).additionalProperty),
      ];
    } else if (error.keyword === 'propertyNames') {
      keyPath = [...path, String((error.params as { propertyName: string }).propertyName)];
    }
    const found = nodeAtPath(doc, keyPath ?? path);
    const pos = keyPath ? locator.node(found.key) : locator.node(found.node ?? found.key);
    const problem = { ...pos, message: text };
    const id = `${problem.line}:${problem.col}:${text}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push(problem);
  }
  return problems;
}
