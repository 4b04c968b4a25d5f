// The Kafka clients bench:kafka compares on the same workload: kafkajs (raw, under the kit),
// @platformatic/kafka and @confluentinc/kafka-javascript (librdkafka, through its KafkaJS-compatible
// API). Each produces `records` × `size` B with acks=all and the idempotent producer, `batch`
// records per send and one send in flight, then reads them back from the beginning in a fresh
// group, committing once per fetched batch. Only the bench imports the candidates: the services
// reach Kafka through the kit (dec-032).
import { createRequire } from 'node:module';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import {
  compatibilityPartitioner,
  Consumer as PConsumer,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
  Producer as PProducer,
} from '@platformatic/kafka';
import type { KafkaSasl } from '@relais/kit';

export interface Workload {
  brokers: string[];
  sasl: KafkaSasl | undefined;
  topic: string;
  group: string;
  records: number;
  payload: Buffer;
  batch: number;
}

/** Records per second, from the first record (consume) or the first send (produce). */
export type Measure = (w: Workload) => Promise<number>;

const seconds = (since: number): number => (performance.now() - since) / 1000;

// ---- kafkajs, raw (what the kit wraps) ----

const kafkajs = (w: Workload): Kafka =>
  new Kafka({
    clientId: 'bench-kafkajs',
    brokers: w.brokers,
    logLevel: logLevel.NOTHING,
    ...(w.sasl ? { sasl: w.sasl } : {}),
  });

export const kafkajsProduce: Measure = async (w) => {
  const producer = kafkajs(w).producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const messages = Array.from({ length: w.batch }, () => ({ key: null, value: w.payload }));
  const started = performance.now();
  for (let sent = 0; sent < w.records; sent += w.batch)
    await producer.send({
      topic: w.topic,
      acks: -1,
      messages: messages.slice(0, Math.min(w.batch, w.records - sent)),
    });
  const secs = seconds(started);
  await producer.disconnect();
  return w.records / secs;
};

export const kafkajsConsume: Measure = async (w) => {
  const consumer = kafkajs(w).consumer({ groupId: w.group, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic: w.topic, fromBeginning: true });
  let seen = 0;
  let first = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
      if (seen === 0) first = performance.now();
      seen += batch.messages.length;
      const last = batch.messages.at(-1)?.offset;
      if (last === undefined) return;
      resolveOffset(last);
      await commitOffsetsIfNecessary({
        topics: [
          {
            topic: batch.topic,
            partitions: [{ partition: batch.partition, offset: String(BigInt(last) + 1n) }],
          },
        ],
      });
      if (seen >= w.records) done();
    },
  });
  await finished;
  const secs = seconds(first);
  await consumer.disconnect();
  return w.records / secs;
};

// ---- @platformatic/kafka ----

const platformaticSasl = (w: Workload) =>
  w.sasl
    ? {
        sasl: {
          mechanism: w.sasl.mechanism.toUpperCase() as 'SCRAM-SHA-512' | 'SCRAM-SHA-256' | 'PLAIN',
          username: w.sasl.username,
          password: w.sasl.password,
        },
      }
    : {};

export const platformaticProduce: Measure = async (w) => {
  const producer = new PProducer({
    clientId: 'bench-platformatic',
    bootstrapBrokers: w.brokers,
    idempotent: true,
    acks: -1,
    // Its default partitioner is not the Java client's (murmur2 >>> 0 instead of & 0x7fffffff):
    // keyed records would land elsewhere than the agencies' and the consents' (see dec-032).
    partitioner: compatibilityPartitioner,
    ...platformaticSasl(w),
  });
  const messages = Array.from({ length: w.batch }, () => ({
    topic: w.topic,
    value: w.payload,
  }));
  const started = performance.now();
  for (let sent = 0; sent < w.records; sent += w.batch)
    await producer.send({ messages: messages.slice(0, Math.min(w.batch, w.records - sent)) });
  const secs = seconds(started);
  await producer.close();
  return w.records / secs;
};

export const platformaticConsume: Measure = async (w) => {
  // Its defaults are autocommit on fetch and the latest offset: neither is what the kit promises.
  const consumer = new PConsumer({
    clientId: 'bench-platformatic',
    groupId: w.group,
    bootstrapBrokers: w.brokers,
    autocommit: false,
    maxWaitTime: 500,
    ...platformaticSasl(w),
  });
  const stream = await consumer.consume({
    topics: [w.topic],
    mode: MessagesStreamModes.COMMITTED,
    fallbackMode: MessagesStreamFallbackModes.EARLIEST,
    autocommit: false,
  });
  let seen = 0;
  let first = 0;
  for await (const message of stream) {
    if (seen === 0) first = performance.now();
    seen += 1;
    // One commit per 1,000 records (its stream hands records one by one, not per fetch).
    if (seen % 1000 === 0 || seen >= w.records) await message.commit();
    if (seen >= w.records) break;
  }
  const secs = seconds(first);
  await stream.close();
  await consumer.close();
  return w.records / secs;
};

// ---- @confluentinc/kafka-javascript (librdkafka), its KafkaJS-compatible API ----

interface ConfluentModule {
  KafkaJS: { Kafka: new (config: unknown) => ConfluentKafka };
}
interface ConfluentKafka {
  producer(config: unknown): {
    connect(): Promise<void>;
    send(r: unknown): Promise<unknown>;
    disconnect(): Promise<void>;
  };
  consumer(config: unknown): {
    connect(): Promise<void>;
    subscribe(s: unknown): Promise<void>;
    run(r: {
      eachBatch: (p: {
        batch: { topic: string; partition: number; messages: Array<{ offset: string }> };
        resolveOffset: (o: string) => void;
      }) => Promise<void>;
    }): Promise<void>;
    commitOffsets(o: unknown): Promise<void>;
    disconnect(): Promise<void>;
  };
}

/** The module, or why it is not there (its native addon is built by the install, dec-032). */
export function loadConfluent(): ConfluentModule | string {
  try {
    return createRequire(import.meta.url)('@confluentinc/kafka-javascript') as ConfluentModule;
  } catch (err) {
    return (err as Error).message.split('\n')[0] ?? 'cannot load';
  }
}

const confluentKafka = (m: ConfluentModule, w: Workload): ConfluentKafka =>
  new m.KafkaJS.Kafka({
    kafkaJS: {
      clientId: 'bench-confluent',
      brokers: w.brokers,
      logLevel: 0,
      ...(w.sasl ? { sasl: w.sasl } : {}),
    },
  });

export const confluentProduce =
  (m: ConfluentModule): Measure =>
  async (w) => {
    const producer = confluentKafka(m, w).producer({
      kafkaJS: { idempotent: true, acks: -1 },
      'linger.ms': 5,
    });
    await producer.connect();
    const messages = Array.from({ length: w.batch }, () => ({ key: null, value: w.payload }));
    const started = performance.now();
    for (let sent = 0; sent < w.records; sent += w.batch)
      await producer.send({
        topic: w.topic,
        messages: messages.slice(0, Math.min(w.batch, w.records - sent)),
      });
    const secs = seconds(started);
    await producer.disconnect();
    return w.records / secs;
  };

export const confluentConsume =
  (m: ConfluentModule): Measure =>
  async (w) => {
    const consumer = confluentKafka(m, w).consumer({
      kafkaJS: { groupId: w.group, fromBeginning: true, autoCommit: false },
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [w.topic] });
    let seen = 0;
    let first = 0;
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    void consumer.run({
      eachBatch: async ({ batch, resolveOffset }) => {
        if (seen === 0) first = performance.now();
        seen += batch.messages.length;
        const last = batch.messages.at(-1)?.offset;
        if (last === undefined) return;
        resolveOffset(last);
        await consumer.commitOffsets([
          { topic: batch.topic, partition: batch.partition, offset: String(BigInt(last) + 1n) },
        ]);
        if (seen >= w.records) done();
      },
    });
    await finished;
    const secs = seconds(first);
    await consumer.disconnect();
    return w.records / secs;
  };
