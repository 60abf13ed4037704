// Conversation ids with the scripted claude CLI: every call gets a new id from mmm, and a resumed
// run continues the cut-off conversation in the first call of its step, and only there.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResumeFrom } from '../../../src/engine/index.js';
import { writeScenario, type FakeTurn } from '../../helpers/fake-claude.js';
import { claude, playbook, run } from '../../helpers/engine.js';
import { useTempRepos, type TempRepo } from '../../helpers/repo.js';

const repo = useTempRepos();
const fake = (turns: FakeTurn[]) => writeScenario(mkdtempSync(join(tmpdir(), 'mmm-fake-')), turns);

/** A claude step that fails once, its handler, and its second try. */
const failsOnce = (resumeConversation: boolean) =>
  playbook(
    [
      claude('fix it', {
        id: 'fix',
        onFailure: { step: claude('repair', {}), maxAttempts: 2 },
      }),
    ],
    { agent: { ...playbook([]).agent, resumeConversation } },
  );

/** Resumes at step 1 of iteration 1, whose call in `role` was cut off in conversation `old`. */
function resumeAtFirstStep(r: TempRepo, role: 'step' | 'on_failure' = 'step'): ResumeFrom {
  const head = r.git('rev-parse', 'HEAD');
  return {
    from: 'crashed',
    iteration: 1,
    stepIndex: 0,
    startAt: head,
    baseCommit: head,
    steps: {},
    lastShellOutput: undefined,
    totals: { ok: 0, failed: 0, skipped: 0, costUsd: 0, agentCalls: 0 },
    commits: [],
    savedRefs: 0,
    playbookChanged: false,
    cutOffConversation: { iteration: 1, stepIndex: 0, role, conversationId: 'old' },
  };
}

const turns: FakeTurn[] = [
  { error: 'no luck' },
  { write: { 'repaired.txt': 'r\n' } },
  { write: { 'fixed.txt': 'f\n' } },
];

describe('conversation ids', () => {
  it('starts every call under a new id that mmm records before the call', async () => {
    const r = repo();
    const agent = fake(turns);
    const { summary, of, events } = await run(r.dir, failsOnce(false), {}, agent.env);
    expect(summary.exitCode).toBe(0);
    const ids = of('agent.started').map((e) => e.conversationId);
    expect(new Set(ids).size).toBe(3);
    expect(agent.calls().map((c) => c.flags['--session-id'])).toEqual(ids);
    expect(of('agent.call').map((e) => e.conversationId)).toEqual(ids);
    // Each start comes before the call's record.
    const types = events.map((e) => e.type).filter((t) => t.startsWith('agent.'));
    expect(types.join(' ')).toBe(Array(3).fill('agent.started agent.call').join(' '));
  });

  it('continues the cut-off conversation in the first call of the resumed step only', async () => {
    const r = repo();
    const agent = fake(turns);
    const resume = resumeAtFirstStep(r);
    const { summary, of } = await run(r.dir, failsOnce(true), { resume }, agent.env);
    expect(summary.exitCode).toBe(0);
    const [first, handler, second] = agent.calls();
    expect(first?.flags['--resume']).toBe('old');
    expect(first?.flags['--fork-session']).toBe(true);
    expect(first?.flags['--append-system-prompt']).toMatch(/put back as it was/);
    expect(first?.prompt).toBe('fix it');
    expect(handler?.flags['--resume']).toBeUndefined();
    expect(second?.flags['--resume']).toBeUndefined();
    expect(second?.flags['--append-system-prompt']).toBeUndefined();
    expect(of('agent.started').map((e) => e.continues)).toEqual(['old', undefined, undefined]);
  });

  it('continues nothing when the setting is off, or the cut-off call had another role', async () => {
    for (const [on, role] of [
      [false, 'step'],
      [true, 'on_failure'],
    ] as const) {
      const r = repo();
      const agent = fake(turns);
      const resume = resumeAtFirstStep(r, role);
      const { summary } = await run(r.dir, failsOnce(on), { resume }, agent.env);
      expect(summary.exitCode).toBe(0);
      expect(agent.calls().map((c) => c.flags['--resume'])).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
    }
  });

  it("follows the step's own setting over the playbook's", async () => {
    for (const [playbookWide, own, expected] of [
      [false, true, 'old'],
      [true, false, undefined],
    ] as const) {
      const r = repo();
      const agent = fake([{ write: { 'fixed.txt': 'f\n' } }]);
      const pb = playbook([claude('fix it', { id: 'fix', agent: { resumeConversation: own } })], {
        agent: { ...playbook([]).agent, resumeConversation: playbookWide },
      });
      const { summary } = await run(r.dir, pb, { resume: resumeAtFirstStep(r) }, agent.env);
      expect(summary.exitCode).toBe(0);
      expect(agent.calls().map((c) => c.flags['--resume'])).toEqual([expected]);
    }
  });

  it('starts a new conversation when the CLI no longer has the cut-off one', async () => {
    const r = repo();
    const agent = fake([
      { silent: true, stderr: 'No conversation found with session ID: old\n', exitCode: 1 },
      { write: { 'fixed.txt': 'f\n' } },
    ]);
    const pb = playbook([claude('fix it', { id: 'fix' })], {
      agent: { ...playbook([]).agent, resumeConversation: true },
    });
    const { summary, of } = await run(r.dir, pb, { resume: resumeAtFirstStep(r) }, agent.env);
    expect(summary).toMatchObject({ exitCode: 0, agentCalls: 1 });
    expect(agent.calls().map((c) => c.flags['--resume'])).toEqual(['old', undefined]);
    expect(of('agent.conversation_missing')).toMatchObject([
      { conversationId: 'old', message: 'No conversation found with session ID: old' },
    ]);
    expect(of('agent.call')).toHaveLength(1);
    expect(r.git('show', 'HEAD:fixed.txt')).toBe('f');
  });
});
