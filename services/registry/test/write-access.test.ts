// Who may change the registry (issue 13, hole 1). Reads stay open: every serializer needs them.
// Every write needs the operator's or a contract steward's credential, as a bearer token or as
// HTTP Basic (Confluent's `basic.auth.user.info`); an agency's credential never writes; stewards
// may not switch modes, change the global level nor hard-delete. Each write leaves an audit record
// on the storage topic naming who changed what.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTopic, testKafka, uniqueName } from '@relais/testkit';
import type { RunningRegistry } from '../src/index.ts';
import {
  call,
  credentials,
  OPERATOR_TOKEN,
  record,
  registryFactory,
  STEWARD_TOKEN,
} from './support.ts';

const factory = registryFactory('write-access');
let r: RunningRegistry;
beforeAll(async () => {
  r = await factory.start();
});
afterAll(() => factory.closeAll());

const schema = (name: string) => ({ schema: record(name, [{ name: 'a', type: 'string' }]) });

/** Every write of the Confluent API, on subject `s` (which has a version 1 when it matters). */
const writes = (s: string): Array<[string, string, unknown]> => [
  ['POST', `/subjects/${s}/versions`, schema('W')],
  ['PUT', '/config', { compatibility: 'NONE' }],
  ['DELETE', '/config', undefined],
  ['PUT', `/config/${s}`, { compatibility: 'NONE' }],
  ['DELETE', `/config/${s}`, undefined],
  ['PUT', '/mode', { mode: 'READONLY' }],
  ['PUT', `/mode/${s}`, { mode: 'READONLY' }],
  ['DELETE', `/mode/${s}`, undefined],
  ['DELETE', `/subjects/${s}/versions/1`, undefined],
  ['DELETE', `/subjects/${s}/versions/1?permanent=true`, undefined],
  ['DELETE', `/subjects/${s}`, undefined],
  ['DELETE', `/subjects/${s}?permanent=true`, undefined],
];

describe('registry writes', () => {
  it('are refused without a credential (401) and change nothing; reads stay open', async () => {
    const s = uniqueName('fr.gouv.access.Open');
    expect((await call(r, 'POST', `/subjects/${s}/versions`, schema('Open'))).status).toBe(200);
    for (const [method, path, body] of writes(s)) {
      const res = await call(r, method, path, body, null);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 401 });
      expect(res.body).toMatchObject({ error_code: 40101 });
      expect(String((res.body as { message: string }).message)).toMatch(/authorization/i);
      expect(res.headers.get('www-authenticate')).toMatch(/Basic realm="relais-registry"/);
    }
    // Nothing changed.
    expect((await call(r, 'GET', `/subjects/${s}/versions`, undefined, null)).body).toEqual([1]);
    expect((await call(r, 'GET', '/mode', undefined, null)).body).toEqual({ mode: 'READWRITE' });
    // Reads, lookups and compatibility checks need no credential.
    for (const [method, path, body] of [
      ['GET', '/subjects', undefined],
      ['GET', `/subjects/${s}/versions/latest`, undefined],
      ['GET', '/schemas/ids/1', undefined],
      ['GET', '/config', undefined],
      ['GET', '/mode', undefined],
      ['POST', `/subjects/${s}`, schema('Open')],
      ['POST', `/compatibility/subjects/${s}/versions/latest`, schema('Open')],
    ] as const) {
      const res = await call(r, method, path, body, null);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 200 });
    }
  });

  it("refuses an agency's credential, a wrong token and a token under the wrong name", async () => {
    const s = uniqueName('fr.gouv.access.Agency');
    // What an agency holds: a gateway access token (any HS256 JWT), or its id in Basic.
    const agencyToken = await new SignJWT({ sector: 'social' })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setIssuer('relais-gateway')
      .setSubject('caf')
      .setAudience('relais-gateway')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new Uint8Array(32));
    const basic = (user: string, password: string) =>
      `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    for (const auth of [
      `Bearer ${agencyToken}`,
      basic('caf', agencyToken),
      basic('caf', OPERATOR_TOKEN),
      basic('operator', STEWARD_TOKEN),
      `Bearer ${OPERATOR_TOKEN}x`,
      'Bearer',
      'Basic !!!',
      `Token ${OPERATOR_TOKEN}`,
    ]) {
      const res = await call(r, 'POST', `/subjects/${s}/versions`, schema('Agency'), auth);
      expect({ auth: auth.slice(0, 12), status: res.status }).toEqual({
        auth: auth.slice(0, 12),
        status: 401,
      });
    }
    expect((await call(r, 'GET', `/subjects/${s}/versions`, undefined, null)).status).toBe(404);
  });

  it("lets a steward register and set a subject's level, not switch modes nor hard-delete", async () => {
    const s = uniqueName('fr.gouv.access.Steward');
    for (const auth of [credentials.steward, credentials.stewardBasic]) {
      expect(
        (await call(r, 'POST', `/subjects/${s}/versions`, schema('Steward'), auth)).status,
      ).toBe(200);
      expect((await call(r, 'PUT', `/config/${s}`, { compatibility: 'FULL' }, auth)).body).toEqual({
        compatibility: 'FULL',
      });
    }
    for (const [method, path, body] of [
      ['PUT', '/config', { compatibility: 'NONE' }],
      ['DELETE', '/config', undefined],
      ['PUT', '/mode', { mode: 'READONLY' }],
      ['PUT', `/mode/${s}`, { mode: 'READONLY' }],
      ['DELETE', `/mode/${s}`, undefined],
      ['DELETE', `/subjects/${s}/versions/1?permanent=true`, undefined],
      ['DELETE', `/subjects/${s}?permanent=true`, undefined],
    ] as const) {
      const res = await call(r, method, path, body, credentials.steward);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 403 });
      expect(res.body).toMatchObject({ error_code: 40301 });
      expect(String((res.body as { message: string }).message)).toMatch(/operator/);
    }
    // A soft delete is the steward's to make; the permanent one is the operator's.
    expect(
      (await call(r, 'DELETE', `/subjects/${s}`, undefined, credentials.steward)).body,
    ).toEqual([1]);
    expect(
      (
        await call(
          r,
          'DELETE',
          `/subjects/${s}?permanent=true`,
          undefined,
          credentials.operatorBasic,
        )
      ).body,
    ).toEqual([1]);
  });

  it("takes Confluent's own client configured with basic.auth.user.info", async () => {
    const s = uniqueName('fr.gouv.access.Client');
    const anonymous = new SchemaRegistry({ host: r.url });
    const steward = new SchemaRegistry({
      host: r.url,
      auth: { username: 'steward', password: STEWARD_TOKEN },
    });
    const avro = {
      type: SchemaType.AVRO as const,
      schema: record('Client', [{ name: 'a', type: 'string' }]),
    };
    await expect(anonymous.register(avro, { subject: s })).rejects.toThrow(/401|authorization/i);
    const { id } = await steward.register(avro, { subject: s });
    // Serializers read anonymously.
    expect(await anonymous.getLatestSchemaId(s)).toBe(id);
  });

  it('records who changed what on the storage topic, and nothing for a refused write', async () => {
    const s = uniqueName('fr.gouv.access.Audit');
    await call(r, 'POST', `/subjects/${s}/versions`, schema('Audit'), credentials.stewardBasic);
    await call(r, 'PUT', `/config/${s}`, { compatibility: 'FULL' }, credentials.steward);
    await call(r, 'PUT', `/mode/${s}`, { mode: 'READONLY' }, credentials.steward); // 403
    await call(r, 'DELETE', `/subjects/${s}`, undefined, null); // 401
    await call(r, 'DELETE', `/subjects/${s}`, undefined, credentials.operator);
    const kafka = testKafka();
    const admin = kafka.admin();
    await admin.connect();
    const high = Number((await admin.fetchTopicOffsets(factory.topic))[0]?.high ?? 0);
    await admin.disconnect();
    const audits = (await readTopic(kafka, factory.topic, high))
      .filter((m) => JSON.parse(m.key?.toString() ?? '{}').keytype === 'AUDIT')
      .map((m) => JSON.parse(m.value?.toString() ?? '{}') as Record<string, unknown>)
      .filter((a) => a['subject'] === s);
    expect(audits.map((a) => [a['actor'], a['action'], a['route']])).toEqual([
      ['steward', 'register', 'POST /subjects/:subject/versions'],
      ['steward', 'set-compatibility', 'PUT /config/:subject'],
      ['operator', 'delete-subject', 'DELETE /subjects/:subject'],
    ]);
    expect(audits[0]).toMatchObject({ version: 1, id: expect.any(Number), at: expect.any(String) });
    expect(audits[1]).toMatchObject({ compatibility: 'FULL' });
  });
});
