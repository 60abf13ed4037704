// What a process printed, kept as exec's callers expect it: in memory up to a limit, past it whole
// in a spill file (or cut, without one), with the writer held back while the file lags behind.
//
// Output is taken as bytes. In memory it is text (decoded as UTF-8, as a stream, so a character
// split between two chunks stays whole); the spill file gets the bytes themselves. Bytes that are
// not UTF-8 would be changed by the decoding (each into U+FFFD), so output holding any is spilled
// whatever its size: the file keeps it byte for byte, and a step's `${id.output}` is then that
// file's path, as for output too large to keep in memory. Nothing is passed on silently changed;
// the in-memory text (shown to the user) still has U+FFFD in place of those bytes.
import { isUtf8 } from 'node:buffer';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

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
  /**
   * True when the output held bytes that are not UTF-8: the text above has U+FFFD in their place,
   * and the output was spilled (when there is a spillPath) so that the file keeps them as they were.
   */
  notUtf8: boolean;
  /** Why the spill file could not be made or written; the output past the limit is then lost. */
  spillError: string | undefined;
}

export interface OutputCollector {
  /** Takes one chunk of one stream, as the process wrote it. */
  add(chunk: Buffer, stream: 'stdout' | 'stderr'): void;
  /** Once the process is done: flushes the spill file and returns what was collected. */
  finish(): Promise<CollectedOutput>;
}

/** How many bytes at the end of data start a character that the next chunk may complete. */
function unfinishedTail(data: Buffer): number {
  for (let back = 1; back <= Math.min(3, data.length); back++) {
    const byte = data[data.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

/** Decodes one stream and tells whether all of its bytes so far were UTF-8. */
function utf8Stream() {
  const decoder = new StringDecoder('utf8');
  let held = Buffer.alloc(0);
  let valid = true;
  return {
    /** The text of the chunk; `valid` turns false at the first byte that is not UTF-8. */
    write(chunk: Buffer): string {
      const data = held.length > 0 ? Buffer.concat([held, chunk]) : chunk;
      const end = data.length - unfinishedTail(data);
      if (valid && !isUtf8(data.subarray(0, end))) valid = false;
      held = Buffer.from(data.subarray(end));
      return decoder.write(chunk);
    },
    /** The bytes of a character not yet finished, which the text does not hold yet. */
    pending: () => held,
    end(): string {
      if (held.length > 0) valid = false;
      held = Buffer.alloc(0);
      return decoder.end();
    },
    valid: () => valid,
  };
}

export function collectOutput(limits: OutputLimits): OutputCollector {
  const streams = { stdout: utf8Stream(), stderr: utf8Stream() };
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
  const toSpill = (data: string | Buffer) => {
    if (spill?.write(data) === false) limits.from.forEach((pipe) => pipe?.pause());
  };
  /**
   * Starts the spill file with everything so far: the text kept (all UTF-8, else the output
   * would have spilled then, so its text is its bytes), then the start of a character each stream
   * has not finished (`held`: the current stream's as it was before the chunk being added).
   */
  const startSpill = (path: string, stream: 'stdout' | 'stderr', held: Buffer) => {
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
    const other = streams[stream === 'stdout' ? 'stderr' : 'stdout'].pending();
    if (other.length > 0) toSpill(other);
    if (held.length > 0) toSpill(held);
  };
  const keepText = (text: string, stream: 'stdout' | 'stderr') => {
    all += text;
    if (stream === 'stdout') stdout += text;
    else stderr += text;
  };
  const add = (chunk: Buffer, stream: 'stdout' | 'stderr') => {
    bytes += chunk.length;
    const decoding = streams[stream];
    const held = decoding.pending();
    const wasUtf8 = decoding.valid();
    const text = decoding.write(chunk);
    if (text !== '') limits.onOutput?.(text, stream);
    if (spill) {
      toSpill(chunk);
      return;
    }
    if (truncated) return;
    const turnedNotUtf8 = wasUtf8 && !decoding.valid();
    if (bytes > limits.maxInlineBytes || (turnedNotUtf8 && limits.spillPath)) {
      if (limits.spillPath) startSpill(limits.spillPath, stream, held);
      else truncated = true;
      toSpill(chunk);
      return;
    }
    keepText(text, stream);
  };
  const finish = async (): Promise<CollectedOutput> => {
    // A character left unfinished at the end is not UTF-8 either: U+FFFD in the text, and its
    // bytes kept in the spill file.
    const unfinished = streams.stdout.pending().length + streams.stderr.pending().length > 0;
    if (unfinished && limits.spillPath && !spill && !truncated) {
      startSpill(limits.spillPath, 'stdout', streams.stdout.pending());
    }
    for (const name of ['stdout', 'stderr'] as const) {
      const rest = streams[name].end();
      if (rest === '') continue;
      limits.onOutput?.(rest, name);
      if (!spill && !truncated) keepText(rest, name);
    }
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
    const notUtf8 = !streams.stdout.valid() || !streams.stderr.valid();
    return { stdout, stderr, all, outputBytes: bytes, spilledTo, truncated, spillError, notUtf8 };
  };
  return { add, finish };
}
