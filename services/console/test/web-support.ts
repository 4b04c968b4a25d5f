// The console's pages for tests, unit-level: consoleWebApp on the kit's HTTP app with a fake
// implementation of the ports (ConsoleReads, ConsoleActions: in memory, every call counted), the
// real local identity provider started in-process (startIdp) with the console's client of the
// agents' audience — and a mis-declared one of the citizens' audience, to show a citizen is still
// refused — and a cookie jar that drives the provider over HTTP as a browser would.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { startIdp, type Idp } from '@relais/idp';
import { AppError, createHttpApp, createLogger, type Clock } from '@relais/kit';
import { defaultSessionPolicy } from '@relais/web';
import { consoleRelyingParty } from '../src/adapters/oidc.ts';
import { consoleSessions } from '../src/adapters/sessions.ts';
import type {
  ConsoleActions,
  ConsoleReads,
  DeadLetterView,
  FailedWebhook,
  Flow,
  LagView,
  OperatorAction,
} from '../src/domain/views.ts';
import { consoleWebApp, loadConsoleAssets, type ConsoleWebDeps } from '../src/web-app.ts';

export const SECRET = 'console-test-secret-0123456789abcdef0123';
export const TRACE_UI = 'http://zipkin.test/zipkin';
export const EVENT = '3f1c2a9e-7b4d-4e21-9a51-2c8f0d6b7e10';
export const REJECTED = 'b71e0c44-5a2f-4c8e-8d3b-9e6a1f2c3d40';
export const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
export const PSEUDONYM = 'Qm9uam91ciBDYW1pbGxlLCBjZWNpIGVzdCB1bi1wc2V1ZG8';
export const POISON = 'relais.dlq.router:0:17';

/** A clock the test moves. */
export function movableClock(start = Date.parse('2026-11-02T09:30:00Z')) {
  let t = start;
  const clock: Clock & { advance(ms: number): void } = {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
  };
  return clock;
}

export interface FakePorts {
  reads: ConsoleReads;
  actions: ConsoleActions;
  /** Every port call: `reads.flow`, `actions.replay`, … */
  calls: string[];
  /** What the actions were asked, in order. */
  acted: Array<{
    kind: string;
    operator: { sub: string; displayName: string };
    ids: string[];
    reason?: string;
  }>;
  deadLetters: DeadLetterView[];
  /** Makes a read fail (as a broker down would). */
  failing: Set<string>;
}

const at = (clock: Clock, minutesAgo: number) =>
  new Date(clock.now().getTime() - minutesAgo * 60_000);

export function fakePorts(clock: Clock): FakePorts {
  const calls: string[] = [];
  const failing = new Set<string>();
  const acted: FakePorts['acted'] = [];
  const journal: OperatorAction[] = [];
  let samples = 0;
  const read = <T>(name: string, value: () => T): Promise<T> => {
    calls.push(`reads.${name}`);
    return failing.has(name)
      ? Promise.reject(new Error(`${name}: broker unavailable`))
      : Promise.resolve(value());
  };
  const c = (topic: string, partition: number, offset: string, minutesAgo: number) => ({
    topic,
    partition,
    offset,
    at: at(clock, minutesAgo),
  });
  const deadLetters: DeadLetterView[] = [
    {
      id: POISON,
      source: 'dead-letter',
      owner: 'router',
      reason: 'schema.invalid',
      error: 'payload.address.postcode: expected 5 digits',
      origin: { topic: 'relais.events.residence', partition: 2, offset: '418' },
      eventId: REJECTED,
      attempts: 3,
      replays: 0,
      deadLetteredAt: at(clock, 95),
      ageSeconds: 95 * 60,
      status: 'open',
    },
    {
      id: 'relais.rejects.mairie-lyon:0:4',
      source: 'reject',
      owner: 'mairie-lyon',
      reason: 'contract.unknown',
      error: 'ce_type: expected a published contract',
      origin: { topic: 'relais.ingress.mairie-lyon', partition: 1, offset: '77' },
      eventId: null,
      attempts: 1,
      replays: 0,
      deadLetteredAt: at(clock, 60 * 26),
      ageSeconds: 60 * 60 * 26,
      status: 'open',
    },
    {
      id: 'relais.dlq.notifier:1:9',
      source: 'dead-letter',
      owner: 'notifier',
      reason: 'channel.unreachable',
      error: 'smtp: connection refused',
      origin: { topic: 'relais.notices', partition: 1, offset: '52' },
      eventId: EVENT,
      attempts: 5,
      replays: 1,
      deadLetteredAt: at(clock, 12),
      ageSeconds: 12 * 60,
      status: 'discarded',
    },
  ];
  const webhooks: FailedWebhook[] = [
    {
      deliveryId: 'dlv-caf-000142',
      agency: 'caf',
      eventId: EVENT,
      attempts: 8,
      lastError: 'HTTP 503 from the agency’s endpoint',
      failedAt: at(clock, 40),
    },
  ];
  const flow: Flow = {
    eventId: EVENT,
    traceId: TRACE,
    traceUrl: `${TRACE_UI}/traces/${TRACE}`,
    citizen: PSEUDONYM,
    ingress: {
      via: 'http',
      agency: 'mairie-lyon',
      contract: 'fr.gouv.residence.AddressChanged',
      at: at(clock, 30),
      outcome: 'accepted',
      coordinates: c('relais.ingress.mairie-lyon', 1, '76', 30),
    },
    canonical: c('relais.events.residence', 2, '417', 30),
    decisions: [
      {
        subscription: 'caf-address',
        agency: 'caf',
        outcome: 'delivered',
        legalBasis: 'consent',
        purpose: 'address-update',
      },
      {
        subscription: 'cpam-address',
        agency: 'cpam',
        outcome: 'denied',
        reason: 'consent.missing',
      },
    ],
    accessRecords: [
      {
        accessId: 'acc-01',
        recipient: 'caf',
        legalBasis: 'consent',
        purpose: 'address-update',
        fields: ['address'],
        coordinates: c('relais.access-log', 2, '1203', 30),
      },
    ],
    recipients: [
      {
        agency: 'caf',
        coordinates: c('relais.deliveries.caf', 0, '88', 30),
        webhook: {
          deliveryId: 'dlv-caf-000142',
          status: 'failed',
          attempts: [
            { at: at(clock, 29), status: 503 },
            { at: at(clock, 25), status: null, error: 'ECONNREFUSED' },
          ],
        },
      },
      {
        agency: 'dgfip',
        coordinates: c('relais.deliveries.dgfip', 0, '12', 30),
        inbox: { deliveredAt: at(clock, 30), ackedAt: at(clock, 28) },
      },
    ],
    determinations: [
      {
        decisionId: 'dec-7',
        benefit: 'aide-logement',
        outcome: 'likely-eligible',
        coordinates: c('relais.entitlements', 2, '33', 29),
      },
    ],
    notices: [
      {
        noticeId: 'ntc-3',
        decisionId: 'dec-7',
        channel: 'EMAIL',
        status: 'sent',
        coordinates: c('relais.notices', 2, '61', 29),
      },
    ],
    deadLetters: [deadLetters[2]!],
  };
  const rejected: Flow = {
    eventId: REJECTED,
    traceId: null,
    traceUrl: null,
    citizen: null,
    ingress: {
      via: 'kafka',
      agency: 'mairie-lyon',
      contract: 'fr.gouv.residence.AddressChanged',
      at: at(clock, 95),
      outcome: 'rejected',
      reason: { code: 'schema.invalid', message: 'payload.address.postcode: expected 5 digits' },
      coordinates: c('relais.ingress.mairie-lyon', 2, '418', 95),
    },
    canonical: null,
    decisions: [],
    accessRecords: [],
    recipients: [],
    determinations: [],
    notices: [],
    deadLetters: [deadLetters[0]!],
  };
  const flows = new Map([flow, rejected].map((f) => [f.eventId, f]));
  const summary = (f: Flow) => ({
    eventId: f.eventId,
    traceId: f.traceId,
    agency: f.ingress!.agency,
    contract: f.ingress!.contract,
    at: f.ingress!.at,
    outcome: f.ingress!.outcome,
  });
  const lag = (): LagView => ({
    // A new sample at every read: the page's refresh shows it moving.
    at: new Date(clock.now().getTime() + 1000 * samples++),
    groups: [
      {
        group: 'relais-router',
        state: 'Stable',
        members: 2,
        totalLag: 14,
        partitions: [
          { topic: 'relais.events.residence', partition: 0, committed: '410', end: '410', lag: 0 },
          { topic: 'relais.events.residence', partition: 2, committed: '404', end: '418', lag: 14 },
        ],
      },
      {
        group: 'relais-notifier',
        state: 'Stable',
        members: 1,
        totalLag: 0,
        partitions: [{ topic: 'relais.notices', partition: 0, committed: '61', end: '61', lag: 0 }],
      },
    ],
    services: [
      {
        service: 'router',
        counters: { 'events.routed': 1204, 'deliveries.denied.consent.missing': 37 },
      },
      { service: 'notifier', counters: {}, error: 'GET /metrics: connection refused' },
    ],
    throughput: [
      { topic: 'relais.events.residence', perSecond: 3.25 },
      { topic: 'relais.notices', perSecond: null },
    ],
  });
  const record = async (
    kind: OperatorAction['kind'],
    operator: { sub: string; displayName: string },
    ids: string[],
    reason: string | null,
    outcome: string,
  ): Promise<OperatorAction> => {
    calls.push(`actions.${kind}`);
    acted.push({ kind, operator, ids, ...(reason ? { reason } : {}) });
    const action: OperatorAction = {
      id: `act-${journal.length + 1}`,
      kind,
      operator,
      targets: ids,
      reason,
      at: clock.now(),
      outcome,
    };
    journal.unshift(action);
    return action;
  };
  return {
    calls,
    acted,
    deadLetters,
    failing,
    reads: {
      findFlows: (q) =>
        read('findFlows', () =>
          [...flows.values()]
            .filter((f) =>
              q.kind === 'event'
                ? f.eventId === q.eventId
                : q.kind === 'trace'
                  ? f.traceId === q.traceId
                  : f.ingress?.agency === q.agency &&
                    f.ingress.at >= q.from &&
                    f.ingress.at <= q.to,
            )
            .map(summary),
        ),
      flow: (id) => read('flow', () => flows.get(id) ?? null),
      lag: () => read('lag', lag),
      deadLetters: (f) =>
        read('deadLetters', () =>
          deadLetters
            .filter(
              (d) =>
                (!f.source || d.source === f.source) &&
                (!f.owner || d.owner === f.owner) &&
                (!f.reason || d.reason === f.reason) &&
                (!f.status || d.status === f.status),
            )
            .slice(0, f.limit),
        ),
      failedWebhooks: (limit) => read('failedWebhooks', () => webhooks.slice(0, limit)),
      audit: () =>
        read('audit', () => ({
          at: clock.now(),
          partitions: [
            {
              topic: 'relais.access-log',
              partition: 0,
              records: 1204,
              head: 'b3f1e2d4c5a6978812ab34cd56ef7890',
              ok: true,
              problems: [],
            },
            {
              topic: 'relais.access-log',
              partition: 1,
              records: 998,
              head: '9a8b7c6d5e4f30211203a4b5c6d7e8f9',
              ok: false,
              problems: [
                {
                  kind: 'hash-mismatch',
                  message: 'offset 412: prev does not match the hash of offset 411',
                },
              ],
            },
          ],
        })),
      journal: (limit) => read('journal', () => journal.slice(0, limit)),
    },
    actions: {
      async replay(operator, ids) {
        const discarded = ids.filter(
          (id) => deadLetters.find((d) => d.id === id)?.status === 'discarded',
        );
        if (discarded.length > 0) {
          calls.push('actions.replay');
          throw new AppError('conflict', `${discarded.join(', ')}: discarded, not replayed`);
        }
        for (const d of deadLetters) if (ids.includes(d.id)) d.status = 'replayed';
        return record(
          'replay',
          operator,
          ids,
          null,
          `${ids.length} replayed to their origin topic`,
        );
      },
      async discard(operator, ids, reason) {
        for (const d of deadLetters) if (ids.includes(d.id)) d.status = 'discarded';
        return record('discard', operator, ids, reason, `${ids.length} discarded`);
      },
      async redeliverWebhook(operator, ids) {
        return record('redeliver', operator, ids, null, `${ids.length} redelivery queued`);
      },
    },
  };
}

export interface Jar {
  cookies: Map<string, string>;
  setCookies: string[];
}

export interface WebEnv {
  app: FastifyInstance;
  idp: Idp;
  clock: ReturnType<typeof movableClock>;
  ports: FakePorts;
  deps: ConsoleWebDeps;
  logs: string[];
  /** Where the console is reached (its public URL). */
  origin: string;
  jar(): Jar;
  call(
    jar: Jar,
    method: 'GET' | 'POST',
    url: string,
    form?: Record<string, string | string[]>,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  /** /login → the provider → pick `handle` → callback; answers the console's answer to it. */
  signIn(jar: Jar, handle: string, next?: string): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (for a console that listens: the provider must know its URL). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startWebEnv(
  o: { origin?: string; audience?: 'agents' | 'citizens'; refreshSeconds?: number } = {},
): Promise<WebEnv> {
  const origin = o.origin ?? 'http://console.test';
  const dir = mkdtempSync(path.join(tmpdir(), 'relais-console-web-'));
  const clock = movableClock();
  const logs: string[] = [];
  const logger = createLogger({
    service: 'console-test',
    level: 'debug',
    destination: { write: (line: string) => logs.push(line) },
  });
  const idp = await startIdp({
    keysDir: path.join(dir, 'idp'),
    clients: [
      {
        client_id: 'relais-console',
        client_secret: SECRET,
        client_name: 'Console Relais',
        redirect_uris: [`${origin}/auth/callback`],
        post_logout_redirect_uris: [`${origin}/signed-out`],
        sector: 'console',
        audience: o.audience ?? 'agents',
      },
    ],
  });
  const ports = fakePorts(clock);
  const deps: ConsoleWebDeps = {
    reads: ports.reads,
    actions: ports.actions,
    rp: await consoleRelyingParty({
      issuer: idp.issuer,
      clientId: 'relais-console',
      clientSecret: SECRET,
      clientAuth: 'client_secret_post',
      redirectUri: `${origin}/auth/callback`,
      postLogoutRedirectUri: `${origin}/signed-out`,
    }),
    sessions: consoleSessions({
      dataDir: path.join(dir, 'data'),
      clock,
      policy: defaultSessionPolicy,
    }),
    clock,
    publicUrl: origin,
    traceUiUrl: TRACE_UI,
    assets: loadConsoleAssets(),
    refreshSeconds: o.refreshSeconds ?? 30,
  };
  const app = await createHttpApp({ logger, service: 'console' });
  await app.register(consoleWebApp, deps);

  const env: WebEnv = {
    app,
    idp,
    clock,
    ports,
    deps,
    logs,
    origin,
    jar: () => ({ cookies: new Map(), setCookies: [] }),
    async call(jar, method, url, form, headers = {}) {
      const body = form
        ? new URLSearchParams(
            Object.entries(form).flatMap(([k, v]) =>
              (Array.isArray(v) ? v : [v]).map((x) => [k, x] as [string, string]),
            ),
          ).toString()
        : undefined;
      const res = await app.inject({
        method,
        url,
        headers: {
          accept: 'text/html',
          ...(jar.cookies.size
            ? { cookie: [...jar.cookies].map(([k, v]) => `${k}=${v}`).join('; ') }
            : {}),
          ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { payload: body } : {}),
      });
      const set = res.headers['set-cookie'];
      for (const line of Array.isArray(set) ? set : set ? [set] : []) {
        jar.setCookies.push(line);
        const [pair = ''] = line.split(';');
        const i = pair.indexOf('=');
        const name = pair.slice(0, i);
        const value = pair.slice(i + 1);
        if (!value || /Max-Age=0/.test(line)) jar.cookies.delete(name);
        else jar.cookies.set(name, value);
      }
      return res;
    },
    async signIn(jar, handle, next) {
      const login = await env.call(
        jar,
        'GET',
        `/login${next ? `?next=${encodeURIComponent(next)}` : ''}`,
      );
      if (login.statusCode !== 303) throw new Error(`login answered ${login.statusCode}`);
      const callback = await throughProvider(String(login.headers.location), handle, origin);
      return env.call(jar, 'GET', callback.pathname + callback.search);
    },
    async close() {
      await app.close();
      await idp.close();
      deps.sessions.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return env;
}

/**
 * The provider's pages as a browser goes through them: the login form (the account posted under
 * the field the page names: `agent` or `citizen`), the confirmation if any; answers the URL it
 * sends the browser back to, or throws with the provider's status when it refuses.
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

/** The provider's login page for an authorize URL (its interaction cookie followed). */
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

export class ProviderRefusal extends Error {
  readonly status: number;
  readonly body: string;
  constructor(status: number, body: string) {
    super(`the provider refused: ${status}`);
    this.status = status;
    this.body = body;
  }
}

export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
