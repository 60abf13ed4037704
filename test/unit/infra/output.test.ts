import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectOutput } from '../../../src/infra/output.js';

function collect(chunks: [string, 'stdout' | 'stderr'][], maxInlineBytes = 1024) {
  const spillPath = join(mkdtempSync(join(tmpdir(), 'mmm-output-')), 'out.log');
  const output = collectOutput({ maxInlineBytes, spillPath, from: [] });
  for (const [hex, stream] of chunks) output.add(Buffer.from(hex, 'hex'), stream);
  return { finish: () => output.finish(), spillPath };
}

const hex = (text: string) => Buffer.from(text).toString('hex');

describe('collectOutput', () => {
  it('keeps a character split between two chunks whole, in memory', async () => {
    // "é" is c3 a9.
    const r = await collect([
      ['636166c3', 'stdout'],
      ['a90a', 'stdout'],
    ]).finish();
    expect(r).toMatchObject({ stdout: 'café\n', spilledTo: undefined, notUtf8: false });
  });

  it('spills output holding a byte that is not UTF-8, keeping every byte as it was', async () => {
    const c = collect([
      [hex('first line\n'), 'stdout'],
      [hex('a warning\n'), 'stderr'],
      ['636166e90a', 'stdout'], // "caf" then Latin-1 é (e9), not UTF-8
      [hex('after\n'), 'stdout'],
    ]);
    const r = await c.finish();
    expect(r.notUtf8).toBe(true);
    expect(r.spilledTo).toBe(c.spillPath);
    expect(readFileSync(c.spillPath).toString('hex')).toBe(
      hex('first line\n') + hex('a warning\n') + '636166e90a' + hex('after\n'),
    );
  });

  it('keeps the bytes of a character left unfinished at the end', async () => {
    const c = collect([
      [hex('ok '), 'stdout'],
      ['e282', 'stdout'], // the first two bytes of "€" (e2 82 ac), never finished
    ]);
    const r = await c.finish();
    expect(r.notUtf8).toBe(true);
    expect(readFileSync(c.spillPath).toString('hex')).toBe(`${hex('ok ')}e282`);
  });

  it('keeps a character split across the spill point whole in the file', async () => {
    const c = collect(
      [
        [hex('12345678') + 'e2', 'stdout'],
        ['82ac', 'stdout'], // completes "€" and passes the 10-byte limit
      ],
      10,
    );
    const r = await c.finish();
    expect(r.notUtf8).toBe(false);
    expect(readFileSync(c.spillPath, 'utf8')).toBe('12345678€');
  });
});
