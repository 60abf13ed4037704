// "Did you mean" for a misspelt name, and a working_dir that would leave the working tree.
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../src/errors.js';
import { parsePlaybook } from '../../../src/playbook/index.js';
import { closest, didYouMean } from '../../../src/playbook/suggest.js';

describe('the closest name to a misspelt one', () => {
  const keys = ['model', 'timeout', 'tool', 'max_turns', 'fallback'];

  it.each([
    ['modle', 'model'],
    ['omdel', 'model'],
    ['mdoel', 'model'],
    ['MODEL', 'model'],
    ['timout', 'timeout'],
    ['timeuot', 'timeout'],
    ['tol', 'tool'],
    ['tools', 'tool'],
    ['max_trun', 'max_turns'],
    ['fallbakc', 'fallback'],
    ['x', undefined],
    ['colour', undefined],
    ['mo', undefined],
    ['', undefined],
  ])('%j is %j', (word, want) => {
    expect(closest(word, keys)).toBe(want);
  });

  it('takes the first of two equally close names', () => {
    expect(closest('ab', ['ax', 'ay'])).toBe('ax');
    expect(closest('ab', ['ay', 'ax'])).toBe('ay');
  });

  it('allows one edit for every three letters, and at least one', () => {
    expect(closest('abcdef', ['axcxyf'])).toBeUndefined();
    expect(closest('abcdef', ['abcxyf'])).toBe('abcxyf');
    expect(closest('abcdef', ['abcxef'])).toBe('abcxef');
    expect(closest('abcdefghi', ['abcxyzghi'])).toBe('abcxyzghi');
    expect(closest('abcdefghi', ['abwxyzghi'])).toBeUndefined();
    expect(closest('ab', ['xb'])).toBe('xb');
  });

  it('is said as a suggestion, or not at all', () => {
    expect(didYouMean('modle', keys)).toBe('; did you mean `model`?');
    expect(didYouMean('zzz', keys)).toBe('');
  });
});

describe('a working_dir outside the working tree', () => {
  const problems = (dir: string) =>
    parsePlaybook(`- shell: make\n  working_dir: ${JSON.stringify(dir)}\n`, 'p.yml').problems.map(
      formatProblem,
    );

  it.each(['..', '../x', 'a/../..', 'a/../../b', './..'])('%j leads out of it', (dir) => {
    expect(problems(dir)).toEqual([
      `p.yml:2:16: working_dir ${dir} leads out of the working tree (through ..); a step runs only inside the tree it commits to`,
    ]);
  });

  it.each(['/tmp', '/'])('%j is an absolute path', (dir) => {
    expect(problems(dir)).toEqual([
      `p.yml:2:16: working_dir ${dir} is an absolute path; write it relative to the root of the working tree, inside it`,
    ]);
  });

  it.each(['sub', 'a/../b', '..x', 'x..', '.', 'a/..', '${ARG}', '${ARG}/..', 'src/${ARG}'])(
    '%j stays inside',
    (dir) => {
      expect(problems(dir)).toEqual([]);
    },
  );

  it('a variable counts as one directory name, whatever it holds', () => {
    expect(problems('${ARG}/../..')).toEqual([
      'p.yml:2:16: working_dir ${ARG}/../.. leads out of the working tree (through ..); a step runs only inside the tree it commits to',
    ]);
  });
});
