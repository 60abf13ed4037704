// What a process printed, kept as exec's callers expect it: in memory up to a limit, past it whole
// in a spill file (or cut, without one), with the writer held back while the file lags behind.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';

export interface OutputLimits {
  /** Keep at most this many bytes of stdout+stderr in memory. */
  maxInlineBytes: number;
  /**
   * Where everything (from the start) goes once past maxInlineBytes, its directory made then;
   * without one the rest is dropped.
   */
  spillPath?: string | undefined;
  /** Called with each chunk as it arrives. */
  onOutput?: ((chunk: string, stream: 'stdout' | 'stderr') => void) | undefined;
  /** The pipes the output comes from: no longer read while the spill file is behind. */
  from: readonly (Readable | null | undefined)[];
}

export interface CollectedOutput {
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they arrived (bounded like the others). */
  all: string;
  /** Total bytes the process wrote on stdout and stderr. */
  outputBytes: number;
  /** Set when output passed maxInlineBytes and was written whole to spillPath. */
  spilledTo: string | undefined;
  /** True when output was cut because it passed the limit and there was no spillPath. */
  truncated: boolean;
}

export interface OutputCollector {
  /** Takes one decoded chunk of one stream. */
  add(chunk: string, stream: 'stdout' | 'stderr'): void;
  /** Once the process is done: flushes the spill file and returns what was collected. */
  finish(): Promise<CollectedOutput>;
}

export function collectOutput(limits: OutputLimits): OutputCollector {
  let stdout = '';
  let stderr = '';
  let all = '';
  let bytes = 0;
  let spill: WriteStream | undefined;
  let spilledTo: string | undefined;
  let truncated = false;

  // A process can print faster than the disk takes it: while the spill file is behind, stop
  // reading (the process then waits on its pipe) so memory stays bounded.
  const toSpill = (text: string) => {
    if (spill?.write(text) === false) limits.from.forEach((pipe) => pipe?.pause());
  };
  const add = (chunk: string, stream: 'stdout' | 'stderr') => {
    bytes += Buffer.byteLength(chunk);
    limits.onOutput?.(chunk, stream);
    if (spill) {
      toSpill(chunk);
      return;
    }
    if (bytes > limits.maxInlineBytes) {
      if (limits.spillPath) {
        // Made only now: most output never spills, and a step may have removed the directory.
        mkdirSync(dirname(limits.spillPath), { recursive: true });
        spill = createWriteStream(limits.spillPath);
        spill.on('drain', () => limits.from.forEach((pipe) => pipe?.resume()));
        spilledTo = limits.spillPath;
        toSpill(all);
        toSpill(chunk);
      } else {
        truncated = true;
      }
      return;
    }
    all += chunk;
    if (stream === 'stdout') stdout += chunk;
    else stderr += chunk;
  };
  const finish = async (): Promise<CollectedOutput> => {
    if (spill) {
      const s = spill;
      await new Promise<void>((resolve) => s.end(resolve));
    }
    return { stdout, stderr, all, outputBytes: bytes, spilledTo, truncated };
  };
  return { add, finish };
}
