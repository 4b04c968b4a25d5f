// For the tests of the web faces (the portal, the console): a cookie jar that follows a face's
// answers to app.inject(), and the local identity provider's pages gone through as a browser
// without JavaScript goes through them (the account posted under the field the login page names,
// `citizen` or `agent`; the confirmation accepted), back to the face's callback.
export interface Jar {
  cookies: Map<string, string>;
  /** Every Set-Cookie line the face sent, in order. */
  setCookies: string[];
}

export const newJar = (): Jar => ({ cookies: new Map(), setCookies: [] });

type Headers = Record<string, string | string[] | number | undefined>;

/** What an injected request takes and answers (fastify's inject, structurally). */
export interface Injecting<R extends { headers: Headers }> {
  inject(o: {
    method: 'GET' | 'POST';
    url: string;
    headers: Record<string, string>;
    payload?: string;
  }): Promise<R>;
}

/** A face under test, driven by requests that carry a jar's cookies. */
export interface FaceClient<R> {
  jar(): Jar;
  /** A request to the face with the jar's cookies; the jar keeps what it sets. */
  call(
    jar: Jar,
    method: 'GET' | 'POST',
    url: string,
    form?: Record<string, string | string[]>,
    headers?: Record<string, string>,
  ): Promise<R>;
}

/** Keeps what a Set-Cookie header sets (a cookie set empty or to expire is dropped). */
export function keep(jar: Jar, set: Headers[string]): void {
  for (const line of Array.isArray(set) ? set : set ? [String(set)] : []) {
    jar.setCookies.push(line);
    const [pair = ''] = line.split(';');
    const i = pair.indexOf('=');
    const value = pair.slice(i + 1);
    if (!value || /Max-Age=0/i.test(line)) jar.cookies.delete(pair.slice(0, i));
    else jar.cookies.set(pair.slice(0, i), value);
  }
}

export const formBody = (form: Record<string, string | readonly string[]>): string =>
  new URLSearchParams(
    Object.entries(form).flatMap(([k, v]) =>
      (typeof v === 'string' ? [v] : v).map((x) => [k, x] as [string, string]),
    ),
  ).toString();

/** A request to the face with the jar's cookies (and a urlencoded form); the jar keeps its answer's. */
export async function injectWithJar<R extends { headers: Headers }>(
  app: Injecting<R>,
  jar: Jar,
  method: 'GET' | 'POST',
  url: string,
  form?: Record<string, string | readonly string[]>,
  headers: Record<string, string> = {},
): Promise<R> {
  const body = form ? formBody(form) : undefined;
  const res = await app.inject({
    method,
    url,
    headers: {
      ...(jar.cookies.size
        ? { cookie: [...jar.cookies].map(([k, v]) => `${k}=${v}`).join('; ') }
        : {}),
      ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { payload: body } : {}),
  });
  keep(jar, res.headers['set-cookie']);
  return res;
}

/** The provider answered with a page that refuses (4xx), not a redirect back. */
export class ProviderRefusal extends Error {
  readonly status: number;
  readonly body: string;
  constructor(status: number, body: string) {
    super(`the provider refused: ${status}`);
    this.name = 'ProviderRefusal';
    this.status = status;
    this.body = body;
  }
}

/**
 * From the provider's authorize URL, through its login (and confirmation) pages with `handle`,
 * to the URL it sends the browser back to at `origin` (the face's callback). Throws
 * ProviderRefusal when the provider answers a page that refuses.
 */
export async function throughProvider(
  authorize: string,
  handle: string,
  origin: string,
): Promise<URL> {
  const cookies = new Map<string, string>();
  const request = async (url: string, form?: Record<string, string>) => {
    const res = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        ...(cookies.size ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const i = pair.indexOf('=');
      cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return { res, body: await res.text(), url };
  };
  let page = await request(authorize);
  for (let hops = 0; hops < 12; hops++) {
    const location = page.res.headers.get('location');
    if (location) {
      const next = new URL(location, page.url);
      if (next.origin === origin) return next;
      page = await request(next.href);
      continue;
    }
    if (page.res.status >= 400) throw new ProviderRefusal(page.res.status, page.body);
    const action = /<form[^>]*method="post"[^>]*action="([^"]+)"/i.exec(page.body)?.[1];
    if (!action) throw new Error(`provider page without a form (${page.res.status})`);
    const target = new URL(action.replace(/&amp;/g, '&'), page.url).href;
    const fields: Record<string, string> = {};
    for (const h of page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
      fields[h[1]!] = h[2]!;
    const field = /name="(agent|citizen)"/.exec(page.body)?.[1];
    if (field) fields[field] = handle;
    page = await request(target, fields);
  }
  throw new Error('too many hops at the provider');
}

/** The provider's login page for an authorize URL, its interaction cookie followed. */
export async function providerLoginPage(authorize: string): Promise<string> {
  const first = await fetch(authorize, { redirect: 'manual' });
  const cookie = first.headers
    .getSetCookie()
    .map((l) => l.split(';')[0])
    .join('; ');
  const page = await fetch(new URL(first.headers.get('location')!, authorize), {
    headers: { cookie },
  });
  return page.text();
}

/** The CSRF token of the first form of a page. */
export const csrfOf = (html: string): string =>
  /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/**
 * The face's sign-in from `login` (its /login with what it takes) through the provider's pages
 * with `handle`, back to the face's callback at `origin`: the face's answer to that callback.
 */
export async function signInThrough<R extends { statusCode: number; headers: Headers }>(
  call: (method: 'GET', url: string) => Promise<R>,
  login: string,
  handle: string,
  origin: string,
): Promise<R> {
  const started = await call('GET', login);
  if (started.statusCode !== 303) throw new Error(`${login} answered ${started.statusCode}`);
  const callback = await throughProvider(String(started.headers['location']), handle, origin);
  return call('GET', callback.pathname + callback.search);
}
