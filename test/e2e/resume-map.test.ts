// `mmm resume <map>` through the built bin: a --map run killed or interrupted halfway is finished,
// each item's step committed once, its sessions merged once with --yes, one resume at a time.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startMmm } from '../helpers/bin.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * One shell step per item: it adds the item's $ARG to $OUT/log (outside the repository) and a
 * file to the tree; while $OUT/nap exists it sleeps, its sleeper's pid in $OUT/pid-$ARG.
 */
const PER_ITEM = [
  'name: per-item',
  'steps:',
  '  - shell: echo "$ARG" >> "$OUT/log"; echo "made for $ARG" > "out-$ARG.txt"; if [ -f "$OUT/nap" ]; then sleep 30 & echo $! > "$OUT/pid-$ARG"; wait; fi',
  '',
].join('\n');

interface World {
  r: TempRepo;
  out: string;
  /** MMM_HOME of the test. */
  home: string;
  env: Record<string, string>;
}

function world(): World {
  const r = makeTempRepo({
    'pb.yml': PER_ITEM,
    'specs/1.md': 'one\n',
    'specs/2.md': 'two\n',
    'specs/3.md': 'three\n',
    'specs/4.md': 'four\n',
  });
  cleanups.push(r.cleanup);
  const out = tempDir('mmm-map-out-');
  // A home of the test's own, so the sessions of one test are not another's.
  const home = tempDir('mmm-map-home-');
  return { r, out, home, env: { OUT: out, MMM_HOME: home } };
}

const mmm = (w: World, args: string[]) => startMmm(args, w.r.dir, w.env).done;

function killPid(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

const sleepers = (out: string) => readdirSync(out).filter((f) => f.startsWith('pid-'));

/** Kills the sleeping steps and lets the next steps run through. */
function wake(out: string): void {
  rmSync(join(out, 'nap'), { force: true });
  for (const file of sleepers(out)) {
    killPid(Number(readFileSync(join(out, file), 'utf8').trim()));
    rmSync(join(out, file));
  }
}

/** Starts mmm with the steps napping, and returns once `count` of them sleep. */
async function untilAsleep(w: World, args: string[], count: number) {
  writeFileSync(join(w.out, 'nap'), '');
  const started = startMmm(args, w.r.dir, w.env);
  cleanups.push(() => wake(w.out));
  for (let i = 0; i < 800 && sleepers(w.out).length < count; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  expect(sleepers(w.out)).toHaveLength(count);
  await new Promise((resolve) => setTimeout(resolve, 50));
  return started;
}

/** Which items' steps ran, as they wrote it outside the repository, sorted. */
const ran = (out: string) =>
  existsSync(join(out, 'log'))
    ? readFileSync(join(out, 'log'), 'utf8').trim().split('\n').sort()
    : [];

/** How many commits on `rev` carry an Mmm-Step trailer, per item file they made. */
function stepCommits(r: TempRepo, rev: string): Record<string, number> {
  const counts: Record<string, number> = {};
  const shas = r
    .git('log', '--format=%H %(trailers:key=Mmm-Step,valueonly,separator=;)', rev)
    .split('\n')
    .filter((line) => line.trim().split(' ').length > 1)
    .map((line) => line.split(' ')[0] ?? '');
  for (const sha of shas) {
    for (const file of r.git('show', '--format=', '--name-only', sha).split('\n')) {
      if (file.startsWith('out-')) counts[file] = (counts[file] ?? 0) + 1;
    }
  }
  return counts;
}

const MAP_ID = /^Map ([0-9a-f]{16}):/m;

describe('mmm resume of a --map run', () => {
  it('finishes a map killed while 2 of its 4 items ran: each step committed once, each session merged once', async () => {
    const w = world();
    const started = await untilAsleep(
      w,
      ['cook', 'pb.yml', '--map', 'specs/*.md', '--jobs', '2', '--yes'],
      2,
    );
    started.child.kill('SIGKILL');
    const killed = await started.done;
    expect(killed.status).toBeNull();
    const mapId = MAP_ID.exec(killed.stderr)?.[1] ?? '';
    expect(mapId).not.toBe('');
    wake(w.out);
    expect(ran(w.out)).toEqual(['1', '2']);

    const listed = await mmm(w, ['runs']);
    expect(listed.stderr).toContain(`resume: mmm resume ${mapId}`);
    expect(listed.stderr).toMatch(/map [0-9a-f]+ of pb.yml --map "specs\/\*\.md": crashed, 4 of 4/);

    const resumed = await mmm(w, ['resume']);
    expect(resumed.stderr).toContain(`Resuming map ${mapId}`);
    expect(resumed.status).toBe(0);
    // Items 1 and 2 ran again from their killed step; 3 and 4 ran once.
    expect(ran(w.out)).toEqual(['1', '1', '2', '2', '3', '4']);
    expect(resumed.stdout).toMatch(/specs\/4\.md\s+\S+\s+completed/);
    expect(stepCommits(w.r, 'main')).toEqual({
      'out-1.txt': 1,
      'out-2.txt': 1,
      'out-3.txt': 1,
      'out-4.txt': 1,
    });
    expect(`${resumed.stdout}${resumed.stderr}`.match(/^Merged /gm)).toHaveLength(4);
    expect(w.r.git('status', '--porcelain')).toBe('');

    const again = await mmm(w, ['resume', mapId]);
    expect(again.status).toBe(3);
    expect(again.stderr).toContain(`map ${mapId.slice(0, 8)}`);
    expect(again.stderr).toContain('is finished');
    expect(ran(w.out)).toHaveLength(6);
  });

  it('finishes a map interrupted with Ctrl-C, which printed how to resume it', async () => {
    const w = world();
    const started = await untilAsleep(
      w,
      ['cook', 'pb.yml', '--map', 'specs/*.md', '--jobs', '2'],
      2,
    );
    rmSync(join(w.out, 'nap'));
    started.child.kill('SIGINT');
    const stopped = await started.done;
    expect(stopped.status).toBe(130);
    const mapId = MAP_ID.exec(stopped.stderr)?.[1] ?? '';
    expect(stopped.stderr).toContain(`Continue it with: mmm resume ${mapId}`);

    const resumed = await mmm(w, ['resume', mapId]);
    expect(resumed.status).toBe(0);
    expect(ran(w.out)).toEqual(['1', '1', '2', '2', '3', '4']);
    // Without --yes nothing is merged: each session says how.
    expect(w.r.git('log', '--format=%s', 'main')).toBe('initial');
    expect(resumed.stderr.match(/mmm worktree merge /g)).toHaveLength(4);
    for (const item of ['1', '2', '3', '4']) {
      expect(resumed.stdout).toMatch(new RegExp(`specs/${item}\\.md\\s+\\S+\\s+completed\\s+2`));
    }
  });

  it('refuses a second resume of the map while the first goes on, naming it', async () => {
    const w = world();
    const first = await untilAsleep(w, ['cook', 'pb.yml', '--map', 'specs/*.md', '--jobs', '2'], 2);
    first.child.kill('SIGKILL');
    const mapId = MAP_ID.exec((await first.done).stderr)?.[1] ?? '';
    wake(w.out);

    const resuming = await untilAsleep(w, ['resume', mapId], 2);
    const second = await mmm(w, ['resume', mapId]);
    expect(second.status).toBe(3);
    expect(second.stderr).toContain(
      `map ${mapId} is being run already: mmm resume ${mapId} (pid ${resuming.child.pid}`,
    );
    resuming.child.kill('SIGINT');
    expect((await resuming.done).status).toBe(130);
  });

  it('puts right item states written late from the runs and sessions, running and merging nothing twice', async () => {
    const w = world();
    const cooked = await mmm(w, ['cook', 'pb.yml', '--map', 'specs/*.md', '--jobs', '2', '--yes']);
    expect(cooked.status).toBe(0);
    const mapId = MAP_ID.exec(cooked.stderr)?.[1] ?? '';
    const mergesBefore = w.r.git('rev-list', '--count', 'main');
    // As if mmm had died after item 1's run ended and after item 2's merge, before either was
    // written down: the map's process gone, item 1 still `running`, item 2 still `done`.
    const db = new BetterSqlite3(join(w.r.dir, '.mmm', 'mmm.db'));
    db.prepare("UPDATE maps SET status = 'running', pid = 2147483646, pid_start = NULL").run();
    db.prepare("UPDATE map_items SET state = 'running' WHERE position = 0").run();
    db.prepare("UPDATE map_items SET state = 'done' WHERE position = 1").run();
    // Item 3 died the same way, and its session's record too still says `running`, with no commits.
    db.prepare("UPDATE map_items SET state = 'running' WHERE position = 2").run();
    const { session } = db.prepare('SELECT session FROM map_items WHERE position = 2').get() as {
      session: string;
    };
    db.close();
    const [key] = readdirSync(join(w.home, 'sessions'));
    const file = join(w.home, 'sessions', key ?? '', `${session}.json`);
    const record = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(
      file,
      JSON.stringify({ ...record, status: 'running', commits: 0, pid: 2147483646 }),
    );

    const listed = await mmm(w, ['runs']);
    expect(listed.stderr).toContain(`crashed, 3 of 4 item(s) left; resume: mmm resume ${mapId}`);
    const resumed = await mmm(w, ['resume', mapId.slice(0, 10)]);
    expect(resumed.status).toBe(0);
    expect(ran(w.out)).toEqual(['1', '2', '3', '4']);
    expect(w.r.git('rev-list', '--count', 'main')).toBe(mergesBefore);
    // Item 3's merge found nothing new, and recorded it merged like the others.
    expect(`${resumed.stdout}${resumed.stderr}`).toContain(`Session ${session} has nothing new`);
    const statuses = readdirSync(join(w.home, 'sessions', key ?? '')).map(
      (f) =>
        (
          JSON.parse(readFileSync(join(w.home, 'sessions', key ?? '', f), 'utf8')) as {
            status: string;
          }
        ).status,
    );
    expect(statuses).toEqual(['merged', 'merged', 'merged', 'merged']);
    const again = await mmm(w, ['resume']);
    expect(again.status).toBe(3);
  });
});
