// `mmm demo`: a scratch repository made from demo/project, improved by the built-in playbook with
// a scripted agent standing in for Claude Code. No network, no credentials.
import { delimiter, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { defaultEngineDeps, newRunId, runPlaybook } from '../../engine/index.js';
import type { MmmEvent } from '../../engine/events.js';
import { initRepository, onelineLog } from '../../git/init.js';
import { exec } from '../../infra/exec.js';
import { createLedgerSink, openRepoLedger } from '../../ledger/index.js';
import { loadPlaybook } from '../../playbook/index.js';
import { chooseMode, createReporter } from '../reporters/index.js';
import { copyDemoProject, demoFiles, prepareScratchDir } from './scratch.js';

export interface DemoOptions {
  /** Where to make the scratch repository; must not exist or be empty. Default: a temp dir. */
  dir?: string | undefined;
  verbose?: boolean | undefined;
  quiet?: boolean | undefined;
  json?: boolean | undefined;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  signal: AbortSignal;
  interruptedBy: () => 'SIGINT' | 'SIGTERM' | undefined;
}

export interface DemoResult {
  exitCode: number;
  /** The scratch repository. */
  dir: string;
}

const IDENTITY = { name: 'mmm demo', email: 'demo@mmm.invalid' };

/** The environment of the demo run: the scripted agent as `claude`, this node first on PATH. */
export function demoEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const nodeDir = dirname(process.execPath);
  return {
    ...env,
    MMM_CLAUDE_BIN: demoFiles.agent,
    PATH: env.PATH ? `${nodeDir}${delimiter}${env.PATH}` : nodeDir,
  };
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const git = { exec, signal: options.signal };
  const playbook = await loadPlaybook(demoFiles.playbook, { cwd: options.cwd });
  const dir = prepareScratchDir(options.dir, options.cwd);
  copyDemoProject(dir);
  await initRepository(git, dir, {
    message: 'demo project: a math module with a bug and no multiply',
    fallbackIdentity: IDENTITY,
  });

  const mode = chooseMode({
    json: options.json,
    quiet: options.quiet,
    stderrIsTTY: options.stderr.isTTY,
    env: options.env,
  });
  const reporter = createReporter({
    mode,
    verbose: options.verbose ?? false,
    stdout: options.stdout,
    stderr: options.stderr,
  });
  const ledger = createLedgerSink(await openRepoLedger(git, dir), {
    onError: (error) => options.stderr.write(`warning: the run ledger: ${String(error)}\n`),
  });
  const runId = newRunId();
  let exitCode: number;
  try {
    const summary = await runPlaybook(
      {
        playbook,
        cwd: dir,
        runId,
        outputDir: join(dir, '.mmm', 'runs', runId),
        signal: options.signal,
        interruptedBy: options.interruptedBy,
        sink: (event: MmmEvent) => {
          ledger.sink(event);
          reporter.sink(event);
        },
        onOutput: (label, chunk, stream) => reporter.output(label, chunk, stream),
      },
      defaultEngineDeps(demoEnv(options.env)),
    );
    exitCode = summary.exitCode;
  } finally {
    ledger.close();
    await reporter.close();
  }
  await printEpilogue(options, mode === 'json' ? options.stderr : options.stdout, dir, mode);
  return { exitCode, dir };
}

async function printEpilogue(
  options: DemoOptions,
  out: Writable,
  dir: string,
  mode: string,
): Promise<void> {
  const git = { exec, signal: options.signal };
  const lines =
    mode === 'quiet'
      ? [`demo repository: ${dir}`]
      : [
          '',
          `git log --oneline (in ${dir}):`,
          ...(await onelineLog(git, dir)).split('\n').map((l) => `  ${l}`),
          '',
          `The demo repository is ${dir}`,
          'Look around:',
          `  cd ${dir} && git log -p`,
          '  mmm runs          # the run just recorded',
          '  node --test       # the project’s tests, passing now',
        ];
  out.write(`${lines.join('\n')}\n`);
}
