// The schema is the one definition of the language's shape, for mmm and for editors.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { SCHEMA_PATH } from '../../../src/playbook/index.js';

interface SchemaNode {
  description?: string;
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  definitions?: Record<string, SchemaNode>;
}

const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as SchemaNode & {
  $schema: string;
  definitions: Record<string, SchemaNode>;
};

function undocumented(node: SchemaNode, path: string, out: string[]): string[] {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    if (!child.description) out.push(`${path}.${key}`);
    undocumented(child, `${path}.${key}`, out);
  }
  if (node.items) undocumented(node.items, `${path}[]`, out);
  if (typeof node.additionalProperties === 'object') {
    undocumented(node.additionalProperties, `${path}.*`, out);
  }
  return out;
}

describe('playbook.schema.json', () => {
  it('is draft-07 and compiles in strict mode', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it('describes every property', () => {
    const missing = Object.entries(schema.definitions).flatMap(([name, def]) => {
      const out: string[] = def.description ? [] : [name];
      return undocumented(def, name, out);
    });
    expect(missing).toEqual([]);
  });

  it('gives on_failure every step field but the gate plus max_attempts, fail_workflow and stop_on_repeat, from the same definitions', () => {
    const step = schema.definitions.step!.properties!;
    const handler = schema.definitions.failureHandler!.properties!;
    // A handler is part of its step's tries: the step's gate applies once they are over.
    const stepFields = Object.keys(step).filter((k) => k !== 'gate' && k !== 'ack_window');
    expect(Object.keys(handler).sort()).toEqual(
      [...stepFields, 'max_attempts', 'fail_workflow', 'stop_on_repeat'].sort(),
    );
    for (const key of stepFields) expect(handler[key]?.$ref, key).toBe(step[key]?.$ref);
  });

  it('accepts the three forms and rejects a step with an unknown key, as an editor would', () => {
    const ajv = new Ajv({ allowUnionTypes: true });
    const validate = ajv.compile(schema);
    expect(validate([{ claude: '/mmm-lint' }])).toBe(true);
    expect(
      validate({ commands: ['mmm-lint', { name: 'mmm-test-generate', args: ['--security'] }] }),
    ).toBe(true);
    expect(validate({ steps: [{ shell: 'npm test', timeout: '10m' }], max_iterations: 2 })).toBe(
      true,
    );
    expect(validate([{ shell: 'npm test', timeot: '10m' }])).toBe(false);
  });
});
