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
  /**
   * True when output was cut: it passed the limit and there was no spillPath, or the spill file
   * could not be written (spillError).
   */
  truncated: boolean;
  /** Why the spill file could not be made or written; the output past the limit is then lost. */
  spillError: string | undefined;
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
  let spillError: string | undefined;

  const resume = () => limits.from.forEach((pipe) => pipe?.resume());
  // A full disk or a directory that cannot be made: the rest of the output is dropped, and the
  // process is read to its end as if there were no spill file, never left waiting on its pipe.
  const giveUpSpill = (error: unknown) => {
    spillError ??= error instanceof Error ? error.message : String(error);
    spill?.destroy();
    spill = undefined;
    spilledTo = undefined;
    truncated = true;
    resume();
  };
  // A process can print faster than the disk takes it: while the spill file is behind, stop
  // reading (the process then waits on its pipe) so memory stays bounded.
  const toSpill = (text: string) => {
    if (spill?.write(text) === false) limits.from.forEach((pipe) => pipe?.pause());
  };
  const startSpill = (path: string) => {
    try {
      // Made only now: most output never spills, and a step may have removed the directory.
      mkdirSync(dirname(path), { recursive: true });
    } catch (error) {
      giveUpSpill(error);
      return;
    }
    const file = createWriteStream(path);
    file.on('drain', resume);
    file.on('error', giveUpSpill);
    spill = file;
    spilledTo = path;
    toSpill(all);
  };
  const add = (chunk: string, stream: 'stdout' | 'stderr') => {
    bytes += Buffer.byteLength(chunk);
    limits.onOutput?.(chunk, stream);
    if (spill) {
      toSpill(chunk);
      return;
    }
    if (truncated) return;
    if (bytes > limits.maxInlineBytes) {
      if (limits.spillPath) startSpill(limits.spillPath);
      else truncated = true;
      toSpill(chunk);
      return;
    }
    all += chunk;
    if (stream === 'stdout') stdout += chunk;
    else stderr += chunk;
  };
  const finish = async (): Promise<CollectedOutput> => {
    if (spill) {
      const file = spill;
      // end's callback gets the error of a write that failed at the last moment.
      await new Promise<void>((resolve) =>
        file.end((error?: Error | null) => {
          if (error) giveUpSpill(error);
          resolve();
        }),
      );
    }
    return { stdout, stderr, all, outputBytes: bytes, spilledTo, truncated, spillError };
  };
  return { add, finish };
}
