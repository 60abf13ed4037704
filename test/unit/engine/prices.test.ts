// Pricing tokens: the table, the repository's file over it, and where a call's cost comes from.
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../src/errors.js';
import { costOfCall, DEFAULT_PRICES, findPrice, priceUsage } from '../../../src/engine/prices.js';
import { parsePricesFile } from '../../../src/playbook/prices-file.js';

const usage = {
  inputTokens: 1_000_000,
  outputTokens: 100_000,
  cacheReadInputTokens: 2_000_000,
  cacheCreationInputTokens: 10_000,
};
const problems = (text: string) =>
  parsePricesFile(text, '.mmm/prices.yml').problems.map(formatProblem);

describe('priceUsage', () => {
  it('prices each kind of token at its own rate, per million', () => {
    const price = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };
    expect(priceUsage(usage, price)).toBeCloseTo(3 + 1.5 + 0.6 + 0.0375, 10);
  });
});

describe('findPrice', () => {
  it('finds a model by its name, or a dated snapshot by the name it dates', () => {
    expect(findPrice(DEFAULT_PRICES, 'gpt-5.5')).toEqual(DEFAULT_PRICES['gpt-5.5']);
    expect(findPrice(DEFAULT_PRICES, 'claude-sonnet-4-5-20250929')).toEqual(
      DEFAULT_PRICES['claude-sonnet-4-5'],
    );
    expect(findPrice(DEFAULT_PRICES, 'gpt-5-2025-08-07')).toEqual(DEFAULT_PRICES['gpt-5']);
  });

  it('does not take another model of the same family for it', () => {
    expect(findPrice(DEFAULT_PRICES, 'gpt-5-nano')).toBeUndefined();
    expect(findPrice(DEFAULT_PRICES, 'claude-opus-4')).toBeUndefined();
    expect(findPrice(DEFAULT_PRICES, 'gpt-6.2-sol')).toBeUndefined();
  });
});

describe('costOfCall', () => {
  it('keeps a cost the agent reported, even with tokens', () => {
    expect(costOfCall(DEFAULT_PRICES, 'claude', { costUsd: 0.5, usage }, 'gpt-5.5')).toEqual({
      costUsd: 0.5,
      costSource: 'reported',
      unpriced: undefined,
    });
  });

  it('prices the tokens of a known model, as an estimate', () => {
    const cost = costOfCall(DEFAULT_PRICES, 'codex', { costUsd: undefined, usage }, 'gpt-5.5');
    expect(cost.costSource).toBe('priced');
    expect(cost.costUsd).toBeCloseTo(5 + 3 + 1 + 0.05, 10);
  });

  it('says why the tokens of an unknown model, or of no model, are not priced', () => {
    expect(costOfCall(DEFAULT_PRICES, 'codex', { costUsd: undefined, usage }, 'mystery')).toEqual({
      costUsd: undefined,
      costSource: 'not reported',
      unpriced:
        'no price for model mystery: its tokens count against no cost budget; add it to .mmm/prices.yml',
    });
    expect(
      costOfCall(DEFAULT_PRICES, 'codex', { costUsd: undefined, usage }, undefined).unpriced,
    ).toMatch(/^codex reports tokens but not which model it used.*set agent\.model$/);
    expect(
      costOfCall(DEFAULT_PRICES, 'x', { costUsd: undefined, usage: undefined }, 'gpt-5.5'),
    ).toEqual({ costUsd: undefined, costSource: 'not reported', unpriced: undefined });
  });
});

describe('.mmm/prices.yml', () => {
  it('reads each model, cached tokens priced as input when left out', () => {
    const { prices, problems: found } = parsePricesFile(
      'my-model: { input: 2, output: 8 }\nother:\n  input: 1\n  output: 4\n  cache_read: 0.1\n  cache_write: 1.25\n',
      '.mmm/prices.yml',
    );
    expect(found).toEqual([]);
    expect(prices).toEqual({
      'my-model': { input: 2, output: 8, cacheRead: 2, cacheWrite: 2 },
      other: { input: 1, output: 4, cacheRead: 0.1, cacheWrite: 1.25 },
    });
  });

  it('an empty file or one of comments prices nothing', () => {
    expect(parsePricesFile('# none yet\n', 'p').prices).toEqual({});
  });

  it('reports every problem at its line and column', () => {
    expect(
      problems(
        'a: { input: -1, output: 2 }\nb: { output: 2 }\nc: { input: 1, output: 2, cached: 1 }\nd: 3\n',
      ),
    ).toEqual([
      '.mmm/prices.yml:1:13: a.input must be a number of US dollars per million tokens, 0 or more',
      '.mmm/prices.yml:2:4: the price of b needs `input` (USD per million tokens)',
      '.mmm/prices.yml:3:27: unknown price `cached` for c; the prices are input, output, cache_read and cache_write (USD per million tokens)',
      '.mmm/prices.yml:4:4: the price of d is a mapping, e.g. `gpt-5.5: { input: 5, output: 30, cache_read: 0.5, cache_write: 0 }`',
    ]);
    expect(problems('- gpt-5\n')).toEqual([
      '.mmm/prices.yml:1:1: .mmm/prices.yml is a mapping of model names to prices, e.g. `gpt-5.5: { input: 5, output: 30, cache_read: 0.5, cache_write: 0 }`',
    ]);
    expect(problems('a: {input: 1\n')[0]).toMatch(/^\.mmm\/prices\.yml:\d+:\d+: YAML syntax: /);
  });

  it('refuses a price that is not a number of 0 or more, and keeps the models that are right', () => {
    const { prices, problems: found } = parsePricesFile(
      [
        'free: { input: 0, output: 0 }',
        'text: { input: "1", output: 2 }',
        'inf: { input: .inf, output: 2 }',
        'none: { input: , output: 2 }',
        'half: { input: 0.5, output: 1.5, cache_read: 0.1, cache_write: 0.2 }',
        '',
      ].join('\n'),
      'p',
    );
    expect(found.map(formatProblem)).toEqual([
      'p:2:16: text.input must be a number of US dollars per million tokens, 0 or more',
      'p:3:15: inf.input must be a number of US dollars per million tokens, 0 or more',
      'p:4:16: none.input must be a number of US dollars per million tokens, 0 or more',
    ]);
    expect(prices).toEqual({
      free: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
      half: { input: 0.5, output: 1.5, cacheRead: 0.1, cacheWrite: 0.2 },
    });
  });

  it('refuses a model named twice, and prices nothing from a file with a syntax problem', () => {
    expect(
      parsePricesFile('m: { input: 0, output: 0 }\nm: { input: 1, output: 1 }\n', 'p'),
    ).toEqual({
      prices: {},
      problems: [{ file: 'p', line: 2, col: 1, message: 'YAML syntax: Map keys must be unique' }],
    });
  });

  it('says which price a model lacks, once, even when the other is wrong', () => {
    expect(problems('m: { output: x }\n')).toEqual([
      '.mmm/prices.yml:1:14: m.output must be a number of US dollars per million tokens, 0 or more',
      '.mmm/prices.yml:1:4: the price of m needs `input` (USD per million tokens)',
    ]);
    expect(problems('m: { input: 1 }\n')).toEqual([
      '.mmm/prices.yml:1:4: the price of m needs `output` (USD per million tokens)',
    ]);
    expect(problems('m:\n')).toEqual([
      '.mmm/prices.yml:1:3: the price of m is a mapping, e.g. `gpt-5.5: { input: 5, output: 30, cache_read: 0.5, cache_write: 0 }`',
    ]);
  });

  it('wants a model name to be plain text', () => {
    expect(problems('? [a, b]\n: { input: 1, output: 1 }\n')).toEqual([
      '.mmm/prices.yml:1:3: a model name must be a plain string',
    ]);
    expect(problems('"": { input: 1, output: 1 }\n')).toEqual([
      '.mmm/prices.yml:1:1: a model name must be a plain string',
    ]);
  });
});
