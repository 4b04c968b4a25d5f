// The HTTP base: health, readiness, one error handler (4xx names the field; 5xx hides internals),
// OpenAPI generated from route schemas.
import { describe, expect, it } from 'vitest';
import { AppError, createHttpApp, errorBodySchema, validationError } from '../src/index.ts';
import { capturingLogger, silentLogger } from './support.ts';

async function app(readyFails = false) {
  const { logger, lines } = capturingLogger('http-test');
  const instance = await createHttpApp({
    logger,
    service: 'test',
    bodyLimitBytes: 4096,
    readiness: {
      kafka: () => {
        if (readyFails) throw new Error('broker unreachable');
      },
    },
  });
  instance.post(
    '/v1/things/:id',
    {
      schema: {
        summary: 'Create a thing',
        params: { type: 'object', properties: { id: { type: 'string', pattern: '^[a-z]+$' } } },
        body: {
          type: 'object',
          required: ['postcode', 'kind'],
          additionalProperties: false,
          properties: {
            postcode: { type: 'string', pattern: '^[0-9]{5}$' },
            kind: { type: 'string', enum: ['main', 'secondary'] },
            rooms: { type: 'integer', minimum: 1 },
            accessible: { type: 'boolean' },
            floors: { type: 'array', items: { type: 'integer' } },
          },
        },
        response: { 201: { type: 'object', properties: { ok: { type: 'boolean' } } } },
      },
    },
    async (_req, reply) => reply.status(201).send({ ok: true }),
  );
  // Query strings and path parameters arrive as text: they are still read as their types.
  instance.get<{
    Params: { n: number };
    Querystring: { limit: number; wait: boolean; tag: string[] };
  }>(
    '/v1/pages/:n',
    {
      schema: {
        params: { type: 'object', properties: { n: { type: 'integer' } } },
        querystring: {
          type: 'object',
          properties: {
            limit: { type: 'integer' },
            wait: { type: 'boolean' },
            tag: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
    async (req) => ({ n: req.params.n, ...req.query }),
  );
  instance.get('/boom', async () => {
    throw new Error('secret connection string postgres://user:pw@db');
  });
  instance.get('/conflict', async () => {
    throw new AppError('conflict', 'contract fr.gouv.x already has version 2');
  });
  instance.get('/domain-validation', async () => {
    throw validationError([
      { field: '/body/address/postcode', expected: 'a 5-digit French postcode' },
    ]);
  });
  await instance.ready();
  return { instance, lines };
}

describe('HTTP base', () => {
  it('names the development shortcuts that are on in /healthz', async () => {
    const instance = await createHttpApp({
      logger: silentLogger(),
      service: 'test',
      developmentShortcuts: ['CONSENT_DEV_TOKENS'],
    });
    expect((await instance.inject('/healthz')).json()).toEqual({
      status: 'ok',
      service: 'test',
      developmentShortcuts: ['CONSENT_DEV_TOKENS'],
    });
  });

  it('answers /healthz and /readyz, naming a failing readiness check', async () => {
    const { instance } = await app();
    expect((await instance.inject('/healthz')).json()).toEqual({ status: 'ok', service: 'test' });
    expect((await instance.inject('/readyz')).statusCode).toBe(200);
    const notReady = await (await app(true)).instance.inject('/readyz');
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toEqual({
      status: 'not-ready',
      failing: { kafka: 'broker unreachable' },
    });
  });

  it('answers 400 naming every bad field and what it expected', async () => {
    const { instance } = await app();
    const res = await instance.inject({
      method: 'POST',
      url: '/v1/things/abc',
      payload: { postcode: '6900', kind: 'holiday', rooms: 0, colour: 'red' },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json<{
      error: string;
      problems: Array<{ field: string; expected: string }>;
    }>();
    expect(body.error).toBe('validation');
    expect(body.problems).toEqual(
      expect.arrayContaining([
        { field: '/body/colour', expected: 'no such field (not allowed here)' },
        { field: '/body/postcode', expected: 'must match pattern "^[0-9]{5}$"' },
        { field: '/body/kind', expected: 'one of main, secondary' },
        { field: '/body/rooms', expected: 'must be >= 1' },
      ]),
    );
    const missing = await instance.inject({ method: 'POST', url: '/v1/things/abc', payload: {} });
    expect(missing.json<{ problems: unknown[] }>().problems).toEqual(
      expect.arrayContaining([
        { field: '/body/postcode', expected: 'required' },
        { field: '/body/kind', expected: 'required' },
      ]),
    );
  });

  it('answers 4xx, never 5xx, for malformed JSON, a wrong media type or an unknown route', async () => {
    const { instance } = await app();
    const badJson = await instance.inject({
      method: 'POST',
      url: '/v1/things/abc',
      headers: { 'content-type': 'application/json' },
      payload: '{"postcode":',
    });
    expect(badJson.statusCode).toBe(400);
    const xml = await instance.inject({
      method: 'POST',
      url: '/v1/things/abc',
      headers: { 'content-type': 'application/xml' },
      payload: '<thing/>',
    });
    expect(xml.statusCode).toBe(415);
    expect((await instance.inject('/nowhere')).statusCode).toBe(404);
  });

  it('answers 413 naming the body limit and the size sent, in the error shape', async () => {
    const { instance } = await app();
    const res = await instance.inject({
      method: 'POST',
      url: '/v1/things/abc',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ postcode: '69003', kind: 'main', note: 'x'.repeat(5000) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({
      error: 'payloadTooLarge',
      message: 'body: expected at most 4,096 bytes, got 5,044 bytes',
    });
  });

  it('never coerces a body: a number for a string, null for a boolean, a scalar for an array', async () => {
    const { instance } = await app();
    const post = (body: Record<string, unknown>) =>
      instance.inject({
        method: 'POST',
        url: '/v1/things/abc',
        payload: { postcode: '69003', kind: 'main', ...body },
      });
    expect((await post({ rooms: 3, accessible: true, floors: [1] })).statusCode).toBe(201);
    for (const [body, field, type] of [
      [{ postcode: 69003 }, '/body/postcode', 'string'],
      [{ accessible: null }, '/body/accessible', 'boolean'],
      [{ accessible: 'true' }, '/body/accessible', 'boolean'],
      [{ rooms: '3' }, '/body/rooms', 'integer'],
      [{ floors: 1 }, '/body/floors', 'array'],
    ] as const) {
      const res = await post(body);
      expect({ body, status: res.statusCode }).toEqual({ body, status: 400 });
      expect(res.json().problems).toContainEqual({ field, expected: `type ${type}` });
    }
    // Query strings and parameters still read as their declared types.
    const page = await instance.inject('/v1/pages/2?limit=5&wait=true&tag=a');
    expect(page.json()).toEqual({ n: 2, limit: 5, wait: true, tag: ['a'] });
  });

  it('maps domain errors to their status and keeps 5xx bodies free of internals', async () => {
    const { instance, lines } = await app();
    expect((await instance.inject('/conflict')).statusCode).toBe(409);
    const v = await instance.inject('/domain-validation');
    expect(v.statusCode).toBe(400);
    expect(v.json()).toMatchObject({ problems: [{ field: '/body/address/postcode' }] });
    const boom = await instance.inject('/boom');
    expect(boom.statusCode).toBe(500);
    expect(boom.json()).toEqual({ error: 'internal', message: 'internal error' });
    expect(boom.body).not.toContain('postgres');
    // The operator still sees what happened, in the log.
    expect(lines().some((l) => l.includes('request failed'))).toBe(true);
  });

  it('generates the OpenAPI document from route schemas, every answer and credential declared', async () => {
    const { instance } = await app();
    type Answers = Record<string, { content?: Record<string, { schema: unknown }> }>;
    const doc = (await instance.inject('/openapi.json')).json<{
      openapi: string;
      paths: Record<string, Record<string, { responses: Answers; security?: unknown }>>;
      components: { securitySchemes: Record<string, { type: string; scheme?: string }> };
    }>();
    expect(doc.openapi).toBe('3.1.0');
    // The kit's answers: 400 (validation), 404 and 414 (a path parameter), 413/415 (a body),
    // each with the error body; the route's own 201 kept.
    const post = doc.paths['/v1/things/{id}']?.['post'];
    expect(Object.keys(post?.responses ?? {}).sort()).toEqual(
      ['201', '400', '404', '413', '414', '415'].sort(),
    );
    expect(post?.responses['400']?.content?.['application/json']?.schema).toEqual(errorBodySchema);
    // The scrape route is declared, behind its token.
    expect(doc.components.securitySchemes['scrapeToken']).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    const scrape = doc.paths['/metrics/prometheus']?.['get'];
    expect(scrape?.security).toEqual([{ scrapeToken: [] }]);
    expect(Object.keys(scrape?.responses ?? {})).toEqual(['200', '401']);
    expect(Object.keys(doc.paths)).toEqual([
      '/metrics/prometheus',
      '/v1/things/{id}',
      '/v1/pages/{n}',
      '/boom',
      '/conflict',
      '/domain-validation',
    ]);
  });
});

describe('logging', () => {
  it('censors personal identifiers wherever they appear and carries no raw URL', async () => {
    const { logger, lines } = capturingLogger();
    logger.info(
      { pivot: 'P-123', citizen: { nir: '1850775123456', lastName: 'Martin' }, count: 2 },
      'routed',
    );
    const line = lines().at(-1) ?? '';
    expect(line).not.toContain('P-123');
    expect(line).not.toContain('1850775123456');
    expect(line).not.toContain('Martin');
    expect(JSON.parse(line)).toMatchObject({
      count: 2,
      pivot: '[personal]',
      level: 'info',
      service: 'kit-test',
    });
    expect(silentLogger().level).toBe('silent');
  });

  it('logs a request by its route pattern: never its path, query string, headers or body', async () => {
    const { instance, lines } = await app();
    const pivot = 'P-7f3a9c';
    const email = 'camille.martin@example.org';
    const asked = [
      await instance.inject({
        method: 'POST',
        url: `/v1/things/abc?pivot=${pivot}&email=${encodeURIComponent(email)}`,
        headers: { authorization: `Bearer ${pivot}`, 'x-citizen': email },
        payload: { postcode: '69003', kind: 'main', rooms: 2, note: email },
      }),
      await instance.inject({
        method: 'POST',
        url: `/v1/things/abc?pivot=${pivot}`,
        payload: { postcode: '69003', kind: 'main' },
      }),
      await instance.inject({ url: `/v1/pages/3?tag=${pivot}&tag=${encodeURIComponent(email)}` }),
      await instance.inject({ url: `/boom?pivot=${pivot}` }),
      await instance.inject({ url: `/nowhere/${pivot}?email=${encodeURIComponent(email)}` }),
    ];
    expect(asked.map((r) => r.statusCode)).toEqual([400, 201, 200, 500, 404]);
    const logged = lines().join('\n');
    for (const identifier of [pivot, email, encodeURIComponent(email), '69003'])
      expect(logged).not.toContain(identifier);
    expect(
      lines()
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l['msg'] === 'request')
        .map((l) => [l['method'], l['route'], l['status']]),
    ).toEqual([
      ['POST', '/v1/things/:id', 400],
      ['POST', '/v1/things/:id', 201],
      ['GET', '/v1/pages/:n', 200],
      ['GET', '/boom', 500],
      ['GET', 'unmatched', 404],
    ]);
  });

  it("makes a request's logger on its first line: bound to the request id, silenced by the route's level", async () => {
    const { logger, lines } = capturingLogger('http-test');
    const instance = await createHttpApp({ logger, service: 'test' });
    instance.get('/v1/noted/:n', async (request) => {
      request.log.info({ pivot: 'P-1', step: 1 }, 'noted');
      return {};
    });
    instance.get('/v1/quiet', { logLevel: 'warn' }, async (request) => {
      request.log.info('not written');
      request.log.warn('written');
      return {};
    });
    await instance.inject({ url: '/v1/noted/1' });
    await instance.inject({ url: '/v1/quiet' });
    const logged = lines().map((l) => JSON.parse(l) as Record<string, unknown>);
    const of = (msg: string) => logged.filter((l) => l['msg'] === msg);
    expect(of('noted')).toEqual([
      expect.objectContaining({ reqId: 'req-1', pivot: '[personal]', step: 1, level: 'info' }),
    ]);
    expect(of('written')).toEqual([expect.objectContaining({ reqId: 'req-2', level: 'warn' })]);
    expect(of('not written')).toEqual([]);
    // The access line: the noted route's, with its request id; the quiet route's is silenced.
    expect(of('request').map((l) => [l['reqId'], l['route']])).toEqual([['req-1', '/v1/noted/:n']]);
  });
});
