// Captured step outputs: small ones live in the database, big ones in files next to it, each
// with its SHA-256 and size so a later reader can tell the file is the one that was recorded.
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { MmmEvent } from '../events.js';
import { absolutePath, runOutputDir, storedPath, type LedgerPaths } from './paths.js';

/** Outputs up to this many bytes are kept inline in the database. */
export const INLINE_OUTPUT_LIMIT = 64 * 1024;

export type StepFinishedEvent = Extract<MmmEvent, { type: 'step.finished' }>;

/** An output as the ledger keeps it: inline `content`, or a `path` relative to the repository. */
export interface StoredOutput {
  content: string | null;
  path: string | null;
  sha256: string | null;
  sizeBytes: number;
}

export function sha256Text(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Hashes a file in bounded chunks so a huge output never sits in memory whole. */
export function sha256File(file: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  const fd = openSync(file, 'r');
  try {
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) {
      hash.update(buffer.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** `<runsDir>/<run>/i<iteration>-s<step>-<role>-a<attempt>.out` */
export function spillFileFor(paths: LedgerPaths, event: StepFinishedEvent): string {
  const name = `i${event.iteration}-s${event.stepIndex}-${event.role}-a${event.attempt}.out`;
  return join(runOutputDir(paths, event.runId), name);
}

/**
 * Decides where a step's output is kept. An output the engine already spilled is recorded where
 * it lies; one bigger than `inlineLimit` is written under the run's directory.
 */
export function storeOutput(
  paths: LedgerPaths,
  event: StepFinishedEvent,
  inlineLimit: number,
): StoredOutput | undefined {
  if (event.outputFile !== undefined) {
    const path = storedPath(paths, event.outputFile);
    const full = absolutePath(paths, path);
    const present = existsSync(full);
    return {
      content: null,
      path,
      sha256: present ? sha256File(full) : null,
      sizeBytes: present ? statSync(full).size : event.outputBytes,
    };
  }
  if (event.output === undefined) return undefined;
  const sizeBytes = Buffer.byteLength(event.output);
  const sha256 = sha256Text(event.output);
  if (sizeBytes <= inlineLimit) return { content: event.output, path: null, sha256, sizeBytes };
  const target = spillFileFor(paths, event);
  mkdirSync(join(target, '..'), { recursive: true });
  writeFileSync(target, event.output);
  return { content: null, path: storedPath(paths, target), sha256, sizeBytes };
}
