// Building blocks of trials: the repository a user has, the edits they leave uncommitted, the
// playbooks mmm runs, and a set of finished sessions to merge or clean.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Bytes that are not text: invalid UTF-8, NUL, CR, escapes. */
export function oddBytes(rng, size) {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = rng.int(0, 255);
  return Buffer.concat([Buffer.from('\xff\xfe\0\r\n\x1b[31m', 'latin1'), out]);
}

/**
 * A playbook written as JSON, which YAML reads as it is: no quoting to get wrong. Shell commands
 * here never contain `${`, so mmm interpolates only what a trial means it to.
 */
export function writePlaybook(world, path, playbook) {
  world.writeFiles({ [path]: `${JSON.stringify(playbook, null, 2)}\n` });
}

/** The user's repository: a few files, ignore rules for `.env` and `build/`, two commits. */
export function makeUserRepo(world, rng, extra = {}) {
  world.initRepo({
    'README.md': '# project\n',
    'src/app.txt': Array.from({ length: 40 }, (_, i) => `line ${i}\n`).join(''),
    '.gitignore': '.env\nbuild/\n',
  });
  world.writeFiles({ 'docs/notes.md': `notes ${rng.int(0, 1e6)}\n`, ...extra });
  return world.commitAll('playbooks and notes');
}

/** Ignored files the user keeps in the checkout; an in-place run must never remove them. */
export function makeIgnoredFiles(world, rng) {
  const files = { '.env': oddBytes(rng, 64), 'build/cache.bin': randomBytes(rng.int(10, 4000)) };
  world.writeFiles(files);
  return Object.keys(files);
}

/**
 * Uncommitted work in the user's checkout: with `tracked`, a modified tracked file and a staged
 * new file too (a merge into this checkout refuses those); always an untracked file with an odd
 * name and an ignored one.
 */
export function makeUserEdits(world, rng, { tracked }) {
  const files = {
    'notes/todo ü €.txt': oddBytes(rng, rng.int(1, 300)),
    '.env': oddBytes(rng, 40),
  };
  if (tracked) {
    files['README.md'] = Buffer.concat([Buffer.from('# project\n'), oddBytes(rng, 50)]);
    files['src/staged.txt'] = oddBytes(rng, 30);
  }
  world.writeFiles(files);
  if (tracked) world.git(['add', 'src/staged.txt']);
  return Object.keys(files);
}

/**
 * A playbook of several committing steps, some failing with on_failure handlers, some with the
 * agent; `sleepy` spreads the steps out so that a kill can land in any of them.
 * Returns the playbook and the agent's turns.
 */
export function committingPlaybook(rng, { name, prefix = '', agent = true, mayFail = true }) {
  const steps = [];
  const turns = [];
  const count = rng.int(3, 6);
  const nap = () => `sleep 0.${rng.int(0, 3)}`;
  for (let k = 1; k <= count; k++) {
    const tag = `${prefix}${k}`;
    const kind = rng.pick(['append', 'append', 'many', 'fix', 'soft', agent ? 'agent' : 'append']);
    switch (kind) {
      case 'append':
        steps.push({ shell: `echo "${tag} $(date +%s%N)" >> out-${tag}.txt; ${nap()}` });
        break;
      case 'many':
        steps.push({
          shell: `mkdir -p gen-${tag} && for i in $(seq 1 ${rng.int(20, 150)}); do echo "$i" > gen-${tag}/f$i.txt; done; ${nap()}`,
        });
        break;
      case 'fix':
        steps.push({
          shell: `test -f fixed-${tag}.txt`,
          on_failure: { shell: `${nap()}; echo fixed > fixed-${tag}.txt`, max_attempts: 2 },
        });
        break;
      case 'soft':
        steps.push({
          shell: `echo partial > partial-${tag}.txt; ${nap()}; exit 3`,
          on_failure: {
            shell: `echo handled >> handled-${tag}.txt`,
            max_attempts: 1,
            fail_workflow: false,
          },
        });
        break;
      case 'agent': {
        turns.push({
          select: `step-${tag}\\b`,
          repeat: true,
          write: { [`agent-${tag}.txt`]: 'call {{call}}\n' },
          commit: rng.chance(0.4) ? `agent: step ${tag}` : undefined,
          sleepMs: rng.int(0, 400),
          cost: 0.01,
        });
        steps.push({ claude: `/chaos-edit step-${tag}` });
        break;
      }
      default:
        throw new Error(`unknown step kind ${kind}`);
    }
  }
  if (mayFail && rng.chance(0.25)) {
    steps.push({ shell: `echo oops > oops-${prefix}.txt; exit 7` });
  }
  return { playbook: { name, max_iterations: rng.int(1, 2), steps }, turns };
}

/**
 * Spec files for `--map` and a playbook that writes one file per item with the agent and a
 * shell step; with `conflict`, two items also write `shared.txt` differently, so merging the
 * second conflicts.
 */
export function mapSetup(rng, { count = rng.int(2, 4), conflict = rng.chance(0.5) } = {}) {
  const names = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'].slice(0, count);
  const specs = {};
  names.forEach((n, i) => (specs[`specs/${i + 1}-${n}.md`] = `# ${n}\n`));
  const turns = names.map((n, i) => ({
    select: `specs/${i + 1}-${n}\\.md`,
    repeat: true,
    write: {
      [`impl-${n}.txt`]: `implemented ${n}: {{prompt}}\n`,
      ...(conflict && i < 2 ? { 'shared.txt': `${n} wins\n` } : {}),
    },
    sleepMs: rng.int(0, 500),
    commit: rng.chance(0.3) ? `agent: ${n}` : undefined,
  }));
  const playbook = {
    name: 'chaos-map',
    steps: [
      { claude: '/chaos-implement ${item}', commit_required: true },
      { shell: `sleep 0.${rng.int(0, 4)}; echo done >> log-\${ARG}.txt` },
    ],
  };
  return { specs, turns, playbook };
}

/**
 * Finished sessions to merge or clean: runs `cook --map` (not killed) and returns the
 * sessions `worktree ls --json` lists afterwards.
 */
export async function makeSessions(world, rng, options = {}) {
  const { specs, turns, playbook } = mapSetup(rng, options);
  world.writeFiles(specs);
  writePlaybook(world, 'map.yml', playbook);
  world.commitAll('specs');
  world.useAgent(turns);
  await world.run('setup: cook --map', [
    'cook',
    'map.yml',
    '--map',
    'specs/*.md',
    '--jobs',
    '2',
    '--quiet',
  ]);
  return world.sessionRecords().map((r) => ({ name: r.name, worktree: r.worktreePath }));
}

export async function listSessions(world, label = 'worktree ls', all = false) {
  const inv = await world.run(label, ['worktree', 'ls', '--json', ...(all ? ['--all'] : [])]);
  return inv.stdout.events;
}

/**
 * Uncommitted files in a session's worktree, as a user inspecting it leaves them: returns what
 * was planted, for checkSessionWork.
 */
export function plantInSessions(world, rng, sessions) {
  const planted = [];
  for (const s of sessions) {
    if (!s.worktree || !rng.chance(0.7)) continue;
    const bytes = oddBytes(rng, rng.int(1, 200));
    const path = rng.pick(['inspect notes.txt', 'impl-extra/ü.bin']);
    const full = join(s.worktree, path);
    try {
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, bytes);
      planted.push({ session: s.name, worktree: s.worktree, path, bytes });
    } catch {
      // The worktree is gone already (a session whose directory was removed).
    }
  }
  return planted;
}

/** A random moment to kill: after a delay, or just after the n-th line mmm printed. */
export function killMoment(rng, { maxMs, maxLines }) {
  return rng.chance(0.5)
    ? { afterMs: rng.int(80, maxMs) }
    : { afterLines: rng.int(1, maxLines), extraMs: rng.int(0, 150) };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A playbook of `count` steps, each changing the tree in a way that depends only on the steps
 * before it (no clocks, no call counters), so that a run killed and resumed any number of times
 * must end with the same tree as a run left alone. Shell steps and fake-agent steps, some with an
 * `on_failure` fix; each sleeps a little, so that a kill
 * can land in any step. The agent never commits by itself: mmm commits its work (why: the
 * crash-resume kind in test/chaos/README.md). Returns the playbook and the agent's turns.
 */
export function resumablePlaybook(rng, { name, count = 20 }) {
  const steps = [];
  const turns = [];
  const nap = () => `sleep 0.${rng.int(0, 2)}`;
  for (let k = 1; k <= count; k++) {
    const kind = rng.pick(['append', 'write', 'many', 'edit', 'fix', 'agent', 'agent']);
    switch (kind) {
      case 'append':
        steps.push({ shell: `echo "step ${k}" >> log.txt; echo "appended ${k}"; ${nap()}` });
        break;
      case 'write':
        steps.push({
          shell: `${nap()}; printf 'step ${k}\\n%s\\n' "$(wc -l < log.txt 2>/dev/null || echo none)" > out-${k}.txt`,
        });
        break;
      case 'many':
        steps.push({
          shell: `mkdir -p gen-${k} && for i in $(seq 1 ${rng.int(5, 60)}); do echo "${k} $i" > gen-${k}/f$i.txt; echo "wrote $i"; done; ${nap()}`,
        });
        break;
      case 'edit':
        steps.push({
          shell: `sed -i 's/^line ${k}$/line ${k} edited by step ${k}/' src/app.txt; echo "step ${k}" >> log.txt; ${nap()}`,
        });
        break;
      case 'fix':
        steps.push({
          shell: `test -f fixed-${k}.txt`,
          on_failure: { shell: `${nap()}; echo "fixed ${k}" > fixed-${k}.txt`, max_attempts: 2 },
        });
        break;
      case 'agent':
        turns.push({
          select: `step-${k}\\b`,
          repeat: true,
          write: { [`agent-${k}.txt`]: 'prompt: {{prompt}}\n' },
          append: { 'log.txt': `agent ${k}\n` },
          sleepMs: rng.int(0, 300),
          cost: 0.01,
        });
        steps.push({ claude: `/chaos-edit step-${k}` });
        break;
      default:
        throw new Error(`unknown step kind ${kind}`);
    }
  }
  return { playbook: { name, steps }, turns };
}
