// Deliveries: every agency's relais.deliveries.<agency> into its inbox and, when it registered
// an endpoint, its webhook queue. Offsets are committed only after the SQLite insert, and event
// ids are unique per agency, so a restart re-reads at most what was not committed and an agency
// never sees an event twice. Any contract: the inbox keeps the delivery as JSON, whatever its type.
import type { Kafka } from 'kafkajs';
import { asAgencyId, asEventId, topics, type AgencyId } from '@relais/contracts';
import { asPseudonym } from '@relais/identity';
import {
  createConsumerRunner,
  envelopeFromRecord,
  PoisonRecordError,
  type AvroSerde,
  type ConsumedRecord,
  type ConsumerRunner,
  type Logger,
  type RelaisProducer,
  type ServiceMetrics,
} from '@relais/kit';
import type { InboxStore, LongPolls } from '../adapters/inbox.ts';
import type { DeliveredEvent } from '../domain/inbox.ts';
import type { GatewayStats } from '../domain/stats.ts';
import type { WebhookDispatcher } from '../webhooks/dispatcher.ts';

export const deliveriesTopic = (agency: string): string => topics.deliveries.name(agency);

/** One record of relais.deliveries.<agency>, decoded. */
export interface Delivery {
  agency: AgencyId;
  event: DeliveredEvent;
}

export interface DeliveryDeps {
  inbox: InboxStore;
  longPolls: Pick<LongPolls, 'notify'>;
  webhooks: Pick<WebhookDispatcher, 'enqueue'>;
  /** Duplicates are counted here and logged: never dropped without a trace. */
  stats: GatewayStats;
  logger: Logger;
}

export type DeliveryEffect =
  | { kind: 'added'; cursor: number; webhook: 'queued' | 'none' }
  /** This event id already reached this agency: nothing more happens. */
  | { kind: 'duplicate' };

/** Into the agency's inbox once; wakes its long-polls and queues its webhook. */
export async function receiveDelivery({
  event,
  deps,
}: {
  event: Delivery;
  deps: DeliveryDeps;
}): Promise<DeliveryEffect> {
  const { agency, event: delivered } = event;
  const cursor = deps.inbox.add(agency, delivered);
  if (cursor === undefined) {
    deps.stats.duplicates.inbox += 1;
    deps.logger.info({ event: delivered.id, agency }, 'duplicate delivery skipped');
    return { kind: 'duplicate' };
  }
  deps.longPolls.notify(agency);
  const queued = deps.webhooks.enqueue(agency, delivered.id, JSON.stringify(delivered));
  if (queued && !queued.created) {
    deps.stats.duplicates.webhooks += 1;
    deps.logger.info({ event: delivered.id, agency }, 'duplicate webhook delivery skipped');
  }
  return { kind: 'added', cursor, webhook: queued?.created ? 'queued' : 'none' };
}

function jsonSafe(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v)),
  );
}

async function decodeDelivery(serde: AvroSerde, record: ConsumedRecord): Promise<Delivery> {
  const agency = asAgencyId(topics.deliveries.partOf(record.topic) ?? '');
  const envelope = envelopeFromRecord(record);
  if (!record.key)
    throw new PoisonRecordError('delivery.no-key', "key: expected the recipient's pseudonym");
  const { value } = await serde.decode(record.value);
  return {
    agency,
    event: {
      id: asEventId(envelope.id),
      type: envelope.type,
      subject: asPseudonym(record.key.toString()),
      time: envelope.time,
      source: envelope.source,
      purpose: envelope.purpose ?? null,
      legalBasis: envelope.legalbasis ?? null,
      consentId: envelope.consentid ?? null,
      data: jsonSafe(value),
    },
  };
}

export interface DeliveriesConsumerDeps extends DeliveryDeps {
  kafka: Kafka;
  producer: RelaisProducer;
  logger: Logger;
  serde: AvroSerde;
  agencies: AgencyId[];
  groupId: string;
  metrics?: ServiceMetrics;
}

/** The Kafka edge: decode (poison to relais.dlq.gateway-inbox), handle, commit after each. */
export function deliveriesConsumer(deps: DeliveriesConsumerDeps): ConsumerRunner {
  return createConsumerRunner<Delivery>({
    kafka: deps.kafka,
    groupId: deps.groupId,
    topics: deps.agencies.map(deliveriesTopic),
    deadLetterTopic: topics.deadLetters.name('gateway-inbox'),
    producer: deps.producer,
    logger: deps.logger,
    commitEvery: 1,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    decode: (record) => decodeDelivery(deps.serde, record),
    handle: async (event) => {
      await receiveDelivery({ event, deps });
    },
  });
}
