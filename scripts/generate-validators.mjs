// Compiles schemas/playbook.schema.json into src/playbook/schema-validators.generated.ts (ajv
// standalone code), so that a run neither loads ajv's compiler nor compiles the schema at start-up.
//   node scripts/generate-validators.mjs          write the module (npm run generate:validators)
//   node scripts/generate-validators.mjs --check  exit 1 when the committed module is out of date
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { format, resolveConfig } from 'prettier';

const SCHEMA = fileURLToPath(new URL('../schemas/playbook.schema.json', import.meta.url));
const GENERATED = fileURLToPath(
  new URL('../src/playbook/schema-validators.generated.ts', import.meta.url),
);

const HEADER = `// Generated from schemas/playbook.schema.json by scripts/generate-validators.mjs
// (npm run generate:validators). Do not edit: change the schema and generate again.
/* eslint-disable */
// @ts-nocheck
`;

// What checkSchema (src/playbook/schema.ts) relies on: every error (allErrors), each with its data
// and schema (verbose).
const AJV_OPTIONS = { allErrors: true, verbose: true, allowUnionTypes: true, strict: true };
/** The forms checkSchema validates, each a definition of the schema. */
const FORMS = {
  stepList: 'playbook#/definitions/stepList',
  playbook: 'playbook#/definitions/playbook',
};

/**
 * ajv's standalone code as an ES module. Its runtime helpers are CommonJS modules it still
 * `require`s, so the module makes itself a `require`.
 */
async function generatedSource() {
  const schema = JSON.parse(readFileSync(SCHEMA, 'utf8'));
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true, lines: true } });
  ajv.addSchema(schema, 'playbook');
  const code = standalone.default(ajv, FORMS).replace(/^"use strict";\s*/, '');
  const prelude = code.includes('require(')
    ? "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n"
    : '';
  const source = `${HEADER}${prelude}${code}`;
  return format(source, { ...(await resolveConfig(GENERATED)), filepath: GENERATED });
}

const source = await generatedSource();
if (process.argv.includes('--check')) {
  if (readFileSync(GENERATED, 'utf8') !== source) {
    process.stderr.write(
      'src/playbook/schema-validators.generated.ts is out of date with schemas/playbook.schema.json: run npm run generate:validators\n',
    );
    process.exitCode = 1;
  }
} else {
  writeFileSync(GENERATED, source);
}
