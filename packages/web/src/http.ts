// What every Relais web face does the same way over HTTP: cookies (HttpOnly, SameSite=Lax, Secure
// and the __Host- prefix behind TLS), urlencoded forms (a repeated field as a list), the CSRF token
// compared in constant time, and the security headers with a strict Content-Security-Policy.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseForm, type FormBody } from './forms.ts';

// ---------------------------------------------------------------- cookies

export interface CookieNames {
  session: string;
  login: string;
  lang: string;
}

/**
 * The face's three cookies. `name` keeps two faces on one host apart (cookies ignore ports):
 * `relais` for the portal, `relais-console` for the console.
 */
export function cookieNames(secure: boolean, name = 'relais'): CookieNames {
  const p = secure ? '__Host-' : '';
  return { session: `${p}${name}-session`, login: `${p}${name}-login`, lang: `${p}${name}-lang` };
}

export function readCookies(request: FastifyRequest): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  return out;
}

export function setCookie(
  reply: FastifyReply,
  secure: boolean,
  name: string,
  value: string,
  maxAgeSeconds?: number,
): void {
  const attrs = [
    `${name}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    ...(secure ? ['Secure'] : []),
    ...(maxAgeSeconds !== undefined ? [`Max-Age=${maxAgeSeconds}`] : []),
  ];
  const previous = reply.getHeader('set-cookie');
  const list = Array.isArray(previous) ? previous : previous ? [String(previous)] : [];
  reply.header('set-cookie', [...list, attrs.join('; ')]);
}

export const clearCookie = (reply: FastifyReply, secure: boolean, name: string) =>
  setCookie(reply, secure, name, '', 0);

// ---------------------------------------------------------------- CSRF

/** The form's `_csrf` field matches the session's token (constant time). */
export function csrfMatches(body: FormBody, expected: string | undefined): boolean {
  const given = body['_csrf'];
  if (typeof given !== 'string' || expected === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

// ---------------------------------------------------------------- headers

export interface CspOptions {
  /** Where forms may go besides this origin (the identity provider, for sign-out). */
  formTargets: readonly string[];
  /** Scripts from this origin ('self'); default none at all. */
  scripts?: boolean;
}

export function contentSecurityPolicy(o: CspOptions): string {
  return [
    "default-src 'none'",
    o.scripts ? "script-src 'self'" : "script-src 'none'",
    ...(o.scripts ? ["connect-src 'self'"] : []),
    "style-src 'self'",
    "font-src 'self'",
    // The design system draws some icons as data: SVGs in its stylesheet.
    "img-src 'self' data:",
    // Sign-out posts here and is redirected to the provider's session/end: both must be allowed.
    `form-action 'self' ${o.formTargets.join(' ')}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/**
 * The urlencoded body parser (bounded) and the security headers of every answer; pages are not
 * cached unless a route says otherwise.
 */
export function webBasics(app: FastifyInstance, o: { csp: string; formLimit: number }): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: o.formLimit },
    (_request, body, done) => done(null, parseForm(body as string)),
  );
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', o.csp);
    reply.header('x-frame-options', 'DENY');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
