// Control characters in text that mmm did not write. On a terminal: text that mmm did not write (step and agent output, errors quoting it, playbook names and labels)
// on its way to a terminal. A step that prints `\033]0;title\007\033[2J` would otherwise set the
// window title and clear the screen, and a carriage return would let it print over a line mmm
// wrote (a failure made to look like a success). Every control character except newline and tab
// is shown instead, the way `cat -v` does: ESC as ^[, BEL as ^G, CR as ^M, DEL as ^?, and the C1
// controls (U+0080 to U+009F, which some terminals obey as ESC [ and the like) as \x9b. A
// sequence is then visible and harmless rather than deleted, so a reader still sees it was there.
// A CR just before a newline (a Windows line end) is dropped. The ledger keeps the text as it came.

// Control characters are what these patterns are for.
/* eslint-disable no-control-regex */
const SHOWN = /\r\n|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const ANY = /[\u0000-\u001f\u007f-\u009f]/;
const RUNS = /[\u0000-\u001f\u007f-\u009f]+/g;
/* eslint-enable no-control-regex */

/** The text with its control characters made visible (see above); \n and \t kept. */
export function showControls(text: string): string {
  return text.replace(SHOWN, (c) => {
    if (c === '\r\n') return '\n';
    const code = c.charCodeAt(0);
    if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
    if (code === 0x7f) return '^?';
    return `\\x${code.toString(16)}`;
  });
}

/** A copy of a plain JSON-like value with every string in it passed through showControls. */
export function showControlsIn<T>(value: T): T {
  if (typeof value === 'string') return showControls(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => showControlsIn(v)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const copy: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) copy[key] = showControlsIn(v);
    return copy as T;
  }
  return value;
}

/** The first control character in the text (C0, DEL or C1; line breaks and tabs included). */
export function findControl(text: string): string | undefined {
  return ANY.exec(text)?.[0];
}

/** One line: each run of control characters (line breaks, tabs, ESC, ...) becomes a space. */
export function flattenControls(text: string): string {
  return text.replace(RUNS, ' ');
}
