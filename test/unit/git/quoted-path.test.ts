// Paths as bytes, through git's C-style quoting both ways, and as a record keeps them: a name
// that is not UTF-8, or holds a quote, a control character or DEL, comes back to git exactly.
import { describe, expect, it } from 'vitest';
import { exec } from '../../../src/infra/exec.js';
import {
  fromBytes,
  fromRecord,
  isUtf8Path,
  listPaths,
  quotePath,
  readPaths,
  toBytes,
  toRecord,
  unquotePath,
} from '../../../src/git/quoted-path.js';
import { useTempRepos } from '../../helpers/repo.js';

const repo = useTempRepos();

describe('unquotePath', () => {
  it('gives a path git printed without quotes back as it is, a trailing quote included', () => {
    expect(unquotePath('src/a.ts')).toBe('src/a.ts');
    expect(unquotePath('say"')).toBe('say"');
  });

  it('reads every C escape and octal bytes of any digit', () => {
    expect(unquotePath('"\\a\\b\\t\\n\\v\\f\\r\\"\\\\"')).toBe('\x07\b\t\n\v\f\r"\\');
    expect(unquotePath('"caf\\303\\251"')).toBe('caf\xc3\xa9');
    expect(unquotePath('"\\001x\\177"')).toBe('\x01x\x7f');
    expect(unquotePath('"\\7"')).toBe('\x07');
    expect(unquotePath('"\\q"')).toBe('q');
  });
});

describe('quotePath', () => {
  it('leaves a plain ASCII path as it is', () => {
    expect(quotePath('src/a b.ts')).toBe('src/a b.ts');
    expect(quotePath('~!#$%&()*+,-.;<=>?@[]^_`{|}')).toBe('~!#$%&()*+,-.;<=>?@[]^_`{|}');
  });

  it('quotes control characters, DEL and bytes past ASCII as octal, and the named ones by name', () => {
    expect(quotePath('a\x01b')).toBe('"a\\001b"');
    expect(quotePath('\x1f')).toBe('"\\037"');
    expect(quotePath('x\x7f')).toBe('"x\\177"');
    expect(quotePath('\x7e\x7f')).toBe('"~\\177"');
    expect(quotePath('\xff')).toBe('"\\377"');
    expect(quotePath('tab\there')).toBe('"tab\\there"');
    expect(quotePath('a"b')).toBe('"a\\"b"');
    expect(quotePath('a\\b')).toBe('"a\\\\b"');
  });

  it('is undone by unquotePath for every byte', () => {
    let all = '';
    for (let code = 1; code < 256; code++) all += String.fromCharCode(code);
    expect(unquotePath(quotePath(all))).toBe(all);
  });
});

describe('bytes and text', () => {
  it('turns UTF-8 text into one character per byte and back', () => {
    expect(toBytes('é/ß')).toBe('\xc3\xa9/\xc3\x9f');
    expect(fromBytes('\xc3\xa9/\xc3\x9f')).toBe('é/ß');
    expect(fromBytes('\xe9')).toBe('\ufffd');
  });

  it('tells UTF-8 bytes from others', () => {
    expect(isUtf8Path('plain')).toBe(true);
    expect(isUtf8Path('\xc3\xa9')).toBe(true);
    expect(isUtf8Path('caf\xe9')).toBe(false);
  });
});

describe('records of paths', () => {
  it('keeps UTF-8 names as text, a quote at the end included', () => {
    expect(toRecord('\xc3\xa9t\xc3\xa9.txt')).toBe('été.txt');
    expect(toRecord('say"')).toBe('say"');
    expect(fromRecord('été.txt')).toBe('\xc3\xa9t\xc3\xa9.txt');
    expect(fromRecord('é"')).toBe('\xc3\xa9"');
  });

  it('quotes a name that is not UTF-8 or that begins with a quote, and reads it back', () => {
    expect(toRecord('caf\xe9')).toBe('"caf\\351"');
    expect(toRecord('"x')).toBe('"\\"x"');
    expect(fromRecord('"caf\\351"')).toBe('caf\xe9');
    expect(fromRecord(toRecord('"x'))).toBe('"x');
  });
});

describe('listing paths', () => {
  it('reads one path a line, skipping empty lines and unquoting', () => {
    expect(readPaths('a.txt\n\n"caf\\351"\nb c\n')).toEqual(['a.txt', 'caf\xe9', 'b c']);
    expect(readPaths('')).toEqual([]);
  });

  it('lists what git prints, quoted names as bytes, with the environment given', async () => {
    const r = repo({ 'a.txt': 'a\n', 'tab\there.txt': 't\n' });
    expect(await listPaths({ exec }, r.dir, ['ls-files'])).toEqual(['a.txt', 'tab\there.txt']);
    r.git('read-tree', '--index-output=.git/other-index', '--empty');
    const other = { GIT_INDEX_FILE: `${r.dir}/.git/other-index` };
    expect(await listPaths({ exec }, r.dir, ['ls-files'], other)).toEqual([]);
  });
});
