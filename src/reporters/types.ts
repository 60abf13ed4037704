import type { Writable } from 'node:stream';
import type { EventSink } from '../events.js';

/** How a run is shown: a live task list, plain lines, NDJSON, or next to nothing. */
export type ReporterMode = 'tty' | 'plain' | 'json' | 'quiet';

/** What a command hands the engine to show a run, and closes when the run is over. */
export interface Reporter {
  /** Give every event of the run here, in order. */
  sink: EventSink;
  /** A chunk of a step's output as it arrives; shown only with --verbose. */
  output(label: string, chunk: string, stream: 'stdout' | 'stderr'): void;
  /** Finish drawing and print what is left (the summary); call once, after the run. */
  close(): Promise<void>;
}

export interface ReporterOptions {
  mode: ReporterMode;
  verbose: boolean;
  /** Results: the summary, `--json` events. */
  stdout: Writable;
  /** Progress, step output with --verbose, warnings. */
  stderr: Writable;
  /** Use colors; default: what picocolors detects (NO_COLOR, FORCE_COLOR, a terminal, CI). */
  color?: boolean;
}
