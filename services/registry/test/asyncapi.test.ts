import {
  loadCatalog,
  projectSchema,
  topicOf,
  writtenByRelais,
  type Catalog,
} from '@relais/contracts';
import { describe, expect, it } from 'vitest';
import { buildAsyncApi } from '../src/domain/asyncapi.ts';
import { fixtureCatalog } from './fixtures/catalog-fixture.ts';

type Json = Record<string, unknown>;
interface Doc {
  asyncapi: string;
  info: { title: string; externalDocs: { url: string } };
  servers: { relais: { host: string; protocol: string } };
  channels: Record<string, { address: string; messages: Record<string, Json> }>;
  operations: Record<
    string,
    { action: string; channel: { $ref: string }; messages: Array<{ $ref: string }> }
  >;
}

const build = (catalog: Catalog, agency?: string): Doc =>
  buildAsyncApi(catalog, {
    registryUrl: 'http://registry.test:8081/',
    kafkaBootstrap: 'kafka.test:9092',
    ...(agency !== undefined ? { agency } : {}),
  }) as unknown as Doc;

const addresses = (doc: Doc): string[] =>
  Object.values(doc.channels)
    .map((c) => c.address)
    .sort();
const fieldNames = (schema: unknown): string[] =>
  ((schema as Json)['fields'] as Json[]).map((f) => String(f['name']));

/** Every `$ref` of an operation must resolve inside the document. */
function resolve(doc: Doc, ref: string): unknown {
  expect(ref.startsWith('#/')).toBe(true);
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], doc);
}

describe('buildAsyncApi on a fixture catalog', () => {
  const catalog = fixtureCatalog();

  it('describes the whole backbone: events, ingress and deliveries channels', () => {
    const doc = build(catalog);
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.info.title).toBe('Relais — backbone');
    expect(doc.info.externalDocs.url).toBe('http://registry.test:8081/contracts');
    expect(doc.servers.relais).toMatchObject({ host: 'kafka.test:9092', protocol: 'kafka' });
    expect(addresses(doc)).toEqual([
      'relais.deliveries.caf',
      'relais.deliveries.dgfip',
      'relais.events.family',
      'relais.events.residence',
      'relais.ingress.caf',
      'relais.ingress.mairie-lyon',
    ]);
    for (const key of Object.keys(doc.channels)) expect(key).toMatch(/^[A-Za-z0-9_]+$/);
    const ops = Object.values(doc.operations).map(
      (o) => `${o.action} ${(resolve(doc, o.channel.$ref) as Json)['address'] as string}`,
    );
    expect(ops.sort()).toEqual([
      'receive relais.deliveries.caf',
      'receive relais.deliveries.dgfip',
      'send relais.ingress.caf',
      'send relais.ingress.mairie-lyon',
    ]);
    for (const op of Object.values(doc.operations)) {
      expect(op.messages.length).toBeGreaterThan(0);
      for (const m of op.messages)
        expect(resolve(doc, m.$ref)).toMatchObject({ contentType: 'application/avro' });
    }
  });

  it('writes each message with the Avro payload, CloudEvents headers, Kafka key and x-relais', () => {
    const doc = build(catalog);
    const events = doc.channels['relais_events_residence']!;
    const msg = events.messages['fr_gouv_residence_AddressChanged']!;
    expect(msg).toMatchObject({
      name: 'fr.gouv.residence.AddressChanged',
      title: 'AddressChanged',
      contentType: 'application/avro',
      payload: { schemaFormat: 'application/vnd.apache.avro+json;version=1.9.0' },
      bindings: { kafka: { key: { type: 'string' }, bindingVersion: '0.5.0' } },
      'x-relais': {
        owner: 'mairie-lyon',
        publishers: ['mairie-lyon'],
        compatibility: 'FULL_TRANSITIVE',
        subject: 'fr.gouv.residence.AddressChanged',
      },
    });
    expect((msg['payload'] as Json)['schema']).toEqual(catalog.contracts[0]!.schema);
    const headers = msg['headers'] as { required: string[]; properties: Record<string, Json> };
    expect(headers.required).toEqual([
      'ce_specversion',
      'ce_id',
      'ce_source',
      'ce_type',
      'ce_time',
    ]);
    expect(headers.properties['ce_type']).toMatchObject({
      const: 'fr.gouv.residence.AddressChanged',
    });
    expect(headers.properties['ce_specversion']).toMatchObject({ const: '1.0' });
    expect(headers.properties['ce_legalbasis']).toMatchObject({
      enum: ['consent', 'legal-obligation', 'public-task'],
    });
    for (const h of [
      'ce_time',
      'content-type',
      'ce_purpose',
      'ce_consentid',
      'traceparent',
      'ce_source',
    ]) {
      expect(headers.properties).toHaveProperty([h]);
    }
    const key = (m: Json): string =>
      ((m['bindings'] as Json)['kafka'] as { key: { description: string } }).key.description;
    expect(key(msg)).toMatch(/pivot/);
    expect(
      key(doc.channels['relais_ingress_caf']!.messages['fr_gouv_family_BenefitPaid']!),
    ).toMatch(/publishing agency/);
    const delivered = Object.values(doc.channels['relais_deliveries_caf']!.messages)[0]!;
    expect(key(delivered)).toMatch(/receiving agency/);
    for (const m of [msg, delivered]) expect(key(m)).toMatch(/never a real identifier/i);
  });

  it('projects delivery payloads to the subscription fields', () => {
    const doc = build(catalog);
    const delivered = Object.values(doc.channels['relais_deliveries_caf']!.messages);
    expect(delivered).toHaveLength(1);
    const msg = delivered[0]!;
    const schema = (msg['payload'] as Json)['schema'] as Json;
    expect(fieldNames(schema)).toEqual(['movedOn', 'previousAddress']);
    expect(String(schema['doc'])).toMatch(/^Projection of fr\.gouv\.residence\.AddressChanged/);
    // `Address` was defined in the dropped `address` field: the projection must define it itself.
    const previous = (schema['fields'] as Json[])[1]!;
    expect(previous['type']).toEqual([
      'null',
      expect.objectContaining({ type: 'record', name: 'Address' }),
    ]);
    expect(msg['x-relais']).toMatchObject({
      subscription: 'caf-address',
      purpose: 'address-update',
      legalBasis: 'legal-obligation',
      gdpr: 'art. 6(1)(c)',
      law: 'CSS art. L114-12',
    });
  });

  it("keeps only one agency's channels in its own document", () => {
    const caf = build(catalog, 'caf');
    expect(caf.info.title).toBe("Relais — Caisse d'allocations familiales");
    expect(addresses(caf)).toEqual(['relais.deliveries.caf', 'relais.ingress.caf']);
    expect(
      Object.values(caf.operations)
        .map((o) => o.action)
        .sort(),
    ).toEqual(['receive', 'send']);
    const dgfip = build(catalog, 'dgfip');
    expect(addresses(dgfip)).toEqual(['relais.deliveries.dgfip']);
    expect(JSON.stringify(dgfip)).not.toContain('relais.ingress.caf');
  });

  it('throws naming an unknown agency', () => {
    expect(() => build(catalog, 'nobody')).toThrow(/"nobody"/);
  });
});

describe('projectSchema', () => {
  it('keeps the listed fields in schema order and refuses unknown ones', () => {
    const schema = fixtureCatalog().contracts[1]!.schema;
    const projected = projectSchema(schema, ['paidAt', 'amountCents']);
    expect(fieldNames(projected)).toEqual(['amountCents', 'paidAt']);
    expect(projected['name']).toBe('BenefitPaid');
    expect(fieldNames(schema)).toEqual(['amountCents', 'members', 'paidAt']);
    expect(() => projectSchema(schema, ['nir'])).toThrow(/"nir"/);
  });
});

describe('buildAsyncApi on the real catalog', () => {
  // The real catalog may still be being written: no contracts directory yet means nothing to check.
  const catalog = ((): Catalog => {
    try {
      return loadCatalog().catalog;
    } catch {
      return { contracts: [], agencies: [], subscriptions: [] };
    }
  })();
  it.skipIf(catalog.contracts.length === 0)('covers every domain, owner and subscriber', () => {
    const doc = build(catalog);
    expect(doc.asyncapi).toBe('3.0.0');
    const channels = addresses(doc);
    for (const c of catalog.contracts) {
      expect(channels).toContain(topicOf(c));
      if (!writtenByRelais(c))
        for (const p of c.publishers) expect(channels).toContain(`relais.ingress.${p}`);
    }
    // Relais' own records are on their own topics, not offered to any agency's ingress.
    expect(channels).toEqual(
      expect.arrayContaining(['relais.entitlements', 'relais.notices', 'relais.access-log']),
    );
    const cpam = JSON.stringify(build(catalog, 'cpam'));
    expect(cpam).toContain('fr.gouv.benefits.BenefitClaimed');
    expect(JSON.stringify(build(catalog, 'relais'))).not.toContain('EntitlementDetermined');
    for (const s of catalog.subscriptions)
      expect(channels).toContain(`relais.deliveries.${s.agency}`);
    for (const agency of catalog.agencies) {
      const own = build(catalog, agency.id);
      for (const address of addresses(own)) expect(address).toMatch(new RegExp(`\\.${agency.id}$`));
    }
  });
});

describe('retention in the AsyncAPI (issue 17)', () => {
  const channel = (doc: Doc, address: string) =>
    Object.values(doc.channels).find((c) => c.address === address) as unknown as Json;

  it("tells each channel's retention with its purpose and reason, the deliveries' replay window included", () => {
    const { catalog } = loadCatalog();
    const doc = build(catalog);
    const accessLog = channel(doc, 'relais.access-log');
    expect(accessLog['bindings']).toEqual({
      kafka: {
        topic: 'relais.access-log',
        topicConfiguration: { 'cleanup.policy': ['delete'], 'retention.ms': 2192 * 86_400_000 },
        bindingVersion: '0.5.0',
      },
    });
    expect(accessLog['x-relais-retention']).toMatchObject({ days: 2192 });
    const caf = buildAsyncApi(catalog, {
      registryUrl: 'http://registry.test:8081/',
      agency: 'caf',
      retention: { replayWindowDays: 45 },
    }) as unknown as Doc;
    const deliveries = channel(caf, 'relais.deliveries.caf');
    expect(deliveries['description']).toContain('Kept 45 days (the replay window)');
    expect(deliveries['x-relais-retention']).toMatchObject({ days: 45 });
    for (const c of Object.values(doc.channels) as unknown as Json[])
      expect((c['x-relais-retention'] as Json | undefined)?.['purpose']).toEqual(
        expect.any(String),
      );
  });
});
