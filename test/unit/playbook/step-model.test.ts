// What a step is read into: the settings a run obeys (tries, repeats, gates, labels, handlers'
// policy), each from the YAML a user writes, with the defaults the documentation promises.
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../src/errors.js';
import { parsePlaybook, summarizePlaybook } from '../../../src/playbook/index.js';
import type { Step } from '../../../src/playbook/model.js';

function steps(text: string): Step[] {
  const { playbook, problems } = parsePlaybook(text, 'p.yml');
  expect(problems.map(formatProblem)).toEqual([]);
  return playbook?.steps ?? [];
}

const one = (text: string): Step => {
  const [step] = steps(text);
  if (!step) throw new Error('no step');
  return step;
};

describe('a failure handler', () => {
  it('tries a shell step 3 times and a claude step once unless max_attempts says', () => {
    const [shell, claude, both] = steps(
      [
        '- shell: npm test',
        '  on_failure: {claude: fix it}',
        '- claude: write it',
        '  on_failure: {shell: "true"}',
        '- shell: make',
        '  on_failure: {claude: fix it, max_attempts: 5}',
        '',
      ].join('\n'),
    );
    expect(shell?.onFailure?.maxAttempts).toBe(3);
    expect(claude?.onFailure?.maxAttempts).toBe(1);
    expect(both?.onFailure?.maxAttempts).toBe(5);
  });

  it('stops on 2 identical failures unless stop_on_repeat says another count or false', () => {
    const handlers = steps(
      [
        '- {shell: a, on_failure: {claude: f}}',
        '- {shell: b, on_failure: {claude: f, stop_on_repeat: 4}}',
        '- {shell: c, on_failure: {claude: f, stop_on_repeat: false}}',
        '- {shell: d, on_failure: {claude: f, stop_on_repeat: 2}}',
        '',
      ].join('\n'),
    ).map((s) => s.onFailure?.stopOnRepeat);
    expect(handlers).toEqual([2, 4, undefined, 2]);
  });

  it('fails the workflow unless fail_workflow: false', () => {
    const flags = steps(
      [
        '- {shell: a, on_failure: {claude: f}}',
        '- {shell: b, on_failure: {claude: f, fail_workflow: false}}',
        '- {shell: c, on_failure: {claude: f, fail_workflow: true}}',
        '',
      ].join('\n'),
    ).map((s) => s.onFailure?.failWorkflow);
    expect(flags).toEqual([true, false, true]);
  });

  it("works under its step's policy unless it has one of its own", () => {
    const [inherits, own] = steps(
      [
        '- shell: a',
        '  policy: {secrets: true}',
        '  on_failure: {claude: f}',
        '  on_success: {shell: "true"}',
        '- shell: b',
        '  policy: {secrets: true}',
        '  on_failure: {claude: f, policy: {max_changed_files: 2}}',
        '',
      ].join('\n'),
    );
    const secrets = { secrets: { value: true, severity: 'block' } };
    expect(inherits?.policy).toEqual(secrets);
    expect(inherits?.onFailure?.step.policy).toEqual(secrets);
    expect(inherits?.onSuccess?.policy).toEqual(secrets);
    expect(own?.onFailure?.step.policy).toEqual({
      max_changed_files: { value: 2, severity: 'block' },
    });
  });
});

describe('a step', () => {
  it('is labelled by its id, or by its kind and the start of its first line', () => {
    const labels = steps(
      [
        '- {shell: npm test, id: tests}',
        '- shell: |',
        '    echo one',
        '    echo two',
        `- claude: "${'x'.repeat(40)}"`,
        `- claude: "${'y'.repeat(41)}"`,
        '- shell: "  padded\\tcommand  "',
        '',
      ].join('\n'),
    ).map((s) => s.label);
    expect(labels).toEqual([
      'tests',
      'shell: echo one',
      `claude: ${'x'.repeat(40)}`,
      `claude: ${'y'.repeat(39)}…`,
      'shell: padded command',
    ]);
  });

  it('reads gate, ack_window, timeout, commit_required, capture_output and outputs', () => {
    const step = one(
      [
        '- claude: write it',
        '  gate: approve',
        '  ack_window: 90s',
        '  timeout: 2m',
        '  commit_required: true',
        '  capture_output: false',
        '  outputs:',
        '    report: {file_pattern: "out/*.md"}',
        '',
      ].join('\n'),
    );
    expect(step).toMatchObject({
      gate: 'approve',
      ackWindowMs: 90_000,
      timeoutMs: 120_000,
      commitRequired: true,
      captureOutput: false,
      outputs: { report: { filePattern: 'out/*.md' } },
    });
  });

  it('takes each gate kind, and has none when not given', () => {
    const gates = steps(
      '- {shell: a, gate: auto}\n- {shell: b, gate: ack}\n- {shell: c, gate: approve}\n- {shell: d}\n',
    ).map((s) => s.gate);
    expect(gates).toEqual(['auto', 'ack', 'approve', undefined]);
  });

  it('has the defaults of a step that says nothing', () => {
    const step = one('- shell: make\n');
    expect(step).toMatchObject({
      id: undefined,
      kind: 'shell',
      commitRequired: false,
      captureOutput: true,
      outputs: {},
      gate: undefined,
      ackWindowMs: undefined,
      timeoutMs: undefined,
      onFailure: undefined,
      onSuccess: undefined,
      policy: undefined,
      when: undefined,
      agent: undefined,
    });
  });

  it('reads `when: true` and `when: false` as literal conditions', () => {
    const whens = steps('- {shell: a, when: true}\n- {shell: b, when: false}\n').map((s) => s.when);
    expect(whens).toEqual([
      { kind: 'literal', value: true },
      { kind: 'literal', value: false },
    ]);
  });

  it('takes agent settings on a claude step', () => {
    const step = one('- claude: go\n  agent: {model: opus}\n');
    expect(step.agent).toMatchObject({ model: 'opus' });
  });
});

describe('a command list (`commands:`)', () => {
  it('runs each command as a claude step `/name args…`, with its own settings', () => {
    const { playbook, problems } = parsePlaybook(
      [
        'commands:',
        '  - mmm-lint',
        '  - {name: mmm-fix, args: [a, b], id: fix, gate: ack, ack_window: 5m, commit_required: true}',
        '  - name: /mmm-docs',
        '    args: ["${fix.output}"]',
        '    outputs: {notes: {file_pattern: "docs/*.md"}}',
        '',
      ].join('\n'),
      'p.yml',
    );
    expect(problems).toEqual([]);
    const [lint, fix, docs] = playbook?.steps ?? [];
    expect(lint).toMatchObject({
      kind: 'claude',
      label: 'claude: /mmm-lint',
      command: { source: '/mmm-lint', parts: [{ kind: 'text', text: '/mmm-lint' }] },
      gate: undefined,
      ackWindowMs: undefined,
      commitRequired: false,
      captureOutput: true,
      outputs: {},
    });
    expect(fix).toMatchObject({
      id: 'fix',
      label: 'fix',
      command: { source: '/mmm-fix a b', parts: [{ kind: 'text', text: '/mmm-fix a b' }] },
      gate: 'ack',
      ackWindowMs: 300_000,
      commitRequired: true,
    });
    expect(docs?.command.source).toBe('/mmm-docs ${fix.output}');
    expect(docs?.command.parts).toMatchObject([
      { kind: 'text', text: '/mmm-docs ' },
      { kind: 'var', raw: '${fix.output}' },
    ]);
    expect(docs?.outputs).toEqual({ notes: { filePattern: 'docs/*.md' } });
  });
});

describe('the playbook', () => {
  it('has the defaults of a list of steps', () => {
    const { playbook } = parsePlaybook('- shell: make\n', 'dir/nightly.yml');
    expect(playbook).toMatchObject({
      form: 'list',
      name: 'nightly',
      maxIterations: 1,
      gate: 'auto',
      ackWindowMs: 600_000,
      policy: {},
      env: {},
      until: undefined,
      budget: { maxCostUsd: undefined, maxAgentCalls: undefined, maxDurationMs: undefined },
    });
    expect(playbook?.agent).toStrictEqual({
      tool: 'claude',
      model: undefined,
      permissionMode: undefined,
      allowedTools: [],
      disallowedTools: [],
      maxTurns: undefined,
      timeoutMs: undefined,
      appendSystemPrompt: undefined,
      waitOnLimitMs: 6 * 3_600_000,
      idleTimeoutMs: undefined,
      resumeConversation: false,
      fallback: [],
    });
  });

  it('reads its name, loop, gate, budget and agent settings', () => {
    const { playbook, problems } = parsePlaybook(
      [
        'name: nightly cleanup',
        'max_iterations: 4',
        'gate: approve',
        'ack_window: 1m',
        'budget: {max_cost_usd: 2.5, max_agent_calls: 1, max_duration: 1h}',
        'agent:',
        '  model: opus',
        '  permission_mode: acceptEdits',
        '  allowed_tools: [Read, Edit]',
        '  disallowed_tools: [Bash]',
        '  max_turns: 1',
        '  timeout: 10m',
        '  append_system_prompt: be brief',
        '  wait_on_limit: false',
        '  idle_timeout: 2m',
        '  resume_conversation: true',
        '  fallback: [{tool: codex, model: gpt}, {tool: gemini}]',
        'steps:',
        '  - claude: go',
        '',
      ].join('\n'),
      'p.yml',
    );
    expect(problems).toEqual([]);
    expect(playbook).toMatchObject({
      form: 'mapping',
      name: 'nightly cleanup',
      maxIterations: 4,
      gate: 'approve',
      ackWindowMs: 60_000,
      budget: { maxCostUsd: 2.5, maxAgentCalls: 1, maxDurationMs: 3_600_000 },
    });
    expect(playbook?.agent).toStrictEqual({
      tool: 'claude',
      model: 'opus',
      permissionMode: 'acceptEdits',
      allowedTools: ['Read', 'Edit'],
      disallowedTools: ['Bash'],
      maxTurns: 1,
      timeoutMs: 600_000,
      appendSystemPrompt: 'be brief',
      waitOnLimitMs: undefined,
      idleTimeoutMs: 120_000,
      resumeConversation: true,
      fallback: [
        { tool: 'codex', model: 'gpt' },
        { tool: 'gemini', model: undefined },
      ],
    });
  });

  it("keeps only the agent settings a step writes, over the playbook's", () => {
    const { playbook } = parsePlaybook(
      [
        'agent: {model: opus, max_turns: 9}',
        'steps:',
        '  - claude: go',
        '    agent: {model: haiku, wait_on_limit: 30m}',
        '  - claude: again',
        '    agent: {tool: codex}',
        '',
      ].join('\n'),
      'p.yml',
    );
    expect(playbook?.steps[0]?.agent).toStrictEqual({ model: 'haiku', waitOnLimitMs: 1_800_000 });
    expect(playbook?.steps[1]?.agent).toStrictEqual({ tool: 'codex' });
  });

  it("checks a step's agent settings against the playbook's tool", () => {
    const text = (tool: string) =>
      `agent: {tool: ${tool}}\nsteps:\n  - claude: go\n    agent: {max_turns: 3}\n`;
    expect(parsePlaybook(text('codex'), 'p.yml').problems.map(formatProblem)).toEqual([
      'p.yml:4:24: `max_turns` has no meaning for agent tool `codex`; remove it, or set it only on the steps that run another tool',
    ]);
    expect(parsePlaybook(text('claude'), 'p.yml').problems).toEqual([]);
    // An unknown tool is reported once, and the step is checked as a claude step.
    expect(parsePlaybook(text('claud'), 'p.yml').problems.map(formatProblem)).toEqual([
      'p.yml:1:15: unknown agent tool `claud` (known tools: `claude`, `amp`, `cursor`, `copilot`, `codex`, `gemini`, `opencode`); did you mean `claude`?',
    ]);
  });

  it('refuses a name with a control character, saying which', () => {
    const { problems } = parsePlaybook('name: "a\\x07b"\nsteps:\n  - claude: go\n', 'p.yml');
    expect(problems.map(formatProblem)).toEqual([
      'p.yml:1:7: `name` must be one line of plain text, but it holds a control character ("\\u0007"); the name goes into the subject of every commit the run makes',
    ]);
    const { problems: broken } = parsePlaybook('name: "a\\rb"\nsteps:\n  - claude: go\n', 'p.yml');
    expect(broken.map(formatProblem)[0]).toContain('it holds a line break ("\\r")');
  });

  it('names an unknown fallback tool, and a fallback without a tool', () => {
    const { problems } = parsePlaybook(
      'agent: {fallback: [{tool: gemni}, {model: m}]}\nsteps:\n  - claude: go\n',
      'p.yml',
    );
    expect(problems.map(formatProblem)).toEqual([
      'p.yml:1:27: unknown agent tool `gemni` (known tools: `claude`, `amp`, `cursor`, `copilot`, `codex`, `gemini`, `opencode`); did you mean `gemini`?',
      'p.yml:1:35: missing `tool` in an agent of `fallback`',
    ]);
  });
});

describe('the one-line summary of a valid playbook', () => {
  const summary = (text: string) => {
    const { playbook } = parsePlaybook(text, 'p.yml');
    if (!playbook) throw new Error('invalid');
    return summarizePlaybook(playbook);
  };

  it('counts steps and iterations, names the until check and the variables in file order', () => {
    expect(summary('- shell: make\n')).toBe('1 step, max 1 iteration, no variables');
    expect(
      summary(
        [
          'max_iterations: 3',
          'env: {TARGET: "${ARG}"}',
          'steps:',
          '  - shell: make',
          '    id: build',
          '  - claude: "fix ${build.output} for ${item}"',
          '    when: "${ITERATION} > 1"',
          'until:',
          '  shell: "test ${shell.output}"',
          '',
        ].join('\n'),
      ),
    ).toBe(
      '2 steps, max 3 iterations, until: shell, variables: ARG, build.output, item, ITERATION, shell.output',
    );
  });
});
