// Deliveries: every agency's relais.deliveries.<agency>. The inbox is not fed here: every gateway
// instance materialises the deliveries topics itself (adapters/inbox-replica.ts, dec-046). This
// consumer group, shared by the instances, gives each partition one owner, which queues the
// webhook of an agency that registered an endpoint. Offsets are committed after the queueing, and
// webhook deliveries are unique per agency and event id, so a restart re-reads at most what was
// not committed and queues nothing twice. Any contract: the delivery is kept as JSON.
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
  webhooks: Pick<WebhookDispatcher, 'enqueue'>;
  /** Duplicates are counted here and logged: never dropped without a trace. */
  stats: GatewayStats;
  logger: Logger;
}

export type DeliveryEffect =
  | { kind: 'queued' }
  /** No endpoint registered for this agency: its inbox alone serves it. */
  | { kind: 'none' }
  /** This event id was already queued for this agency: nothing more happens. */
  | { kind: 'duplicate' };

/** Into the agency's webhook queue once, when it registered an endpoint. */
export async function receiveDelivery({
  event,
  deps,
  partition = null,
}: {
  event: Delivery;
  deps: DeliveryDeps;
  /** The partition it was read from: its owner sends it. */
  partition?: number | null;
}): Promise<DeliveryEffect> {
  const { agency, event: delivered } = event;
  const queued = deps.webhooks.enqueue(agency, delivered.id, JSON.stringify(delivered), partition);
  if (!queued) return { kind: 'none' };
  if (queued.created) return { kind: 'queued' };
  deps.stats.duplicates.webhooks += 1;
  deps.logger.info({ event: delivered.id, agency }, 'duplicate webhook delivery skipped');
  return { kind: 'duplicate' };
}

function jsonSafe(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v)),
  );
}

export async function decodeDelivery(serde: AvroSerde, record: ConsumedRecord): Promise<Delivery> {
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
  /** Before a partition's first batch here: the new owner catches up (webhooks/deliveries-log.ts). */
  onPartitionAssigned?: (topic: string, partition: number) => Promise<void>;
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
    ...(deps.onPartitionAssigned ? { onPartitionAssigned: deps.onPartitionAssigned } : {}),
    handle: async (event, ctx) => {
      await receiveDelivery({ event, deps, partition: ctx.record.partition });
    },
  });
}
