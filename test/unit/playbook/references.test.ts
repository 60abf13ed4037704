// Reference checks on long chains of step ids (a generated playbook can have thousands).
import { describe, expect, it } from 'vitest';
import { parsePlaybook } from '../../../src/playbook/index.js';
import type { Playbook, Step, TemplatePart } from '../../../src/playbook/model.js';
import { checkReferences } from '../../../src/playbook/references.js';

// Steps s0…s(n-1), each using the output of the one before it; built as the model directly.
function chain(n: number): Playbook {
  const { playbook } = parsePlaybook(
    '- shell: a\n  id: s0\n- shell: "echo ${s0.output}"\n',
    'p.yml',
  );
  const uses = playbook?.steps[1];
  if (!playbook || !uses) throw new Error('the template playbook did not parse');
  const steps: Step[] = Array.from({ length: n }, (_, i) => ({
    ...uses,
    index: i,
    id: `s${i}`,
    command: {
      source: i === 0 ? 'echo' : `echo \${s${i - 1}.output}`,
      parts: uses.command.parts.flatMap((part): TemplatePart[] => {
        if (part.kind === 'text') return [part];
        return i === 0
          ? []
          : [{ ...part, ref: { kind: 'step', id: `s${i - 1}`, field: 'output' } }];
      }),
    },
    pos: { file: 'p.yml', line: i + 1, col: 3 },
  }));
  return { ...playbook, steps };
}

describe('checkReferences', () => {
  it('accepts a chain of 10,000 steps, each using the one before it', () => {
    expect(checkReferences(chain(10_000))).toEqual([]);
  });

  it('still tells an earlier step from a later one', () => {
    const [s0, s1, s2] = chain(3).steps;
    const swapped = { ...chain(3), steps: [s0!, s2!, s1!] };
    expect(checkReferences(swapped).map((p) => p.message)).toEqual([
      expect.stringContaining('refers to step `s1` (line 2), which has not run yet'),
    ]);
  });
});
