// One trial's world: a temp HOME and MMM_HOME, a real git repository, the scripted fake agent,
// and every mmm process the trial starts, with what each printed and how it ended.
import { execFile, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const mmmBin = join(packageRoot, 'bin', 'mmm.js');
const fakeClaudeDir = join(packageRoot, 'test', 'fixtures', 'fake-claude');

/** Words mmm prints only for an unexpected error. */
export const FORBIDDEN = /internal error|this is a bug/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
const REF_MENTION = /refs\/mmm\/[^\s'"`,;:()[\]<>]+/g;
const KEEP = 16 * 1024;
const LINE_LIMIT = 4 * 1024 * 1024;

/** Output is kept as latin1 (a byte per character, so no chunk boundary breaks it); shown as UTF-8. */
export const utf8 = (latin) => Buffer.from(latin, 'latin1').toString('utf8');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Reads one output stream as it arrives without keeping it all (a step may print 50 MB): its head
 * and tail for evidence, the forbidden words wherever they fall, the JSON events of `--json`,
 * and every `refs/mmm/...` it names.
 */
function makeCollector(onLine) {
  const c = {
    bytes: 0,
    head: '',
    tail: '',
    forbidden: undefined,
    /** Where a control byte other than tab, CR and LF first showed, with what is around it. */
    control: undefined,
    events: [],
    refs: new Set(),
    lines: 0,
  };
  let carry = '';
  let line = [];
  let lineBytes = 0;
  let lineTooLong = false;
  const endLine = () => {
    c.lines++;
    if (!lineTooLong) {
      const text = Buffer.concat(line).toString('utf8');
      for (const m of text.matchAll(REF_MENTION)) c.refs.add(m[0].replace(/\.+$/, ''));
      if (text.startsWith('{')) {
        try {
          c.events.push(JSON.parse(text));
        } catch {
          // Not an event: plain output that happens to start with a brace.
        }
      }
    }
    line = [];
    lineBytes = 0;
    lineTooLong = false;
    onLine?.(c.lines);
  };
  c.push = (chunk) => {
    c.bytes += chunk.length;
    const latin = chunk.toString('latin1');
    if (c.head.length < KEEP) c.head += latin.slice(0, KEEP - c.head.length);
    c.tail = (c.tail + latin).slice(-KEEP);
    const scan = carry + latin;
    if (!c.forbidden) {
      const m = FORBIDDEN.exec(scan);
      if (m) c.forbidden = utf8(scan.slice(Math.max(0, m.index - 200), m.index + 300));
    }
    if (!c.control) {
      const m = CONTROL.exec(latin);
      if (m) c.control = JSON.stringify(utf8(latin.slice(Math.max(0, m.index - 60), m.index + 60)));
    }
    carry = scan.slice(-40);
    let start = 0;
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, start)) {
      if (!lineTooLong) line.push(chunk.subarray(start, i));
      start = i + 1;
      endLine();
    }
    if (start < chunk.length && !lineTooLong) {
      lineBytes += chunk.length - start;
      if (lineBytes > LINE_LIMIT) {
        lineTooLong = true;
        line = [];
      } else line.push(chunk.subarray(start));
    }
  };
  c.end = () => {
    if (lineBytes > 0 || lineTooLong) endLine();
  };
  return c;
}

// pid -> the CHAOS_TAG in its environment ('' for none) and when that was read. The environment
// is fixed when a program starts, so a tagged pid is read once; an untagged one is read again
// after a while, in case it was caught between fork and exec.
const tagOfPid = new Map();

/** Pids of live processes whose environment carries this trial's tag (mmm, git, steps, agents). */
export function taggedPids(tag) {
  const now = Date.now();
  const live = new Set();
  const pids = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    live.add(pid);
    let known = tagOfPid.get(pid);
    if (known === undefined || (known.tag === '' && now - known.at > 2000)) {
      let env;
      try {
        env = readFileSync(`/proc/${name}/environ`, 'latin1');
      } catch {
        continue;
      }
      const at = env.startsWith('CHAOS_TAG=') ? 0 : env.indexOf('\0CHAOS_TAG=') + 1;
      const found = at > 0 || env.startsWith('CHAOS_TAG=');
      known = { tag: found ? env.slice(at + 10, env.indexOf('\0', at)) : '', at: now };
      tagOfPid.set(pid, known);
    }
    if (known.tag === tag && pid !== process.pid) pids.push(pid);
  }
  for (const pid of tagOfPid.keys()) if (!live.has(pid)) tagOfPid.delete(pid);
  return pids;
}

export class World {
  /**
   * @param {{seed: number, kind: string, base: string}} trial
   * @param {{homeRepo?: boolean}} options
   */
  constructor(trial, options = {}) {
    this.seed = trial.seed;
    this.kind = trial.kind;
    this.dir = join(trial.base, `${trial.kind}-${trial.seed}`);
    rmSync(this.dir, { recursive: true, force: true });
    this.home = join(this.dir, 'home');
    // The default place, under HOME, unless a trial moves it.
    this.mmmHome = options.mmmHome ?? join(this.dir, 'mmm-home');
    this.repo = join(this.dir, 'repo');
    this.scratch = join(this.dir, 'scratch');
    for (const d of [this.home, this.scratch]) mkdirSync(d, { recursive: true });
    this.tag = `${process.pid}-${trial.seed}-${trial.kind}`;
    this.mounts = [];
    /** Every mmm process of the trial, in the order started. */
    this.invocations = [];
    this.notes = [];
    this.env = {
      ...process.env,
      HOME: this.home,
      MMM_HOME: this.mmmHome,
      CI: '1',
      NO_COLOR: '1',
      CHAOS_TAG: this.tag,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_TERMINAL_PROMPT: '0',
      MMM_CLAUDE_BIN: join(fakeClaudeDir, 'claude'),
      PATH: `${fakeClaudeDir}${delimiter}${process.env.PATH ?? ''}`,
    };
    delete this.env.MMM_FAKE_CLAUDE_SCENARIO;
    delete this.env.FORCE_COLOR;
    for (const name of Object.keys(this.env)) {
      if (name.startsWith('GIT_') && !['GIT_CONFIG_NOSYSTEM', 'GIT_TERMINAL_PROMPT'].includes(name))
        delete this.env[name];
    }
  }

  /** git, synchronously, where nothing else of the trial is running. */
  gitSync(cwd, args, { allowFail = false, encoding = 'utf8', input } = {}) {
    const r = spawnSync('git', args, {
      cwd,
      env: this.env,
      encoding: encoding === 'buffer' ? undefined : encoding,
      input,
      maxBuffer: 256 * 1024 * 1024,
    });
    if (r.error) throw r.error;
    if (r.status !== 0 && !allowFail) {
      throw new Error(`git ${args.join(' ')} in ${cwd} exited ${r.status}: ${String(r.stderr)}`);
    }
    return { code: r.status, stdout: r.stdout, stderr: String(r.stderr ?? '') };
  }

  /** git's stdout, trimmed; throws when git fails. */
  git(args, cwd = this.repo) {
    return this.gitSync(cwd, args).stdout.trim();
  }

  /** git, asynchronously, for what runs beside mmm processes. */
  gitAsync(args, cwd = this.repo) {
    return new Promise((resolveGit) => {
      execFile('git', args, { cwd, env: this.env, maxBuffer: 64 * 1024 * 1024 }, (error, out) =>
        resolveGit({ ok: !error, stdout: String(out ?? '') }),
      );
    });
  }

  /** A repository on branch main with a local identity and one commit of `files`. */
  initRepo(files, dir = this.repo) {
    mkdirSync(dir, { recursive: true });
    this.git(['init', '-q', '-b', 'main'], dir);
    this.git(['config', 'user.name', 'chaos user'], dir);
    this.git(['config', 'user.email', 'chaos@mmm.invalid'], dir);
    this.git(['config', 'commit.gpgsign', 'false'], dir);
    this.git(['config', 'gc.auto', '0'], dir);
    this.writeFiles(files, dir);
    this.git(['add', '-A'], dir);
    this.git(['commit', '-q', '-m', 'initial'], dir);
    return this.git(['rev-parse', 'HEAD'], dir);
  }

  writeFiles(files, dir = this.repo) {
    for (const [path, content] of Object.entries(files)) {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
  }

  commitAll(message, dir = this.repo) {
    this.git(['add', '-A'], dir);
    this.git(['commit', '-q', '--allow-empty', '-m', message], dir);
    return this.git(['rev-parse', 'HEAD'], dir);
  }

  /** The fake `claude` plays these turns (see test/fixtures/fake-claude/README.md). */
  useAgent(turns) {
    const path = join(this.scratch, 'agent.scenario.json');
    writeFileSync(path, JSON.stringify({ turns }));
    this.env.MMM_FAKE_CLAUDE_SCENARIO = path;
  }

  /**
   * Starts `node bin/mmm.js ...args`. `kill` = {afterMs} or {afterLines, extraMs}: SIGKILL to
   * the mmm process alone (its children live on, as after a real kill -9).
   */
  start(label, args, { cwd = this.repo, env = {}, timeoutMs = 90_000, kill } = {}) {
    const started = Date.now();
    const inv = {
      label,
      args,
      cwd,
      code: null,
      signal: null,
      killedByUs: false,
      killedAtMs: undefined,
      timedOut: false,
      durationMs: 0,
    };
    this.invocations.push(inv);
    const child = spawn(process.execPath, [mmmBin, ...args], {
      cwd,
      env: { ...this.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const doKill = () => {
      if (inv.killedByUs || child.exitCode !== null || child.signalCode !== null) return;
      inv.killedByUs = true;
      inv.killedAtMs = Date.now() - started;
      child.kill('SIGKILL');
    };
    let lines = 0;
    const onLine = kill?.afterLines
      ? () => {
          if (++lines === kill.afterLines) setTimeout(doKill, kill.extraMs ?? 0);
        }
      : undefined;
    inv.stdout = makeCollector(onLine);
    inv.stderr = makeCollector(onLine);
    child.stdout.on('data', (d) => inv.stdout.push(d));
    child.stderr.on('data', (d) => inv.stderr.push(d));
    const timers = [];
    if (kill?.afterMs !== undefined) timers.push(setTimeout(doKill, kill.afterMs));
    timers.push(
      setTimeout(() => {
        inv.timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs),
    );
    const done = new Promise((resolveDone) => {
      child.on('error', (error) => {
        inv.spawnError = String(error);
      });
      child.on('close', (code, signal) => {
        for (const t of timers) clearTimeout(t);
        inv.stdout.end();
        inv.stderr.end();
        inv.code = code;
        inv.signal = signal;
        inv.durationMs = Date.now() - started;
        resolveDone(inv);
      });
    });
    return { inv, child, done, kill: doKill };
  }

  run(label, args, options) {
    return this.start(label, args, options).done;
  }

  /** Mounts a tmpfs of `bytes` on `dir` when running as root; false (and a note) otherwise. */
  mountTmpfs(dir, bytes) {
    mkdirSync(dir, { recursive: true });
    if (process.getuid?.() !== 0) {
      this.skipped = 'not running as root: cannot mount a tmpfs';
      return false;
    }
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], {
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      this.skipped = `mount -t tmpfs failed: ${(r.stderr || String(r.error)).trim()}`;
      return false;
    }
    this.mounts.push(dir);
    return true;
  }

  /**
   * Waits for what the trial's processes left running (a killed mmm's step, a background job)
   * to end by itself, then kills what is still there after `graceMs`, by pid.
   */
  async settle(graceMs = 5000) {
    const until = Date.now() + graceMs;
    let pids = taggedPids(this.tag);
    while (pids.length > 0 && Date.now() < until) {
      await sleep(150);
      pids = taggedPids(this.tag);
    }
    if (pids.length > 0) {
      this.notes.push(`killed ${pids.length} leftover process(es) after ${graceMs} ms`);
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone meanwhile.
        }
      }
      for (let i = 0; i < 40 && taggedPids(this.tag).length > 0; i++) await sleep(50);
    }
  }

  /**
   * Unmounts and removes the trial's directory, or keeps it for inspection: a kept tmpfs is
   * copied to the disk first and unmounted, so that no mount outlives the harness.
   */
  async dispose(keep) {
    for (const pid of taggedPids(this.tag)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
    for (const dir of this.mounts.reverse()) {
      if (keep) spawnSync('cp', ['-a', dir, `${dir}.kept`]);
      const r = spawnSync('umount', [dir]);
      if (r.status !== 0) spawnSync('umount', ['-l', dir]);
      if (keep) {
        rmSync(dir, { recursive: true, force: true });
        renameSync(`${dir}.kept`, dir);
      }
    }
    this.mounts = [];
    if (!keep) rmSync(this.dir, { recursive: true, force: true, maxRetries: 3 });
  }

  /** The session records mmm wrote under MMM_HOME, whatever the repository key. */
  sessionRecords() {
    const dir = join(this.mmmHome, 'sessions');
    if (!existsSync(dir)) return [];
    const records = [];
    for (const repoKey of readdirSync(dir)) {
      let names;
      try {
        names = readdirSync(join(dir, repoKey));
      } catch {
        continue;
      }
      for (const name of names.filter((n) => n.endsWith('.json'))) {
        try {
          records.push(JSON.parse(readFileSync(join(dir, repoKey, name), 'utf8')));
        } catch (error) {
          records.push({ unreadable: join(dir, repoKey, name), error: String(error) });
        }
      }
    }
    return records;
  }
}
