// Playbook bytes must be UTF-8: a byte replaced by U+FFFD would change the command that runs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, formatProblem, PlaybookError } from '../../../src/errors.js';
import { decodePlaybook, firstInvalidByte } from '../../../src/playbook/decode.js';
import { loadPlaybook } from '../../../src/playbook/index.js';
import { validateFiles } from '../../../src/playbook/validate.js';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
const BOM = [0xef, 0xbb, 0xbf];

function writeTemp(name: string, content: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'mmm-decode-'));
  writeFileSync(join(dir, name), content);
  return dir;
}

describe('decodePlaybook', () => {
  it('reports the first bad byte at its line and column', () => {
    const result = decodePlaybook(bytes('- shell: ok\n- shell: "echo ', [0xff], ' hi"\n'), 'p.yml');
    expect(result.problem && formatProblem(result.problem)).toBe(
      'p.yml:2:16: the file is not valid UTF-8 (byte 0xFF); save it as UTF-8, since mmm does not guess what a command or prompt was meant to say',
    );
  });

  it('counts columns in characters, and not the byte-order mark', () => {
    const text = bytes(BOM, '- shell: "é ', [0xe2, 0x28, 0xa1], '"\n');
    expect(decodePlaybook(text, 'p.yml').problem).toMatchObject({ line: 1, col: 13 });
  });

  it('finds overlong forms, surrogates and cut-off sequences', () => {
    expect(firstInvalidByte(bytes('ab', [0xc0, 0xaf]))).toBe(2);
    expect(firstInvalidByte(bytes('a', [0xed, 0xa0, 0x80]))).toBe(1);
    expect(firstInvalidByte(bytes('é€😀', [0xf0, 0x9f]))).toBe(9);
    expect(firstInvalidByte(bytes('é€😀'))).toBe(9);
  });

  it('drops a byte-order mark and keeps everything else', () => {
    expect(decodePlaybook(bytes(BOM, '- shell: é\n'), 'p.yml')).toEqual({ text: '- shell: é\n' });
  });
});

describe('loading a file that is not UTF-8', () => {
  const dir = writeTemp('bad.yml', bytes('- shell: "rm -rf build', [0xff], '"\n'));

  it('is an invalid playbook (exit 2) with the place of the byte', async () => {
    const error = await loadPlaybook('bad.yml', { cwd: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlaybookError);
    expect((error as PlaybookError).exitCode).toBe(ExitCode.invalidInput);
    expect((error as PlaybookError).problems).toEqual([
      expect.objectContaining({ file: 'bad.yml', line: 1, col: 23 }),
    ]);
  });

  it('mmm validate lists it as a problem of the file', async () => {
    const report = await validateFiles(['bad.yml'], { cwd: dir });
    expect(report.ok).toBe(false);
    expect(report.files[0]).toEqual({
      file: 'bad.yml',
      ok: false,
      problems: [expect.objectContaining({ line: 1, col: 23 })],
      summary: null,
    });
  });

  it('a file with a byte-order mark still loads, in the list form too', async () => {
    const cwd = writeTemp('bom.yml', bytes(BOM, '- shell: echo é\n'));
    const playbook = await loadPlaybook('bom.yml', { cwd });
    expect(playbook.steps[0]?.command.source).toBe('echo é');
  });
});

describe('firstInvalidByte at the edges of each UTF-8 range', () => {
  const at = (...seq: number[]) => firstInvalidByte(Uint8Array.from([0x61, ...seq, 0x62]));
  it.each([
    // [bytes after "a", offset of the first bad byte (seq.length + 2 means none)]
    [[0x7f], 3],
    [[0x80], 1],
    [[0xc1, 0xbf], 1],
    [[0xc2, 0x80], 4],
    [[0xdf, 0xbf], 4],
    [[0xc2, 0x7f], 1],
    [[0xc2, 0xc0], 1],
    [[0xe0, 0x9f, 0x80], 1],
    [[0xe0, 0xa0, 0x80], 5],
    [[0xe1, 0x80, 0x80], 5],
    [[0xec, 0xbf, 0xbf], 5],
    [[0xed, 0x9f, 0xbf], 5],
    [[0xed, 0xa0, 0x80], 1],
    [[0xee, 0x80, 0x80], 5],
    [[0xef, 0xbf, 0xbf], 5],
    [[0xe1, 0x80, 0x7f], 1],
    [[0xe1, 0x80, 0xc0], 1],
    [[0xf0, 0x8f, 0x80, 0x80], 1],
    [[0xf0, 0x90, 0x80, 0x80], 6],
    [[0xf1, 0x80, 0x80, 0x80], 6],
    [[0xf3, 0xbf, 0xbf, 0xbf], 6],
    [[0xf4, 0x8f, 0xbf, 0xbf], 6],
    [[0xf4, 0x90, 0x80, 0x80], 1],
    [[0xf5, 0x80, 0x80, 0x80], 1],
    [[0xf0, 0x90, 0x80, 0x7f], 1],
    [[0xff], 1],
  ])('%j', (seq, offset) => {
    expect(at(...seq)).toBe(offset);
  });

  it('a sequence cut off by the end of the file', () => {
    expect(firstInvalidByte(Uint8Array.from([0x61, 0xe2, 0x82]))).toBe(1);
    expect(firstInvalidByte(Uint8Array.from([0x61, 0xc3]))).toBe(1);
    expect(firstInvalidByte(Uint8Array.from([]))).toBe(0);
  });
});

describe('where the bad byte is reported', () => {
  it('at the start of the file, and at the start of a later line', () => {
    expect(decodePlaybook(bytes([0xff], 'x\n'), 'p.yml').problem).toMatchObject({
      line: 1,
      col: 1,
    });
    expect(decodePlaybook(bytes('a\nb\n', [0x80], '\n'), 'p.yml').problem).toMatchObject({
      line: 3,
      col: 1,
    });
  });

  it('counts a byte-order mark on a later line as a character', () => {
    const result = decodePlaybook(bytes('a: 1\n', BOM, 'b', [0xfe]), 'p.yml');
    expect(result.problem).toMatchObject({ line: 2, col: 3 });
    expect(result.problem?.message).toContain('(byte 0xFE)');
  });

  it('names the lead byte of a sequence a line break cuts short', () => {
    const result = decodePlaybook(bytes('x', [0xc3, 0x0a]), 'p.yml');
    expect(result.problem?.message).toContain('(byte 0xC3)');
    expect(result.problem).toMatchObject({ line: 1, col: 2 });
  });
});
