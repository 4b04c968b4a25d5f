// Native publishing with bad CloudEvents headers (issue 13, hole 3): every `ce_*` header and the
// content-type must be strict UTF-8 without control characters, one value each, within bounds,
// and the headers altogether within a bound. Anything else goes to relais.rejects.<agency> with
// its reason; nothing with a mangled id reaches the canonical topic, where later events would be
// taken for its duplicates.
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { IHeaders } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEnvelope, envelopeToHeaders, systemClock, uuidGenerator } from '@relais/kit';
import {
  readTopic,
  readTopicFrom,
  testKafka,
  topicEnds,
  uniqueName,
  waitFor,
} from '@relais/testkit';
import { address, startEnv, type Env } from './support.ts';

let env: Env;
let mairie: string;
let citizen: Record<string, string>;
const kafka = testKafka();

beforeAll(async () => {
  env = await startEnv();
  mairie = await env.token('mairie-lyon');
  citizen = await env.enrol(['local']);
});
afterAll(() => env.close());

it('rejects records whose CloudEvents headers are not strict, bounded text, naming the header', async () => {
  const agency = env.id('mairie-lyon');
  const confluent = new SchemaRegistry({ host: env.registry.url });
  const schemaId = await confluent.getLatestSchemaId('fr.gouv.residence.AddressChanged');
  const value = await confluent.encode(schemaId, {
    ...address,
    effectiveDate: 20_393,
    declaredAt: new Date(address.declaredAt).getTime(),
  });
  const run = uniqueName('h');
  const valid = (id: string): Record<string, string> =>
    envelopeToHeaders({
      ...createEnvelope(
        { source: `urn:relais:agency:${agency}`, type: 'fr.gouv.residence.AddressChanged' },
        { clock: systemClock, ids: uuidGenerator },
      ),
      id: `${id}-${run}`,
    });
  const bytes = (prefix: number[], text: string) =>
    Buffer.concat([Buffer.from(prefix), Buffer.from(text)]);
  // Two ids that differ only in bytes that are not UTF-8: a lenient decoder makes them one.
  const cases: Array<[string, IHeaders, RegExp]> = [
    ['id 0xff', { ...valid('x'), ce_id: bytes([0xff], `-${run}`) }, /ce_id: expected UTF-8/],
    ['id 0xfe', { ...valid('x'), ce_id: bytes([0xfe], `-${run}`) }, /ce_id: expected UTF-8/],
    ['id control', { ...valid('x'), ce_id: `ctl\u0001-${run}` }, /ce_id: .*control/],
    ['id C1 control', { ...valid('x'), ce_id: `ctl\u0085-${run}` }, /ce_id: .*control/],
    ['id repeated', { ...valid('x'), ce_id: [`a-${run}`, `b-${run}`] }, /ce_id: expected one/],
    ['type long', { ...valid('type'), ce_type: `fr.gouv.${'x'.repeat(300)}` }, /ce_type: .*256/],
    [
      'source long',
      { ...valid('source'), ce_source: `urn:relais:agency:${'x'.repeat(300)}` },
      /ce_source: .*256/,
    ],
    ['extension long', { ...valid('ext'), ce_note: 'x'.repeat(300) }, /ce_note: .*256/],
    ['extension bytes', { ...valid('ext2'), ce_note: bytes([0xc3, 0x28], '') }, /ce_note: .*UTF-8/],
    ['extension name', { ...valid('ext3'), 'ce_Not-A-Name': 'x' }, /ce_Not-A-Name: .*name/],
    [
      'content-type bytes',
      { ...valid('ct'), 'content-type': bytes([0xe2, 0x82], 'avro') },
      /content-type: .*UTF-8/,
    ],
    ['headers huge', { ...valid('huge'), 'x-note': 'y'.repeat(9000) }, /headers: .*8,192 bytes/],
  ];
  const from = await topicEnds(kafka, 'relais.events.residence');
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: `relais.ingress.${agency}`,
    acks: -1,
    messages: [
      ...cases.map(([, headers]) => ({ key: citizen['local']!, value, headers })),
      { key: citizen['local']!, value, headers: valid('good') },
    ],
  });
  await producer.disconnect();

  const rejects = await waitFor(
    async () => {
      const res = await env.call('GET', '/v1/rejects?limit=100', mairie);
      return res.body.rejects.length >= cases.length ? res.body.rejects : undefined;
    },
    { what: `${cases.length} rejects listed` },
  );
  const byOffset = [...rejects].sort(
    (a: { origin: { offset: string } }, b: { origin: { offset: string } }) =>
      Number(a.origin.offset) - Number(b.origin.offset),
  );
  expect(byOffset).toHaveLength(cases.length);
  for (const [i, [what, , message]] of cases.entries()) {
    expect({ what, reason: byOffset[i].reason }).toEqual({ what, reason: 'envelope.invalid' });
    expect(byOffset[i].error, what).toMatch(message);
  }
  // The good record after them went through; none of the others reached the canonical topic.
  const canonical = await readTopicFrom(kafka, 'relais.events.residence', from, (records) =>
    records.some((r) => r.headers['ce_id'] === `good-${run}`),
  );
  expect(canonical.filter((r) => (r.headers['ce_id'] ?? '').endsWith(run))).toHaveLength(1);
  const onTopic = await readTopic(kafka, `relais.rejects.${agency}`, cases.length);
  expect(new Set(onTopic.map((r) => r.headers['relais_dlq_reason']))).toEqual(
    new Set(['envelope.invalid']),
  );
});
