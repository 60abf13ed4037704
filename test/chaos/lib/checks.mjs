// The invariants checked after every trial: nothing the user had is lost, nothing mmm reported is
// unreachable, the repository is sound, and mmm never fails in a way it did not document.
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot, utf8 } from './world.mjs';

const require = createRequire(join(packageRoot, 'package.json'));

/** The exit codes of the documented table. */
export const EXIT_CODES = new Set([0, 1, 2, 3, 4, 5, 130, 143]);

const short = (sha) => String(sha).slice(0, 12);
const clip = (text, n = 400) => {
  const one = String(text).replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n)}…` : one;
};

/** How each mmm process ended, and whether it said "internal error" anywhere. */
export function checkProcesses(world) {
  const found = [];
  for (const inv of world.invocations) {
    const who = `${inv.label} (mmm ${inv.args.join(' ')})`;
    if (inv.spawnError) found.push(['exit-code', `${who} could not start: ${inv.spawnError}`]);
    if (inv.timedOut) {
      found.push(['hang', `${who} was still running after its time limit and was killed`]);
    } else if (inv.signal) {
      if (!(inv.killedByUs && inv.signal === 'SIGKILL')) {
        found.push(['exit-code', `${who} died of ${inv.signal}`]);
      }
    } else if (inv.code !== null && !EXIT_CODES.has(inv.code)) {
      found.push([
        'exit-code',
        `${who} exited ${inv.code}, not in the table; stderr: ${clip(utf8(inv.stderr.tail))}`,
      ]);
    }
    for (const stream of ['stdout', 'stderr']) {
      if (inv[stream].forbidden) {
        found.push(['internal-error', `${who} ${stream}: ${clip(inv[stream].forbidden, 600)}`]);
      }
    }
  }
  return found;
}

/** `git fsck --no-dangling` in the repository and in every worktree git knows of. */
export function checkFsck(world) {
  const found = [];
  const places = [world.repo];
  const list = world.gitSync(world.repo, ['worktree', 'list', '--porcelain'], { allowFail: true });
  for (const line of String(list.stdout).split('\n')) {
    if (!line.startsWith('worktree ')) continue;
    const path = line.slice('worktree '.length);
    if (path !== world.repo && existsSync(join(path, '.git'))) places.push(path);
  }
  for (const place of places) {
    const r = world.gitSync(place, ['fsck', '--no-dangling', '--no-progress'], { allowFail: true });
    const out = `${r.stdout}${r.stderr}`.trim();
    if (r.code !== 0 || /^(error|fatal|missing|broken|bad)/m.test(out)) {
      found.push(['fsck', `git fsck in ${place} exited ${r.code}: ${clip(out)}`]);
    }
  }
  return found;
}

/**
 * Every commit the ledger recorded, by run. Read from a copy: a killed run leaves a write-ahead log
 * that only a writer may recover, and the harness must not change what it inspects.
 */
export function ledgerCommits(world) {
  return readLedgerCopy(world, 'SELECT run_id AS run, sha, message FROM commits');
}

/** The `--map` runs the ledger recorded (`id`, `status`), newest first; none before schema 5. */
export function ledgerMaps(world) {
  return readLedgerCopy(world, 'SELECT id, status FROM maps ORDER BY last_started_at DESC');
}

/** The runs that wait for approval at a gate, as the ledger has them. */
export function ledgerWaitingRuns(world) {
  return readLedgerCopy(
    world,
    "SELECT id FROM runs WHERE status = 'paused' AND state_reason = 'approval' ORDER BY started_at",
  );
}

/** Rows of `sql` from a copy of the repository's ledger, or none when it cannot be read. */
function readLedgerCopy(world, sql) {
  const db = join(world.repo, '.mmm', 'mmm.db');
  if (!existsSync(db)) return [];
  const Database = require('better-sqlite3');
  const copy = join(world.scratch, 'ledger-copy.db');
  let handle;
  try {
    for (const suffix of ['', '-wal', '-shm']) {
      rmSync(`${copy}${suffix}`, { force: true });
      if (existsSync(`${db}${suffix}`)) copyFileSync(`${db}${suffix}`, `${copy}${suffix}`);
    }
    handle = new Database(copy, { fileMustExist: true, timeout: 5000 });
    return handle.prepare(sql).all();
  } catch (error) {
    world.notes.push(`ledger not readable directly: ${String(error).split('\n')[0]}`);
    return [];
  } finally {
    handle?.close();
  }
}

/**
 * Every commit mmm reported — `step.committed` events of `--json`, the ledger's commits table, a
 * session's merge commit — must be reachable from a branch or from refs/mmm/; every refs/mmm/ ref
 * mmm named must exist.
 */
export function checkReported(world) {
  const found = [];
  const reported = new Map();
  const add = (sha, source) => {
    if (!/^[0-9a-f]{40}$/.test(String(sha))) return;
    if (!reported.has(sha)) reported.set(sha, source);
  };
  for (const inv of world.invocations) {
    for (const e of inv.stdout.events) {
      if (e.type === 'step.committed') add(e.commit, `--json step.committed of ${inv.label}`);
    }
  }
  for (const c of ledgerCommits(world)) add(c.sha, `ledger, run ${c.run}`);
  const records = world.sessionRecords();
  for (const r of records) {
    if (r.unreadable) found.push(['session-record', `${r.unreadable}: ${r.error}`]);
    if (r.mergedCommit) add(r.mergedCommit, `session ${r.name} mergedCommit`);
  }

  const tips = world.gitSync(
    world.repo,
    ['for-each-ref', '--format=%(objectname)', 'refs/heads/', 'refs/mmm/'],
    { allowFail: true },
  );
  const reachable = new Set(
    String(
      // History as stored: a replace ref could make a dropped commit look reachable.
      world.gitSync(world.repo, ['--no-replace-objects', 'rev-list', '--stdin'], {
        allowFail: true,
        input: String(tips.stdout),
      }).stdout,
    )
      .split('\n')
      .filter(Boolean),
  );
  for (const [sha, source] of reported) {
    if (reachable.has(sha)) continue;
    const subject = world.gitSync(world.repo, ['log', '-1', '--format=%s', sha], {
      allowFail: true,
    });
    const what = subject.code === 0 ? `"${String(subject.stdout).trim()}"` : 'object missing';
    found.push([
      'reachable',
      `commit ${short(sha)} (${what}, from ${source}) is on no branch and under no refs/mmm/`,
    ]);
  }

  const named = new Map();
  for (const inv of world.invocations) {
    for (const stream of ['stdout', 'stderr']) {
      for (const ref of inv[stream].refs) if (!named.has(ref)) named.set(ref, inv.label);
    }
  }
  for (const r of records) if (r.savedRef) named.set(r.savedRef, `session record ${r.name}`);
  for (const [ref, who] of named) {
    const full = ref.startsWith('refs/') ? ref : `refs/mmm/${ref}`;
    const ok = world.gitSync(world.repo, ['rev-parse', '-q', '--verify', `${full}^{commit}`], {
      allowFail: true,
    });
    if (ok.code !== 0) found.push(['named-ref', `${ref} named by ${who} does not exist`]);
  }

  // A session marked merged must be in its base branch: else a later `clean --merged` deletes
  // work the user was told had landed.
  for (const r of records) {
    if (r.status !== 'merged' || !r.baseBranch) continue;
    const tip = world.gitSync(
      world.repo,
      ['rev-parse', '-q', '--verify', `refs/heads/${r.branch}`],
      {
        allowFail: true,
      },
    );
    if (tip.code !== 0) continue;
    const inBase = world.gitSync(
      world.repo,
      ['merge-base', '--is-ancestor', String(tip.stdout).trim(), `refs/heads/${r.baseBranch}`],
      { allowFail: true },
    );
    if (inBase.code !== 0) {
      found.push([
        'merged-not-in-base',
        `session ${r.name} is marked merged but ${r.branch} (${short(tip.stdout)}) is not in ${r.baseBranch}`,
      ]);
    }
  }
  return found;
}

/**
 * What the user has in a checkout: HEAD, the branch, the index against HEAD, and the bytes of
 * the files the harness made there (null for a path that must not exist).
 */
export function snapshotUser(world, paths, dir = world.repo) {
  const files = new Map();
  for (const p of paths) {
    const full = join(dir, p);
    files.set(p, existsSync(full) ? readFileSync(full) : null);
  }
  return {
    dir,
    // A HEAD on a branch with no commits (or no repository any more) is a state to compare too.
    head:
      world
        .gitSync(dir, ['rev-parse', '-q', '--verify', 'HEAD'], { allowFail: true })
        .stdout.trim() || '(no commit)',
    branch: world.gitSync(dir, ['symbolic-ref', '-q', 'HEAD'], { allowFail: true }).stdout.trim(),
    index: Buffer.from(
      world.gitSync(dir, ['diff', '--cached', '--binary'], { encoding: 'buffer', allowFail: true })
        .stdout ?? '',
    ),
    files,
  };
}

/**
 * `frozen`: HEAD, branch, index and files exactly as they were (a session run never touches the
 * user's checkout). `merged`: the branch the same and only moved forward (a merge), the index and
 * files as they were. `in-place`: the branch the same and only moved forward, files as they were;
 * the index is the run's to use (a killed run may leave its step's changes staged).
 */
export function checkUser(world, snap, mode) {
  const found = [];
  const now = snapshotUser(world, [...snap.files.keys()], snap.dir);
  if (now.branch !== snap.branch) {
    found.push([
      'user-branch',
      `checkout ${snap.dir} was on ${snap.branch || '(detached)'}, now ${now.branch || '(detached)'}`,
    ]);
  }
  if (mode === 'frozen' && now.head !== snap.head) {
    found.push([
      'user-head',
      `HEAD of ${snap.dir} moved from ${short(snap.head)} to ${short(now.head)}`,
    ]);
  }
  if (mode !== 'frozen' && now.head !== snap.head) {
    const fwd = world.gitSync(snap.dir, ['merge-base', '--is-ancestor', snap.head, now.head], {
      allowFail: true,
    });
    if (fwd.code !== 0) {
      found.push([
        'user-head',
        `HEAD of ${snap.dir} went from ${short(snap.head)} to ${short(now.head)}, which does not contain it`,
      ]);
    }
  }
  if (mode !== 'in-place' && !now.index.equals(snap.index)) {
    const staged = world.gitSync(snap.dir, ['diff', '--cached', '--name-status'], {
      allowFail: true,
    });
    const lines = String(staged.stdout).trim().split('\n').filter(Boolean);
    const shown = lines.slice(0, 4).join(', ') + (lines.length > 4 ? `, … (${lines.length})` : '');
    found.push([
      'user-edits',
      `the index of ${snap.dir} against HEAD changed; staged now: ${shown || 'nothing'}`,
    ]);
  }
  for (const [path, bytes] of snap.files) {
    const after = now.files.get(path);
    if (bytes === null && after === null) continue;
    if (bytes === null || after === null || !bytes.equals(after)) {
      const was = bytes === null ? 'absent' : `${bytes.length} bytes`;
      const is = after === null ? 'gone' : `${after.length} bytes, different`;
      found.push(['user-edits', `${join(snap.dir, path)}: was ${was}, now ${is}`]);
    }
  }
  return found;
}

/**
 * Uncommitted files the harness left in session worktrees: each must still be there, byte for
 * byte, or be in the commit `clean` saved for that session under refs/mmm/sessions/.
 */
export function checkSessionWork(world, planted) {
  const found = [];
  for (const p of planted) {
    const full = join(p.worktree, p.path);
    if (existsSync(full) && readFileSync(full).equals(p.bytes)) continue;
    const saved = world.gitSync(
      world.repo,
      ['cat-file', 'blob', `refs/mmm/sessions/${p.session}:${p.path}`],
      { allowFail: true, encoding: 'buffer' },
    );
    if (saved.code === 0 && Buffer.from(saved.stdout).equals(p.bytes)) continue;
    const where = existsSync(full) ? 'changed in the worktree' : 'gone from the worktree';
    found.push([
      'session-work',
      `${p.path} of session ${p.session} (${p.bytes.length} bytes): ${where}, and not in refs/mmm/sessions/${p.session}`,
    ]);
  }
  return found;
}

/** `path -> blob` of a commit's tree, without mmm's own files under `.mmm/`. */
function treeBlobs(world, dir) {
  const out = world.gitSync(
    dir,
    ['ls-tree', '-r', '-z', '--format=%(objectmode) %(objectname)\t%(path)', 'HEAD'],
    {
      allowFail: true,
    },
  );
  const blobs = new Map();
  for (const entry of String(out.stdout).split('\0')) {
    const tab = entry.indexOf('\t');
    if (tab < 0) continue;
    const path = entry.slice(tab + 1);
    if (!path.startsWith('.mmm/')) blobs.set(path, entry.slice(0, tab));
  }
  return blobs;
}

/**
 * After a run was killed and resumed to its end (`crash-resume`): the tree is the one the same
 * playbook left when run without harm in `reference`, nothing is left uncommitted, and each of
 * the `steps` was committed exactly once on the branch (one commit with its `Mmm-Step:` trailer).
 */
export function checkResumed(world, reference, steps) {
  const found = checkSameTree(world, reference);
  const log = world.gitSync(
    world.repo,
    ['log', '-z', '--format=%(trailers:key=Mmm-Step,valueonly,separator=%x02)', 'HEAD'],
    { allowFail: true },
  );
  const count = new Map();
  for (const trailers of String(log.stdout).split('\0')) {
    const numbers = trailers
      .split('\x02')
      .map((t) => /^(\d+) /.exec(t.trim())?.[1])
      .filter(Boolean);
    for (const n of numbers) count.set(Number(n), (count.get(Number(n)) ?? 0) + 1);
  }
  const wrong = [];
  for (let n = 1; n <= steps; n++) {
    const times = count.get(n) ?? 0;
    if (times !== 1) wrong.push(`step ${n} ${times}×`);
  }
  if (wrong.length > 0) {
    found.push([
      'resume-once',
      `steps not committed exactly once on the branch: ${wrong.join(', ')}`,
    ]);
  }
  return found;
}

/** HEAD's tree is the one in `reference`, and nothing is left uncommitted. */
function checkSameTree(world, reference) {
  const found = [];
  const want = treeBlobs(world, reference);
  const have = treeBlobs(world, world.repo);
  const differ = [];
  for (const [path, blob] of want) {
    if (have.get(path) !== blob)
      differ.push(have.has(path) ? `${path} differs` : `${path} missing`);
  }
  for (const path of have.keys()) if (!want.has(path)) differ.push(`${path} extra`);
  if (differ.length > 0) {
    found.push([
      'resume-tree',
      `HEAD's tree is not the uninterrupted run's: ${differ.slice(0, 6).join(', ')}${differ.length > 6 ? `, … (${differ.length})` : ''}`,
    ]);
  }
  const status = world.gitSync(world.repo, ['status', '--porcelain', '-z'], { allowFail: true });
  const left = String(status.stdout).split('\0').filter(Boolean);
  if (left.length > 0) {
    found.push([
      'resume-tree',
      `left uncommitted after the last resume: ${left.slice(0, 4).join(', ')}`,
    ]);
  }
  return found;
}

/**
 * After a `--map --yes` run was killed and resumed to its end (`crash-map-resume`): the base
 * branch's tree is the uninterrupted run's; each item's step `k`, the only commit to touch
 * `s<k>-<arg>.txt`, is on it exactly once; each item's session is recorded merged, and only one.
 */
export function checkMapResumed(world, reference, args, steps) {
  const found = checkSameTree(world, reference);
  const wrong = [];
  for (const arg of args) {
    for (let k = 1; k <= steps; k++) {
      const log = world.gitSync(
        world.repo,
        ['log', '--no-merges', '--format=%H', 'HEAD', '--', `s${k}-${arg}.txt`],
        { allowFail: true },
      );
      const times = String(log.stdout).split('\n').filter(Boolean).length;
      if (times !== 1) wrong.push(`item ${arg} step ${k} ${times}×`);
    }
  }
  if (wrong.length > 0) {
    found.push(['resume-once', `item steps not committed exactly once: ${wrong.join(', ')}`]);
  }
  const merged = new Map();
  for (const r of world.sessionRecords()) {
    if (r.status === 'merged') merged.set(r.arg, (merged.get(r.arg) ?? 0) + 1);
  }
  const off = args.filter((arg) => merged.get(arg) !== 1);
  if (off.length > 0) {
    found.push([
      'map-merged',
      `items not merged exactly once: ${off.map((a) => `${a} ${merged.get(a) ?? 0}×`).join(', ')}`,
    ]);
  }
  return found;
}

/**
 * The worktree pool (`kill-map-pool`): no two sessions in one worktree, no session in a tree of
 * the pool, no tree of the pool with a branch checked out, and the pool no bigger than `size`.
 */
export function checkPool(world, size) {
  const found = [];
  const list = world.gitSync(world.repo, ['worktree', 'list', '--porcelain'], { allowFail: true });
  const trees = new Map();
  let current;
  for (const line of String(list.stdout).split('\n')) {
    if (line.startsWith('worktree ')) {
      current = { path: line.slice('worktree '.length), branch: undefined };
      trees.set(current.path, current);
    } else if (current && line.startsWith('branch refs/heads/')) {
      current.branch = line.slice('branch refs/heads/'.length);
    }
  }
  const poolRoot = join(world.mmmHome, 'pool');
  const inPool = (path) => path.startsWith(`${poolRoot}/`);
  for (const tree of trees.values()) {
    if (inPool(tree.path) && tree.branch !== undefined) {
      found.push(['pool', `the idle worktree ${tree.path} has ${tree.branch} checked out`]);
    }
  }
  const byPath = new Map();
  const sessionsRoot = join(world.mmmHome, 'sessions');
  const keys = existsSync(sessionsRoot) ? readdirSync(sessionsRoot) : [];
  for (const key of keys) {
    for (const file of readdirSync(join(sessionsRoot, key)).filter((f) => f.endsWith('.json'))) {
      let record;
      try {
        record = JSON.parse(readFileSync(join(sessionsRoot, key, file), 'utf8'));
      } catch {
        continue; // the session-record invariant names it
      }
      if (record.status === 'cleaned' || record.pooledAt) continue;
      if (inPool(record.worktreePath)) {
        found.push(['pool', `session ${record.name} lives in the pool: ${record.worktreePath}`]);
      }
      const other = byPath.get(record.worktreePath);
      if (other) {
        found.push(['pool', `sessions ${other} and ${record.name} share ${record.worktreePath}`]);
      }
      byPath.set(record.worktreePath, record.name);
      const tree = trees.get(record.worktreePath);
      if (tree?.branch !== undefined && tree.branch !== record.branch) {
        found.push([
          'pool',
          `session ${record.name}'s worktree has ${tree.branch} checked out, not ${record.branch}`,
        ]);
      }
    }
  }
  for (const key of existsSync(poolRoot) ? readdirSync(poolRoot) : []) {
    const dir = join(poolRoot, key);
    if (key.endsWith('.lock') || !statSync(dir).isDirectory()) continue;
    const idle = readdirSync(dir).filter((name) => !name.startsWith('.'));
    if (idle.length > size) {
      found.push([
        'pool',
        `${dir} holds ${idle.length} idle worktrees, more than its size ${size}`,
      ]);
    }
  }
  return found;
}
