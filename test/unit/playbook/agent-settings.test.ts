// `agent:` values that only the agent CLI would refuse are caught when the playbook loads.
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../src/errors.js';
import { knownAgentTools } from '../../../src/agents/index.js';
import { parsePlaybook } from '../../../src/playbook/index.js';

const problems = (text: string) => parsePlaybook(text, 'p.yml').problems.map(formatProblem);
/** The known tools as the messages list them. */
const known = () =>
  knownAgentTools()
    .map((t) => `\`${t}\``)
    .join(', ');

describe('agent.tool', () => {
  it('an unknown tool is reported at its value, with the known tools', () => {
    expect(problems('agent: {tool: no-such-agent}\nsteps:\n  - claude: /mmm-lint\n')).toEqual([
      `p.yml:1:15: unknown agent tool \`no-such-agent\` (known tools: ${known()}); use one of them, or leave out \`tool\` for the default, claude`,
    ]);
  });

  it('a near miss gets a suggestion', () => {
    expect(problems('agent:\n  tool: claud\nsteps: [{claude: x}]\n')).toEqual([
      `p.yml:2:9: unknown agent tool \`claud\` (known tools: ${known()}); did you mean \`claude\`?`,
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

describe('agent.wait_on_limit and agent.idle_timeout', () => {
  const agent = (yaml: string) => parsePlaybook(`${yaml}\nsteps: [{claude: x}]\n`, 'p.yml');
  it('waits up to 6h by default, and never watches for a hang', () =>
    expect(agent('name: p').playbook?.agent).toMatchObject({
      waitOnLimitMs: 6 * 3_600_000,
      idleTimeoutMs: undefined,
    }));
  it('reads durations', () =>
    expect(agent('agent: {wait_on_limit: 90m, idle_timeout: 10m}').playbook?.agent).toMatchObject({
      waitOnLimitMs: 90 * 60_000,
      idleTimeoutMs: 10 * 60_000,
    }));
  it('false turns waiting off', () =>
    expect(agent('agent: {wait_on_limit: false}').playbook?.agent.waitOnLimitMs).toBeUndefined());
  it('true is not a duration, and one message says so', () =>
    expect(problems('agent: {wait_on_limit: true}\nsteps: [{claude: x}]\n')).toEqual([
      'p.yml:1:24: `wait_on_limit` must be a duration, got true: use a number of seconds (90) or a string like 90s, 20m, 1h, 1h30m or 500ms, or false not to wait',
    ]));
});

describe('agent.resume_conversation', () => {
  it('is off unless set to true', () => {
    const read = (agent: string) =>
      parsePlaybook(`${agent}steps: [{claude: x}]\n`, 'p.yml').playbook?.agent.resumeConversation;
    expect(read('')).toBe(false);
    expect(read('agent: {resume_conversation: false}\n')).toBe(false);
    expect(read('agent: {resume_conversation: true}\n')).toBe(true);
  });

  it('takes only true or false', () => {
    expect(problems('agent: {resume_conversation: yes please}\nsteps: [{claude: x}]\n')).toEqual([
      'p.yml:1:30: `resume_conversation` must be true/false, got text "yes please"',
    ]);
  });
});

describe("a step's own agent.resume_conversation", () => {
  const steps = (text: string) => parsePlaybook(text, 'p.yml').playbook?.steps;

  it('is read from the step and its handler, and left to the playbook when absent', () => {
    const [fix, other] =
      steps(
        [
          'agent: {resume_conversation: true}',
          'steps:',
          '  - claude: fix',
          '    agent: {resume_conversation: false}',
          '    on_failure: {claude: repair, agent: {resume_conversation: true}, max_attempts: 2}',
          '  - claude: other',
          '',
        ].join('\n'),
      ) ?? [];
    expect(fix?.agent?.resumeConversation).toBe(false);
    expect(fix?.onFailure?.step.agent?.resumeConversation).toBe(true);
    expect(other?.agent?.resumeConversation).toBeUndefined();
  });

  it('is refused on a shell step, which runs no agent', () => {
    expect(problems('steps:\n  - shell: make\n    agent: {resume_conversation: true}\n')).toEqual([
      'p.yml:3:5: `agent:` settings apply to `claude:` steps; a `shell:` step runs no agent, so remove them here',
    ]);
  });
});

describe("a step's own agent settings", () => {
  const loaded = (text: string) => parsePlaybook(text, 'p.yml').playbook;

  it('are read as written, each over the playbook setting of the same name', () => {
    const pb = loaded(
      [
        'agent: {model: sonnet, permission_mode: acceptEdits, fallback: [{tool: claude, model: haiku}]}',
        'steps:',
        '  - claude: review',
        '    agent: {model: opus, permission_mode: plan, max_turns: 3, allowed_tools: [Read]}',
        '  - claude: implement',
        '',
      ].join('\n'),
    );
    expect(pb?.agent.fallback).toEqual([{ tool: 'claude', model: 'haiku' }]);
    expect(pb?.steps[0]?.agent).toEqual({
      model: 'opus',
      permissionMode: 'plan',
      maxTurns: 3,
      allowedTools: ['Read'],
    });
    expect(pb?.steps[1]?.agent).toBeUndefined();
  });

  it("are checked as the playbook's are: an unknown tool, a fallback without its tool", () => {
    expect(
      problems(
        [
          'steps:',
          '  - claude: x',
          '    agent: {tool: codx, fallback: [{tool: gemni}, {model: opus}]}',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      expect.stringMatching(/^p\.yml:3:19: unknown agent tool `codx`/),
      expect.stringMatching(/^p\.yml:3:43: unknown agent tool `gemni`/),
      'p.yml:3:51: missing `tool` in an agent of `fallback`',
    ]);
  });
});
