// Every playbook shipped in examples/ is valid (files added later are covered too).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { formatProblem } from '../../../src/errors.js';
import { packageRoot } from '../../../src/infra/package.js';
import { parsePlaybook } from '../../../src/playbook/index.js';

it('every example playbook validates', () => {
  const dir = join(packageRoot, 'examples');
  const files = existsSync(dir)
    ? readdirSync(dir).filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
    : [];
  const problems = files.flatMap((f) => {
    const { problems: found } = parsePlaybook(readFileSync(join(dir, f), 'utf8'), `examples/${f}`);
    return found.map(formatProblem);
  });
  expect(problems).toEqual([]);
});
