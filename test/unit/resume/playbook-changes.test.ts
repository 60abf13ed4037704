import { describe, expect, it } from 'vitest';
import { describePlaybookChanges } from '../../../src/actions/resume/playbook-changes.js';
import { parsePlaybook } from '../../../src/playbook/index.js';

const OLD = `name: p
steps:
  - shell: echo one
    id: one
  - shell: echo two
  - shell: echo three
`;

function changes(now: string): string[] {
  const { playbook } = parsePlaybook(now, 'pb.yml');
  if (!playbook) throw new Error('the new playbook does not load');
  return describePlaybookChanges(OLD, playbook);
}

describe('describePlaybookChanges', () => {
  it('names steps changed, added and removed by index and label', () => {
    expect(changes(OLD.replace('echo two', 'echo TWO').concat('  - shell: echo four\n'))).toEqual([
      'changed: step 2 (shell: echo two), now shell: echo TWO',
      'added: step 4 (shell: echo four)',
    ]);
    expect(changes(OLD.replace('  - shell: echo three\n', ''))).toEqual([
      'removed: step 3 (shell: echo three)',
    ]);
  });

  it('names settings that changed, and says when only the layout did', () => {
    expect(changes(OLD.replace('name: p', 'name: p\nmax_iterations: 3'))).toEqual([
      'changed: max_iterations',
    ]);
    expect(changes(`# a comment\n${OLD}`)).toEqual(['only comments or layout changed']);
  });
});
