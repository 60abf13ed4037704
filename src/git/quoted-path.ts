// Paths as git stores them are bytes, which need not be UTF-8; text read from git is decoded as
// UTF-8, which would change such a name. Where a path must come back to git exactly, mmm reads and
// writes it through git's own quoting (core.quotePath: C-style escapes, plain ASCII both ways)
// and holds it as a byte string: one character (U+0000 to U+00FF) per byte.
import { isUtf8 } from 'node:buffer';
import { STATUS_BYTES } from './embedded.js';
import { runGit, type GitDeps } from './run.js';

/** A path as bytes, one character per byte. */
export type BytePath = string;

const ESCAPED: Record<string, string> = {
  '\x07': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\v': 'v',
  '\f': 'f',
  '\r': 'r',
  '"': '"',
  '\\': '\\',
};
const UNESCAPED = Object.fromEntries(Object.entries(ESCAPED).map(([byte, c]) => [c, byte]));

/** One path as git prints it with core.quotePath on: as it is, or quoted with C escapes. */
export function unquotePath(printed: string): BytePath {
  if (!printed.startsWith('"')) return printed;
  let bytes = '';
  for (let i = 1; i < printed.length - 1; i++) {
    const c = printed.charAt(i);
    if (c !== '\\') {
      bytes += c;
      continue;
    }
    const next = printed.charAt(++i);
    if (next >= '0' && next <= '7') {
      bytes += String.fromCharCode(parseInt(printed.slice(i, i + 3), 8));
      i += 2;
    } else {
      bytes += UNESCAPED[next] ?? next;
    }
  }
  return bytes;
}

/** A path (or a pathspec) as git reads it from a line of input: quoted when not plain ASCII. */
export function quotePath(path: BytePath): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\x00-\x1f"\\\x7f-\xff]/.test(path)) return path;
  let quoted = '';
  for (const c of path) {
    const code = c.charCodeAt(0);
    const escape = ESCAPED[c];
    if (escape !== undefined) quoted += `\\${escape}`;
    else if (code < 0x20 || code >= 0x7f) quoted += `\\${code.toString(8).padStart(3, '0')}`;
    else quoted += c;
  }
  return `"${quoted}"`;
}

/** A path as mmm's other text holds it (UTF-8 decoded), as bytes. */
export function toBytes(path: string): BytePath {
  return Buffer.from(path, 'utf8').toString('latin1');
}

/** Bytes as text to show or record; a name that is not UTF-8 gets U+FFFD for its odd bytes. */
export function fromBytes(path: BytePath): string {
  return Buffer.from(path, 'latin1').toString('utf8');
}

/**
 * A path as a record keeps it, to be read back with fromRecord: as text when it is UTF-8 (and
 * does not begin with a double quote), else quoted as git quotes it.
 */
export function toRecord(path: BytePath): string {
  return isUtf8Path(path) && !path.startsWith('"') ? fromBytes(path) : quotePath(path);
}

/** A path toRecord made, as bytes again. */
export function fromRecord(recorded: string): BytePath {
  return recorded.startsWith('"') ? unquotePath(recorded) : toBytes(recorded);
}

/** Whether the bytes are UTF-8, so that fromBytes gives them back exactly. */
export function isUtf8Path(path: BytePath): boolean {
  return isUtf8(Buffer.from(path, 'latin1'));
}

/** Paths git printed one per line with core.quotePath on, as bytes. */
export function readPaths(printed: string): BytePath[] {
  return printed
    .split('\n')
    .filter((line) => line !== '')
    .map(unquotePath);
}

/** The paths a git command prints one per line (core.quotePath on), as bytes. */
export async function listPaths(
  deps: GitDeps,
  cwd: string,
  args: readonly string[],
  env?: Record<string, string>,
): Promise<BytePath[]> {
  const listed = await runGit(deps, ['-c', 'core.quotePath=true', ...args], {
    cwd,
    maxInlineBytes: STATUS_BYTES,
    ...(env && { env }),
  });
  return readPaths(listed.stdout);
}
