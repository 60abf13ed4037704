// Gates and policy through the REAL Claude Code CLI against a scripted model server: the file the
// agent writes with its Write tool is held for approval, or blocked when it holds a secret.
import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMmm } from '../helpers/bin.js';
import {
  pricedModel,
  realClaudeEnv,
  startModelServer,
  toolThenText,
  type ModelServer,
} from '../helpers/model-server.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';

let server: ModelServer | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A playbook of one agent step that writes a file, with the step's and the playbook's fields. */
const playbook = (top: string[], step: string[]) =>
  [
    'name: gated-real',
    'agent:',
    '  permission_mode: acceptEdits',
    '  allowed_tools: [Write]',
    `  model: ${pricedModel}`,
    ...top,
    'steps:',
    '  - claude: Write the settings file.',
    '    id: write',
    ...step.map((line) => `    ${line}`),
    '',
  ].join('\n');

/** The real CLI, against a model that writes `path` with `content`, then says it is done. */
async function setUp(pb: string, path: string, content: string) {
  server = await startModelServer(
    toolThenText(
      (request) => ({
        name: 'Write',
        input: { file_path: join(request.cwd ?? 'no-cwd', path), content },
      }),
      `Wrote ${path}`,
    ),
  );
  const repo: TempRepo = makeTempRepo({ 'README.md': '# gates\n', 'pb.yml': pb });
  const home = mkdtempSync(join(tmpdir(), 'mmm-claude-home-'));
  cleanups.push(repo.cleanup, () => rmSync(home, { recursive: true, force: true }));
  const env = { ...realClaudeEnv(server, home), IS_SANDBOX: '' };
  const mmm = (...args: string[]) => startMmm(args, repo.dir, env).done;
  return { repo, mmm, base: repo.git('rev-parse', 'HEAD') };
}

/** Every ref under refs/mmm/. */
const savedRefs = (repo: TempRepo) =>
  repo.git('for-each-ref', '--format=%(refname)', 'refs/mmm/').split('\n').filter(Boolean);

/** An access key ID of the AKIA… shape, made here so that no source file holds one. */
function accessKeyId(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let id = 'AKIA';
  while (id.length < 20) id += chars[randomInt(chars.length)] ?? 'Q';
  return id;
}

describe('gates and policy with the real Claude Code CLI', () => {
  it('holds the written file for approval (exit 5); mmm approve lands that commit and the run ends 0', async () => {
    const { repo, mmm, base } = await setUp(
      playbook([], ['gate: approve']),
      'settings.ini',
      '[app]\nname = demo\n',
    );
    const cooked = await mmm('cook', 'pb.yml');
    expect(cooked.status, cooked.stderr).toBe(5);
    expect(repo.git('rev-parse', 'HEAD')).toBe(base);
    expect(repo.git('status', '--porcelain')).toBe('');
    const [ref = ''] = savedRefs(repo);
    expect(ref).toMatch(/^refs\/mmm\/[0-9a-f]+\/proposals\/1$/);
    const runId = ref.split('/')[2] ?? '';
    const proposed = repo.git('rev-parse', ref);
    expect(repo.git('show', `${proposed}:settings.ini`)).toBe('[app]\nname = demo');

    const pending = await mmm('pending');
    expect(pending.status).toBe(0);
    expect(pending.stdout).toContain(ref);
    expect(pending.stdout).toContain('settings.ini');

    const approved = await mmm('approve', runId);
    expect(approved.status, approved.stderr).toBe(0);
    const landed = repo.git('rev-list', '--reverse', '--first-parent', `${base}..HEAD`);
    expect(landed.split('\n')[0]).toBe(proposed);
    expect(readFileSync(join(repo.dir, 'settings.ini'), 'utf8')).toBe('[app]\nname = demo\n');
    expect((await mmm('pending')).stdout).toBe('');
    // One agent call: approving landed the proposal, it did not run the step again.
    expect(server!.messages().filter((m) => m.hasTools && m.toolResults.length === 0)).toHaveLength(
      1,
    );
  }, 120_000);

  it('blocks a written AWS key under `secrets: block` (exit 4): no proposal, the key on no branch', async () => {
    const key = accessKeyId();
    const { repo, mmm, base } = await setUp(
      playbook(['policy: { secrets: block }'], ['gate: approve']),
      'settings.ini',
      `[aws]\naws_access_key_id = ${key}\n`,
    );
    const cooked = await mmm('cook', 'pb.yml');
    expect(cooked.status, cooked.stderr).toBe(4);
    expect(cooked.stderr).toMatch(
      /secrets: added what looks like a secret at settings\.ini:2 \(AWSAccessKeyID, @secretlint\/secretlint-rule-aws\)/,
    );
    expect(cooked.stdout + cooked.stderr).not.toContain(key);
    expect(repo.git('rev-parse', 'HEAD')).toBe(base);
    expect(repo.git('status', '--porcelain')).toBe('');
    // Never proposed; kept only on the blocked ref, which is no branch.
    const refs = savedRefs(repo);
    expect(refs).toEqual([expect.stringMatching(/^refs\/mmm\/[0-9a-f]+\/blocked-1$/)]);
    expect(repo.git('log', '--branches', '--format=%H', '--', 'settings.ini')).toBe('');
    expect(repo.git('log', '--branches', '-p', '--format=%H')).not.toContain(key);
    expect(repo.git('show', `${refs[0] ?? ''}:settings.ini`)).toContain(key);
    expect((await mmm('pending')).stdout).toBe('');
  }, 120_000);
});
