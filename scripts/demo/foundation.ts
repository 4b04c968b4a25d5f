// The foundation's demo: one enveloped event through Kafka with its trace, and one poison
// record dead-lettered while the partition moves on. Later issues replace it with the
// tell-us-once and proactive-benefit scenario.
import {
  createConsumerRunner,
  createEnvelope,
  createKafka,
  createProducer,
  envelopeFromHeaders,
  envelopeToHeaders,
  ensureTopics,
  PoisonRecordError,
  systemClock,
  uuidGenerator,
  type Logger,
} from '@relais/kit';

export async function playFoundationDemo(brokers: string[], logger: Logger): Promise<void> {
  const kafka = createKafka({ brokers, clientId: 'relais-demo', logger });
  const admin = kafka.admin();
  await admin.connect();
  const topic = 'relais.events.demo';
  const dlq = 'relais.dlq.demo';
  await ensureTopics(admin, [
    { topic, partitions: 3 },
    { topic: dlq, partitions: 1 },
  ]);
  await admin.disconnect();

  const producer = createProducer(kafka);
  await producer.connect();
  const received: string[] = [];
  const runner = createConsumerRunner<{ type: string; body: unknown }>({
    kafka,
    groupId: `relais-demo-${Date.now()}`,
    topics: [topic],
    deadLetterTopic: dlq,
    producer,
    logger,
    fromBeginning: false,
    decode: (record) => {
      const envelope = envelopeFromHeaders(record.headers);
      try {
        return { type: envelope.type, body: JSON.parse(record.value?.toString() ?? '') as unknown };
      } catch {
        throw new PoisonRecordError('demo.not-json', 'value: expected a JSON document');
      }
    },
    handle: async (event) => {
      received.push(event.type);
    },
  });
  await runner.start();
  // The group must own the partitions before we publish (fromBeginning: false).
  await new Promise((resolve) => setTimeout(resolve, 1500));

  const envelope = createEnvelope(
    {
      source: 'urn:relais:agency:demo-mairie',
      type: 'fr.gouv.residence.AddressChanged',
      datacontenttype: 'application/json',
      purpose: 'address-update',
      legalbasis: 'public-task',
    },
    { clock: systemClock, ids: uuidGenerator },
  );
  const started = performance.now();
  await producer.send(topic, [
    {
      key: 'demo-pivot-1',
      value: JSON.stringify({ postcode: '69003' }),
      headers: envelopeToHeaders(envelope),
    },
    {
      key: 'demo-pivot-2',
      value: 'not json at all',
      headers: envelopeToHeaders({ ...envelope, id: uuidGenerator() }),
    },
    { key: 'demo-pivot-3', value: 'no envelope', headers: {} },
  ]);
  const deadline = Date.now() + 15_000;
  while ((received.length < 1 || runner.stats.deadLettered < 2) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const ms = Math.round(performance.now() - started);
  await runner.stop();
  await producer.disconnect();
  console.log(
    `demo: 1 event ${received.length === 1 ? 'delivered' : 'NOT delivered'} (${ms} ms, acks=all), ` +
      `${runner.stats.deadLettered} poison record(s) in ${dlq} with reason and origin, partition kept flowing`,
  );
}
