// The playbook validators are compiled ahead of time from the schema: the committed module must be
// what `npm run generate:validators` makes from schemas/playbook.schema.json today.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../../scripts/generate-validators.mjs', import.meta.url));

describe('the precompiled playbook validators', () => {
  it('are up to date with schemas/playbook.schema.json', () => {
    const result = spawnSync(process.execPath, [SCRIPT, '--check'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
