// The repository's `.mmm/prices.yml`: what each model's tokens cost, in USD per million tokens,
// over mmm's built-in table, model by model. Read as committed where the run starts.
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import type { Problem } from '../errors.js';
import { createLocator } from './positions.js';

/** Where the file is, relative to the root of the working tree. */
export const PRICES_FILE = '.mmm/prices.yml';

/** USD per million tokens of each kind. */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

export type PriceTable = Readonly<Record<string, ModelPrice>>;

const FIELDS = {
  input: 'input',
  output: 'output',
  cache_read: 'cacheRead',
  cache_write: 'cacheWrite',
} as const;
type Field = keyof typeof FIELDS;
const isField = (key: string): key is Field => Object.hasOwn(FIELDS, key);

const EXAMPLE = '`gpt-5.5: { input: 5, output: 30, cache_read: 0.5, cache_write: 0 }`';

/** The prices of the file's text, or every problem found in it (each at file:line:col). */
export function parsePricesFile(
  text: string,
  file: string,
): { prices: Record<string, ModelPrice>; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locator = createLocator(file, text, lineCounter);
  const problems: Problem[] = doc.errors.map((e) => ({
    ...locator.at(e.pos[0]),
    message: `YAML syntax: ${e.message}`,
  }));
  const prices: Record<string, ModelPrice> = {};
  if (problems.length > 0 || doc.contents === null) return { prices, problems };
  const at = (node: Node | null | undefined, message: string) =>
    problems.push({ ...locator.node(node), message });
  if (!isMap(doc.contents)) {
    at(doc.contents, `${file} is a mapping of model names to prices, e.g. ${EXAMPLE}`);
    return { prices, problems };
  }
  for (const pair of doc.contents.items) {
    const model = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    if (!model) {
      at(pair.key, 'a model name must be a plain string');
      continue;
    }
    if (!isMap(value)) {
      at(value ?? pair.key, `the price of ${model} is a mapping, e.g. ${EXAMPLE}`);
      continue;
    }
    const found: Partial<Record<Field, number>> = {};
    for (const field of value.items) {
      const key = isScalar(field.key) ? String(field.key.value) : '';
      const v = field.value as Node | null;
      if (!isField(key)) {
        at(
          field.key as Node,
          `unknown price \`${key}\` for ${model}; the prices are input, output, cache_read and cache_write (USD per million tokens)`,
        );
        continue;
      }
      const n = isScalar(v) ? v.value : undefined;
      if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
        at(
          v ?? (field.key as Node),
          `${model}.${key} must be a number of US dollars per million tokens, 0 or more`,
        );
        continue;
      }
      found[key] = n;
    }
    for (const needed of ['input', 'output'] as const) {
      if (
        found[needed] === undefined &&
        !value.items.some((f) => isScalar(f.key) && f.key.value === needed)
      ) {
        at(value, `the price of ${model} needs \`${needed}\` (USD per million tokens)`);
      }
    }
    if (found.input === undefined || found.output === undefined) continue;
    prices[model] = {
      input: found.input,
      output: found.output,
      // Left out, cached tokens are priced as input: an estimate that never falls short.
      cacheRead: found.cache_read ?? found.input,
      cacheWrite: found.cache_write ?? found.input,
    };
  }
  return { prices, problems };
}
