// A user agent for the demo: a cookie jar per origin, redirects followed by hand, forms read from
// the HTML — enough to go through the portal's pages and the identity provider's as a browser
// without JavaScript would.
export interface WebPage {
  url: string;
  status: number;
  body: string;
}

export class WebClient {
  private readonly jars = new Map<string, Map<string, string>>();

  private cookieHeader(url: URL): string | undefined {
    const jar = this.jars.get(url.host);
    return jar?.size ? [...jar].map(([k, v]) => `${k}=${v}`).join('; ') : undefined;
  }

  async request(
    href: string,
    form?: Record<string, string | string[]>,
  ): Promise<WebPage & { location?: string }> {
    const url = new URL(href);
    const cookie = this.cookieHeader(url);
    const body = form
      ? new URLSearchParams(
          Object.entries(form).flatMap(([k, v]) =>
            (Array.isArray(v) ? v : [v]).map((x) => [k, x] as [string, string]),
          ),
        ).toString()
      : undefined;
    const res = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        'accept-language': 'fr-FR',
        ...(cookie ? { cookie } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body !== undefined ? { body } : {}),
    });
    const jar = this.jars.get(url.host) ?? new Map<string, string>();
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const i = pair.indexOf('=');
      const value = pair.slice(i + 1);
      if (!value || /Max-Age=0/i.test(line)) jar.delete(pair.slice(0, i));
      else jar.set(pair.slice(0, i), value);
    }
    this.jars.set(url.host, jar);
    const location = res.headers.get('location');
    return {
      url: url.href,
      status: res.status,
      body: await res.text(),
      ...(location ? { location: new URL(location, url).href } : {}),
    };
  }

  /** A cookie's value this client holds for `href`'s host ('' when none). */
  cookieFor(href: string, name: string): string {
    return this.jars.get(new URL(href).host)?.get(name) ?? '';
  }

  /** A file's bytes (a PDF), with this client's cookies; no redirect followed. */
  async bytes(href: string): Promise<{ status: number; type: string; body: Buffer }> {
    const url = new URL(href);
    const cookie = this.cookieHeader(url);
    const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: Buffer.from(await res.arrayBuffer()),
    };
  }

  /** Follows redirects until a page answers. */
  async go(href: string, form?: Record<string, string | string[]>): Promise<WebPage> {
    let page = await this.request(href, form);
    for (let hops = 0; page.location && hops < 10; hops++) page = await this.request(page.location);
    return page;
  }

  /** Submits the form whose button says `label`, with its hidden fields and `fields`. */
  submit(page: WebPage, label: string, fields: Record<string, string | string[]> = {}) {
    const form = formWith(page.body, label);
    return this.go(new URL(form.action, page.url).href, { ...form.fields, ...fields });
  }
}

export function formWith(
  html: string,
  label: string,
): { action: string; fields: Record<string, string> } {
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = m[1] ?? '';
    const inner = m[2] ?? '';
    const id = /id="([^"]*)"/.exec(attrs)?.[1];
    const outside = id
      ? [...html.matchAll(/<button[^>]*form="([^"]*)"[^>]*>([\s\S]*?)<\/button>/g)]
          .filter((b) => b[1] === id)
          .map((b) => b[0])
          .join('')
      : '';
    if (!(inner + outside).replace(/\s+/g, ' ').includes(label)) continue;
    const fields: Record<string, string> = {};
    for (const h of inner.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
      fields[h[1]!] = h[2]!.replace(/&amp;/g, '&');
    const button = /<button[^>]*name="([^"]+)"[^>]*value="([^"]*)"/.exec(outside);
    if (button) fields[button[1]!] = button[2]!;
    const action = (/action="([^"]*)"/.exec(attrs)?.[1] ?? '').replace(/&amp;/g, '&');
    return { action, fields };
  }
  throw new Error(`no form with "${label}"`);
}

/** The text of the first match of `re` in the page, tags removed and spaces flattened. */
export function textOf(html: string, re: RegExp): string {
  const m = re.exec(html)?.[1] ?? '';
  return m
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
