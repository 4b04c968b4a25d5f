import { createHttpApp, createLogger } from '@relais/kit';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogRoutes } from '../src/routes/catalog.ts';
import { fixtureCatalog } from './fixtures/catalog-fixture.ts';

const catalog = fixtureCatalog();
let app: FastifyInstance;

beforeAll(async () => {
  app = await createHttpApp({
    logger: createLogger({ service: 'test', level: 'silent' }),
    service: 'registry',
  });
  await app.register(
    catalogRoutes({
      catalog,
      registered: (name) =>
        name === 'fr.gouv.residence.AddressChanged' ? { id: 7, version: 2 } : undefined,
      registryUrl: 'http://registry.test:8081',
      kafkaBootstrap: 'kafka.test:9092',
    }),
  );
  await app.ready();
});
afterAll(() => app.close());

describe('catalog routes', () => {
  it('GET /catalog lists contracts with fields, registration and subscriptions', async () => {
    const res = await app.inject('/catalog');
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      contracts: Array<
        Record<string, unknown> & { fields: unknown[]; subscriptions: Array<{ id: string }> }
      >;
      agencies: unknown[];
      subscriptions: unknown[];
    }>();
    expect(body.agencies).toHaveLength(3);
    expect(body.subscriptions).toHaveLength(2);
    const [address, benefit] = body.contracts;
    expect(address).toMatchObject({
      fullName: 'fr.gouv.residence.AddressChanged',
      name: 'AddressChanged',
      domain: 'residence',
      owner: 'mairie-lyon',
      publishers: ['mairie-lyon'],
      compatibility: 'FULL_TRANSITIVE',
      subject: 'fr.gouv.residence.AddressChanged',
      topic: 'relais.events.residence',
      registered: { id: 7, version: 2 },
    });
    expect(address!.fields).toContainEqual({
      path: 'address.postcode',
      doc: 'Five-digit postcode.',
      category: 'address',
      sensitivity: 'personal',
      topLevel: false,
    });
    expect(address!.subscriptions.map((s) => s.id)).toEqual(['caf-address']);
    expect(benefit).toMatchObject({ registered: null, topic: 'relais.events.family' });
  });

  it('GET /asyncapi.json and /asyncapi/:agency.json serve AsyncAPI 3.0.0', async () => {
    const all = await app.inject('/asyncapi.json');
    expect(all.statusCode).toBe(200);
    expect(all.json()).toMatchObject({
      asyncapi: '3.0.0',
      servers: { relais: { host: 'kafka.test:9092' } },
    });
    const caf = await app.inject('/asyncapi/caf.json');
    expect(caf.statusCode).toBe(200);
    const doc = caf.json<{
      info: { title: string };
      channels: Record<string, { address: string }>;
    }>();
    expect(doc.info.title).toContain("Caisse d'allocations familiales");
    expect(
      Object.values(doc.channels)
        .map((c) => c.address)
        .sort(),
    ).toEqual(['relais.deliveries.caf', 'relais.ingress.caf']);
    // The payload schema must survive response serialization untouched (Avro attributes included).
    expect(JSON.stringify(doc)).toContain('"relais.sensitivity"');
  });

  it('GET /asyncapi/nobody.json is a 404 naming the agency', async () => {
    const res = await app.inject('/asyncapi/nobody.json');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error_code: 40400, message: 'agency "nobody" is not declared' });
  });

  it('GET /contracts is an HTML index linking every contract', async () => {
    const res = await app.inject('/contracts');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(res.body).toContain('<main>');
    expect(res.body).toContain('href="/contracts/fr.gouv.residence.AddressChanged"');
    expect(res.body).toContain('href="/contracts/fr.gouv.family.BenefitPaid"');
    expect(res.body).not.toContain('<script>');
  });

  it('GET /contracts/:name renders the fields, subscriptions and integration, escaped', async () => {
    const res = await app.inject('/contracts/fr.gouv.residence.AddressChanged');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body;
    expect(html).toContain('<h1>AddressChanged</h1>');
    expect(html).toContain('<table id="fields">');
    expect(html).toContain('<th scope="row"><code>address.postcode</code></th>');
    expect(html).toContain('<code>date</code>');
    expect(html).toContain('<code>timestamp</code>');
    expect(html).toContain('<code>enum Housing {OWNER, TENANT, HOSTED, UNKNOWN}</code>');
    expect(html).toContain('<code>null | Address</code>');
    expect(html).toContain('version 2 (schema id 7)');
    expect(html).toContain('CSS art. L114-12');
    expect(html).toContain(
      'value.subject.name.strategy=io.confluent.kafka.serializers.subject.RecordNameStrategy',
    );
    expect(html).toContain('auto.register.schemas=false');
    expect(html).toContain('getLatestSchemaId(&#39;fr.gouv.residence.AddressChanged&#39;)');
    expect(html).toContain('href="/asyncapi/mairie-lyon.json"');
    expect(html).toContain('packages/sdk/README.md');
    // The fixture doc carries a script tag: it must come out as text, in the lead and in the schema.
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;doc&quot;)&lt;/script&gt;');
  });

  it('renders money and arrays readably', async () => {
    const html = (await app.inject('/contracts/fr.gouv.family.BenefitPaid')).body;
    expect(html).toContain('<code>long (euro cents)</code>');
    expect(html).toContain('<code>array&lt;Member&gt;</code>');
    expect(html).toContain('not registered yet');
  });

  it('GET /contracts/<unknown> is an HTML 404 naming it', async () => {
    const res = await app.inject('/contracts/fr.gouv.nope.%3Cb%3EGone');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<code>fr.gouv.nope.&lt;b&gt;Gone</code>');
  });

  it('documents the routes in the OpenAPI document under the catalog tag', async () => {
    const spec = (await app.inject('/openapi.json')).json<{
      paths: Record<string, Record<string, { tags?: string[] }>>;
    }>();
    for (const path of [
      '/catalog',
      '/asyncapi.json',
      '/asyncapi/{agency}.json',
      '/contracts',
      '/contracts/{name}',
    ]) {
      expect(spec.paths[path]?.['get']?.tags).toEqual(['catalog']);
    }
  });
});
