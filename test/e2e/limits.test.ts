// A rate limit through the REAL Claude Code CLI: the scripted API answers 429 the way the real one
// does until the CLI gives up; mmm pauses the run, calls again, and the step commits once.
import { mkdtempSync } from 'node:fs';
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

let server: ModelServer | undefined;
let repo: TempRepo | undefined;
afterEach(async () => {
  await server?.close();
  repo?.cleanup();
});

const PLAYBOOK = [
  'name: limits',
  'agent:',
  '  permission_mode: acceptEdits',
  '  allowed_tools: [Write]',
  `  model: ${pricedModel}`,
  '  wait_on_limit: 5m',
  'steps:',
  '  - claude: Write the greeting file.',
  '    id: greet',
  '    commit_required: true',
  '',
].join('\n');

describe('a rate limit with the real Claude Code CLI', () => {
  it('pauses the run, calls again once the limit lifts, and commits the step once', async () => {
    // The first call's requests (the CLI's own try and its one retry) are refused.
    const refused = 2;
    server = await startModelServer((request: MessagesRequest): ModelReply => {
      if (request.index < refused) {
        return {
          status: 429,
          headers: { 'retry-after': '1' },
          error: {
            type: 'rate_limit_error',
            message: 'Number of request tokens has exceeded your per-minute rate limit',
          },
        };
      }
      if (request.toolResults.length > 0) return 'Wrote greeting.txt';
      return {
        content: [
          {
            type: 'tool_use',
            name: 'Write',
            input: {
              file_path: join(request.cwd ?? 'no-cwd', 'greeting.txt'),
              content: 'Hello!\n',
            },
          },
        ],
      };
    });
    repo = makeTempRepo({ 'README.md': '# limits\n', 'pb.yml': PLAYBOOK });
    const home = mkdtempSync(join(tmpdir(), 'mmm-claude-home-'));
    const env = {
      ...realClaudeEnv(server, home),
      IS_SANDBOX: '',
      CLAUDE_CODE_MAX_RETRIES: '1',
      MMM_LIMIT_BACKOFF_MS: '200',
    };
    const result = await startMmm(['cook', 'pb.yml'], repo.dir, env).done;
    expect(result.stderr).toMatch(/paused: rate limited; the same call runs again at/);
    expect(result.stderr).toContain('continuing after a pause of');
    expect(result.status).toBe(0);
    expect(repo.git('show', 'HEAD~1:greeting.txt')).toBe('Hello!');
    expect(repo.git('log', '--format=%s').split('\n')).toEqual([
      'mmm(limits): provenance',
      'mmm(limits): greet',
      'initial',
    ]);

    const runId = repo.git('log', '-1', '--format=%(trailers:key=Mmm-Run,valueonly)').trim();
    const events = await startMmm(['runs', 'events', runId], repo.dir, env).done;
    expect(events.status).toBe(0);
    expect(events.stdout).toMatch(
      /run\.paused\s+it1 #1 greet: rate limited, waiting until \d\d:\d\d:\d\d \(pause 1\): API Error: Request rejected \(429\)/,
    );
    expect(events.stdout).toMatch(/run\.continued\s+it1 #1 greet: continuing after/);
    expect(events.stdout.match(/step\.started/g)).toHaveLength(1);
  }, 120_000);
});
