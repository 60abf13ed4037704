// What the UI's buttons do: the same action functions `mmm approve`, `mmm reject` and
// `mmm worktree merge|clean` call, run in the server's process with their output captured, so the
// page shows what the command would have printed and its exit code.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { CliContext } from '../actions/context.js';
import { printError } from '../actions/print-error.js';
import { MmmError } from '../errors.js';

/** One action started from the UI, with what it printed. */
export interface Job {
  id: string;
  /** What was done, as a person says it. */
  title: string;
  /** The command line that does the same. */
  command: string;
  /** Where to go back to: the run or the sessions page. */
  back: { href: string; label: string };
  startedAt: string;
  /** stdout and stderr, interleaved as written. */
  output: string;
  /** The command's exit code; null while it runs. */
  exitCode: number | null;
}

export interface JobBook {
  start: (
    spec: Pick<Job, 'title' | 'command' | 'back'>,
    action: (ctx: CliContext) => Promise<number>,
  ) => Job;
  get: (id: string) => Job | undefined;
  /** Resolves once every job started so far has ended. */
  settled: () => Promise<void>;
}

const KEPT = 50;

function collector(job: Job): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      job.output += chunk.toString();
      done();
    },
  });
}

/** `base` is the server's context: its cwd, environment and abort signal. */
export function createJobBook(base: CliContext): JobBook {
  const jobs = new Map<string, Job>();
  const running = new Set<Promise<void>>();
  return {
    start: (spec, action) => {
      const job: Job = {
        ...spec,
        id: randomBytes(8).toString('hex'),
        startedAt: new Date().toISOString(),
        output: '',
        exitCode: null,
      };
      jobs.set(job.id, job);
      for (const old of [...jobs.keys()].slice(0, Math.max(0, jobs.size - KEPT))) jobs.delete(old);
      const out = collector(job);
      const ctx: CliContext = {
        ...base,
        stdout: out,
        stderr: out,
        interactive: false,
        setExitCode: (code) => (job.exitCode = code),
      };
      const done = action(ctx)
        .then((code) => {
          job.exitCode = code;
        })
        .catch((error: unknown) => {
          printError(error, out);
          job.exitCode = error instanceof MmmError ? error.exitCode : 1;
        })
        .finally(() => running.delete(done));
      running.add(done);
      return job;
    },
    get: (id) => jobs.get(id),
    settled: async () => {
      await Promise.all([...running]);
    },
  };
}
