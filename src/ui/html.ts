// HTML written by the UI: a tagged template that escapes every value it is given, unless the value
// is already HTML (made by `html` itself or marked with `trusted`).
import { showControls } from '../infra/control-chars.js';

/** A piece of HTML that is safe to put in a page as it is. */
export interface Html {
  readonly __html: string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for an HTML page: escaped, with terminal sequences neutralised (see neutralise). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Marks a string the UI made itself (or a library rendered) as HTML. */
export function trusted(text: string): Html {
  return { __html: text };
}

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map((v: Value) => render(v)).join('');
  if (typeof value === 'object') return (value as Html).__html;
  return escapeHtml(String(value));
}

/** html`<p>${text}</p>`: every interpolated value is escaped unless it is Html; arrays are joined. */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return trusted(out);
}

// Colour and style sequences (SGR) are dropped: on a page they mean nothing. The cursor moves,
// title changes and other controls a program may print are shown, as `cat -v` does, never obeyed.
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;:]*m/g;

/** Text a program printed, made safe to read: colours dropped, other controls made visible. */
export function neutralise(text: string): string {
  return showControls(text.replace(SGR, ''));
}
