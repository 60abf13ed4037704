// The playbook validators are compiled ahead of time (ajv standalone code), so a run does not load
// ajv nor compile the schema at start-up. This test compiles them again from the schema and fails
// when the committed module is out of date: run `npm run generate:validators` after changing
// schemas/playbook.schema.json.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';

// Not SCHEMA_PATH: schema.ts imports the module made here, which must be possible to make afresh.
const SCHEMA = fileURLToPath(new URL('../../../schemas/playbook.schema.json', import.meta.url));
const GENERATED = fileURLToPath(
  new URL('../../../src/playbook/schema-validators.generated.ts', import.meta.url),
);

const HEADER = `// Generated from schemas/playbook.schema.json by test/unit/playbook/schema-validators.test.ts
// (npm run generate:validators). Do not edit: change the schema and generate again.
/* eslint-disable */
// @ts-nocheck
`;

// What checkSchema relies on: every error (allErrors), each with its data and schema (verbose).
const AJV_OPTIONS = {
  allErrors: true,
  verbose: true,
  allowUnionTypes: true,
  strict: true,
} as const;
/** The forms checkSchema validates, each a definition of the schema. */
const FORMS = {
  stepList: 'playbook#/definitions/stepList',
  playbook: 'playbook#/definitions/playbook',
};

/**
 * ajv's standalone code as an ES module. Its runtime helpers are CommonJS modules it still
 * `require`s (and reads `.default` of), so the module makes itself a `require`.
 */
async function generatedSource(): Promise<string> {
  const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as object;
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true, lines: true } });
  ajv.addSchema(schema, 'playbook');
  const code = standalone.default(ajv, FORMS).replace(/^"use strict";\s*/, '');
  const prelude = code.includes('require(')
    ? "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n"
    : '';
  const source = `${HEADER}${prelude}${code}`;
  return format(source, { ...(await resolveConfig(GENERATED)), filepath: GENERATED });
}

describe('the precompiled playbook validators', () => {
  it('are up to date with schemas/playbook.schema.json', async () => {
    await expect(await generatedSource()).toMatchFileSnapshot(GENERATED);
  });
});
