// Who may use the UI: a browser that was given the URL with the token (as Jupyter does). The token
// is kept in an HttpOnly, SameSite=Strict cookie after the first visit; a request without it is
// refused (403). A request that changes anything (POST) must also come from the UI's own pages:
// its Origin is the server's, and it carries the server's CSRF token.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { html, type Html } from './html.js';

/** A token nobody can guess: 32 random bytes, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares two secrets in constant time. */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface GuardOptions {
  token: string;
  csrf: string;
  /** The port the server listens on: cookies are not kept apart by port, their names are. */
  port: () => number;
  /** Host names (without port) a request may be addressed to; undefined accepts any (--host). */
  hosts: readonly string[] | undefined;
  refusal: (c: Context, status: 403, message: string) => Response | Promise<Response>;
}

export const cookieName = (port: number) => `mmm_ui_${port}`;

function hostName(hostHeader: string): string {
  // "127.0.0.1:4000" → "127.0.0.1"; "[::1]:4000" → "[::1]".
  return hostHeader.startsWith('[')
    ? hostHeader.slice(0, hostHeader.indexOf(']') + 1)
    : (hostHeader.split(':')[0] ?? '');
}

/** Refuses every request that lacks the token, and every POST that is not the UI's own. */
export function guard(options: GuardOptions): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host') ?? '';
    // A page of another site that renamed itself to 127.0.0.1 (DNS rebinding) sends its own name.
    if (options.hosts && !options.hosts.includes(hostName(host))) {
      return options.refusal(c, 403, `requests to ${host || 'no host'} are not served`);
    }
    const cookie = cookieName(options.port());
    const fromUrl = c.req.query('token');
    if (fromUrl !== undefined && sameSecret(fromUrl, options.token)) {
      setCookie(c, cookie, options.token, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
      });
      // The token leaves the address bar (and the history) at once.
      const url = new URL(c.req.url);
      url.searchParams.delete('token');
      if (c.req.method === 'GET') return c.redirect(`${url.pathname}${url.search}`, 303);
    } else if (!sameSecret(getCookie(c, cookie), options.token)) {
      return options.refusal(
        c,
        403,
        'this page needs the token: open the address mmm ui printed (it ends with ?token=...)',
      );
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const origin = c.req.header('origin');
      if (origin !== `http://${host}`) {
        return options.refusal(
          c,
          403,
          `refused: a change must come from this page (Origin ${origin ?? 'missing'})`,
        );
      }
      const form: Record<string, unknown> = await c.req.parseBody().catch(() => ({}));
      const given =
        c.req.header('x-mmm-csrf') ?? (typeof form.csrf === 'string' ? form.csrf : undefined);
      if (!sameSecret(given, options.csrf)) {
        return options.refusal(
          c,
          403,
          'refused: the form is out of date (CSRF token); reload the page and try again',
        );
      }
    }
    await next();
  };
}

/** The hidden field every form that changes something carries. */
export function csrfField(csrf: string): Html {
  return html`<input type="hidden" name="csrf" value="${csrf}" />`;
}
