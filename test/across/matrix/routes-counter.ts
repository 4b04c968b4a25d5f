// The matrix's columns of the counter (issue 15, dec-039, dec-040): the France Services agents'
// routes at the consent service and the notifier, where only a counter token opens anything and
// the mandate decides (deny by default: no mandate, another structure's or another citizen's is a
// 404, an expired one a 403), and the counter's own pages, where the session says who acts and
// the URL which mandate. Citizens, agencies, operators and stewards present what they hold and
// get nothing; the agents' tokens at every other route of Relais get nothing either (the `rest`
// of those columns).
import {
  counterAgents,
  counterPage,
  lyon8Sessions,
  lyon8Tokens,
  underMandate,
  type Fixtures,
  type Route,
} from './table.ts';

const MADE_UP = '00000000-0000-4000-8000-000000000000';

/** A counter API column: face `counterApi` (a counter token), everyone else 401. */
const api = (
  service: 'consent' | 'notifier',
  method: Route['method'],
  path: string,
  expect: Route['expect'],
  more: Partial<Route> = {},
): Route => ({ service, method, path, face: 'counterApi', expect, ...more });

/** A counter page column: face `counter` (its session cookie), bearer holders 401. */
const page = (
  method: Route['method'],
  path: string,
  url: ((f: Fixtures) => string) | undefined,
  expect: Route['expect'],
  more: Partial<Route> = {},
): Route => ({
  service: 'counter',
  method,
  path,
  face: 'counter',
  ...(url ? { url } : {}),
  expect,
  ...more,
});

/** Forms without their CSRF token: 403 to a session, 401 without one, 401 to a bearer. */
const form = (path: string, url?: (f: Fixtures) => string): Route =>
  page(
    'POST',
    path,
    url,
    {
      ...counterPage(403, 403),
      agentExpired: 401,
      expired: 401,
      franceServices: 401,
      anonymous: 401,
      forged: 401,
    },
    {
      form: { scopes: 'CONSENTS' },
    },
  );

export const counterRoutes: Route[] = [
  // ── consent service: the structure's mandates (its own list), opening one by id, creating one
  // for the citizen the token names, ending one
  api('consent', 'GET', '/v1/counter/mandates', counterAgents(200), {
    secret: (f) => f.mandateActive,
    seenBy: lyon8Tokens,
  }),
  api(
    'consent',
    'GET',
    '/v1/counter/mandates/:mandateId',
    {
      ...counterAgents(200),
      agentOtherStructure: 404,
    },
    {
      url: (f) => `/v1/counter/mandates/${f.mandateActive}`,
      secret: (f) => f.mandateActive,
      seenBy: lyon8Tokens,
    },
  ),
  api(
    'consent',
    'GET',
    '/v1/counter/mandates/:mandateId',
    { ...counterAgents(403), agentOtherStructure: 404 },
    { url: (f) => `/v1/counter/mandates/${f.mandateExpired}` },
  ),
  api('consent', 'GET', '/v1/counter/mandates/:mandateId', counterAgents(404), {
    url: () => `/v1/counter/mandates/${MADE_UP}`,
  }),
  api(
    'consent',
    'DELETE',
    '/v1/counter/mandates/:mandateId',
    // Ending needs no mandate named: any agent of the structure may end its mandate for the
    // citizen the token names (it only takes powers away); another structure or citizen, 404.
    { ...counterAgents(200), agentOtherStructure: 404, agentGuessing: 404 },
    {
      url: (f) => `/v1/counter/mandates/${f.mandateToRevoke}`,
      prepare: (f) => f.resetMandateToRevoke(),
    },
  ),
  // ── consent service: the citizen's consents and data flows, under the mandate
  api('consent', 'GET', '/v1/counter/consents', underMandate(200), {
    secret: (f) => f.consentKept,
    seenBy: ['agentMandated'],
  }),
  api('consent', 'POST', '/v1/counter/consents', underMandate(201), {
    json: (f) => ({ purpose: 'address-update', recipient: f.recipient, categories: ['address'] }),
  }),
  api('consent', 'DELETE', '/v1/counter/consents/:id', underMandate(200), {
    url: (f) => `/v1/counter/consents/${f.consentToRevoke}`,
    prepare: (f) => f.resetConsentToRevoke(),
  }),
  api('consent', 'GET', '/v1/counter/access-log', underMandate(200), {
    secret: (f) => f.accessId,
    seenBy: ['agentMandated'],
  }),
  // ── notifier: the citizen's notices, letters and preferences, under the mandate; a notice id
  // that is not the citizen's is a 404 even under a good mandate
  api('notifier', 'GET', '/v1/counter/notices', underMandate(200), {
    secret: (f) => f.noticeId,
    seenBy: ['agentMandated'],
  }),
  api('notifier', 'GET', '/v1/counter/notices/:id', underMandate(200), {
    url: (f) => `/v1/counter/notices/${f.noticeId}`,
  }),
  api('notifier', 'GET', '/v1/counter/notices/:id', underMandate(404), {
    url: () => `/v1/counter/notices/${MADE_UP}`,
  }),
  api('notifier', 'GET', '/v1/counter/notices/:id/letter.pdf', underMandate(200), {
    url: (f) => `/v1/counter/notices/${f.noticeId}/letter.pdf`,
  }),
  api('notifier', 'GET', '/v1/counter/notice-preferences', underMandate(200), {
    secret: () => 'République',
    seenBy: ['agentMandated'],
  }),
  api('notifier', 'PUT', '/v1/counter/notice-preferences', underMandate(200), {
    json: () => ({
      channels: ['PORTAL', 'POSTAL_LETTER'],
      language: 'FR',
      postalAddress: { name: 'C. M.', lines: ['12 rue de la République', '69003 Lyon'] },
    }),
  }),
  api('consent', 'POST', '/v1/counter/mandates', counterAgents(201), {
    // Last: each agent's attempt makes a mandate (with the citizen present, the counter's word).
    json: () => ({
      scopes: ['NOTICES'],
      durationDays: 1,
      mode: 'IN_PERSON',
      confirmation: 'ATTESTATION',
      attestationId: 'FS-MATRIX-0002',
    }),
  }),

  // ── the counter's pages: the welcome page to anyone without a session or a token; the
  // structure's citizens to its agents (Vénissieux sees none of Lyon 8e's)
  page(
    'GET',
    '/',
    undefined,
    {
      ...counterPage(200, 200),
      anonymous: 200,
      franceServices: 200,
      forged: 200,
      agentExpired: 200,
      expired: 200,
    },
    {
      secret: (f) => f.mandateActive,
      seenBy: lyon8Sessions,
    },
  ),
  page('GET', '/mandates/new', undefined, counterPage(200, 200)),
  page('GET', '/mandates/:id', (f) => `/mandates/${f.mandateActive}`, counterPage(200, 404)),
  page('GET', '/mandates/:id', (f) => `/mandates/${f.mandateExpired}`, counterPage(403, 404)),
  page('GET', '/mandates/:id', () => `/mandates/${MADE_UP}`, counterPage(404, 404)),
  page(
    'GET',
    '/mandates/:id/attestation.pdf',
    (f) => `/mandates/${f.mandateActive}/attestation.pdf`,
    counterPage(200, 404),
  ),
  page(
    'GET',
    '/mandates/:id/notices/:nid/letter.pdf',
    (f) => `/mandates/${f.mandateActive}/notices/${f.noticeId}/letter.pdf`,
    counterPage(200, 404),
  ),
  page(
    'GET',
    '/mandates/:id/notices/:nid/letter.pdf',
    (f) => `/mandates/${f.mandateActive}/notices/${MADE_UP}/letter.pdf`,
    counterPage(404, 404),
  ),
  // The citizen's preferences and data flows (scopes PREFERENCES, DATA_FLOWS), as for the file.
  page(
    'GET',
    '/mandates/:id/preferences',
    (f) => `/mandates/${f.mandateActive}/preferences`,
    counterPage(200, 404),
  ),
  page(
    'GET',
    '/mandates/:id/preferences',
    (f) => `/mandates/${f.mandateExpired}/preferences`,
    counterPage(403, 404),
  ),
  page(
    'GET',
    '/mandates/:id/data-flows',
    (f) => `/mandates/${f.mandateActive}/data-flows`,
    counterPage(200, 404),
  ),
  form('/mandates/:id/preferences', (f) => `/mandates/${f.mandateActive}/preferences`),
  form(
    '/mandates/:id/scopes/:scope/revoke',
    (f) => `/mandates/${f.mandateActive}/scopes/PREFERENCES/revoke`,
  ),
  form('/mandates'),
  form('/mandates/:id/consents', (f) => `/mandates/${f.mandateActive}/consents`),
  form(
    '/mandates/:id/consents/:cid/revoke',
    (f) => `/mandates/${f.mandateActive}/consents/${f.consentKept}/revoke`,
  ),
  form('/mandates/:id/revoke', (f) => `/mandates/${f.mandateActive}/revoke`),
  form('/logout'),
];
