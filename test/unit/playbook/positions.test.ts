// Where a problem inside a playbook's string is reported: the file:line:col of the very character,
// for each way YAML writes a string, and the nodes a path of keys leads to.
import { describe, expect, it } from 'vitest';
import { isScalar, LineCounter, parseDocument, type Document, type Scalar } from 'yaml';
import { createLocator, mapEntries, nodeAtPath } from '../../../src/playbook/positions.js';

function load(text: string) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true });
  return { doc, locator: createLocator('p.yml', text, lineCounter) };
}

function scalarAt(doc: Document, key: string): Scalar {
  const node = doc.get(key, true);
  if (!isScalar(node)) throw new Error(`no scalar at ${key}`);
  return node;
}

// The line and column (both from 1) of an offset, counted here without the YAML library.
function place(text: string, offset: number) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { file: 'p.yml', line, col: offset - before.lastIndexOf('\n') };
}

/** Where `inScalar` puts the first `${` of the value of `key`, and where it really is. */
function dollar(text: string, key = 'a', nth = 0) {
  const { doc, locator } = load(text);
  const node = scalarAt(doc, key);
  const value = String(node.value);
  let index = value.indexOf('${');
  for (let k = 0; k < nth; k++) index = value.indexOf('${', index + 1);
  let offset = text.indexOf('${');
  for (let k = 0; k < nth; k++) offset = text.indexOf('${', offset + 1);
  return { got: locator.inScalar(node, index), want: place(text, offset) };
}

describe('the place of a character inside a string', () => {
  it('is exact in a plain string', () => {
    const { got, want } = dollar('x: 1\na: run ${bad} now\n');
    expect(got).toEqual(want);
    expect(got).toEqual({ file: 'p.yml', line: 2, col: 8 });
  });

  it("is exact in a single-quoted string past a doubled quote ('')", () => {
    const { got, want } = dollar("a: 'it''s a ''test'' of ${bad}'\n");
    expect(got).toEqual(want);
    expect(got.col).toBe(25);
  });

  it('is exact in a double-quoted string past escapes of every width', () => {
    const text = 'a: "tab\\there \\x41 \\u00e9 \\" ${bad}"\n';
    const { got, want } = dollar(text);
    expect(got).toEqual(want);
    expect(got.col).toBe(text.indexOf('${') + 1);
  });

  it('counts an escape of a character beyond 16 bits as the two characters it makes', () => {
    const text = 'a: "smile \\U0001F600 then ${bad}"\n';
    const { got, want } = dollar(text);
    expect(got).toEqual(want);
  });

  it('is exact where the text around the character is written differently in the file', () => {
    // The value's first characters ("it's h", "tab<TAB>x") appear nowhere in the file as such:
    // only the map of the quoted string can place them.
    const at = (text: string, index: number) => {
      const { doc, locator } = load(text);
      return locator.inScalar(scalarAt(doc, 'a'), index);
    };
    expect(at("a: 'it''s here'\n", 0)).toEqual({ file: 'p.yml', line: 1, col: 5 });
    expect(at("a: 'it''s here'\n", 3)).toEqual({ file: 'p.yml', line: 1, col: 9 });
    expect(at('a: "tab\\tx and more"\n', 0)).toEqual({ file: 'p.yml', line: 1, col: 5 });
    expect(at('a: "tab\\tx and more"\n', 4)).toEqual({ file: 'p.yml', line: 1, col: 10 });
    expect(at('a: "\\x41\\u00e9\\U0001F600 z"\n', 0)).toEqual({ file: 'p.yml', line: 1, col: 5 });
    expect(at('a: "\\x41\\u00e9\\U0001F600 z"\n', 1)).toEqual({ file: 'p.yml', line: 1, col: 9 });
    expect(at('a: "\\x41\\u00e9\\U0001F600 z"\n', 2)).toEqual({ file: 'p.yml', line: 1, col: 15 });
    expect(at('a: "\\x41\\u00e9\\U0001F600 z"\n', 5)).toEqual({ file: 'p.yml', line: 1, col: 26 });
  });

  it('takes a backslash in a single-quoted string as a plain character', () => {
    const { got, want } = dollar("a: 'C:\\x41\\path ${bad}'\n");
    expect(got).toEqual(want);
  });

  it('is exact on the later lines of a block literal, blank lines and indentation kept', () => {
    const text = 'a: |\n  first line\n\n    indented\n  last ${bad} here\nb: 1\n';
    const { got, want } = dollar(text);
    expect(got).toEqual(want);
    expect(got).toEqual({ file: 'p.yml', line: 5, col: 8 });
  });

  it('places the end of a block literal kept with its trailing newlines', () => {
    const text = 'a: |+\n  one ${x}\n\nb: 1\n';
    const { doc, locator } = load(text);
    const node = scalarAt(doc, 'a');
    const value = String(node.value);
    expect(locator.inScalar(node, value.indexOf('${'))).toEqual(place(text, text.indexOf('${')));
  });

  it('finds the characters in a folded block by their text, the second of two alike included', () => {
    const text = 'a: >\n  use ${bad} and more words\n  again ${bad} and more here\n';
    expect(dollar(text, 'a', 0).got).toEqual(place(text, text.indexOf('${')));
    const second = dollar(text, 'a', 1);
    expect(second.got).toEqual(second.want);
    expect(second.got.line).toBe(3);
  });

  it('finds the characters of a double-quoted string folded over lines by their text', () => {
    const text = 'a: "one\n  two ${bad}"\n';
    const { got, want } = dollar(text);
    expect(got).toEqual(want);
    expect(got.line).toBe(2);
  });

  it('falls back to the start of the string when its text cannot be found', () => {
    // A folded block's line break becomes a space in the value: "x y" is nowhere in the source.
    const text = 'k: 1\na: >\n  x\n  y\n';
    const { doc, locator } = load(text);
    const node = scalarAt(doc, 'a');
    expect(String(node.value)).toBe('x y\n');
    expect(locator.inScalar(node, 0)).toEqual(place(text, text.indexOf('>')));
    expect(locator.inScalar(node, 2)).toEqual(place(text, text.indexOf('y')));
    // The end of the value: nothing left to look for.
    expect(locator.inScalar(node, 4)).toEqual(place(text, text.indexOf('>')));
  });

  it('does not look past the string for its text', () => {
    const text = 'a: >\n  p\n  q\nb: "p q"\n';
    const { doc, locator } = load(text);
    const node = scalarAt(doc, 'a');
    expect(String(node.value)).toBe('p q\n');
    // "p q" is in the file, but only inside b's string; a's own start stands in.
    expect(locator.inScalar(node, 0)).toEqual({ file: 'p.yml', line: 1, col: 4 });
  });

  it('gives the same answer when asked twice, and a place for a number', () => {
    const { doc, locator } = load("n: 42\na: 'x ${y}'\n");
    const a = scalarAt(doc, 'a');
    expect(locator.inScalar(a, 2)).toEqual(locator.inScalar(a, 2));
    expect(locator.inScalar(a, 2)).toEqual({ file: 'p.yml', line: 2, col: 7 });
    expect(locator.inScalar(scalarAt(doc, 'n'), 1)).toEqual({ file: 'p.yml', line: 1, col: 4 });
  });

  it('places the end of a quoted string at its closing quote', () => {
    const text = 'a: "ab"\n';
    const { doc, locator } = load(text);
    expect(locator.inScalar(scalarAt(doc, 'a'), 2)).toEqual(place(text, 6));
  });

  it('places a missing node at the start of the file and an offset past the end at the end', () => {
    const text = 'a: 1\nb: 2\n';
    const { locator } = load(text);
    expect(locator.node(undefined)).toEqual({ file: 'p.yml', line: 1, col: 1 });
    expect(locator.node(null)).toEqual({ file: 'p.yml', line: 1, col: 1 });
    expect(locator.at(-5)).toEqual({ file: 'p.yml', line: 1, col: 1 });
    expect(locator.at(10_000)).toEqual(place(text, text.length));
  });
});

describe('the entries of a mapping and the node at a path', () => {
  const text = [
    'defaults: &d',
    '  agent: claude',
    '  timeout: 5m',
    'more: &m',
    '  timeout: 9m',
    '  retries: 2',
    'step:',
    '  <<: [*d, *m]',
    '  timeout: 1m',
    'other:',
    '  <<: *m',
    'list: &l',
    '  - one',
    '  - two',
    'alias: *l',
    '',
  ].join('\n');

  it('applies merge keys: written keys win, then earlier merged mappings over later ones', () => {
    const { doc } = load(text);
    const entries = mapEntries(doc, doc.get('step', true));
    const values = Object.fromEntries(
      [...(entries ?? [])].map(([k, e]) => [k, isScalar(e.value) ? e.value.value : undefined]),
    );
    expect(values).toEqual({ agent: 'claude', timeout: '1m', retries: 2 });
    expect([...(mapEntries(doc, doc.get('other', true)) ?? []).keys()]).toEqual([
      'timeout',
      'retries',
    ]);
    expect(mapEntries(doc, doc.get('list', true))).toBeUndefined();
  });

  it('follows a path of keys and indexes, through aliases and merges', () => {
    const { doc, locator } = load(text);
    const merged = nodeAtPath(doc, ['step', 'agent']);
    expect(locator.node(merged.node)).toEqual(place(text, text.indexOf('claude')));
    expect(locator.node(merged.key)).toEqual(place(text, text.indexOf('agent')));
    const item = nodeAtPath(doc, ['alias', '1']);
    expect(locator.node(item.node)).toEqual(place(text, text.indexOf('two')));
    expect(item.key).toBeUndefined();
  });

  it('stops at the deepest node reached when the path leads nowhere', () => {
    const { doc, locator } = load(text);
    const missing = nodeAtPath(doc, ['step', 'nothing', 'deeper']);
    expect(missing.key).toBeUndefined();
    expect(locator.node(missing.node)).toEqual(place(text, text.indexOf('<<: [*d')));
    const pastList = nodeAtPath(doc, ['list', '7']);
    expect(locator.node(pastList.node)).toEqual(place(text, text.indexOf('- one')));
    const inScalar = nodeAtPath(doc, ['defaults', 'agent', 'x']);
    expect(locator.node(inScalar.node)).toEqual(place(text, text.indexOf('claude')));
  });
});
