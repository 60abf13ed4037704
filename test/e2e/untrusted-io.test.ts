// Input and output mmm does not control (step output, agent answers, playbook text, --args) as a
// user meets it through the built bin: prompts of any size, NUL bytes, terminal control
// sequences, forged commit trailers, paths out of the tree, an agent's own budget stop.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMmm } from '../helpers/bin.js';
import { writeScenario, type FakeTurn } from '../helpers/fake-claude.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';

const mmm = (args: string[], cwd: string, env?: Record<string, string>) =>
  startMmm(args, cwd, env).done;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function repo(files: Record<string, string>): TempRepo {
  const r = makeTempRepo({ 'README.md': '# e2e\n', ...files });
  cleanups.push(r.cleanup);
  return r;
}
function fake(turns: FakeTurn[]) {
  return writeScenario(mkdtempSync(join(tmpdir(), 'mmm-fake-')), turns);
}

describe('prompts of any size', () => {
  it('hands a prompt holding three 60 KB step outputs to the agent whole', async () => {
    const make = (id: string, letter: string) =>
      `  - shell: node -e "process.stdout.write('${letter}'.repeat(60000))"\n    id: ${id}\n`;
    const r = repo({
      'pb.yml':
        'name: big\nsteps:\n' +
        make('a', 'a') +
        make('b', 'b') +
        make('c', 'c') +
        '  - claude: "Look at ${a.output}|${b.output}|${c.output}|end"\n',
    });
    const agent = fake([{ write: { 'seen.txt': 'yes\n' } }]);
    const result = await mmm(['cook', 'pb.yml'], r.dir, agent.env);
    expect(result.stderr).not.toMatch(/E2BIG|could not start/);
    expect(result.status).toBe(0);
    const [call] = agent.calls();
    expect(call?.promptVia).toBe('stdin');
    expect(call?.prompt).toBe(
      `Look at ${'a'.repeat(60000)}|${'b'.repeat(60000)}|${'c'.repeat(60000)}|end`,
    );
  });
});
