// The HTTP base: health, readiness, one error handler (4xx names the field; 5xx hides internals),
// OpenAPI generated from route schemas.
import { describe, expect, it } from 'vitest';
import { AppError, createHttpApp, validationError } from '../src/index.ts';
import { capturingLogger, silentLogger } from './support.ts';

async function app(readyFails = false) {
  const { logger, lines } = capturingLogger('http-test');
  const instance = await createHttpApp({
    logger,
    service: 'test',
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
          },
        },
        response: { 201: { type: 'object', properties: { ok: { type: 'boolean' } } } },
      },
    },
    async (_req, reply) => reply.status(201).send({ ok: true }),
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

  it('generates the OpenAPI document from route schemas', async () => {
    const { instance } = await app();
    const doc = (await instance.inject('/openapi.json')).json<{
      openapi: string;
      paths: Record<string, unknown>;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual([
      '/v1/things/{id}',
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
});
