// `agent:` values that only the agent CLI would refuse are caught when the playbook loads.
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../src/errors.js';
import { knownAgentTools } from '../../../src/agents/index.js';
import { parsePlaybook } from '../../../src/playbook/index.js';

const problems = (text: string) => parsePlaybook(text, 'p.yml').problems.map(formatProblem);

describe('agent.tool', () => {
  it('an unknown tool is reported at its value, with the known tools', () => {
    expect(problems('agent: {tool: codex}\nsteps:\n  - claude: /mmm-lint\n')).toEqual([
      'p.yml:1:15: unknown agent tool `codex` (known tools: `claude`); use one of them, or leave out `tool` for the default, claude',
    ]);
  });

  it('a near miss gets a suggestion', () => {
    expect(problems('agent:\n  tool: claud\nsteps: [{claude: x}]\n')).toEqual([
      'p.yml:2:9: unknown agent tool `claud` (known tools: `claude`); did you mean `claude`?',
    ]);
  });

  it('lists the tools the agent registry knows, and accepts each of them', () => {
    for (const tool of knownAgentTools()) {
      expect(problems(`agent: {tool: ${tool}}\nsteps: [{claude: x}]\n`)).toEqual([]);
    }
    const [message] = problems('agent: {tool: nope}\nsteps: [{claude: x}]\n');
    for (const tool of knownAgentTools()) expect(message).toContain(`\`${tool}\``);
  });
});

describe('agent.permission_mode', () => {
  it.each(['acceptEdits', 'auto', 'bypassPermissions', 'default', 'dontAsk', 'plan'])(
    '%s is accepted',
    (mode) => {
      const { playbook } = parsePlaybook(
        `agent: {permission_mode: ${mode}}\nsteps: [{claude: x}]\n`,
        'p.yml',
      );
      expect(playbook?.agent.permissionMode).toBe(mode);
    },
  );

  it('any other mode is reported at its value, with the modes', () => {
    expect(problems('agent:\n  permission_mode: yolo\nsteps: [{claude: x}]\n')).toEqual([
      "p.yml:2:20: unknown permission_mode `yolo` for agent tool `claude` (modes: `acceptEdits`, `auto`, `bypassPermissions`, `default`, `dontAsk`, `plan`); use one of them, or leave it out for the agent's default",
    ]);
    expect(problems('agent: {permission_mode: acceptedits}\nsteps: [{claude: x}]\n')).toEqual([
      expect.stringMatching(/^p\.yml:1:26: .*; did you mean `acceptEdits`\?$/),
    ]);
  });
});
