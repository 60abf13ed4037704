// `mmm agents`: each agent CLI mmm knows, whether it is installed here, its version, and whether
// it looks logged in, asked of the CLI itself: nothing is spent, no model is called.
import { getAgentAdapter, knownAgentTools } from '../../agents/index.js';
import { MmmError } from '../../errors.js';
import { exec } from '../../infra/exec.js';
import { formatTable } from '../../infra/format.js';
import { writeLine, type CliContext } from '../context.js';

/** One agent as `mmm agents` reports it. */
export interface AgentReport {
  tool: string;
  installed: boolean;
  /** The binary that runs, when installed. */
  bin: string | undefined;
  version: string | undefined;
  /** undefined: the CLI could not tell (or is not installed). */
  loggedIn: boolean | undefined;
  /** How it is logged in, or why it is not installed. */
  detail: string;
}

async function report(tool: string, ctx: CliContext): Promise<AgentReport> {
  const adapter = getAgentAdapter(tool);
  const deps = { exec, env: ctx.env, cwd: ctx.cwd };
  try {
    const info = await adapter.preflight(deps);
    const auth = await adapter.authStatus(deps);
    return { tool, installed: true, bin: info.bin, version: info.version, ...auth };
  } catch (error) {
    if (!(error instanceof MmmError)) throw error;
    return {
      tool,
      installed: false,
      bin: undefined,
      version: undefined,
      loggedIn: undefined,
      detail: error.message,
    };
  }
}

const yesNo = (value: boolean | undefined) =>
  value === undefined ? 'unknown' : value ? 'yes' : 'no';

/** Prints the table (or one JSON object per agent); exit 0 whatever it finds. */
export async function agentsCommand(flags: { json?: boolean }, ctx: CliContext): Promise<number> {
  const reports = await Promise.all(knownAgentTools().map((tool) => report(tool, ctx)));
  if (flags.json) {
    // Unknown values are null, not left out.
    for (const r of reports)
      writeLine(
        ctx.stdout,
        JSON.stringify(r, (_, v: unknown) => v ?? null),
      );
    return 0;
  }
  ctx.stdout.write(
    formatTable(
      ['AGENT', 'INSTALLED', 'VERSION', 'LOGGED IN', 'DETAIL'],
      reports.map((r) => [
        r.tool,
        r.installed ? (r.bin ?? 'yes') : 'no',
        r.version ?? '-',
        r.installed ? yesNo(r.loggedIn) : '-',
        r.detail,
      ]),
    ),
  );
  return 0;
}
