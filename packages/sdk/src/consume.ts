// Consuming an agency's deliveries: the kit's runner (commits after handling, retries, DLQ,
// a CONSUMER span per record) with decoding and a bounded de-duplication of event ids.
import {
  createConsumerRunner,
  envelopeFromRecord,
  PoisonRecordError,
  type AvroSerde,
  type ConsumedRecord,
  type Envelope,
  type Logger,
  type RelaisProducer,
} from '@relais/kit';
import type { Kafka } from 'kafkajs';
import { LruSet } from './lru.ts';
import { isContractName } from './publish.ts';
import { deliveriesTopic, defaultGroupId, sdkDeadLetterTopic } from './topics.ts';
import type {
  ConsumeOptions,
  Delivery,
  DeliveryHandler,
  Subscription,
  SubscriptionStats,
} from './types.ts';

export const DEFAULT_DEDUP_CAPACITY = 10_000;

export interface ConsumeDeps {
  agency: string;
  kafka: Kafka;
  producer: RelaisProducer;
  serde: AvroSerde;
  logger: Logger;
}

type Decoded =
  { duplicate: true; id: string } | { duplicate: false; key: string; delivery: Delivery };

/** CloudEvents: `source` + `id` identify an event; every copy of it carries both. */
const eventKey = (e: Envelope): string => `${e.source}\n${e.id}`;

/** Record → Delivery. Anything that can never be read is a PoisonRecordError (dead letter). */
export async function decodeDelivery(
  record: ConsumedRecord,
  serde: AvroSerde,
  envelope: Envelope = envelopeFromRecord(record),
): Promise<Delivery> {
  const type = envelope.type;
  if (!isContractName(type)) {
    throw new PoisonRecordError(
      'sdk.unknown-contract',
      `ce_type: expected a contract this SDK version knows, got ${type.slice(0, 200)} (upgrade @relais/sdk and replay the dead letter)`,
    );
  }
  if (!record.key || record.key.length === 0) {
    throw new PoisonRecordError('sdk.missing-key', "key: expected the recipient's pseudonym");
  }
  const { schemaId, value } = await serde.decode<Record<string, unknown>>(record.value);
  // Projections keep the contract's full name: a writer schema of another record is a mix-up.
  const writerName = (await serde.typeOf(schemaId)).name;
  if (writerName !== type) {
    throw new PoisonRecordError(
      'sdk.type-mismatch',
      `value: schema id ${schemaId} is a ${writerName ?? 'unnamed type'}, expected ${type} as ce_type says`,
    );
  }
  return {
    id: envelope.id,
    type,
    subject: record.key.toString('utf8'),
    data: value,
    envelope,
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
  } as Delivery;
}

export async function startSubscription(
  deps: ConsumeDeps,
  handler: DeliveryHandler,
  options: ConsumeOptions = {},
): Promise<Subscription> {
  const topic = deliveriesTopic(deps.agency);
  const groupId = options.groupId ?? defaultGroupId(deps.agency);
  const deadLetterTopic = sdkDeadLetterTopic(deps.agency);
  const seen = new LruSet<string>(options.dedupCapacity ?? DEFAULT_DEDUP_CAPACITY);
  let duplicates = 0;

  const runner = createConsumerRunner<Decoded>({
    kafka: deps.kafka,
    groupId,
    topics: [topic],
    deadLetterTopic,
    producer: deps.producer,
    logger: deps.logger,
    fromBeginning: options.fromBeginning ?? true,
    ...(options.retry ? { retry: options.retry } : {}),
    async decode(record) {
      const envelope = envelopeFromRecord(record);
      // A copy of an event already handled: skipped before its value is even decoded.
      if (seen.touch(eventKey(envelope))) return { duplicate: true, id: envelope.id };
      const delivery = await decodeDelivery(record, deps.serde, envelope);
      return { duplicate: false, key: eventKey(envelope), delivery };
    },
    async handle(decoded, ctx) {
      if (decoded.duplicate) {
        duplicates += 1;
        // Never dropped without a trace: counted (`duplicates`) and said, the event id only.
        ctx.logger.info({ event: decoded.id }, 'duplicate delivery skipped');
        return;
      }
      await handler(decoded.delivery);
      // Remembered only once handled: a failed attempt is retried, not taken for a duplicate.
      seen.add(decoded.key);
    },
  });
  try {
    await runner.start();
  } catch (err) {
    await runner.stop().catch(() => undefined);
    throw err;
  }

  const stats: Readonly<SubscriptionStats> = {
    get handled() {
      return runner.stats.handled - duplicates;
    },
    get duplicates() {
      return duplicates;
    },
    get deadLettered() {
      return runner.stats.deadLettered;
    },
    get retried() {
      return runner.stats.retried;
    },
  };
  return { topic, groupId, deadLetterTopic, stats, stop: () => runner.stop() };
}
