// The object-level authorisation matrix (issue 13): every principal against every route that takes
// one, on every HTTP service of Relais started together on the run's broker. One table
// (matrix/routes-*.ts, one line a route) says what each principal gets; a cell that differs, a denial answered 5xx, or
// a principal finding someone else's resource in its answer fails the test, which prints the whole
// matrix. A route a service registers that is neither in the table nor among the routes that take
// no principal (below, with why) fails it too.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  consentToEligibility,
  publish,
  publishFacts,
  type Citizen,
  type Json,
} from '@relais/harness';
import { loadCitizens } from '@relais/idp';
import { captureLogs, uniqueName, waitFor } from '@relais/testkit';
import { findIdentifiers, identifiersOf } from './identifiers.ts';
import { shiftableClock, startCounterBeside, type CounterBeside } from './matrix/counter.ts';
import {
  credentialsFor,
  principals,
  signedOut,
  signIn,
  type Credentials,
  type Principal,
} from './matrix/principals.ts';
import { routesOf } from './matrix/routes-of.ts';
import {
  routes as table,
  scrapeRoutes,
  type Fixtures,
  type Route,
  type Service,
} from './matrix/routes.ts';
import { startWorld, type World } from './world.ts';

/** Routes that take no principal, by service, and why they need none. */
const withoutPrincipal: Record<string, string> = {
  'GET /healthz': 'liveness, every service',
  'GET /readyz': 'readiness, every service',
  'GET /openapi.json': 'the API description, every service',
  'POST /v1/oauth/token': 'where an agency exchanges its signed assertion for a token',
  'GET /v1/consents/jwks': 'the public key of consent receipts',
  'POST /v1/dev/citizen-token': 'development sign-in (CONSENT_DEV_TOKENS, refused in production)',
  'GET /v1/notices/:id/opened.gif':
    'the e-mail beacon: a GIF whatever is asked; counts only a valid token',
  'GET /v1/parameters': "the eligibility rules' public parameters",
  'GET /metrics': "the services' own counters (aggregates, no principal's data)",
  'GET /.well-known/jwks.json': "the portal's public key for citizens' tokens",
  'GET /login': 'starts a sign-in',
  'GET /auth/callback': "the provider's redirect back (state and PKCE checked)",
  'GET /signed-out': 'the page after sign-out',
  'GET /receipts/verify': 'checks a consent receipt anyone holds, against the public key',
  'POST /receipts/verify': 'checks a consent receipt anyone holds, against the public key',
  'GET /preferences': "the notifier's static page on how to stop notices (no form, no data)",
  'GET /lang/:lang': "a face's language cookie",
  'GET /*': 'the not-found page',
  'POST /*': 'the not-found page',
  'PUT /*': 'the not-found page',
  'DELETE /*': 'the not-found page',
  'PATCH /*': 'the not-found page',
};
/** Prefixes of routes that take no principal. */
const openPrefixes: Array<[string, string]> = [
  ['GET /docs', 'the API docs (Swagger UI)'],
  ['GET /assets', 'static assets'],
  ['GET /dsfr', 'static assets'],
  ['GET /static', 'static assets'],
];
/** The registry's reads, open by design (Confluent clients read without credentials). */
const registryReads = /^(GET |POST \/compatibility\/|POST \/subjects\/:subject$)/;

const services: Service[] = [
  'registry',
  'gateway',
  'consent',
  'router',
  'eligibility',
  'notifier',
  'portal',
  'console',
  'counter',
];
const columns: Route[] = [...table, ...scrapeRoutes(services)];

let world: World;
let fixtures: Fixtures;
let credentials: Credentials;
let hooks: Server;
let counter: CounterBeside;
const logs = captureLogs();
// The world's clock: the system's, shifted back while the matrix's expired mandate is made.
const clock = shiftableClock();

const base = (service: Service): string => {
  const r = world.relais;
  return {
    registry: r.registry.url,
    gateway: r.gateway.url,
    consent: r.consent.url,
    router: r.router.service.url,
    eligibility: r.eligibility.service.url,
    notifier: r.notifier.service.url,
    portal: world.portal.url,
    console: world.console.url,
    counter: counter.counter.url,
  }[service];
};

const apps = () => {
  const r = world.relais;
  return {
    registry: r.registry.app,
    gateway: r.gateway.app,
    consent: r.consent.app,
    router: r.router.service.app,
    eligibility: r.eligibility.service.app,
    notifier: r.notifier.service.app,
    portal: world.portal.app,
    console: world.console.app,
    counter: counter.counter.app,
  };
};

async function devToken(pseudonym: string | undefined): Promise<string> {
  const r = world.relais;
  const res = await r.call(r.consent.url, 'POST', '/v1/dev/citizen-token', undefined, {
    pseudonym,
  });
  if (res.status !== 200) throw new Error(`dev token: ${res.status}`);
  return res.body.access_token as string;
}

beforeAll(async () => {
  const started = Date.now();
  // An agency's webhook endpoint that is down: its deliveries wait for a retry (and a redelivery).
  hooks = createServer((_req, res) => res.writeHead(503).end());
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  const hookPort = (hooks.address() as { port: number }).port;
  world = await startWorld({
    enrol: ['camille', 'yanis'],
    gateway: { webhooks: { allowInsecureLocalhost: true } },
    logs: { destination: logs.destination, level: 'debug' },
    clock,
  });
  const r = world.relais;
  const c1 = world.citizens['camille']!;
  const c2 = world.citizens['yanis']!;
  const tokenA = await r.agencyToken('caf');
  const tokenB = await r.agencyToken('cpam');
  const t1 = await devToken(c1.pseudonyms['portal']);
  const t2 = await devToken(c2.pseudonyms['portal']);
  const operator = r.operatorToken();
  counter = await startCounterBeside(world, clock, {
    citizen1: c1.pseudonyms['portal']!,
    citizen2: c2.pseudonyms['portal']!,
  });
  let mandateToRevoke = await counter.newMandateToRevoke();

  const hook = await r.call(r.gateway.url, 'PUT', '/v1/webhooks', tokenA, {
    url: `http://127.0.0.1:${hookPort}/relais`,
    secret: 'a-webhook-secret-of-32-characters!',
  });
  expect(hook.status).toBe(200);
  const grant = async (recipient: string) => {
    const res = await r.call(r.consent.url, 'POST', '/v1/me/consents', t1, {
      purpose: 'address-update',
      recipient: r.id(recipient),
      categories: ['address'],
    });
    if (res.status !== 201) throw new Error(`consent: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.consent.id as string;
  };
  const consentKept = await grant('caf');
  // Not to agency B: B receives nothing of citizen 1 (its inbox column checks it).
  let consentToRevoke = await grant('dgfip');
  await consentToEligibility(r, t1);
  const prefs = await r.call(r.notifier.service.url, 'PUT', '/v1/me/notice-preferences', t1, {
    channels: ['PORTAL', 'POSTAL_LETTER'],
    language: 'FR',
    postalAddress: { name: 'C. M.', lines: ['12 rue de la République', '69003 Lyon'] },
  });
  expect(prefs.status).toBe(200);

  // Citizen 1 moves (the CAF receives it: her consent), then her income drops (a notice).
  const citizen1: Citizen = { pivot: c1.pivot, pseudonyms: c1.pseudonyms, token: t1 };
  const eventA = await publish(
    r,
    'mairie-lyon',
    'fr.gouv.residence.AddressChanged',
    c1.pseudonyms['local']!,
    { ...r.facts.move() },
  );
  await publishFacts(r, citizen1, 500_000);
  const accessId = await waitFor(
    async () =>
      ((await r.call(r.consent.url, 'GET', '/v1/me/access-log', t1)).body.records as Json[]).find(
        (x) => x['eventId'] === eventA,
      )?.['accessId'] as string | undefined,
    { what: "citizen 1's access log line for the move", timeoutMs: 30_000 },
  );
  const deliveryA = await waitFor(
    async () =>
      (
        (await r.call(r.gateway.url, 'GET', '/v1/webhooks/deliveries', tokenA)).body
          .deliveries as Json[]
      ).find((d) => d['eventId'] === eventA)?.['id'] as string | undefined,
    { what: "agency A's webhook delivery of the move", timeoutMs: 30_000 },
  );
  const noticeId = await waitFor(
    async () =>
      (
        (await r.call(r.notifier.service.url, 'GET', '/v1/me/notices', t1)).body.notices as Json[]
      ).find((n) => (n['deliveries'] as Json[]).every((d) => d['status'] !== 'PENDING'))?.[
        'noticeId'
      ] as string | undefined,
    { what: "citizen 1's notice", timeoutMs: 60_000 },
  );

  const subject = uniqueName('matrix-value');
  const schema = JSON.stringify({
    type: 'record',
    name: `M${subject.replace(/[^A-Za-z0-9]/g, '')}`,
    fields: [{ name: 'a', type: 'string' }],
  });
  const registry = (method: string, p: string, body?: unknown) =>
    r.call(r.registry.url, method, p, operator, body);
  const register = () => registry('POST', `/subjects/${subject}/versions`, { schema });
  expect((await register()).status).toBe(200);
  fixtures = {
    c1: c1.pseudonyms,
    recipient: r.id('dgfip'),
    consentKept,
    get consentToRevoke() {
      return consentToRevoke;
    },
    accessId,
    noticeId,
    deliveryA,
    eventA,
    subject,
    schema,
    household: r.facts.household(),
    resetSubject: async () => void (await register()),
    resetSoftDeleted: async () => {
      await register();
      await registry('DELETE', `/subjects/${subject}`);
    },
    resetSubjectConfig: async () =>
      void (await registry('PUT', `/config/${subject}`, { compatibility: 'FULL' })),
    resetSubjectMode: async () =>
      void (await registry('PUT', `/mode/${subject}`, { mode: 'READWRITE' })),
    resetConsentToRevoke: async () => {
      consentToRevoke = await grant('dgfip');
    },
    resetGlobalConfig: async () =>
      void (await registry('PUT', '/config', { compatibility: 'BACKWARD_TRANSITIVE' })),
    mandateActive: counter.mandates.active,
    mandateExpired: counter.mandates.expired,
    get mandateToRevoke() {
      return mandateToRevoke;
    },
    resetMandateToRevoke: async () => {
      mandateToRevoke = await counter.newMandateToRevoke();
    },
  };
  const sessions = {
    portal: {
      citizen1: await signIn(world.portal.url, 'camille'),
      citizen2: await signIn(world.portal.url, 'yanis'),
      ended: await signedOut(world.portal.url, 'camille'),
    },
    console: {
      operator: await signIn(world.console.url, 'claire-dubois'),
      // Agents without the operator role: the console refuses their sign-in (403).
      steward: await signIn(world.console.url, 'sophie-lefevre', { refused: true }),
      franceServices: await signIn(world.console.url, 'nadia-benkirane', { refused: true }),
      ended: await signedOut(world.console.url, 'claire-dubois'),
    },
  };
  credentials = await credentialsFor(
    r,
    { agencyA: tokenA, agencyB: tokenB, citizen1: t1, citizen2: t2 },
    c1.pseudonyms['portal']!,
    sessions,
    counter.credentials,
  );
  // The notifier reads the mandates from its own copy of relais.mandates: M1 there too.
  await waitFor(
    async () => {
      const token = await counter.credentials.token('agentMandated', 'notifier');
      const res = await r.call(r.notifier.service.url, 'GET', '/v1/counter/notices', token);
      return res.status === 200 || undefined;
    },
    { what: "the notifier's copy of the matrix's mandate", timeoutMs: 30_000 },
  );
  console.log(`authorisation matrix: Relais up with its fixtures in ${Date.now() - started} ms`);
}, 240_000);

afterAll(async () => {
  await counter?.close();
  await world?.close();
  await new Promise((resolve) => hooks?.close(resolve));
});

const expected = (route: Route, p: Principal): number => route.expect[p] ?? route.rest ?? 401;
/** Whose resource a column's secret is: agency A's at an agency's face, else citizen 1's. */
const ownerOf = (route: Route): Principal => (route.face === 'agency' ? 'agencyA' : 'citizen1');

interface Cell {
  principal: Principal;
  column: number;
  status: number;
  expected: number;
  problem?: string;
}

async function attempt(route: Route, column: number, principal: Principal): Promise<Cell> {
  await route.prepare?.(fixtures);
  const headers: Record<string, string> = {
    ...(await credentials[principal](route.face, route.service)),
  };
  let body: string | undefined;
  if (route.json) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(route.json(fixtures));
  } else if (route.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(route.form).toString();
  }
  const res = await fetch(`${base(route.service)}${route.url?.(fixtures) ?? route.path}`, {
    method: route.method,
    headers,
    redirect: 'manual',
    ...(body !== undefined ? { body } : {}),
  });
  const text = await res.text();
  const want = expected(route, principal);
  const cell: Cell = { principal, column, status: res.status, expected: want };
  if (res.status >= 500) cell.problem = `${res.status}: ${text.slice(0, 200)}`;
  else if (res.status !== want)
    cell.problem = `expected ${want}, got ${res.status}: ${text.slice(0, 200)}`;
  else if (
    route.secret &&
    !(route.seenBy ?? [ownerOf(route)]).includes(principal) &&
    text.includes(route.secret(fixtures))
  )
    cell.problem = `answers ${ownerOf(route)}'s resource (${route.secret(fixtures)})`;
  return cell;
}

function render(cells: Cell[]): string {
  const at = new Map(cells.map((c) => [`${c.principal} ${c.column}`, c]));
  const legend = columns.map(
    (c, i) => `  ${String(i).padStart(3)}  ${c.service.padEnd(11)} ${c.method.padEnd(6)} ${c.path}`,
  );
  const header = `${''.padEnd(15)}${columns.map((_, i) => String(i).padStart(4)).join('')}`;
  const rows = principals.map(
    (p) =>
      `${p.padEnd(15)}${columns
        .map((_, i) => {
          const c = at.get(`${p} ${i}`);
          return (c ? `${c.problem ? '!' : ''}${c.status}` : '?').padStart(4);
        })
        .join('')}`,
  );
  const problems = cells
    .filter((c) => c.problem)
    .map((c) => {
      const col = columns[c.column]!;
      return `  ${c.principal} × ${col.service} ${col.method} ${col.path}: ${c.problem}`;
    });
  return [
    `${principals.length} principals × ${columns.length} routes = ${principals.length * columns.length} cells ('!' marks a cell that is not what the table says)`,
    header,
    ...rows,
    'routes:',
    ...legend,
    ...(problems.length ? ['problems:', ...problems] : []),
  ].join('\n');
}

it('gives every principal exactly what the table says, on every route, never a 5xx', async () => {
  const started = Date.now();
  const cells: Cell[] = [];
  for (const [column, route] of columns.entries()) {
    // Those the column lets in go last: what they do (a revocation, a deletion) is then done.
    const order = [...principals].sort(
      (a, b) => Number(expected(route, a) < 300) - Number(expected(route, b) < 300),
    );
    for (const principal of order) cells.push(await attempt(route, column, principal));
  }
  const matrix = render(cells);
  console.log(`${matrix}\n(${cells.length} requests in ${Date.now() - started} ms)`);
  const failed = cells.filter((c) => c.problem);
  expect(failed.length, matrix).toBe(0);
}, 240_000);

it('logs not one identifier of the citizens while refusing all that', () => {
  const citizens = loadCitizens()
    .filter((c) => world.citizens[c.handle])
    .map((c) => ({ ...c, ...world.citizens[c.handle]! }));
  const hits = findIdentifiers(logs.lines, identifiersOf(citizens));
  console.log(
    `authorisation matrix: ${logs.lines.length} log lines scanned, ${hits.length} hit(s)`,
  );
  expect(hits, hits.join('\n')).toEqual([]);
});

it('has a line for every route a service answers, or says why the route takes no principal', () => {
  const inTable = new Set(columns.map((c) => `${c.service} ${c.method} ${c.path.split('?')[0]}`));
  const missing = Object.entries(apps()).flatMap(([service, app]) =>
    routesOf(app)
      .filter((route) => !inTable.has(`${service} ${route}`))
      .filter((route) => !withoutPrincipal[route])
      .filter((route) => !openPrefixes.some(([prefix]) => route.startsWith(prefix)))
      .filter((route) => !(service === 'registry' && registryReads.test(route)))
      .map((route) => `${service} ${route}`),
  );
  expect(missing).toEqual([]);
});
