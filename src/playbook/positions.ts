// Maps YAML nodes, and characters inside YAML strings, back to file:line:col.
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Node,
  type Scalar,
} from 'yaml';
import type { Position } from './model.js';

/** Finds places in one parsed file. */
export interface Locator {
  file: string;
  /** The place of an absolute offset in the file's text. */
  at: (offset: number) => Position;
  /** Where a node starts (its key's start for a missing node is the caller's business). */
  node: (node: Node | null | undefined) => Position;
  /** Where the character at `index` of a string scalar's value stands, as near as can be told. */
  inScalar: (node: Scalar, index: number) => Position;
}

export function createLocator(file: string, text: string, lineCounter: LineCounter): Locator {
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { file, line, col };
  };
  const maps = new WeakMap<Scalar, number[] | null>();
  const node = (n: Node | null | undefined): Position => at(n?.range?.[0] ?? 0);
  const inScalar = (n: Scalar, index: number): Position => {
    let map = maps.get(n);
    if (map === undefined) {
      map = scalarMap(n, text) ?? null;
      maps.set(n, map);
    }
    const exact = map?.[index];
    if (exact !== undefined) return at(exact);
    return at(searchSnippet(n, text, index) ?? n.range?.[0] ?? 0);
  };
  return { file, at, node, inScalar };
}

// Source offset of each character of the scalar's value, for the styles where that is certain.
function scalarMap(n: Scalar, text: string): number[] | undefined {
  const value = n.value;
  const range = n.range;
  if (typeof value !== 'string' || !range) return undefined;
  const [start, end] = range;
  switch (n.type) {
    case 'PLAIN':
      return text.slice(start, end) === value
        ? Array.from({ length: value.length + 1 }, (_, i) => start + i)
        : undefined;
    case 'QUOTE_SINGLE':
    case 'QUOTE_DOUBLE':
      return quotedMap(text, start, end, value.length, n.type === 'QUOTE_DOUBLE');
    case 'BLOCK_LITERAL':
      return literalMap(text, start, end, value);
    case 'BLOCK_FOLDED':
    case undefined:
      return undefined;
  }
}

function quotedMap(
  text: string,
  start: number,
  end: number,
  length: number,
  double: boolean,
): number[] | undefined {
  const map: number[] = [];
  for (let i = start + 1; i < end - 1; i++) {
    const c = text[i];
    if (c === '\n') return undefined; // folded lines: leave it to the snippet search
    map.push(i);
    if (!double && c === "'") i += 1;
    else if (double && c === '\\') {
      const e = text[i + 1] ?? '';
      const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (e === 'U' && parseInt(text.slice(i + 2, i + 10), 16) > 0xffff) map.push(i);
      i += 1 + hex;
    }
  }
  map.push(end - 1);
  return map.length === length + 1 ? map : undefined;
}

function literalMap(text: string, start: number, end: number, value: string): number[] | undefined {
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd === -1) return undefined;
  const lines = text.slice(headerEnd + 1, end).split('\n');
  const indent = Math.min(
    ...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length),
  );
  const map: number[] = [];
  let lineStart = headerEnd + 1;
  const valueLines = value.split('\n');
  for (let k = 0; k < valueLines.length; k++) {
    const source = lines[k];
    const wanted = valueLines[k] ?? '';
    if (source === undefined) {
      if (wanted !== '') return undefined;
      map.push(end);
      continue;
    }
    if (source.slice(indent) !== wanted && wanted !== '') return undefined;
    for (let i = 0; i <= wanted.length; i++) map.push(lineStart + indent + i);
    lineStart += source.length + 1;
  }
  return map;
}

// Otherwise: find the same few characters in the node's source, counting repeats.
function searchSnippet(n: Scalar, text: string, index: number): number | undefined {
  const value = typeof n.value === 'string' ? n.value : undefined;
  const range = n.range;
  if (value === undefined || !range) return undefined;
  const snippet = value.slice(index, index + 12).split('\n')[0] ?? '';
  if (snippet === '') return undefined;
  let repeats = 0;
  for (let i = value.indexOf(snippet); i !== -1 && i < index; i = value.indexOf(snippet, i + 1)) {
    repeats += 1;
  }
  let found = text.indexOf(snippet, range[0]);
  while (found !== -1 && repeats > 0) {
    found = text.indexOf(snippet, found + 1);
    repeats -= 1;
  }
  return found !== -1 && found < range[2] ? found : undefined;
}

export interface MapEntry {
  key: Scalar;
  value: Node | undefined;
}

/**
 * A mapping's entries by key, with YAML merge keys (`<<: *defaults`) applied: keys written in
 * the mapping win, then earlier merged mappings over later ones.
 */
export function mapEntries(doc: Document, node: unknown): Map<string, MapEntry> | undefined {
  const map = isAlias(node) ? node.resolve(doc) : node;
  if (!isMap(map)) return undefined;
  const out = new Map<string, MapEntry>();
  const merged: unknown[] = [];
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    if (typeof pair.key.value === 'symbol') {
      merged.push(...(isSeq(pair.value) ? pair.value.items : [pair.value]));
      continue;
    }
    const value = isAlias(pair.value) ? pair.value.resolve(doc) : pair.value;
    out.set(String(pair.key.value), {
      key: pair.key,
      value: (value ?? undefined) as Node | undefined,
    });
  }
  for (const source of merged) {
    for (const [key, entry] of mapEntries(doc, source) ?? []) {
      if (!out.has(key)) out.set(key, entry);
    }
  }
  return out;
}

/**
 * The node at a JSON-pointer-like path, and the key node when the last step was a map key.
 * When the path leads nowhere, the deepest node reached stands in for it.
 */
export function nodeAtPath(
  doc: Document,
  path: readonly string[],
): { node: Node | undefined; key: Node | undefined } {
  let node: Node | undefined = doc.contents ?? undefined;
  let key: Node | undefined;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc) ?? undefined;
    let next: Node | undefined;
    key = undefined;
    if (isMap(node)) {
      const entry = mapEntries(doc, node)?.get(segment);
      key = entry?.key;
      next = entry?.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as Node | undefined;
      next = isAlias(item) ? (item.resolve(doc) ?? undefined) : item;
    }
    if (!next && !key) return { node, key: undefined };
    node = next;
  }
  return { node, key };
}
