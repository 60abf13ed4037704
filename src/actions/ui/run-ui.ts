// `mmm ui`: serves a local web timeline of the repository's runs, with approvals and sessions,
// until Ctrl-C. See docs/ui.md.
import { once } from 'node:events';
import pc from 'picocolors';
import { UsageError } from '../../errors.js';
import { noWorkTreeError, workTreeRoot } from '../../git/repo.js';
import { exec } from '../../infra/exec.js';
import { openBrowser } from '../../infra/open-browser.js';
import { locateLedger } from '../../ledger/index.js';
import { isLoopback, startUiServer } from '../../ui/server.js';
import { writeLine, type CliContext } from '../context.js';

/** Flags of `mmm ui`. */
export interface UiFlags {
  port?: string | undefined;
  host?: string | undefined;
  /** false with --no-open. */
  open?: boolean | undefined;
}

/** `--port 4000` → 4000; 0 (the default) lets the system choose. */
export function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 65535) {
    throw new UsageError(`--port must be a port number from 0 to 65535, not "${value}"`);
  }
  return n;
}

export async function uiCommand(flags: UiFlags, ctx: CliContext): Promise<number> {
  const port = parsePort(flags.port);
  const host = flags.host ?? '127.0.0.1';
  if (host.trim() === '') throw new UsageError('--host needs an address, such as 127.0.0.1');
  const git = { exec, signal: ctx.signal };
  const root = await workTreeRoot(git, ctx.cwd);
  if (root === undefined) {
    throw await noWorkTreeError(
      git,
      ctx.cwd,
      'run mmm ui inside the repository whose runs to show',
    );
  }
  const ledger = await locateLedger(git, root);
  if (!isLoopback(host)) {
    writeLine(
      ctx.stderr,
      `${pc.yellow('warning:')} serving on ${host}, not only this machine: anyone who can reach it and has the address with its token can read the runs and approve, reject, merge and clean`,
    );
  }
  const server = await startUiServer({ root, ledger, ctx, host, port });
  writeLine(ctx.stdout, server.url);
  writeLine(ctx.stderr, `mmm ui serves the runs of ${root}; Ctrl-C stops it.`);
  if (flags.open !== false) {
    await openBrowser(server.url).catch((error: unknown) => {
      writeLine(
        ctx.stderr,
        `Could not open a browser (${error instanceof Error ? error.message : String(error)}); open the address above.`,
      );
    });
  }
  if (!ctx.signal.aborted) await once(ctx.signal, 'abort');
  await server.close();
  return 0;
}
