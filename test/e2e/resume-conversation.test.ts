// `agent.resume_conversation` with the REAL Claude Code CLI: a run whose agent call is cut off
// (kill -9 of mmm, or Ctrl-C) while the scripted model holds its answer is resumed, and the step's
// call continues the cut-off conversation: the model gets the earlier messages back.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMmm } from '../helpers/bin.js';
import {
  pricedModel,
  realClaudeEnv,
  startModelServer,
  type MessagesRequest,
  type ModelReply,
  type ModelServer,
} from '../helpers/model-server.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const playbook = (resumeConversation: boolean | undefined) =>
  [
    'name: conv',
    'agent:',
    '  permission_mode: acceptEdits',
    '  allowed_tools: [Write]',
    `  model: ${pricedModel}`,
    ...(resumeConversation === undefined ? [] : [`  resume_conversation: ${resumeConversation}`]),
    'steps:',
    '  - claude: Write the greeting file.',
    '    id: greet',
    '    commit_required: true',
    '',
  ].join('\n');

const write = (request: MessagesRequest, file: string): ModelReply => ({
  content: [
    {
      type: 'tool_use',
      name: 'Write',
      input: { file_path: join(request.cwd ?? 'no-cwd', file), content: `${file}\n` },
    },
  ],
});

/**
 * The scripted model: the first request writes draft.txt, and the answer to its tool result is
 * held until the test lets go (the run is cut off meanwhile). Every later call writes greeting.txt.
 */
async function heldModel(): Promise<{ server: ModelServer; held: Promise<void> }> {
  let reached!: () => void;
  const held = new Promise<void>((resolve) => (reached = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let calls = 0;
  const server = await startModelServer(async (request) => {
    calls += 1;
    if (calls === 1) return write(request, 'draft.txt');
    if (calls === 2) {
      reached();
      await released;
      return 'too late';
    }
    return request.toolResults.length > 0 ? 'Wrote greeting.txt' : write(request, 'greeting.txt');
  });
  cleanups.push(async () => {
    release();
    await server.close();
  });
  return { server, held };
}

/** The pids of a process's children (its threads' children included). */
function childrenOf(pid: number): number[] {
  const tasks = readdirSync(`/proc/${pid}/task`);
  return tasks.flatMap((tid) =>
    readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
      .split(' ')
      .filter((s) => s.trim() !== '')
      .map(Number),
  );
}

/**
 * Waits until the CLI's own record of its conversations (under its config directory) holds
 * `text`: it writes that record as the conversation goes, a moment behind it.
 */
async function transcriptHolds(configDir: string, text: string): Promise<void> {
  const projects = join(configDir, 'projects');
  for (let i = 0; i < 200; i++) {
    const files = existsSync(projects)
      ? readdirSync(projects, { recursive: true, encoding: 'utf8' }).filter((f) =>
          f.endsWith('.jsonl'),
        )
      : [];
    if (files.some((f) => readFileSync(join(projects, f), 'utf8').includes(text))) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the CLI never recorded ${text} in ${projects}`);
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function repo(text: string): TempRepo {
  const r = makeTempRepo({ 'README.md': '# conv\n', 'pb.yml': text });
  cleanups.push(r.cleanup);
  return r;
}

/**
 * Starts `mmm cook`, waits for the model to hold the call's second request, then cuts the run
 * off: SIGKILL kills mmm and then the agent it leaves behind (each in its own process group),
 * as a crash of the machine would; SIGINT is Ctrl-C, and mmm stops the agent itself.
 */
async function cutOff(
  r: TempRepo,
  env: Record<string, string>,
  held: Promise<void>,
  signal: 'SIGKILL' | 'SIGINT',
) {
  const started = startMmm(['cook', 'pb.yml'], r.dir, env);
  const ended = started.done.then((d) => {
    throw new Error(
      `mmm ended (exit ${String(d.status)}) before the call was cut off: ${d.stderr}`,
    );
  });
  await Promise.race([held, ended]);
  // The Write's result: the CLI drops a tool call without its result when it continues.
  await transcriptHolds(env.CLAUDE_CONFIG_DIR ?? '', '"tool_result"');
  const pid = started.child.pid ?? 0;
  const agents = childrenOf(pid);
  expect(agents.length).toBeGreaterThan(0);
  started.child.kill(signal);
  const done = await started.done;
  for (const agent of agents) killGroup(agent);
  expect(done.status).toBe(signal === 'SIGKILL' ? null : 130);
}

const setup = async (resumeConversation: boolean | undefined) => {
  const { server, held } = await heldModel();
  const r = repo(playbook(resumeConversation));
  const home = mkdtempSync(join(tmpdir(), 'mmm-claude-home-'));
  cleanups.push(() => rmSync(home, { recursive: true, force: true }));
  const env = { ...realClaudeEnv(server, home), IS_SANDBOX: '' };
  return { server, held, r, home, env };
};

/** The first request of the resumed run's call: the first one after the held one. */
const resumedRequest = (server: ModelServer) => {
  const request = server.messages().filter((m) => m.hasTools)[2];
  if (!request) throw new Error('the resumed run made no request');
  return request;
};

const runId = (r: TempRepo) =>
  r.git('log', '-1', '--format=%(trailers:key=Mmm-Run,valueonly)', 'HEAD~1').trim();

describe('resuming a cut-off agent call with the real Claude Code CLI', () => {
  it.each(['SIGKILL', 'SIGINT'] as const)(
    'continues the conversation after %s when agent.resume_conversation is on',
    async (signal) => {
      const { server, held, r, env } = await setup(true);
      await cutOff(r, env, held, signal);

      const resumed = await startMmm(['resume'], r.dir, env).done;
      expect(resumed.stderr).toMatch(/continuing the agent's cut-off conversation [0-9a-f-]{36}/);
      expect(resumed.status).toBe(0);
      const request = resumedRequest(server);
      // The earlier messages, the cut-off call's Write of draft.txt among them, come back.
      expect(request.body.messages.length).toBeGreaterThan(1);
      expect(JSON.stringify(request.body.messages)).toContain('draft.txt');
      expect(JSON.stringify(request.body.system)).toContain('every file in the working tree');
      // The tree was reset: the draft is not committed, the greeting is.
      expect(r.git('show', '--name-only', '--format=', 'HEAD~1')).toBe('greeting.txt');

      // The call continued the very conversation the cut-off call was recorded in.
      const events = await startMmm(['runs', 'events', runId(r), '--json'], r.dir, env).done;
      const started = events.stdout
        .trim()
        .split('\n')
        .map(
          (line) =>
            JSON.parse(line) as { type: string; conversationId?: string; continues?: string },
        )
        .filter((e) => e.type === 'agent.started');
      expect(started).toHaveLength(2);
      expect(started[1]?.continues).toBe(started[0]?.conversationId);
      const shown = await startMmm(['runs', 'show', runId(r)], r.dir, env).done;
      expect(shown.stdout).toContain(`continues ${started[0]?.conversationId ?? '?'}`);
    },
    120_000,
  );

  it('starts a new conversation when agent.resume_conversation is off', async () => {
    const { server, held, r, env } = await setup(undefined);
    await cutOff(r, env, held, 'SIGKILL');

    const resumed = await startMmm(['resume'], r.dir, env).done;
    expect(resumed.status).toBe(0);
    expect(resumed.stderr).not.toContain('conversation');
    const request = resumedRequest(server);
    expect(request.body.messages).toHaveLength(1);
    expect(JSON.stringify(request.body.messages)).not.toContain('draft.txt');
    // The record still names the conversation the killed call was in, and the new one.
    const shown = await startMmm(['runs', 'show', runId(r)], r.dir, env).done;
    const calls = shown.stdout.split('Agent calls (conversation ids)\n')[1]?.split('\n\n')[0];
    expect(calls?.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^ {2}it1 #1 try 1 {2}claude [0-9a-f-]{36} {2}no answer$/),
      expect.stringMatching(/^ {2}it1 #1 try 1 {2}claude [0-9a-f-]{36} {2}ok$/),
    ]);
  }, 120_000);

  it('starts a new conversation, with a warning, when the CLI no longer has the cut-off one', async () => {
    const { server, held, r, env, home } = await setup(true);
    await cutOff(r, env, held, 'SIGKILL');
    // Where Claude Code keeps its conversations: gone, as after a clean-up of ~/.claude.
    rmSync(join(home, '.claude', 'projects'), { recursive: true, force: true });

    const resumed = await startMmm(['resume'], r.dir, env).done;
    expect(resumed.stderr).toMatch(
      /warning: the agent no longer has the cut-off conversation [0-9a-f-]{36}; starting a new one/,
    );
    expect(resumed.status).toBe(0);
    const request = resumedRequest(server);
    expect(request.body.messages).toHaveLength(1);
    expect(r.git('show', '--name-only', '--format=', 'HEAD~1')).toBe('greeting.txt');
    const events = await startMmm(['runs', 'events', runId(r)], r.dir, env).done;
    expect(events.stdout).toMatch(/agent\.conversation_missing .*no longer has conversation/);
  }, 120_000);
});
