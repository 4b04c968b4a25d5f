// The Confluent Schema Registry REST API (through app.inject), storage on the real broker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceMetrics, relaisMetrics } from '@relais/kit';
import { parsePrometheus, sampleSum } from '@relais/testkit/prometheus';
import type { RunningRegistry } from '../src/index.ts';
import { call, credentials, CT, record, registryFactory } from './support.ts';

const factory = registryFactory('api');
let r: RunningRegistry;
let base: RunningRegistry;

beforeAll(async () => {
  r = await factory.start({
    metrics: createServiceMetrics('registry', { scrapeToken: 'scrape' }),
  });
  base = r;
});
afterAll(() => factory.closeAll());

const v1 = record('Moved', [{ name: 'postcode', type: 'string' }]);
const v2 = record('Moved', [
  { name: 'postcode', type: 'string' },
  { name: 'city', type: ['null', 'string'], default: null },
]);

describe('subjects and ids', () => {
  it('registers, gives the same id to the same schema whatever its formatting, and never reuses ids', async () => {
    const first = await call(base, 'POST', '/subjects/moved-value/versions', { schema: v1 });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain(CT);
    const id = (first.body as { id: number }).id;
    // Same schema, other whitespace and other attribute order: same id, no new version.
    const reordered = `{ "fields": [ {"type":"string","name":"postcode"} ], "namespace": "fr.gouv.test",  "name": "Moved", "type": "record" }`;
    expect(
      (await call(base, 'POST', '/subjects/moved-value/versions', { schema: reordered })).body,
    ).toEqual({ id });
    // Same schema under another subject: same global id.
    expect(
      (await call(base, 'POST', '/subjects/other-value/versions', { schema: v1 })).body,
    ).toEqual({ id });
    const second = await call(base, 'POST', '/subjects/moved-value/versions', { schema: v2 });
    expect((second.body as { id: number }).id).toBe(id + 1);
    expect((await call(base, 'GET', '/subjects/moved-value/versions')).body).toEqual([1, 2]);
    expect((await call(base, 'GET', '/subjects/other-value/versions')).body).toEqual([1]);
  });

  it('serves versions, latest, schema by id, and lookups', async () => {
    const latest = await call(base, 'GET', '/subjects/moved-value/versions/latest');
    expect(latest.body).toMatchObject({ subject: 'moved-value', version: 2, schema: v2 });
    const id = (latest.body as { id: number }).id;
    expect((await call(base, 'GET', '/subjects/moved-value/versions/-1')).body).toEqual(
      latest.body,
    );
    expect((await call(base, 'GET', `/schemas/ids/${id}`)).body).toEqual({ schema: v2 });
    expect((await call(base, 'GET', `/schemas/ids/${id}/schema`)).body).toEqual(JSON.parse(v2));
    expect((await call(base, 'GET', `/schemas/ids/${id}/versions`)).body).toEqual([
      { subject: 'moved-value', version: 2 },
    ]);
    expect((await call(base, 'GET', `/subjects/moved-value/versions/1/schema`)).body).toEqual(
      JSON.parse(v1),
    );
    expect((await call(base, 'POST', '/subjects/moved-value', { schema: v1 })).body).toMatchObject({
      version: 1,
      subject: 'moved-value',
    });
    expect((await call(base, 'GET', '/schemas/types')).body).toEqual(['AVRO']);
    expect((await call(base, 'GET', '/subjects')).body).toEqual(
      expect.arrayContaining(['moved-value', 'other-value']),
    );
  });

  it('answers Confluent error codes with clear messages for bad input', async () => {
    const cases: Array<[string, string, unknown, number, number, RegExp]> = [
      [
        'POST',
        '/subjects/bad/versions',
        { schema: '{"type": "record", "name": ' },
        422,
        42201,
        /not valid JSON/,
      ],
      [
        'POST',
        '/subjects/bad/versions',
        { schema: '{"type":"record","name":"X","fields":[{"name":"a","type":"strnig"}]}' },
        422,
        42201,
        /strnig/,
      ],
      ['POST', '/subjects/bad/versions', {}, 422, 42201, /"schema"/],
      [
        'POST',
        '/subjects/bad/versions',
        { schema: 'syntax = "proto3";', schemaType: 'PROTOBUF' },
        422,
        42201,
        /"PROTOBUF" is not supported/,
      ],
      ['GET', '/subjects/nobody/versions', undefined, 404, 40401, /Subject 'nobody' not found/],
      ['GET', '/subjects/moved-value/versions/9', undefined, 404, 40402, /Version 9 not found/],
      ['GET', '/subjects/moved-value/versions/abc', undefined, 422, 42202, /not a valid version/],
      ['GET', '/schemas/ids/99999', undefined, 404, 40403, /Schema 99999 not found/],
      [
        'POST',
        '/subjects/moved-value',
        { schema: record('Never', [{ name: 'x', type: 'int' }]) },
        404,
        40403,
        /Schema not found/,
      ],
      [
        'PUT',
        '/config',
        { compatibility: 'SIDEWAYS' },
        422,
        42203,
        /Invalid compatibility level "SIDEWAYS"/,
      ],
      [
        'GET',
        '/config/moved-value',
        undefined,
        404,
        40408,
        /does not have subject-level compatibility/,
      ],
      ['PUT', '/mode', { mode: 'IMPORT' }, 422, 42204, /Invalid mode "IMPORT"/],
    ];
    for (const [method, path, body, status, code, message] of cases) {
      const res = await call(base, method, path, body);
      expect({ path, status: res.status }).toEqual({ path, status });
      expect(res.body).toMatchObject({ error_code: code });
      expect((res.body as { message: string }).message).toMatch(message);
    }
    const badJson = await base.app.inject({
      method: 'POST',
      url: '/subjects/bad/versions',
      headers: { 'content-type': CT, authorization: credentials.operator },
      payload: '{oops',
    });
    expect(badJson.statusCode).toBe(422);
    expect(badJson.json()).toMatchObject({ error_code: 42201 });
  });
});

describe('compatibility', () => {
  it('refuses an incompatible registration with 409 and says why', async () => {
    await call(base, 'POST', '/subjects/compat-value/versions', {
      schema: record('C', [{ name: 'a', type: 'string' }]),
    });
    const res = await call(base, 'POST', '/subjects/compat-value/versions', {
      schema: record('C', [
        { name: 'a', type: 'string' },
        { name: 'b', type: 'int' },
      ]),
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error_code: 409 });
    expect((res.body as { message: string }).message).toMatch(
      /READER_FIELD_MISSING_DEFAULT_VALUE.*additionalInfo:'b'/,
    );
  });

  it('tests compatibility without registering, verbosely', async () => {
    const bad = record('C', [{ name: 'a', type: 'int' }]);
    const res = await call(
      base,
      'POST',
      '/compatibility/subjects/compat-value/versions/latest?verbose=true',
      { schema: bad },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      is_compatible: false,
      messages: [expect.stringContaining("errorType:'TYPE_MISMATCH'")],
    });
    const good = record('C', [
      { name: 'a', type: 'string' },
      { name: 'b', type: 'int', default: 0 },
    ]);
    expect(
      (
        await call(base, 'POST', '/compatibility/subjects/compat-value/versions/1', {
          schema: good,
        })
      ).body,
    ).toEqual({ is_compatible: true });
    expect(
      (await call(base, 'POST', '/compatibility/subjects/compat-value/versions', { schema: good }))
        .body,
    ).toEqual({ is_compatible: true });
    expect(
      (
        await call(base, 'POST', '/compatibility/subjects/none-such/versions/latest', {
          schema: good,
        })
      ).body,
    ).toMatchObject({ error_code: 40401 });
  });

  it('counts registrations and compatibility failures for Prometheus', async () => {
    const m = relaisMetrics.registry;
    const scrape = async () => {
      const res = await base.app.inject({
        url: '/metrics/prometheus',
        headers: { authorization: 'Bearer scrape' },
      });
      expect(res.statusCode).toBe(200);
      return parsePrometheus(res.body);
    };
    const before = await scrape();
    const count = (parsed: typeof before, name: string, labels = {}) =>
      sampleSum(parsed, name, labels) - sampleSum(before, name, labels);
    const p = record('P', [{ name: 'a', type: 'string' }]);
    await call(base, 'POST', '/subjects/prom-value/versions', { schema: p });
    await call(base, 'POST', '/subjects/prom-value/versions', { schema: p }); // the same: no new one
    const refused = await call(base, 'POST', '/subjects/prom-value/versions', {
      schema: record('P', [{ name: 'a', type: 'int' }]),
    });
    expect(refused.status).toBe(409);
    await call(base, 'POST', '/compatibility/subjects/prom-value/versions/latest', {
      schema: record('P', [{ name: 'a', type: 'long' }]),
    });
    const after = await scrape();
    expect(count(after, m.registered.name)).toBe(1);
    expect(count(after, m.compatibilityFailures.name, { check: 'register' })).toBe(1);
    expect(count(after, m.compatibilityFailures.name, { check: 'test' })).toBe(1);
    expect(count(after, m.subjects.name)).toBe(1);
    expect(count(after, m.schemas.name)).toBe(1);
    for (const d of Object.values(m)) expect(after.types.get(d.name)).toBe(d.type);
    // Routes by pattern: a subject name never reaches a label.
    expect(
      sampleSum(after, `${relaisMetrics.http.requestDuration.name}_count`, {
        route: '/subjects/:subject/versions',
        status_code: '409',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(after.samples.some((s) => Object.values(s.labels).includes('prom-value'))).toBe(false);
  });

  it('sets, reads and deletes all seven levels, globally and per subject', async () => {
    expect((await call(base, 'GET', '/config')).body).toEqual({
      compatibilityLevel: 'BACKWARD_TRANSITIVE',
    });
    for (const level of [
      'BACKWARD',
      'BACKWARD_TRANSITIVE',
      'FORWARD',
      'FORWARD_TRANSITIVE',
      'FULL',
      'FULL_TRANSITIVE',
      'NONE',
    ]) {
      expect(
        (await call(base, 'PUT', '/config/compat-value', { compatibility: level })).body,
      ).toEqual({ compatibility: level });
      expect((await call(base, 'GET', '/config/compat-value')).body).toEqual({
        compatibilityLevel: level,
      });
    }
    // NONE lets the incompatible change through.
    expect(
      (
        await call(base, 'POST', '/subjects/compat-value/versions', {
          schema: record('C', [{ name: 'a', type: 'int' }]),
        })
      ).status,
    ).toBe(200);
    expect((await call(base, 'DELETE', '/config/compat-value')).body).toEqual({
      compatibilityLevel: 'NONE',
    });
    expect((await call(base, 'GET', '/config/compat-value?defaultToGlobal=true')).body).toEqual({
      compatibilityLevel: 'BACKWARD_TRANSITIVE',
    });
    expect((await call(base, 'PUT', '/config', { compatibility: 'full' })).body).toEqual({
      compatibility: 'FULL',
    });
    expect((await call(base, 'GET', '/config')).body).toEqual({ compatibilityLevel: 'FULL' });
    expect((await call(base, 'DELETE', '/config')).body).toEqual({ compatibilityLevel: 'FULL' });
    expect((await call(base, 'GET', '/config')).body).toEqual({
      compatibilityLevel: 'BACKWARD_TRANSITIVE',
    });
  });
});

describe('modes, deletes and references', () => {
  it('refuses writes in READONLY mode', async () => {
    expect((await call(base, 'PUT', '/mode/ro-value', { mode: 'READONLY' })).body).toEqual({
      mode: 'READONLY',
    });
    const res = await call(base, 'POST', '/subjects/ro-value/versions', { schema: v1 });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      error_code: 42205,
      message: 'Subject ro-value is in read-only mode',
    });
    expect((await call(base, 'GET', '/mode/ro-value')).body).toEqual({ mode: 'READONLY' });
    expect((await call(base, 'DELETE', '/mode/ro-value')).body).toEqual({ mode: 'READONLY' });
    expect((await call(base, 'GET', '/mode')).body).toEqual({ mode: 'READWRITE' });
    expect((await call(base, 'POST', '/subjects/ro-value/versions', { schema: v1 })).status).toBe(
      200,
    );
  });

  it('soft-deletes, then hard-deletes, and never hands a deleted id out again', async () => {
    const schema = record('Gone', [{ name: 'x', type: 'long' }]);
    const { id } = (await call(base, 'POST', '/subjects/gone-value/versions', { schema })).body as {
      id: number;
    };
    expect((await call(base, 'DELETE', '/subjects/gone-value?permanent=true')).body).toMatchObject({
      error_code: 40405,
    });
    expect((await call(base, 'DELETE', '/subjects/gone-value')).body).toEqual([1]);
    expect((await call(base, 'GET', '/subjects/gone-value/versions')).body).toMatchObject({
      error_code: 40401,
    });
    expect((await call(base, 'GET', '/subjects/gone-value/versions?deleted=true')).body).toEqual([
      1,
    ]);
    expect((await call(base, 'GET', '/subjects?deleted=true')).body).toContain('gone-value');
    expect((await call(base, 'DELETE', '/subjects/gone-value?permanent=true')).body).toEqual([1]);
    expect(
      (await call(base, 'GET', '/subjects/gone-value/versions?deleted=true')).body,
    ).toMatchObject({ error_code: 40401 });
    // Data written with the id stays readable; a new schema gets a new id.
    expect((await call(base, 'GET', `/schemas/ids/${id}`)).status).toBe(200);
    const next = (
      await call(base, 'POST', '/subjects/gone-value/versions', {
        schema: record('Gone2', [{ name: 'y', type: 'long' }]),
      })
    ).body as { id: number };
    expect(next.id).toBeGreaterThan(id);
  });

  it('deletes single versions, soft then permanent', async () => {
    await call(base, 'POST', '/subjects/ver-value/versions', {
      schema: record('V', [{ name: 'a', type: 'string' }]),
    });
    await call(base, 'POST', '/subjects/ver-value/versions', {
      schema: record('V', [
        { name: 'a', type: 'string' },
        { name: 'b', type: 'int', default: 1 },
      ]),
    });
    expect(
      (await call(base, 'DELETE', '/subjects/ver-value/versions/2?permanent=true')).body,
    ).toMatchObject({ error_code: 40407 });
    expect((await call(base, 'DELETE', '/subjects/ver-value/versions/2')).body).toBe(2);
    expect((await call(base, 'GET', '/subjects/ver-value/versions')).body).toEqual([1]);
    expect((await call(base, 'DELETE', '/subjects/ver-value/versions/2?permanent=true')).body).toBe(
      2,
    );
  });

  it('resolves references to named types in other subjects', async () => {
    const address = JSON.stringify({
      type: 'record',
      name: 'Address',
      namespace: 'fr.gouv.test',
      fields: [{ name: 'postcode', type: 'string' }],
    });
    await call(base, 'POST', '/subjects/fr.gouv.test.Address/versions', { schema: address });
    const person = JSON.stringify({
      type: 'record',
      name: 'Household',
      namespace: 'fr.gouv.test',
      fields: [{ name: 'home', type: 'fr.gouv.test.Address' }],
    });
    const references = [
      { name: 'fr.gouv.test.Address', subject: 'fr.gouv.test.Address', version: 1 },
    ];
    const res = await call(base, 'POST', '/subjects/household-value/versions', {
      schema: person,
      references,
    });
    expect(res.status).toBe(200);
    const id = (res.body as { id: number }).id;
    expect((await call(base, 'GET', `/schemas/ids/${id}`)).body).toEqual({
      schema: person,
      references,
    });
    expect(
      (await call(base, 'GET', '/subjects/fr.gouv.test.Address/versions/1/referencedby')).body,
    ).toEqual([id]);
    const missing = await call(base, 'POST', '/subjects/household2-value/versions', {
      schema: person,
    });
    expect(missing.body).toMatchObject({ error_code: 42201 });
    expect((missing.body as { message: string }).message).toMatch(/fr\.gouv\.test\.Address/);
  });
});
