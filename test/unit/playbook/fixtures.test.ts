// The fixture corpus: every invalid playbook with the exact problems a user sees, and the valid
// ones (including MMM-style forms) loading cleanly.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatProblem, PlaybookError } from '../../../src/errors.js';
import { loadPlaybook } from '../../../src/playbook/index.js';

const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const invalidDir = join(fixtures, 'invalid');
const validDir = join(fixtures, 'valid');
const playbooks = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yml'))
    .sort();

async function problemLines(file: string, cwd: string): Promise<string[]> {
  try {
    await loadPlaybook(file, { cwd });
  } catch (error) {
    if (error instanceof PlaybookError) return error.problems.map(formatProblem);
    throw error;
  }
  return [];
}

describe('invalid playbooks', () => {
  const cases = playbooks(invalidDir);

  it('the corpus holds at least 40 playbooks, each with its expected messages', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const missing = cases.filter(
      (f) => !existsSync(join(invalidDir, f.replace(/\.yml$/, '.expected'))),
    );
    expect(missing).toEqual([]);
  });

  it.each(cases)('%s reports exactly the expected problems', async (file) => {
    const expected = readFileSync(join(invalidDir, file.replace(/\.yml$/, '.expected')), 'utf8')
      .split('\n')
      .filter((line) => line !== '');
    expect(expected.length).toBeGreaterThan(0);
    expect(await problemLines(file, invalidDir)).toEqual(expected);
  });
});

describe('valid playbooks', () => {
  it.each(playbooks(validDir))('%s loads without problems', async (file) => {
    expect(await problemLines(file, validDir)).toEqual([]);
  });
});
