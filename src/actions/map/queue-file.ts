// What this repository knows of a map it put on a queue: the queue, the remote and every job's
// data, kept in the git directory so `mmm map status|wait|cancel` work after cook has exited.
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PreconditionError, UsageError } from '../../errors.js';
import { gitPath } from '../../git/repo.js';
import type { GitDeps } from '../../git/run.js';
import type { QueueJobData } from '../../queue/jobs.js';

export interface QueuedMap {
  mapId: string;
  /** `--queue` as given (credentials only from it or the environment). */
  queue: string;
  remote: string;
  jobs: QueueJobData[];
}

async function queueDir(deps: GitDeps, cwd: string): Promise<string> {
  return gitPath(deps, cwd, 'mmm-queue', true);
}

export async function writeQueuedMap(deps: GitDeps, cwd: string, map: QueuedMap): Promise<void> {
  const dir = await queueDir(deps, cwd);
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${map.mapId}.json`);
  await writeFile(`${file}.tmp`, `${JSON.stringify(map)}\n`);
  await rename(`${file}.tmp`, file);
}

/** Whether the map runs on a queue (a resume must not start its items here). */
export async function isQueuedMap(deps: GitDeps, cwd: string, mapId: string): Promise<boolean> {
  const names = await readdir(await queueDir(deps, cwd)).catch(() => [] as string[]);
  return names.includes(`${mapId}.json`);
}

/** The queued map whose id starts with `prefix`: exit 2 when none or several match. */
export async function findQueuedMap(
  deps: GitDeps,
  cwd: string,
  prefix: string,
): Promise<QueuedMap> {
  const dir = await queueDir(deps, cwd);
  const names = (await readdir(dir).catch(() => [] as string[])).filter(
    (n) => n.endsWith('.json') && n.startsWith(prefix),
  );
  if (names.length === 0) {
    throw new UsageError(
      `no map put on a queue from this repository has an id starting ${prefix}`,
      {
        hint: 'the id is printed as "Map <id>: ..." by mmm cook --queue; mmm runs ls lists maps',
      },
    );
  }
  if (names.length > 1) {
    throw new UsageError(
      `${prefix} names ${String(names.length)} queued maps; give more of the id`,
    );
  }
  const text = await readFile(join(dir, names[0] ?? ''), 'utf8');
  try {
    return JSON.parse(text) as QueuedMap;
  } catch (error) {
    throw new PreconditionError(`the record of queued map ${prefix} cannot be read`, {
      cause: error,
    });
  }
}
