// Builds a run's provenance manifest from its events and writes it into the session's tree, where
// the engine commits it with the run's last commit.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MmmEvent } from '../events.js';
import { sha256Text } from './outputs.js';
import {
  PROVENANCE_FORMAT,
  type ProvenanceExtra,
  type ProvenanceGate,
  type ProvenanceManifest,
  type ProvenanceStep,
} from './provenance-types.js';

type StepEvent = Extract<MmmEvent, { stepIndex: number }>;
const keyOf = (e: StepEvent) => `${e.iteration}/${e.stepIndex}/${e.role}/${e.attempt}`;

function stepResult(e: Extract<MmmEvent, { type: 'step.finished' | 'step.skipped' }>) {
  const finished = e.type === 'step.finished';
  const step: ProvenanceStep = {
    iteration: e.iteration,
    stepIndex: e.stepIndex,
    stepId: e.stepId ?? null,
    label: e.label,
    kind: e.kind,
    role: e.role,
    attempt: e.attempt,
    status: finished ? e.status : 'skipped',
    exitCode: finished ? e.exitCode : null,
    durationMs: finished ? e.durationMs : null,
    skipReason: finished ? null : e.reason,
    headBefore: finished ? e.headBefore : null,
    headAfter: finished ? e.headAfter : null,
    agentCalls: 0,
    costUsd: null,
  };
  const gate: ProvenanceGate | undefined =
    e.kind === 'shell'
      ? {
          iteration: e.iteration,
          stepIndex: e.stepIndex,
          stepId: e.stepId ?? null,
          label: e.label,
          role: e.role,
          attempt: e.attempt,
          status: step.status,
          exitCode: step.exitCode,
          outputSha256: finished && e.output !== undefined ? sha256Text(e.output) : null,
          outputBytes: finished ? e.outputBytes : null,
        }
      : undefined;
  return { step, gate };
}

const addCost = (a: number | null, b: number | undefined) => (b === undefined ? a : (a ?? 0) + b);

/** The manifest for the run these events belong to. Pure: the same events give the same manifest. */
export function buildProvenance(
  events: readonly MmmEvent[],
  extra: ProvenanceExtra = {},
): ProvenanceManifest {
  const started = events.find((e) => e.type === 'run.started');
  const finished = events.find((e) => e.type === 'run.finished');
  const manifest: ProvenanceManifest = {
    format: PROVENANCE_FORMAT,
    run: {
      id: events[0]?.runId ?? '',
      startedAt: started?.at ?? null,
      session: started?.session ?? null,
      branch: started?.branch ?? null,
      baseCommit: started?.baseCommit ?? null,
      args: started?.args ?? [],
      item: started?.item ?? null,
      ...(finished && {
        finishedAt: finished.at,
        status: finished.status,
        reason: finished.reason,
        exitCode: finished.exitCode,
      }),
    },
    playbook: {
      path: started?.playbook ?? null,
      hash: started?.playbookHash ?? null,
      name: started?.playbookName ?? null,
    },
    mmm: { version: started?.mmmVersion ?? null },
    agent: { tool: extra.agentTool ?? null, version: extra.agentVersion ?? null, models: [] },
    commits: [],
    steps: [],
    gates: [],
    decisions: [],
    totals: {
      agentCalls: 0,
      costUsd: null,
      inputTokens: 0,
      outputTokens: 0,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: 0,
      commits: 0,
      steps: { ok: 0, failed: 0, skipped: 0 },
    },
  };
  const calls = new Map<string, { count: number; cost: number | null }>();
  const stepStatus = new Map<string, ProvenanceStep['status']>();
  const models = new Set<string>();
  const committedAt = new Map<string, number>();
  const t = manifest.totals;
  for (const e of events) {
    if (e.type === 'agent.call') {
      manifest.agent.tool ??= e.agent;
      if (e.model) models.add(e.model);
      t.agentCalls++;
      t.costUsd = addCost(t.costUsd, e.costUsd);
      t.inputTokens += e.usage?.inputTokens ?? 0;
      t.outputTokens += e.usage?.outputTokens ?? 0;
      t.cacheCreationInputTokens += e.usage?.cacheCreationInputTokens ?? 0;
      t.cacheReadInputTokens += e.usage?.cacheReadInputTokens ?? 0;
      const c = calls.get(keyOf(e)) ?? { count: 0, cost: null };
      calls.set(keyOf(e), { count: c.count + 1, cost: addCost(c.cost, e.costUsd) });
    } else if (e.type === 'step.committed') {
      t.commits++;
      committedAt.set(e.commit, e.stepIndex);
      manifest.commits.push({
        sha: e.commit,
        iteration: e.iteration,
        step: e.label,
        stepId: e.stepId ?? null,
        attempt: e.attempt,
        message: e.message,
        byAgent: e.byAgent,
        files: e.files,
        insertions: e.insertions,
        deletions: e.deletions,
      });
    } else if (e.type === 'gate.decided') {
      manifest.decisions?.push({
        iteration: e.iteration,
        stepIndex: e.stepIndex,
        stepId: e.stepId ?? null,
        label: e.label,
        gate: e.gate,
        proposal: e.proposal ?? null,
        decision: e.decision,
        by: e.by,
        decidedAt: e.decidedAt,
        comment: e.comment ?? null,
        retry: e.retry,
        base: e.base,
        commit: e.commit,
        landed: e.landed,
      });
      if (e.decision === 'rejected') {
        // A rejected step's commits stay on its proposal's ref: they are not the run's.
        const kept = manifest.commits.filter(
          (c) => !(c.iteration === e.iteration && committedAt.get(c.sha) === e.stepIndex),
        );
        t.commits -= manifest.commits.length - kept.length;
        manifest.commits = kept;
      }
    } else if (e.type === 'step.finished' || e.type === 'step.skipped') {
      const { step, gate } = stepResult(e);
      const c = calls.get(keyOf(e));
      manifest.steps.push({ ...step, agentCalls: c?.count ?? 0, costUsd: c?.cost ?? null });
      if (gate) manifest.gates.push(gate);
      // A step retried after its handler counts once, with its last result.
      if (e.role === 'step') stepStatus.set(`${e.iteration}/${e.stepIndex}`, step.status);
    }
  }
  for (const status of stepStatus.values()) t.steps[status]++;
  manifest.agent.models = [...models].sort();
  return manifest;
}

/** Where a run's manifest lives, relative to the session's working tree. */
export function provenancePath(runId: string): string {
  return `.mmm/provenance/${runId.replace(/[^A-Za-z0-9._-]/g, '_')}.json`;
}

/** Writes the manifest under `<sessionCwd>/.mmm/provenance/` and returns its relative path. */
export async function writeProvenance(
  sessionCwd: string,
  manifest: ProvenanceManifest,
): Promise<string> {
  const relative = provenancePath(manifest.run.id);
  const file = join(sessionCwd, relative);
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return relative;
}
