// The matrix's columns of the operators: eligibility campaigns, the console's API and pages.
import { consoleAction, consolePage, operator, type Route } from './table.ts';

export const operatorRoutes: Route[] = [
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
];
