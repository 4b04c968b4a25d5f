// The authorisation matrix's columns: every route of Relais that takes a principal, one line each,
// with what each principal gets. Agency A is `caf`, agency B `cpam`; citizen 1 is Camille and
// citizen 2 Yanis (infra/citizens); the operator is Claire Dubois at the console, the steward
// Sophie Lefèvre, the France Services agent Nadia Benkirane (infra/agents). A principal not named
// in a line gets the line's `rest` (401 unless said). A cross-tenant read answers 404 (the
// resource is not the caller's: whether it exists is not theirs to know); a caller authenticated
// but without the right answers 403.
import type { Face, Principal } from './principals.ts';

/** What the routes are pointed at: the resources of agency A and citizen 1. */
export interface Fixtures {
  /** Citizen 1's pseudonyms by sector. */
  c1: Record<string, string>;
  /** An agency a citizen may consent to (neither A nor B), as this run names it. */
  recipient: string;
  /** Citizen 1's consent to the CAF (kept) and to the CPAM (the revocation column revokes it). */
  consentKept: string;
  consentToRevoke: string;
  /** A line of citizen 1's access log. */
  accessId: string;
  /** Citizen 1's notice (with a letter). */
  noticeId: string;
  /** A webhook delivery of agency A, and the event it carries (delivered to A only). */
  deliveryA: string;
  eventA: string;
  /** A registry subject this run owns, and a schema to register under it. */
  subject: string;
  schema: string;
  /** Contracts: one agency A publishes, as a payload. */
  household: Record<string, unknown>;
  /** Re-creates what a destructive column consumes before each principal's attempt. */
  resetSubject(): Promise<void>;
  resetSoftDeleted(): Promise<void>;
  resetSubjectConfig(): Promise<void>;
  resetGlobalConfig(): Promise<void>;
  resetSubjectMode(): Promise<void>;
  resetConsentToRevoke(): Promise<void>;
}

export type Service =
  'registry' | 'gateway' | 'consent' | 'router' | 'eligibility' | 'notifier' | 'portal' | 'console';

export interface Route {
  service: Service;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The route as registered (its pattern). */
  path: string;
  face: Face;
  /** The URL asked, when the pattern has parameters or a query. */
  url?: (f: Fixtures) => string;
  /** A JSON body. */
  json?: (f: Fixtures) => unknown;
  /** A form body (the portal's and the console's pages). */
  form?: Record<string, string>;
  expect: Partial<Record<Principal, number>>;
  /** What the principals not named get. */
  rest?: number;
  /** Text only the principals allowed (2xx) may find in the answer: the owner's resource. */
  secret?: (f: Fixtures) => string;
  /** Run before each principal's attempt (what the column consumes). */
  prepare?: (f: Fixtures) => Promise<void>;
}

const agencyA = (status: number, b = 403) => ({ agencyA: status, agencyB: b });
const own = (status: number) => ({ agencyA: status, agencyB: status });
const citizens = (status: number) => ({ citizen1: status, citizen2: status });
const citizen1 = (status: number, other = 404) => ({ citizen1: status, citizen2: other });
const operator = (status = 200) => ({ operator: status });
const writers = (operatorStatus: number, stewardStatus: number) => ({
  operator: operatorStatus,
  steward: stewardStatus,
});
/**
 * The console's pages: an operator signed in sees them; a visitor without credentials is sent to
 * sign in (303), one presenting another credential is refused (401), and an agent the console
 * refused at sign-in (no operator role: a steward, a France Services agent) gets 403.
 */
const consolePage = {
  operator: 200,
  steward: 403,
  franceServices: 403,
  anonymous: 303,
  forged: 303,
  expired: 303,
};
/** Its forms: without the form's CSRF token, refused to everyone, signed in or not. */
const consoleAction = { operator: 403, steward: 403, franceServices: 403 };
const openToAll = { rest: 200 };
const schemaBody = (f: Fixtures) => ({ schema: f.schema });

export const routes: Route[] = [
  // ── gateway: agencies (their token), operators (the operator token)
  {
    service: 'gateway',
    method: 'POST',
    path: '/v1/events/:contract',
    url: () => '/v1/events/fr.gouv.family.HouseholdCompositionChanged',
    face: 'agency',
    json: (f) => ({ subject: f.c1['family'], data: f.household }),
    expect: agencyA(202),
  },
  {
    service: 'gateway',
    method: 'POST',
    path: '/v1/events',
    face: 'agency',
    json: (f) => ({
      events: [
        {
          contract: 'fr.gouv.family.HouseholdCompositionChanged',
          subject: f.c1['family'],
          data: f.household,
        },
      ],
    }),
    expect: agencyA(202),
  },
  {
    service: 'gateway',
    method: 'GET',
    path: '/v1/inbox',
    url: () => '/v1/inbox?limit=500',
    face: 'agency',
    expect: own(200),
    secret: (f) => f.eventA,
  },
  {
    service: 'gateway',
    method: 'POST',
    path: '/v1/inbox/ack',
    face: 'agency',
    json: () => ({ cursor: '0' }),
    expect: own(200),
  },
  { service: 'gateway', method: 'GET', path: '/v1/rejects', face: 'agency', expect: own(200) },
  {
    service: 'gateway',
    method: 'GET',
    path: '/v1/webhooks',
    face: 'agency',
    expect: { agencyA: 200, agencyB: 404 },
  },
  {
    service: 'gateway',
    method: 'GET',
    path: '/v1/webhooks/deliveries',
    face: 'agency',
    expect: own(200),
    secret: (f) => f.deliveryA,
  },
  {
    service: 'gateway',
    method: 'POST',
    path: '/v1/webhooks/deliveries/:id/redeliver',
    url: (f) => `/v1/webhooks/deliveries/${f.deliveryA}/redeliver`,
    face: 'agency',
    expect: agencyA(202, 404),
  },
  {
    service: 'gateway',
    method: 'PUT',
    path: '/v1/webhooks',
    face: 'agency',
    json: () => ({
      url: 'https://example.org/relais',
      secret: 'a-webhook-secret-of-32-characters!',
    }),
    expect: own(200),
  },
  { service: 'gateway', method: 'DELETE', path: '/v1/webhooks', face: 'agency', expect: own(204) },
  {
    service: 'gateway',
    method: 'GET',
    path: '/v1/operator/webhooks/failed',
    face: 'operator',
    expect: operator(),
  },
  {
    service: 'gateway',
    method: 'POST',
    path: '/v1/operator/webhooks/deliveries/:id/redeliver',
    url: (f) => `/v1/operator/webhooks/deliveries/${f.deliveryA}/redeliver`,
    face: 'operator',
    expect: operator(202),
  },
  {
    service: 'gateway',
    method: 'GET',
    path: '/v1/operator/flows/:eventId',
    url: (f) => `/v1/operator/flows/${f.eventA}`,
    face: 'operator',
    expect: operator(),
  },
  {
    service: 'gateway',
    method: 'GET',
    path: '/v1/operator/stats',
    face: 'operator',
    expect: operator(),
  },

  // ── consent service: citizens (their token)
  {
    service: 'consent',
    method: 'GET',
    path: '/v1/me/consents',
    face: 'citizen',
    expect: citizens(200),
    secret: (f) => f.consentKept,
  },
  {
    service: 'consent',
    method: 'POST',
    path: '/v1/me/consents',
    face: 'citizen',
    json: (f) => ({ purpose: 'address-update', recipient: f.recipient, categories: ['address'] }),
    expect: citizens(201),
  },
  {
    service: 'consent',
    method: 'GET',
    path: '/v1/me/consents/:id/receipt',
    url: (f) => `/v1/me/consents/${f.consentKept}/receipt`,
    face: 'citizen',
    expect: citizen1(200),
  },
  {
    service: 'consent',
    method: 'DELETE',
    path: '/v1/me/consents/:id',
    url: (f) => `/v1/me/consents/${f.consentToRevoke}`,
    face: 'citizen',
    expect: citizen1(200),
    prepare: (f) => f.resetConsentToRevoke(),
  },
  {
    service: 'consent',
    method: 'GET',
    path: '/v1/me/access-log',
    face: 'citizen',
    expect: citizens(200),
    secret: (f) => f.accessId,
  },
  {
    service: 'consent',
    method: 'GET',
    path: '/v1/me/access-log/:accessId/proof',
    url: (f) => `/v1/me/access-log/${f.accessId}/proof`,
    face: 'citizen',
    expect: citizen1(200),
  },

  // ── notifier: citizens (their token), operators (the operator token)
  {
    service: 'notifier',
    method: 'GET',
    path: '/v1/me/notices',
    face: 'citizen',
    expect: citizens(200),
    secret: (f) => f.noticeId,
  },
  {
    service: 'notifier',
    method: 'GET',
    path: '/v1/me/notices/:id',
    url: (f) => `/v1/me/notices/${f.noticeId}`,
    face: 'citizen',
    expect: citizen1(200),
  },
  {
    service: 'notifier',
    method: 'GET',
    path: '/v1/me/notice-preferences',
    face: 'citizen',
    expect: citizens(200),
    secret: () => 'République',
  },
  {
    service: 'notifier',
    method: 'PUT',
    path: '/v1/me/notice-preferences',
    face: 'citizen',
    json: () => ({
      channels: ['PORTAL', 'POSTAL_LETTER'],
      language: 'FR',
      postalAddress: { name: 'C. M.', lines: ['12 rue de la République', '69003 Lyon'] },
    }),
    expect: citizens(200),
  },
  { service: 'notifier', method: 'GET', path: '/v1/funnel', face: 'operator', expect: operator() },
  {
    service: 'notifier',
    method: 'GET',
    path: '/v1/letters/:id',
    url: (f) => `/v1/letters/${f.noticeId}`,
    face: 'operator',
    expect: operator(),
  },

  // ── eligibility: campaigns are the operators'
  {
    service: 'eligibility',
    method: 'GET',
    path: '/v1/campaigns',
    face: 'operator',
    expect: operator(),
  },
  {
    service: 'eligibility',
    method: 'GET',
    path: '/v1/campaigns/:id',
    url: () => '/v1/campaigns/no-such-campaign',
    face: 'operator',
    expect: operator(404),
  },
  {
    service: 'eligibility',
    method: 'POST',
    path: '/v1/campaigns',
    face: 'operator',
    json: () => ({ on: 'not-a-date' }),
    expect: operator(400),
  },

  // ── registry: writes need the operator's or a steward's token; reads are open
  {
    service: 'registry',
    method: 'POST',
    path: '/subjects/:subject/versions',
    url: (f) => `/subjects/${f.subject}/versions`,
    face: 'registry',
    json: schemaBody,
    expect: writers(200, 200),
  },
  {
    service: 'registry',
    method: 'POST',
    path: '/compatibility/subjects/:subject/versions/:version',
    url: (f) => `/compatibility/subjects/${f.subject}/versions/latest`,
    face: 'open',
    json: schemaBody,
    expect: {},
    ...openToAll,
  },
  {
    service: 'registry',
    method: 'PUT',
    path: '/config',
    face: 'registry',
    json: () => ({ compatibility: 'BACKWARD_TRANSITIVE' }),
    expect: writers(200, 403),
  },
  {
    service: 'registry',
    method: 'DELETE',
    path: '/config',
    face: 'registry',
    expect: writers(200, 403),
    prepare: (f) => f.resetGlobalConfig(),
  },
  {
    service: 'registry',
    method: 'PUT',
    path: '/config/:subject',
    url: (f) => `/config/${f.subject}`,
    face: 'registry',
    json: () => ({ compatibility: 'FULL' }),
    expect: writers(200, 200),
  },
  {
    service: 'registry',
    method: 'DELETE',
    path: '/config/:subject',
    url: (f) => `/config/${f.subject}`,
    face: 'registry',
    expect: writers(200, 200),
    prepare: (f) => f.resetSubjectConfig(),
  },
  {
    service: 'registry',
    method: 'PUT',
    path: '/mode',
    face: 'registry',
    json: () => ({ mode: 'READWRITE' }),
    expect: writers(200, 403),
  },
  {
    service: 'registry',
    method: 'PUT',
    path: '/mode/:subject',
    url: (f) => `/mode/${f.subject}`,
    face: 'registry',
    json: () => ({ mode: 'READWRITE' }),
    expect: writers(200, 403),
  },
  {
    service: 'registry',
    method: 'DELETE',
    path: '/mode/:subject',
    url: (f) => `/mode/${f.subject}`,
    face: 'registry',
    expect: writers(200, 403),
    prepare: (f) => f.resetSubjectMode(),
  },
  {
    service: 'registry',
    method: 'DELETE',
    path: '/subjects/:subject/versions/:version',
    url: (f) => `/subjects/${f.subject}/versions/latest`,
    face: 'registry',
    expect: writers(200, 200),
    prepare: (f) => f.resetSubject(),
  },
  {
    service: 'registry',
    method: 'DELETE',
    path: '/subjects/:subject',
    url: (f) => `/subjects/${f.subject}`,
    face: 'registry',
    expect: writers(200, 200),
    prepare: (f) => f.resetSubject(),
  },
  {
    service: 'registry',
    method: 'DELETE',
    path: '/subjects/:subject?permanent=true',
    url: (f) => `/subjects/${f.subject}?permanent=true`,
    face: 'registry',
    expect: writers(200, 403),
    prepare: (f) => f.resetSoftDeleted(),
  },
  { service: 'registry', method: 'GET', path: '/subjects', face: 'open', expect: {}, ...openToAll },

  // ── console: the JSON API and the pages, operators signed in (ProConnect's way) only
  ...(
    [
      ['GET', '/api/v1/lag'],
      ['GET', '/api/v1/dead-letters'],
      ['GET', '/api/v1/webhooks/failed'],
      ['GET', '/api/v1/audit'],
      ['GET', '/api/v1/journal'],
    ] as const
  ).map(([method, path]): Route => ({
    service: 'console',
    method,
    path,
    face: 'console',
    expect: { operator: 200 },
  })),
  {
    service: 'console',
    method: 'GET',
    path: '/api/v1/flows',
    url: (f) => `/api/v1/flows?eventId=${f.eventA}`,
    face: 'console',
    expect: { operator: 200 },
  },
  {
    service: 'console',
    method: 'GET',
    path: '/api/v1/flows/:eventId',
    url: (f) => `/api/v1/flows/${f.eventA}`,
    face: 'console',
    expect: { operator: 200 },
  },
  {
    service: 'console',
    method: 'POST',
    path: '/api/v1/webhooks/redeliver',
    face: 'console',
    json: (f) => ({ ids: [f.deliveryA] }),
    expect: { operator: 200 },
  },
  // Records no dead-letter topic holds: the operator is told so (404), nobody else gets that far.
  ...(
    [
      ['/api/v1/dead-letters/replay', { ids: ['relais.dlq.matrix:0:0'] }],
      ['/api/v1/dead-letters/discard', { ids: ['relais.dlq.matrix:0:0'], reason: 'matrix' }],
    ] as const
  ).map(([path, body]): Route => ({
    service: 'console',
    method: 'POST',
    path,
    face: 'console',
    json: () => body,
    expect: { operator: 404 },
  })),
  {
    service: 'console',
    method: 'GET',
    path: '/',
    face: 'console',
    expect: { steward: 403, franceServices: 403 },
    rest: 200,
  },
  ...['/flows', '/lag', '/audit', '/journal', '/dead-letters', '/webhooks'].map((path): Route => ({
    service: 'console',
    method: 'GET',
    path,
    face: 'console',
    expect: consolePage,
  })),
  {
    service: 'console',
    method: 'GET',
    path: '/flows/:eventId',
    url: (f) => `/flows/${f.eventA}`,
    face: 'console',
    expect: consolePage,
  },
  // Its forms: without the form's CSRF token, refused to everyone, signed in or not.
  ...[
    '/dead-letters/confirm',
    '/dead-letters/replay',
    '/dead-letters/discard',
    '/webhooks/confirm',
    '/webhooks/redeliver',
    '/logout',
  ].map((path): Route => ({
    service: 'console',
    method: 'POST',
    path,
    face: 'console',
    form: { ids: 'no-such-record' },
    expect: consoleAction,
  })),

  // ── portal: citizen 1's pages, citizen 2 signed in, and nobody. Its home page welcomes anyone.
  { service: 'portal', method: 'GET', path: '/', face: 'portal', expect: {}, rest: 200 },
  ...['/consents', '/consents/new', '/access-log', '/notices', '/preferences'].map(
    (path): Route => ({
      service: 'portal',
      method: 'GET',
      path,
      face: 'portal',
      expect: citizens(200),
      rest: 303,
    }),
  ),
  {
    service: 'portal',
    method: 'GET',
    path: '/access-log/:id',
    url: (f) => `/access-log/${f.accessId}`,
    face: 'portal',
    expect: citizen1(200),
    rest: 303,
  },
  {
    service: 'portal',
    method: 'GET',
    path: '/notices/:id',
    url: (f) => `/notices/${f.noticeId}`,
    face: 'portal',
    expect: citizen1(200),
    rest: 303,
  },
  {
    service: 'portal',
    method: 'GET',
    path: '/consents/:id/receipt',
    url: (f) => `/consents/${f.consentKept}/receipt`,
    face: 'portal',
    expect: citizen1(200),
    rest: 303,
  },
  {
    service: 'portal',
    method: 'GET',
    path: '/consents/revoke-all',
    face: 'portal',
    expect: citizens(303),
    rest: 303,
  },
  // Its forms: without the form's CSRF token, refused (403) even to a citizen signed in; 401
  // without a session.
  ...['/consents', '/preferences', '/consents/revoke-all', '/logout'].map((path): Route => ({
    service: 'portal',
    method: 'POST',
    path,
    face: 'portal',
    form: { purpose: 'address-update' },
    expect: citizens(403),
  })),
  {
    service: 'portal',
    method: 'POST',
    path: '/consents/:id/revoke',
    url: (f) => `/consents/${f.consentKept}/revoke`,
    face: 'portal',
    form: {},
    expect: citizens(403),
  },
];

/** Every service's scrape route: the scrape token only. */
export const scrapeRoutes = (services: Service[]): Route[] =>
  services.map((service) => ({
    service,
    method: 'GET',
    path: '/metrics/prometheus',
    face: 'scrape',
    expect: { scraper: 200 },
  }));
