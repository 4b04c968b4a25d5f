// The console's API with its ports stubbed (app.inject, no broker): deny by default, every id,
// filter and body read strictly — 4xx naming the field, never a 5xx for a caller's mistake.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpApp, createLogger } from '@relais/kit';
import { consoleApp } from '../src/app.ts';
import type {
  ConsoleActions,
  ConsoleReads,
  FlowQuery,
  Operator,
  OperatorAction,
} from '../src/domain/views.ts';

const camille: Operator = { sub: 'op-1', displayName: 'Camille Martin (DINUM)' };
const calls: Array<{ method: string; args: unknown[] }> = [];
const action = (kind: OperatorAction['kind'], targets: string[]): OperatorAction => ({
  id: 'a1',
  kind,
  operator: camille,
  targets,
  reason: null,
  at: new Date(0),
  outcome: 'ok',
});
const reads: ConsoleReads = {
  findFlows: async (q: FlowQuery) => (calls.push({ method: 'findFlows', args: [q] }), []),
  flow: async (id) => (calls.push({ method: 'flow', args: [id] }), null),
  lag: async () => ({ at: new Date(0), groups: [], services: [], throughput: [] }),
  deadLetters: async (f) => (calls.push({ method: 'deadLetters', args: [f] }), []),
  failedWebhooks: async () => [],
  audit: async () => ({ at: new Date(0), partitions: [] }),
  journal: async (limit) => (calls.push({ method: 'journal', args: [limit] }), []),
};
const actions: ConsoleActions = {
  replay: async (o, ids, options) => (
    calls.push({ method: 'replay', args: [o, ids, options] }),
    action('replay', ids)
  ),
  discard: async (o, ids, reason) => (
    calls.push({ method: 'discard', args: [o, ids, reason] }),
    action('discard', ids)
  ),
  redeliverWebhook: async (o, ids) => (
    calls.push({ method: 'redeliver', args: [o, ids] }),
    action('redeliver', ids)
  ),
};

let app: FastifyInstance;
beforeAll(async () => {
  app = await createHttpApp({
    logger: createLogger({ service: 'console-test', level: 'silent' }),
    service: 'console',
    maxParamLength: 300,
  });
  // The stub operator: a request saying `x-test-operator: yes`.
  await app.register(consoleApp, {
    reads,
    actions,
    authenticate: async (request) =>
      request.headers['x-test-operator'] === 'yes' ? camille : null,
  });
});
afterAll(() => app.close());
beforeEach(() => void calls.splice(0));

const as = { 'x-test-operator': 'yes' };
const get = (url: string, headers: Record<string, string> = as) =>
  app.inject({ method: 'GET', url, headers });
const post = (url: string, payload: unknown, headers: Record<string, string> = as) =>
  app.inject({ method: 'POST', url, headers, payload: payload as object });
const fields = (res: { json(): any }) =>
  (res.json().problems as Array<{ field: string }>).map((p) => p.field);

const DL = 'relais.dlq.router:0:12';

describe('without an operator', () => {
  it('answers 401 to every route, reading and acting, and calls no port', async () => {
    for (const url of [
      '/api/v1/flows?eventId=e1',
      '/api/v1/flows/e1',
      '/api/v1/lag',
      '/api/v1/dead-letters',
      '/api/v1/webhooks/failed',
      '/api/v1/audit',
      '/api/v1/journal',
    ])
      expect((await get(url, {})).statusCode, url).toBe(401);
    for (const [url, body] of [
      ['/api/v1/dead-letters/replay', { ids: [DL] }],
      ['/api/v1/dead-letters/discard', { ids: [DL], reason: 'duplicate' }],
      ['/api/v1/webhooks/redeliver', { ids: ['d1'] }],
    ] as const)
      expect((await post(url, body, {})).statusCode, url).toBe(401);
    expect(calls).toEqual([]);
    const res = await get('/api/v1/lag', { 'x-test-operator': 'no' });
    expect(res.json()).toMatchObject({
      error: 'unauthenticated',
      code: 'console.operator-required',
    });
  });
});

describe('flow search', () => {
  it('takes exactly one of event id, trace id, or agency with a bounded range', async () => {
    expect((await get('/api/v1/flows?eventId=evt-1')).statusCode).toBe(200);
    expect(calls.at(-1)?.args[0]).toEqual({ kind: 'event', eventId: 'evt-1' });
    const trace = '4bf92f3577b34da6a3ce929d0e0e4736';
    expect((await get(`/api/v1/flows?traceId=${trace}`)).statusCode).toBe(200);
    const range = '&from=2030-01-01T00:00:00Z&to=2030-01-02T00:00:00Z';
    expect((await get(`/api/v1/flows?agency=mairie-lyon${range}&limit=20`)).statusCode).toBe(200);
    expect(calls.at(-1)?.args[0]).toEqual({
      kind: 'agency',
      agency: 'mairie-lyon',
      from: new Date('2030-01-01T00:00:00Z'),
      to: new Date('2030-01-02T00:00:00Z'),
      limit: 20,
    });
  });

  it.each([
    ['', '/querystring', 'exactly one of'],
    ['eventId=e1&traceId=4bf92f3577b34da6a3ce929d0e0e4736', '/querystring/traceId', 'exactly one'],
    ['eventId=e1&from=2030-01-01T00:00:00Z', '/querystring/from', 'only with agency'],
    ['agency=caf', '/querystring/from', 'required with agency'],
    [
      'agency=caf&from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z',
      '/querystring/to',
      'after from',
    ],
    ['agency=caf&from=2030-01-01T00:00:00Z&to=2030-03-01T00:00:00Z', '/querystring/to', '31 days'],
    ['agency=caf&from=yesterday&to=2030-03-01T00:00:00Z', '/querystring/from', 'date-time'],
    ['agency=CAF%20x&from=2030-01-01T00:00:00Z&to=2030-01-02T00:00:00Z', '/querystring/agency', ''],
    ['traceId=XYZ', '/querystring/traceId', ''],
    ['traceId=4BF92F3577B34DA6A3CE929D0E0E4736', '/querystring/traceId', ''],
    ['eventId=a%20b', '/querystring/eventId', ''],
    [`eventId=${'x'.repeat(129)}`, '/querystring/eventId', ''],
    ['eventId=e1&limit=0', '/querystring/limit', ''],
    ['eventId=e1&limit=501', '/querystring/limit', ''],
    ['eventId=e1&limit=ten', '/querystring/limit', ''],
    ['eventId=e1&pivot=123', '/querystring/pivot', 'not allowed'],
  ])('?%s → 400 naming %s', async (query, field, words) => {
    const res = await get(`/api/v1/flows?${query}`);
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toContain(field);
    expect(res.json().message).toContain(words);
  });

  it('answers 404 for an event it knows nothing of, 400 for an id that is none', async () => {
    const res = await get('/api/v1/flows/evt-unknown');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('console.flow-not-found');
    expect(fields(await get('/api/v1/flows/a%20b'))).toEqual(['/params/eventId']);
  });
});

describe('dead letters', () => {
  it('filters by source, owner, reason, status and event, bounded', async () => {
    const ok = await get(
      '/api/v1/dead-letters?source=reject&owner=mairie-lyon&reason=ingress.invalid-event&status=open&eventId=e1&limit=5',
    );
    expect(ok.statusCode).toBe(200);
    expect(calls.at(-1)?.args[0]).toEqual({
      source: 'reject',
      owner: 'mairie-lyon',
      reason: 'ingress.invalid-event',
      status: 'open',
      eventId: 'e1',
      limit: 5,
    });
    for (const [q, field] of [
      ['source=dlq', '/querystring/source'],
      ['status=gone', '/querystring/status'],
      ['owner=Router!', '/querystring/owner'],
      ['limit=100000', '/querystring/limit'],
    ])
      expect(fields(await get(`/api/v1/dead-letters?${q}`))).toContain(field);
  });

  it('replays ids of dead letters and rejects only, parsed and bounded; "again" as sent, never coerced', async () => {
    const ok = await post('/api/v1/dead-letters/replay', {
      ids: [DL, 'relais.rejects.mairie-lyon:0:3'],
      again: true,
    });
    expect(ok.statusCode).toBe(200);
    expect(calls.at(-1)).toEqual({
      method: 'replay',
      args: [camille, [DL, 'relais.rejects.mairie-lyon:0:3'], { again: true }],
    });
    const cases: Array<[unknown, string]> = [
      [{}, '/body/ids'],
      [{ ids: [] }, '/body/ids'],
      [{ ids: DL }, '/body/ids'],
      [{ ids: [DL, DL] }, '/body/ids'],
      [{ ids: Array.from({ length: 101 }, (_, i) => `relais.dlq.router:0:${i}`) }, '/body/ids'],
      [{ ids: ['relais.events.residence:0:1'] }, '/body/ids/0'],
      [{ ids: ['relais.dlq.router:0'] }, '/body/ids/0'],
      [{ ids: ['relais.dlq.router:10000:1'] }, '/body/ids/0'],
      [{ ids: ['relais.dlq.router:0:99999999999999999999'] }, '/body/ids/0'],
      [{ ids: ['relais.dlq.router:0:9223372036854775808'] }, '/body/ids/0'],
      [{ ids: ['relais dlq:0:1'] }, '/body/ids/0'],
      [{ ids: [DL], again: 'true' }, '/body/again'],
      [{ ids: [DL], again: 1 }, '/body/again'],
      [{ ids: [DL], force: true }, '/body/force'],
    ];
    for (const [body, field] of cases) {
      const res = await post('/api/v1/dead-letters/replay', body);
      expect({ body, status: res.statusCode }).toEqual({ body, status: 400 });
      expect(fields(res)).toContain(field);
    }
    expect(calls).toHaveLength(1);
  });

  it('discards with a reason, required and bounded', async () => {
    const ok = await post('/api/v1/dead-letters/discard', { ids: [DL], reason: '  duplicate  ' });
    expect(ok.statusCode).toBe(200);
    expect(calls.at(-1)?.args).toEqual([camille, [DL], 'duplicate']);
    for (const [body, field] of [
      [{ ids: [DL] }, '/body/reason'],
      [{ ids: [DL], reason: '' }, '/body/reason'],
      [{ ids: [DL], reason: '   ' }, '/body/reason'],
      [{ ids: [DL], reason: 'x'.repeat(501) }, '/body/reason'],
      [{ ids: [DL], reason: 42 }, '/body/reason'],
    ] as const)
      expect(fields(await post('/api/v1/dead-letters/discard', body))).toContain(field);
  });

  it('answers a body that is not JSON with a 4xx, never a 5xx', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/dead-letters/replay',
      headers: { ...as, 'content-type': 'application/json' },
      payload: '{"ids": [',
    });
    expect(bad.statusCode).toBe(400);
    const text = await app.inject({
      method: 'POST',
      url: '/api/v1/dead-letters/replay',
      headers: { ...as, 'content-type': 'text/plain' },
      payload: 'ids=1',
    });
    // Read as text, which is no object: refused naming the body.
    expect(text.statusCode).toBe(400);
    expect(fields(text)).toEqual(['/body']);
  });
});

describe('webhooks and the journal', () => {
  it('redelivers delivery ids only; the journal and failed lists take bounded limits', async () => {
    expect((await post('/api/v1/webhooks/redeliver', { ids: ['3f2a-9c'] })).statusCode).toBe(200);
    expect(calls.at(-1)).toEqual({ method: 'redeliver', args: [camille, ['3f2a-9c']] });
    // The gateway's ids are base64url (dec-046): '_' and '-' are theirs.
    const hashed = 'Qm_x-3kP0a9Z_rT1uV2wX3yZ4a5b6c7d';
    expect((await post('/api/v1/webhooks/redeliver', { ids: [hashed] })).statusCode).toBe(200);
    expect(fields(await post('/api/v1/webhooks/redeliver', { ids: ['../x'] }))).toContain(
      '/body/ids/0',
    );
    expect((await get('/api/v1/journal?limit=3')).json()).toEqual({ actions: [] });
    expect(calls.at(-1)).toEqual({ method: 'journal', args: [3] });
    expect(fields(await get('/api/v1/journal?limit=-1'))).toContain('/querystring/limit');
    expect(fields(await get('/api/v1/webhooks/failed?limit=9999'))).toContain('/querystring/limit');
  });
});
