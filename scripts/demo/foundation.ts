// The demo so far: the mairie's AddressChanged, encoded with the contract registered in the
// Relais registry (Confluent wire format), published with its CloudEvents envelope and read
// back by a consumer; a poison record dead-lettered while the partition moves on. Later issues
// extend it into the tell-us-once and proactive-benefit scenario.
import type { AddressChanged } from '@relais/contracts/generated';
import {
  AvroSerde,
  createConsumerRunner,
  createEnvelope,
  createKafka,
  createProducer,
  envelopeFromHeaders,
  envelopeToHeaders,
  ensureTopics,
  systemClock,
  uuidGenerator,
  type Logger,
} from '@relais/kit';

export async function playFoundationDemo(
  brokers: string[],
  registryUrl: string,
  logger: Logger,
): Promise<void> {
  const kafka = createKafka({ brokers, clientId: 'relais-demo', logger });
  const admin = kafka.admin();
  await admin.connect();
  const topic = 'relais.events.residence';
  const dlq = 'relais.dlq.demo';
  await ensureTopics(admin, [
    { topic, partitions: 3 },
    { topic: dlq, partitions: 1 },
  ]);
  await admin.disconnect();

  const serde = new AvroSerde(registryUrl);
  const contract = 'fr.gouv.residence.AddressChanged';
  const schemaId = await serde.latestId(contract);
  const producer = createProducer(kafka);
  await producer.connect();
  const received: AddressChanged[] = [];
  const runner = createConsumerRunner<AddressChanged>({
    kafka,
    groupId: `relais-demo-${Date.now()}`,
    topics: [topic],
    deadLetterTopic: dlq,
    producer,
    logger,
    fromBeginning: false,
    decode: async (record) => {
      envelopeFromHeaders(record.headers);
      return (await serde.decode<AddressChanged>(record.value)).value;
    },
    handle: async (event) => {
      received.push(event);
    },
  });
  await runner.start();
  // The group must own the partitions before we publish (fromBeginning: false).
  await new Promise((resolve) => setTimeout(resolve, 1500));

  const envelope = () =>
    createEnvelope(
      {
        source: 'urn:relais:agency:mairie-lyon',
        type: contract,
        purpose: 'address-update',
        legalbasis: 'public-task',
      },
      { clock: systemClock, ids: uuidGenerator },
    );
  const moved: AddressChanged = {
    street: '12 rue de la République',
    additionalLine: null,
    postcode: '69002',
    cityCode: '69382',
    city: 'LYON',
    countryCode: 'FR',
    effectiveDate: '2026-11-01',
    moveKind: 'WITHIN_COMMUNE',
    declaredAt: new Date(),
  };
  const started = performance.now();
  await producer.send(topic, [
    // Keys here are demo pivots; a real pivot never leaves Relais.
    {
      key: 'demo-pivot-1',
      value: await serde.encode(schemaId, moved),
      headers: envelopeToHeaders(envelope()),
    },
    {
      key: 'demo-pivot-2',
      value: Buffer.from('{"postcode":"69002"}'),
      headers: envelopeToHeaders(envelope()),
    },
    { key: 'demo-pivot-3', value: await serde.encode(schemaId, moved), headers: {} },
  ]);
  const deadline = Date.now() + 15_000;
  while ((received.length < 1 || runner.stats.deadLettered < 2) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const ms = Math.round(performance.now() - started);
  await runner.stop();
  await producer.disconnect();
  console.log(
    `demo: ${contract} (schema id ${schemaId}) ${received.length === 1 ? 'published and consumed' : 'NOT consumed'} in ${ms} ms; ` +
      `${runner.stats.deadLettered} poison record(s) (JSON instead of Avro, no envelope) in ${dlq} with reason and origin`,
  );
}
