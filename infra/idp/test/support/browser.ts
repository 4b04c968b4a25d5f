// A user agent for the tests: a cookie jar and redirects followed by hand, so each hop can be
// looked at (every URL visited is kept: no personal identifier may appear in one).
export interface Page {
  url: string;
  status: number;
  headers: Headers;
  body: string;
}

interface Cookie {
  value: string;
  path: string;
  attributes: string;
}

export class Browser {
  readonly visited: string[] = [];
  readonly setCookies: string[] = [];
  private readonly jar = new Map<string, Map<string, Cookie>>();

  private readonly stopAt: (url: URL) => boolean;

  constructor(stopAt: (url: URL) => boolean = () => false) {
    this.stopAt = stopAt;
  }

  private cookieHeader(url: URL): string | undefined {
    const jar = this.jar.get(url.host);
    if (!jar) return undefined;
    const pairs = [...jar.entries()]
      .filter(
        ([, c]) =>
          url.pathname === c.path ||
          url.pathname.startsWith(c.path.replace(/\/?$/, '/')) ||
          c.path === '/',
      )
      .map(([name, c]) => `${name}=${c.value}`);
    return pairs.length ? pairs.join('; ') : undefined;
  }

  private store(url: URL, res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      this.setCookies.push(line);
      const [pair = '', ...attrs] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const attributes = attrs.join(';');
      const path = /path=([^;]+)/i.exec(attributes)?.[1]?.trim() ?? '/';
      const expired =
        /max-age=0\b/i.test(attributes) ||
        (/expires=([^;]+)/i.test(attributes) &&
          Date.parse(/expires=([^;]+)/i.exec(attributes)![1]!) <= Date.now());
      const jar = this.jar.get(url.host) ?? new Map<string, Cookie>();
      if (expired || value === '') jar.delete(name);
      else jar.set(name, { value, path, attributes });
      this.jar.set(url.host, jar);
    }
  }

  /** One request, no redirect followed. */
  async request(
    href: string,
    init: { method?: string; form?: Record<string, string>; body?: string; type?: string } = {},
  ): Promise<Page> {
    const url = new URL(href);
    this.visited.push(url.href);
    const headers: Record<string, string> = {};
    const cookie = this.cookieHeader(url);
    if (cookie) headers['cookie'] = cookie;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    } else if (init.body !== undefined) {
      headers['content-type'] = init.type ?? 'text/plain';
      body = init.body;
    }
    const res = await fetch(url, {
      method: init.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      ...(body === undefined ? {} : { body }),
      redirect: 'manual',
    });
    this.store(url, res);
    return { url: url.href, status: res.status, headers: res.headers, body: await res.text() };
  }

  /** Follows redirects (303/302 with GET) until a page answers or `stopAt` says stop. */
  async follow(
    href: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<Page> {
    let page = await this.request(href, init);
    for (let hops = 0; hops < 10; hops++) {
      // oidc-provider's auto-submitted form (a script allowed by its hash in the CSP): do as the
      // browser's script would.
      if (page.status === 200 && page.body.includes('<title>Submitting Callback</title>')) {
        const { action, fields } = autoSubmitted(page.body);
        page = await this.request(action, { form: fields });
        continue;
      }
      const location = page.headers.get('location');
      if (page.status < 300 || page.status >= 400 || !location) return page;
      const next = new URL(location, page.url);
      if (this.stopAt(next)) return { ...page, url: next.href };
      page = await this.request(next.href);
    }
    throw new Error(`too many redirects from ${href}`);
  }
}

function autoSubmitted(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
  if (!action) throw new Error('no form in the auto-submitted page');
  const fields: Record<string, string> = {};
  for (const h of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)) {
    fields[h[1]!] = h[2]!;
  }
  return { action: action.replace(/&amp;/g, '&'), fields };
}

/** The `action` of the form whose submit button says `label`, and its hidden inputs. */
export function formOf(
  html: string,
  label: string,
): { action: string; fields: Record<string, string> } {
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = m[1] ?? '';
    const inner = m[2] ?? '';
    const action = /action="([^"]*)"/.exec(attrs)?.[1];
    const id = /id="([^"]*)"/.exec(attrs)?.[1];
    const buttons =
      inner +
      (id
        ? [
            ...html.matchAll(
              new RegExp(
                `<button[^>]*form="${id.replace('.', '\\.')}"[^>]*>[\\s\\S]*?</button>`,
                'g',
              ),
            ),
          ]
            .map((b) => b[0])
            .join('')
        : '');
    if (action && buttons.includes(label)) {
      const fields: Record<string, string> = {};
      for (const h of inner.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
        fields[h[1]!] = h[2]!;
      }
      return { action: action.replace(/&amp;/g, '&'), fields };
    }
  }
  throw new Error(`no form with a button "${label}"`);
}
