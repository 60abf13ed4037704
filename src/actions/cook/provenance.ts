// Keeps a run's events so that, when the run ends having made commits, its provenance manifest can
// be written into the working tree and committed with the changes it describes.
import type { EventSink, MmmEvent } from '../../events.js';
import type { RunState } from '../../engine/index.js';
import { buildProvenance, writeProvenance } from '../../ledger/index.js';

export interface ProvenanceRecorder {
  sink: EventSink;
  beforeFinish: (state: RunState) => Promise<string[]>;
}

/** One recorder per run: the manifest describes exactly the events of that run. */
export function provenanceRecorder(): ProvenanceRecorder {
  const events: MmmEvent[] = [];
  return {
    sink: (event) => events.push(event),
    beforeFinish: async (state) => {
      const manifest = buildProvenance(events, {
        agentTool: state.agent?.tool,
        agentVersion: state.agent?.version,
      });
      // A repository that ignores .mmm/ keeps the manifest on disk: the engine's commit leaves
      // ignored paths out.
      return [await writeProvenance(state.cwd, manifest)];
    },
  };
}
