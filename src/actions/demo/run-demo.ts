// `mmm demo`: a scratch repository made from demo/project, improved in place by the built-in
// playbook exactly as `mmm cook` would, with a scripted agent standing in for Claude Code.
// No network, no credentials.
import { delimiter, dirname } from 'node:path';
import { initRepository, onelineLog } from '../../git/init.js';
import { exec } from '../../infra/exec.js';
import type { CliContext } from '../context.js';
import { cookInPlace } from '../cook/in-place.js';
import { checkOutputFlags } from '../cook/options.js';
import { copyDemoProject, demoFiles, prepareScratchDir } from './scratch.js';

/** `mmm demo` flags as commander hands them over. */
export interface DemoFlags {
  /** Where to make the scratch repository; must not exist or be empty. Default: a temp dir. */
  dir?: string | undefined;
  verbose?: boolean | undefined;
  quiet?: boolean | undefined;
  json?: boolean | undefined;
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

export async function runDemo(flags: DemoFlags, ctx: CliContext): Promise<DemoResult> {
  checkOutputFlags(flags);
  const git = { exec, signal: ctx.signal };
  const dir = prepareScratchDir(flags.dir, ctx.cwd);
  copyDemoProject(dir);
  await initRepository(git, dir, {
    message: 'demo project: a math module with a bug and no multiply',
    fallbackIdentity: IDENTITY,
  });
  const exitCode = await cookInPlace(
    demoFiles.playbook,
    { verbose: flags.verbose, quiet: flags.quiet, json: flags.json },
    { ...ctx, cwd: dir, env: demoEnv(ctx.env) },
  );
  // With --json, stdout carries events only.
  const out = flags.json ? ctx.stderr : ctx.stdout;
  out.write(`${(await epilogue(git, dir, Boolean(flags.quiet && !flags.json))).join('\n')}\n`);
  return { exitCode, dir };
}

async function epilogue(
  git: { exec: typeof exec },
  dir: string,
  quiet: boolean,
): Promise<string[]> {
  if (quiet) return [`demo repository: ${dir}`];
  const log = (await onelineLog(git, dir)).split('\n').map((line) => `  ${line}`);
  return [
    '',
    `git log --oneline (in ${dir}):`,
    ...log,
    '',
    `The demo repository is ${dir}`,
    'Look around:',
    `  cd ${dir} && git log -p`,
    '  mmm runs          # the run just recorded',
    '  node --test       # the project’s tests, passing now',
  ];
}
