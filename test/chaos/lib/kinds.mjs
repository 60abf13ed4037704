// The trial kinds. Each builds its world from the trial's random stream, does its damage, and
// returns what the invariants need: the user's snapshots (and how they may change) and the work
// planted in session worktrees. The order of KINDS is part of a seed's meaning: append, never
// reorder.
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkMapResumed,
  checkPool,
  checkResumed,
  ledgerMaps,
  ledgerWaitingRuns,
  snapshotUser,
} from './checks.mjs';
import {
  committingPlaybook,
  killMoment,
  listSessions,
  makeIgnoredFiles,
  makeSessions,
  makeUserEdits,
  makeUserRepo,
  oddBytes,
  plantInSessions,
  resumablePlaybook,
  sleep,
  writePlaybook,
} from './setup.mjs';

const reporter = (rng) => rng.pick([[], ['--json'], ['-v'], ['--quiet']]);

/**
 * An in-place repository with committing playbooks (`pb.yml`, and `pb2.yml` with `second`) and
 * ignored files of the user's; returns the user's snapshot.
 */
function inPlaceRepo(world, rng, { second = false } = {}) {
  const first = committingPlaybook(rng, { name: 'chaos' });
  const other = second ? committingPlaybook(rng, { name: 'chaos-two', prefix: 'b' }) : undefined;
  makeUserRepo(world, rng);
  writePlaybook(world, 'pb.yml', first.playbook);
  if (other) writePlaybook(world, 'pb2.yml', other.playbook);
  writePlaybook(world, 'again.yml', {
    name: 'again',
    steps: [{ shell: 'echo again >> again.txt' }],
  });
  world.commitAll('playbooks');
  world.useAgent([...first.turns, ...(other?.turns ?? [])]);
  return snapshotUser(world, makeIgnoredFiles(world, rng));
}

/** After a kill: once the tree is clean again, a new in-place run must not be refused for a lock. */
async function cookAgainIfClean(world) {
  const status = world.gitSync(world.repo, ['status', '--porcelain'], { allowFail: true });
  if (String(status.stdout).trim() !== '') return;
  const inv = await world.run('follow-up: cook again', ['cook', 'again.yml', '--quiet']);
  if (inv.code === 3 && /another mmm run/.test(inv.stderr.tail)) {
    world.found.push([
      'stale-lock',
      `after the kill, a clean checkout still refuses an in-place run: ${inv.stderr.tail.trim().split('\n')[0]}`,
    ]);
  }
}

/** A repository with a session playbook `pb.yml` and the user's uncommitted work. */
function sessionRepo(world, rng, { tracked, playbook, turns, files }) {
  makeUserRepo(world, rng, files);
  writePlaybook(world, 'pb.yml', playbook);
  world.commitAll('playbook');
  world.useAgent(turns ?? []);
  const edits = makeUserEdits(world, rng, { tracked });
  return snapshotUser(world, edits);
}

const kinds = [];
const kind = (name, run) => kinds.push({ name, run });

// ---- kill -9 at a random moment ----

kind('kill-inplace', async (world, rng) => {
  const snap = inPlaceRepo(world, rng);
  await world.run('cook (killed)', ['cook', 'pb.yml', ...reporter(rng)], {
    kill: killMoment(rng, { maxMs: 3000, maxLines: 14 }),
  });
  await world.settle();
  await cookAgainIfClean(world);
  return { user: [[snap, 'in-place']] };
});

kind('kill-worktree', async (world, rng) => {
  const yes = rng.chance(0.3);
  const { playbook, turns } = committingPlaybook(rng, { name: 'chaos-wt' });
  const snap = sessionRepo(world, rng, { tracked: !yes, playbook, turns });
  await world.run(
    'cook --worktree (killed)',
    ['cook', 'pb.yml', '--worktree', ...(yes ? ['--yes'] : []), ...reporter(rng)],
    { kill: killMoment(rng, { maxMs: 3500, maxLines: 14 }) },
  );
  await world.settle();
  await listSessions(world, 'follow-up: worktree ls');
  await world.run('follow-up: worktree clean --all', ['worktree', 'clean', '--all']);
  return { user: [[snap, yes ? 'merged' : 'frozen']] };
});

kind('kill-map', async (world, rng) => {
  const yes = rng.chance(0.3);
  makeUserRepo(world, rng);
  const count = rng.int(2, 4);
  const names = ['alpha', 'beta', 'gamma', 'delta'].slice(0, count);
  const specs = Object.fromEntries(names.map((n, i) => [`specs/${i + 1}-${n}.md`, `# ${n}\n`]));
  world.writeFiles(specs);
  const failing = rng.int(0, count);
  writePlaybook(world, 'map.yml', {
    name: 'chaos-map',
    steps: [
      { claude: '/chaos-implement ${item}' },
      { shell: `sleep 0.${rng.int(0, 4)}; echo "$(date +%s%N)" >> log-\${ARG}.txt` },
      {
        shell: `test "\${ARG}" != "${failing}"`,
        on_failure: { shell: 'echo tried >> tried.txt', max_attempts: 2 },
      },
    ],
  });
  world.commitAll('specs');
  world.useAgent(
    names.map((n, i) => ({
      select: `specs/${i + 1}-${n}\\.md`,
      repeat: true,
      write: { [`impl-${n}.txt`]: '{{prompt}}\n' },
      sleepMs: rng.int(0, 600),
      commit: rng.chance(0.3) ? `agent: ${n}` : undefined,
    })),
  );
  const edits = makeUserEdits(world, rng, { tracked: !yes });
  const snap = snapshotUser(world, edits);
  await world.run(
    'cook --map (killed)',
    [
      'cook',
      'map.yml',
      '--map',
      'specs/*.md',
      '--jobs',
      '2',
      ...(yes ? ['--yes'] : []),
      ...reporter(rng),
    ],
    { kill: killMoment(rng, { maxMs: 4000, maxLines: 20 }) },
  );
  await world.settle();
  await listSessions(world, 'follow-up: worktree ls');
  await world.run('follow-up: worktree clean --all', ['worktree', 'clean', '--all']);
  return { user: [[snap, yes ? 'merged' : 'frozen']] };
});

/** Finished sessions, maybe a user commit on main after them, maybe the user on another branch. */
async function sessionsToMerge(world, rng) {
  makeUserRepo(world, rng);
  const sessions = await makeSessions(world, rng, { count: rng.int(2, 4) });
  if (rng.chance(0.5)) {
    world.writeFiles({ 'src/user.txt': `user work ${rng.int(0, 1e6)}\n` });
    world.commitAll('user: more work');
  }
  // On another branch, main is checked out nowhere: merges go through the refs alone.
  if (rng.chance(0.3)) world.git(['checkout', '-q', '-b', 'side']);
  const edits = makeUserEdits(world, rng, { tracked: false });
  return { sessions, snap: snapshotUser(world, edits) };
}

kind('kill-merge-all', async (world, rng) => {
  const { snap } = await sessionsToMerge(world, rng);
  await world.run('worktree merge --all (killed)', ['worktree', 'merge', '--all'], {
    kill: killMoment(rng, { maxMs: 2500, maxLines: 8 }),
  });
  await world.settle();
  await world.run('follow-up: worktree merge --all', ['worktree', 'merge', '--all']);
  await listSessions(world, 'follow-up: worktree ls');
  return { user: [[snap, 'merged']] };
});

kind('kill-clean-all', async (world, rng) => {
  const { sessions } = await sessionsToMerge(world, rng);
  if (rng.chance(0.7))
    await world.run('setup: worktree merge --all', ['worktree', 'merge', '--all']);
  const planted = plantInSessions(world, rng, sessions);
  const snap = snapshotUser(world, ['notes/todo ü €.txt', '.env']);
  await world.run('worktree clean --all (killed)', ['worktree', 'clean', '--all'], {
    kill: killMoment(rng, { maxMs: 2000, maxLines: 8 }),
  });
  await world.settle();
  await world.run('follow-up: worktree clean --all', ['worktree', 'clean', '--all']);
  return { user: [[snap, 'frozen']], planted };
});

// ---- two mmm processes on one repository at once ----

kind('race-inplace', async (world, rng) => {
  const snap = inPlaceRepo(world, rng, { second: true });
  const first = world.start('cook A', ['cook', 'pb.yml', ...reporter(rng)]);
  await sleep(rng.int(0, 500));
  const second = world.start('cook B', ['cook', 'pb2.yml', ...reporter(rng)]);
  await Promise.all([first.done, second.done]);
  return { user: [[snap, 'in-place']] };
});

kind('race-inplace-merge', async (world, rng) => {
  const snap0 = inPlaceRepo(world, rng);
  writePlaybook(world, 'sess.yml', {
    name: 'chaos-sess',
    steps: [{ shell: `echo "session $(date +%s%N)" > session-${rng.int(0, 99)}.txt` }],
  });
  world.commitAll('session playbook');
  await world.run('setup: cook --worktree', ['cook', 'sess.yml', '--worktree', '--quiet']);
  const [session] = world.sessionRecords();
  const snap = snapshotUser(world, [...snap0.files.keys()]);
  const cook = world.start('cook in place', ['cook', 'pb.yml', ...reporter(rng)]);
  await sleep(rng.int(0, 1800));
  const merge = world.start('worktree merge', ['worktree', 'merge', session?.name ?? '--all']);
  await Promise.all([cook.done, merge.done]);
  return { user: [[snap, 'in-place']] };
});

kind('race-merge-merge', async (world, rng) => {
  const { snap } = await sessionsToMerge(world, rng);
  const a = world.start('worktree merge --all A', ['worktree', 'merge', '--all']);
  await sleep(rng.int(0, 300));
  const b = world.start('worktree merge --all B', ['worktree', 'merge', '--all']);
  await Promise.all([a.done, b.done]);
  return { user: [[snap, 'merged']] };
});

kind('race-merge-clean', async (world, rng) => {
  const { sessions, snap } = await sessionsToMerge(world, rng);
  const planted = plantInSessions(world, rng, sessions);
  const cleanFirst = rng.chance(0.5);
  const first = cleanFirst
    ? world.start('worktree clean --all', ['worktree', 'clean', '--all'])
    : world.start('worktree merge --all', ['worktree', 'merge', '--all']);
  await sleep(rng.int(0, 400));
  const second = cleanFirst
    ? world.start('worktree merge --all', ['worktree', 'merge', '--all'])
    : world.start('worktree clean --all', ['worktree', 'clean', '--all']);
  await Promise.all([first.done, second.done]);
  return { user: [[snap, 'merged']], planted };
});

// ---- a full disk ----

/** Steps that write incompressible data, so that git's objects fill a small disk. */
function fillingPlaybook(rng, name) {
  const steps = [];
  for (let k = 1; k <= rng.int(3, 5); k++) {
    const kb = rng.int(100, 1500);
    steps.push(
      rng.chance(0.2)
        ? {
            shell: `head -c ${kb * 1024} /dev/urandom | od -An -tx1 | head -c ${kb * 1024}`,
            id: `loud${k}`,
          }
        : { shell: `head -c ${kb * 1024} /dev/urandom > data-${k}.bin` },
    );
  }
  steps.push({ claude: '/chaos-edit last' });
  return { name, steps };
}

kind('disk-repo', async (world, rng) => {
  const mb = rng.pick([1, 2, 3, 4, 6]);
  if (!world.mountTmpfs(world.repo, `${mb}m`)) return { user: [] };
  world.notes.push(`repository on a ${mb} MB tmpfs`);
  const worktree = rng.chance(0.3);
  makeUserRepo(world, rng);
  writePlaybook(world, 'pb.yml', fillingPlaybook(rng, 'chaos-disk'));
  world.commitAll('playbook');
  world.useAgent([{ repeat: true, write: { 'agent.txt': 'x'.repeat(rng.int(1, 200_000)) } }]);
  const files = worktree
    ? makeUserEdits(world, rng, { tracked: true })
    : makeIgnoredFiles(world, rng);
  const snap = snapshotUser(world, files);
  await world.run('cook on a full disk', [
    'cook',
    'pb.yml',
    ...(worktree ? ['--worktree'] : []),
    ...reporter(rng),
  ]);
  return { user: [[snap, worktree ? 'frozen' : 'in-place']] };
});

kind('disk-home', async (world, rng) => {
  const kb = rng.pick([96, 256, 700, 1500, 3000]);
  if (!world.mountTmpfs(world.mmmHome, `${kb}k`)) return { user: [] };
  world.notes.push(`MMM_HOME on a ${kb} KB tmpfs`);
  const yes = rng.chance(0.3);
  const playbook = fillingPlaybook(rng, 'chaos-home');
  const snap = sessionRepo(world, rng, {
    files: { 'assets/blob.bin': oddBytes(rng, rng.int(10_000, 800_000)) },
    tracked: !yes,
    playbook,
    turns: [{ repeat: true, write: { 'agent.txt': 'y'.repeat(rng.int(1, 100_000)) } }],
  });
  await world.run('cook --worktree, MMM_HOME full', [
    'cook',
    'pb.yml',
    '--worktree',
    ...(yes ? ['--yes'] : []),
    ...reporter(rng),
  ]);
  await world.run('follow-up: worktree clean --all', ['worktree', 'clean', '--all']);
  return { user: [[snap, yes ? 'merged' : 'frozen']] };
});

// ---- hostile steps ----

/**
 * Runs `steps` in place or in a session (or as `only` says), with the usual snapshots, and
 * cleans up sessions afterwards like a user would.
 */
async function hostileRun(
  world,
  rng,
  steps,
  { only, turns = [], label, followUp = true, timeoutMs, before } = {},
) {
  const where = only ?? (rng.chance(0.5) ? 'in-place' : 'session');
  world.notes.push(where);
  const playbook = { name: 'chaos-hostile', steps };
  let snap;
  if (where === 'in-place') {
    makeUserRepo(world, rng);
    writePlaybook(world, 'pb.yml', playbook);
    world.git(['branch', 'other']);
    world.commitAll('playbook');
    world.useAgent(turns);
    snap = snapshotUser(world, [...makeIgnoredFiles(world, rng), ...(before?.(world) ?? [])]);
    await world.run(label, ['cook', 'pb.yml', ...reporter(rng)], { timeoutMs });
    return { user: [[snap, 'in-place']] };
  }
  snap = sessionRepo(world, rng, { tracked: true, playbook, turns });
  world.git(['branch', 'other']);
  await world.run(label, ['cook', 'pb.yml', '--worktree', ...reporter(rng)], { timeoutMs });
  if (followUp && rng.chance(0.5)) {
    await world.run('follow-up: worktree clean --all', ['worktree', 'clean', '--all']);
  }
  return { user: [[snap, 'frozen']] };
}

kind('hostile-bytes', async (world, rng) => {
  const noise =
    "printf '\\033[2J\\033[H\\033]0;pwned\\007\\033[31mred\\033[0m \\000nul \\377\\376\\300\\301 bad utf8\\r\\n\\033[?1049h'";
  // A value holding a NUL cannot reach a process (environment and argv are C strings): the steps
  // that pass the noise on may fail, and the run goes on past them.
  const goOn = { shell: 'true', max_attempts: 1, fail_workflow: false };
  const steps = [
    { shell: `${noise}; ${noise} >&2; printf 'ok\\n' > bytes.txt`, id: 'loud' },
    { shell: `touch "$(printf 'odd\\nname\\033[1m\\377.txt')"; printf 'x\\0y' > nul.bin` },
    { claude: '/chaos-read ${loud.output}', on_failure: goOn },
    { shell: 'printf "%s" ${loud.output} | wc -c > seen.txt', on_failure: goOn },
    { shell: `${noise}; exit 1`, on_failure: goOn },
  ];
  const turns = [
    {
      repeat: true,
      result: 'done \u001b[31mred\u001b[0m \u0000 nul \u009b2J',
      stderr: '\u001b[2J noise \u0000\n',
      write: { 'agent-bytes.txt': '\u0000\u001b[0m\uFFFD' },
    },
  ];
  const result = await hostileRun(world, rng, steps, { turns, label: 'cook, hostile bytes' });
  // Outside --verbose (which shows step output as it is, by design) mmm's own lines quote step
  // and agent output: a raw escape there reaches the user's terminal as a command.
  for (const inv of world.invocations) {
    if (inv.args.includes('-v')) continue;
    for (const stream of ['stdout', 'stderr']) {
      if (inv[stream].control) {
        world.found.push([
          'raw-escape',
          `${inv.label} (mmm ${inv.args.join(' ')}) printed a control byte on ${stream}: ${inv[stream].control}`,
        ]);
      }
    }
  }
  return result;
});

kind('hostile-50mb', async (world, rng) => {
  const big = rng.pick([
    "head -c 52428800 /dev/zero | tr '\\0' 'x'",
    "yes 'a line of output that goes on' | head -c 52428800",
    'head -c 52428800 /dev/urandom',
  ]);
  const steps = [
    { shell: big, id: 'big' },
    { shell: 'wc -c < ${big.output} > size.txt || echo "${big.output}" | wc -c > size.txt' },
    { shell: 'echo after > after.txt' },
  ];
  // A minute is ten times what the run takes without --verbose on this machine.
  return hostileRun(world, rng, steps, { label: 'cook, 50 MB of output', timeoutMs: 60_000 });
});

kind('hostile-rm-git', async (world, rng) => {
  // A HOME that is itself a git repository (dotfiles), with MMM_HOME at its default ~/.mmm:
  // once the session's .git is gone, git run in the session finds the HOME repository instead.
  const dotfiles = rng.chance(0.6);
  let homeSnap;
  if (dotfiles) {
    world.initRepo({ '.bashrc': 'export PS1=old\n', '.profile': 'profile\n' }, world.home);
    world.writeFiles(
      { '.bashrc': 'export PS1=edited-not-committed\n', 'todo.txt': 'mine\n' },
      world.home,
    );
    homeSnap = snapshotUser(world, ['.bashrc', 'todo.txt', '.profile'], world.home);
    world.mmmHome = join(world.home, '.mmm');
    delete world.env.MMM_HOME;
    world.notes.push('HOME is a git repository, MMM_HOME is ~/.mmm');
  }
  const steps = [
    { shell: 'echo before > before.txt' },
    {
      shell: rng.pick([
        'rm -rf .git',
        'rm -rf .git && echo gone > gone.txt',
        'rm -f .git; git status >/dev/null 2>&1; true',
      ]),
    },
    { shell: 'echo after > after.txt' },
  ];
  const result = await hostileRun(world, rng, steps, {
    only: 'session',
    label: 'cook --worktree, step deletes .git',
  });
  if (homeSnap) result.user.push([homeSnap, 'frozen']);
  return result;
});

kind('hostile-git-init', async (world, rng) => {
  const inner =
    'mkdir -p vendor/lib && cd vendor/lib && git init -q && echo inner > f.txt && git add f.txt && git -c user.name=inner -c user.email=inner@x.invalid commit -qm inner';
  const steps = [
    { shell: 'echo first > first.txt' },
    { shell: rng.chance(0.3) ? `${inner}; exit 1` : inner },
    { shell: 'echo again >> first.txt' },
  ];
  return hostileRun(world, rng, steps, { label: 'cook, step runs git init in a subdirectory' });
});

kind('hostile-reset-hard', async (world, rng) => {
  const reset = rng.pick([
    'git reset -q --hard HEAD~1',
    'echo x > x.txt && git add -A && git commit -qm agent && git reset -q --hard HEAD~2',
    'git reset -q --hard HEAD~1 && echo redo > redo.txt',
  ]);
  const steps = rng.chance(0.5)
    ? [{ shell: reset }, { shell: 'echo after > after.txt' }]
    : [
        { shell: 'echo one > one.txt' },
        { shell: 'echo two > two.txt' },
        { shell: reset },
        { shell: 'echo after > after.txt' },
      ];
  return hostileRun(world, rng, steps, { label: `cook, step runs ${reset}` });
});

kind('hostile-checkout', async (world, rng) => {
  const move = rng.pick([
    'git checkout -q -b side-x && echo side > side.txt && git add -A && git commit -qm side',
    'git checkout -q other && echo other > other.txt && git add -A && git commit -qm other',
    'git checkout -q --detach && echo det > det.txt && git add -A && git commit -qm detached',
    'git switch -q --orphan fresh && echo fresh > fresh.txt',
    'git checkout -q other',
  ]);
  const steps = [
    { shell: 'echo one > one.txt' },
    { shell: move },
    { shell: 'echo after > after.txt' },
  ];
  return hostileRun(world, rng, steps, { label: `cook, step runs ${move.split(' &&')[0]}` });
});

kind('hostile-background', async (world, rng) => {
  const bg = rng.pick([
    '(sleep 1; echo late >> late.txt) > /dev/null 2>&1 &',
    "setsid sh -c 'sleep 1; echo late > late-setsid.txt' > /dev/null 2>&1 &",
    'sleep 2 &',
    "nohup sh -c 'for i in $(seq 1 20); do echo $i >> spin.txt; sleep 0.1; done' > /dev/null 2>&1 &",
  ]);
  const steps = [
    { shell: `echo start > start.txt; ${bg}` },
    { shell: 'echo two > two.txt' },
    { shell: 'sleep 0.5; echo three > three.txt' },
  ];
  const result = await hostileRun(world, rng, steps, {
    label: 'cook, step leaves a background process',
    followUp: false,
  });
  // What the background job does after mmm is done happens before the checks.
  await world.settle(4000);
  if (world.notes.includes('session')) {
    await world.run('follow-up: worktree clean --all', ['worktree', 'clean', '--all']);
  }
  return result;
});

// ---- kill -9, then resume ----

/** The ledger's runs, newest first, as `mmm runs ls --json` lists them. */
async function listRuns(world, label) {
  const inv = await world.run(label, ['runs', 'ls', '--json', '-n', '0']);
  return inv.stdout.events;
}

/**
 * The trial's work run once without harm first, in a clone of its repository (with `env`): the
 * tree the trial must end with. Undefined, with a harness finding naming `what`, when that run
 * did not succeed.
 */
async function referenceRun(world, label, args, what, env = {}) {
  const reference = join(world.dir, 'reference');
  world.gitSync(world.dir, ['clone', '-q', world.repo, reference]);
  world.git(['config', 'user.name', 'chaos user'], reference);
  world.git(['config', 'user.email', 'chaos@mmm.invalid'], reference);
  const run = await world.run(label, args, { cwd: reference, env });
  if (run.code !== 0) {
    world.found.push([
      'harness',
      `${what} exited ${run.code}: ${run.stderr.tail.trim().slice(-400)}`,
    ]);
    return undefined;
  }
  return { reference, run };
}

kind('crash-resume', async (world, rng) => {
  const { playbook, turns } = resumablePlaybook(rng, { name: 'chaos-resume', count: 20 });
  makeUserRepo(world, rng);
  writePlaybook(world, 'pb.yml', playbook);
  world.commitAll('playbook');
  world.useAgent(turns);
  // The same playbook from the same commit, run once without harm: the tree to end with.
  const ref = await referenceRun(
    world,
    'setup: uninterrupted cook',
    ['cook', 'pb.yml', '--quiet'],
    'the uninterrupted run',
  );
  if (!ref) return { user: [] };
  const { reference, run: refRun } = ref;
  const snap = snapshotUser(world, makeIgnoredFiles(world, rng));

  const kills = rng.int(1, 3);
  const flags = reporter(rng);
  const moment = (fraction) =>
    // Lines come only when something is printed: a quiet run is killed on time.
    flags.includes('--quiet') || rng.chance(0.5)
      ? { afterMs: rng.int(100, Math.max(200, Math.round(refRun.durationMs * fraction))) }
      : { afterLines: rng.int(1, flags.includes('--json') ? 90 : 40), extraMs: rng.int(0, 150) };
  let landed = 0;
  let finished = false;
  let last = await world.run('cook (killed)', ['cook', 'pb.yml', ...flags], {
    kill: moment(1),
  });
  for (let round = 1; ; round++) {
    // A kill sent as the process was ending on its own does not count as one.
    if (!(last.killedByUs && last.signal === 'SIGKILL')) {
      finished = last.code === 0;
      break;
    }
    landed++;
    await world.settle();
    const runs = await listRuns(world, `follow-up: runs ls ${round}`);
    if (runs.length === 0) {
      // Killed before the run was recorded: there is nothing to resume, the user starts again.
      world.notes.push(`kill ${round} came before the run was recorded`);
      last = await world.run(`follow-up: cook again ${round}`, ['cook', 'pb.yml', ...flags], {
        kill: round < kills ? moment(1) : undefined,
      });
      continue;
    }
    if (runs[0].status === 'done') {
      world.notes.push(`kill ${round} came after the run was recorded done`);
      finished = true;
      break;
    }
    const args = ['resume', ...(rng.chance(0.5) ? [runs[0].id.slice(0, 10)] : []), ...flags];
    last = await world.run(
      round < kills ? `follow-up: resume ${round} (killed)` : `follow-up: resume ${round}`,
      args,
      round < kills ? { kill: moment(0.7) } : {},
    );
  }
  world.notes.push(`${landed} kill(s) landed, ${kills} drawn`);
  await world.settle();
  if (!finished) {
    world.found.push([
      'resume-exit',
      `the last mmm (${last.label}: mmm ${last.args.join(' ')}) exited ${last.signal ?? last.code}, not 0: ${last.stderr.tail.trim().slice(-600)}`,
    ]);
  }
  world.found.push(...checkResumed(world, reference, playbook.steps.length));
  return { user: [[snap, 'in-place']] };
});

kind('crash-map-resume', async (world, rng) => {
  makeUserRepo(world, rng);
  const args = ['1', '2', '3', '4', '5', '6'];
  const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'];
  world.writeFiles(
    Object.fromEntries(args.map((a, i) => [`specs/${a}-${words[i]}.md`, `# ${words[i]}\n`])),
  );
  // Each step writes a file of its own per item, so a step committed twice shows, and the
  // sessions never conflict; the naps let a kill land in any step, or in the merges after them.
  const steps = rng.int(2, 4);
  const nap = () => `sleep 0.${rng.int(0, 3)}`;
  writePlaybook(world, 'map.yml', {
    name: 'chaos-map-resume',
    steps: Array.from({ length: steps }, (_, i) => ({
      shell: `${nap()}; echo "step ${i + 1} of \${ARG}" >> s${i + 1}-\${ARG}.txt; cat \${item} >> s${i + 1}-\${ARG}.txt`,
    })),
  });
  world.commitAll('specs');
  const map = ['cook', 'map.yml', '--map', 'specs/*.md', '--jobs', '3', '--yes'];
  // With a home of its own: the reference's sessions are not the trial's.
  const ref = await referenceRun(
    world,
    'setup: uninterrupted cook --map',
    [...map, '--quiet'],
    'the uninterrupted map',
    { MMM_HOME: join(world.dir, 'reference-home') },
  );
  if (!ref) return { user: [] };
  const { reference, run: refRun } = ref;
  const snap = snapshotUser(world, makeIgnoredFiles(world, rng));

  const kills = rng.int(1, 2);
  const flags = reporter(rng);
  // Up to the whole uninterrupted time, so some kills land among the merges at the end.
  const moment = () => ({ afterMs: rng.int(250, Math.max(400, refRun.durationMs)) });
  let landed = 0;
  let finished = false;
  let last = await world.run('cook --map (killed)', [...map, ...flags], { kill: moment() });
  for (let round = 1; ; round++) {
    if (!(last.killedByUs && last.signal === 'SIGKILL')) {
      finished = last.code === 0;
      break;
    }
    landed++;
    await world.settle();
    const [recorded] = ledgerMaps(world);
    if (!recorded) {
      // Killed before the map was recorded: nothing to resume, the user starts again.
      world.notes.push(`kill ${round} came before the map was recorded`);
      last = await world.run(`follow-up: cook --map again ${round}`, [...map, ...flags], {
        kill: round < kills ? moment() : undefined,
      });
      continue;
    }
    if (recorded.status === 'done') {
      world.notes.push(`kill ${round} came after the map was recorded done`);
      finished = true;
      break;
    }
    const resume = ['resume', ...(rng.chance(0.5) ? [recorded.id] : []), ...flags];
    last = await world.run(
      round < kills ? `follow-up: resume ${round} (killed)` : `follow-up: resume ${round}`,
      resume,
      round < kills ? { kill: moment() } : {},
    );
  }
  world.notes.push(`${landed} kill(s) landed, ${kills} drawn`);
  await world.settle();
  if (!finished) {
    world.found.push([
      'resume-exit',
      `the last mmm (${last.label}: mmm ${last.args.join(' ')}) exited ${last.signal ?? last.code}, not 0: ${last.stderr.tail.trim().slice(-600)}`,
    ]);
  }
  world.found.push(...checkMapResumed(world, reference, args, steps));
  return { user: [[snap, 'merged']] };
});

kind('crash-map-gate', async (world, rng) => {
  makeUserRepo(world, rng);
  const args = ['1', '2', '3', '4'];
  const words = ['alpha', 'beta', 'gamma', 'delta'];
  world.writeFiles(
    Object.fromEntries(args.map((a, i) => [`specs/${a}-${words[i]}.md`, `# ${words[i]}\n`])),
  );
  // Every item's first step waits for approval; its second runs once that step has landed.
  const nap = () => `sleep 0.${rng.int(0, 3)}`;
  writePlaybook(world, 'map.yml', {
    name: 'chaos-map-gate',
    steps: [
      { shell: `${nap()}; echo "step 1 of \${ARG}" >> s1-\${ARG}.txt`, gate: 'approve' },
      { shell: `${nap()}; echo "step 2 of \${ARG}" >> s2-\${ARG}.txt` },
    ],
  });
  world.commitAll('specs');
  const map = ['cook', 'map.yml', '--map', 'specs/*.md', '--jobs', '2', '--yes'];
  // The same map with every gate passed at once: the tree that approving them all must give.
  const ref = await referenceRun(
    world,
    'setup: cook --map --gate auto',
    [...map, '--gate', 'auto', '-q'],
    'the reference map',
    { MMM_HOME: join(world.dir, 'reference-home') },
  );
  if (!ref) return { user: [] };
  const { reference } = ref;
  const snap = snapshotUser(world, makeIgnoredFiles(world, rng));
  const flags = reporter(rng);
  const moment = () => ({ afterMs: rng.int(150, 1500) });
  // The map, killed or not; then, round after round, each waiting run approved (the approval
  // killed now and then) and the map resumed, until nothing waits and the map is done.
  let last = await world.run(
    'cook --map (maybe killed)',
    [...map, ...flags],
    rng.chance(0.6) ? { kill: moment() } : {},
  );
  let finished = false;
  for (let round = 1; round <= 10 && !finished; round++) {
    await world.settle();
    for (const { id } of ledgerWaitingRuns(world)) {
      const killIt = rng.chance(0.3);
      last = await world.run(
        `approve ${id.slice(0, 8)}${killIt ? ' (killed)' : ''}`,
        ['approve', id, ...flags],
        killIt ? { kill: moment() } : {},
      );
    }
    await world.settle();
    const [recorded] = ledgerMaps(world);
    if (!recorded) {
      last = await world.run(`cook --map again ${round}`, [...map, ...flags]);
      continue;
    }
    if (recorded.status === 'done' && ledgerWaitingRuns(world).length === 0) {
      finished = true;
      break;
    }
    last = await world.run(`resume ${round}`, ['resume', recorded.id, ...flags]);
    if (last.code === 0 && ledgerMaps(world)[0]?.status === 'done') finished = true;
  }
  await world.settle();
  if (!finished) {
    world.found.push([
      'resume-exit',
      `the map did not finish after its approvals and resumes; the last mmm (${last.label}) exited ${last.signal ?? last.code}: ${last.stderr.tail.trim().slice(-600)}`,
    ]);
  }
  world.found.push(...checkMapResumed(world, reference, args, 2));
  return { user: [[snap, 'merged']] };
});

// ---- the worktree pool ----

kind('kill-map-pool', async (world, rng) => {
  makeUserRepo(world, rng);
  const size = rng.int(1, 4);
  const env = { MMM_POOL_SIZE: String(size), MMM_POOL_KEEP: 'build' };
  const names = ['alpha', 'beta', 'gamma', 'delta'];
  world.writeFiles(Object.fromEntries(names.map((n, i) => [`specs/${i + 1}-${n}.md`, `# ${n}\n`])));
  // Each session appends to a file of its item (merged one after another, never conflicting),
  // and leaves an ignored build/ cache that the pool keeps.
  writePlaybook(world, 'map.yml', {
    name: 'chaos-pool',
    steps: [
      { shell: 'mkdir -p build; echo "$(date +%s%N)" >> "build/seen-${ARG}"' },
      { shell: `sleep 0.${rng.int(0, 4)}; echo "$(date +%s%N)" >> log-\${ARG}.txt` },
    ],
  });
  world.commitAll('specs');
  world.useAgent([]);
  const snap = snapshotUser(world, makeIgnoredFiles(world, rng));
  const map = ['cook', 'map.yml', '--map', 'specs/*.md', '--jobs', '3', '--yes'];
  // Fill the pool, then kill a map that takes from it (and gives back, merging), then a map that
  // takes whatever the kill left.
  await world.run('setup: cook --map, to fill the pool', [...map, ...reporter(rng)], { env });
  await world.settle();
  await world.run('cook --map (killed)', [...map, ...reporter(rng)], {
    env,
    kill: killMoment(rng, { maxMs: 2500, maxLines: 12 }),
  });
  await world.settle();
  world.found.push(...checkPool(world, size));
  await world.run('cook --map again', [...map, ...reporter(rng)], { env });
  await world.settle();
  world.found.push(...checkPool(world, size));
  await world.run('follow-up: worktree clean --all', ['worktree', 'clean', '--all'], { env });
  await world.run('follow-up: worktree pool ls', ['worktree', 'pool', 'ls', '--json'], { env });
  world.found.push(...checkPool(world, size));
  return { user: [[snap, 'merged']] };
});

// ---- odd repositories ----

kind('odd-sparse', async (world, rng) => {
  // A cone of src/ (and the top-level files): steps write inside it, outside it (docs/, which the
  // cone leaves out: the step fails and its work is saved), or a file the policy denies.
  const inside = { shell: `echo ${rng.int(0, 1e6)} >> src/app.txt` };
  const outside = { shell: 'mkdir -p docs && echo out > docs/new.md && echo in >> src/app.txt' };
  const denied = { shell: 'echo k > src/key.pem && mkdir -p docs && echo far > docs/far.md' };
  const steps = [inside, rng.pick([inside, outside, denied]), inside];
  makeUserRepo(world, rng);
  writePlaybook(world, 'pb.yml', {
    name: 'chaos-sparse',
    ...(rng.chance(0.5) && { policy: { deny_paths: ['*.pem'] } }),
    steps,
  });
  world.commitAll('playbook');
  world.git(['sparse-checkout', 'set', 'src']);
  world.useAgent([]);
  const snap = snapshotUser(world, makeIgnoredFiles(world, rng));
  world.notes.push(steps[1] === inside ? 'inside' : steps[1] === outside ? 'outside' : 'denied');
  await world.run('cook, sparse checkout', ['cook', 'pb.yml', ...reporter(rng)]);
  return { user: [[snap, 'in-place']] };
});

kind('hostile-git-state', async (world, rng) => {
  // What a step can do to git's own state: its ignore rules, an operation left half done, the
  // tree's .git pointed elsewhere, history grafted over. Each must leave the user's work whole.
  const diverge =
    'echo a > c.txt && git add c.txt && git commit -qm a && git checkout -q -b side-$$ HEAD~1 && echo b > c.txt && git add c.txt && git commit -qm b && git checkout -q -';
  const variant = rng.pick([
    {
      name: 'ignore rules emptied',
      only: 'in-place',
      shell:
        'rm -f "$(git rev-parse --git-common-dir)/info/exclude"; git config core.excludesFile /nonexistent; echo s > s.txt; exit 1',
      // Files only the rules outside the tree ignore: the user's, which undoing the step keeps.
      before: (w) => {
        const ignore = join(w.dir, 'global-ignore');
        writeFileSync(ignore, '*.local\n');
        w.git(['config', 'core.excludesFile', ignore]);
        appendFileSync(join(w.repo, '.git', 'info', 'exclude'), 'local-only/\n');
        w.writeFiles({ 'local-only/notes.txt': 'mine\n', 'settings.local': 'mine\n' });
        return ['local-only/notes.txt', 'settings.local'];
      },
    },
    {
      // The user's .env and build/ (makeIgnoredFiles) are no longer ignored: no commit of the
      // run, and no ref mmm saves, may hold them.
      name: 'tracked .gitignore emptied',
      only: 'in-place',
      shell: ': > .gitignore && echo s > s.txt',
      after: (w) => {
        const holding = w.git(['log', '--all', '--format=%h', '--', '.env', 'build']).trim();
        if (holding !== '') {
          w.found.push(['ignored-committed', `the user's ignored files are in ${holding}`]);
        }
      },
    },
    { name: 'rebase left', shell: `${diverge} && git rebase side-$$; true` },
    { name: 'merge left', shell: `${diverge} && git merge -q side-$$; echo more > more.txt; true` },
    {
      name: '.git pointed at the main checkout',
      only: 'session',
      shell:
        'echo "gitdir: $(git rev-parse --path-format=absolute --git-common-dir)" > .git; echo s > s.txt',
    },
    {
      name: 'history grafted',
      shell:
        'before=$(git rev-parse HEAD) && git reset -q --hard HEAD~1 && echo g > g.txt && git add g.txt && git commit -qm own && git replace --graft HEAD $before',
    },
  ]);
  world.notes.push(variant.name);
  const steps = [
    { shell: 'echo one > one.txt' },
    { shell: variant.shell },
    // A step that commits itself: in a tree whose .git leads elsewhere, the commit would too.
    { shell: 'echo after > after.txt && git add after.txt && git commit -qm after' },
  ];
  const result = await hostileRun(world, rng, steps, {
    only: variant.only,
    before: variant.before,
    label: `cook, step leaves git state: ${variant.name}`,
  });
  variant.after?.(world);
  return result;
});

export const KINDS = kinds;
