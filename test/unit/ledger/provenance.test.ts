import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { MmmEvent } from '../../../src/events.js';
import { packageRoot } from '../../../src/infra/package.js';
import { buildProvenance, writeProvenance } from '../../../src/ledger/index.js';
import { makeRunEvents } from '../../helpers/make-events.js';

const schema = JSON.parse(
  readFileSync(join(packageRoot, 'schemas/provenance.schema.json'), 'utf8'),
);
const validate = new Ajv({ allErrors: true }).compile(schema);

describe('provenance manifests', () => {
  it('builds a manifest that the published schema accepts', () => {
    const manifest = buildProvenance(makeRunEvents({ runId: 'run-1' }), {
      agentVersion: '2.1.197',
    });
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
  });

  it('also validates a manifest built before the run finished (the engine writes it then)', () => {
    const events = makeRunEvents({ runId: 'run-1' }).filter((e) => e.type !== 'run.finished');
    const manifest = buildProvenance(events, {});
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
    expect(manifest.run.status).toBeUndefined();
  });

  it('the schema rejects a manifest missing its commits', () => {
    const { commits: _commits, ...partial } = buildProvenance(makeRunEvents({ runId: 'r' }), {});
    expect(validate(partial)).toBe(false);
  });

  it('names the playbook, versions, agent, commits, step results, gates and totals', () => {
    const m = buildProvenance(makeRunEvents({ runId: 'run-1' }), { agentVersion: '2.1.197' });
    expect(m.playbook).toEqual({
      path: 'examples/improve.yml',
      hash: 'a'.repeat(64),
      name: 'improve',
    });
    expect(m.mmm.version).toBe('0.1.0');
    expect(m.agent).toEqual({ tool: 'claude', version: '2.1.197', models: ['claude-sonnet-4-5'] });
    expect(m.run).toMatchObject({ id: 'run-1', status: 'completed', exitCode: 0, branch: 'main' });
    expect(m.commits.map((c) => [c.step, c.files])).toEqual([
      ['/mmm-code-review', ['src/a.ts', 'src/b.ts']],
      ['/mmm-fix-test', ['src/a.ts']],
    ]);
    expect(m.gates.map((g) => [g.label, g.attempt, g.status, g.exitCode])).toEqual([
      ['npm test', 1, 'failed', 1],
      ['npm test', 2, 'ok', 0],
      ['npm run lint', 1, 'skipped', null],
    ]);
    expect(m.steps.find((s) => s.role === 'on_failure')).toMatchObject({
      agentCalls: 1,
      costUsd: 0.5,
    });
    expect(m.totals).toEqual({
      agentCalls: 2,
      costUsd: 0.75,
      inputTokens: 300,
      outputTokens: 30,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: 10,
      commits: 2,
      steps: { ok: 2, failed: 0, skipped: 1 },
    });
  });

  it('leaves the cost null when no agent reported one', () => {
    const events = makeRunEvents({ runId: 'r' }).map((e): MmmEvent =>
      e.type === 'agent.call' ? { ...e, costUsd: undefined } : e,
    );
    expect(buildProvenance(events, {}).totals.costUsd).toBeNull();
  });

  it('writes .mmm/provenance/<run>.json in the session tree and returns the relative path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmm-prov-'));
    try {
      const manifest = buildProvenance(makeRunEvents({ runId: 'run-1' }), {});
      const rel = await writeProvenance(dir, manifest);
      expect(rel).toBe('.mmm/provenance/run-1.json');
      expect(JSON.parse(readFileSync(join(dir, rel), 'utf8'))).toEqual(manifest);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
