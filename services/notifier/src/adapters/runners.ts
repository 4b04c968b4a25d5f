// The notifier's two inputs keyed by the citizen's Relais pseudonym, each a consumer group whose
// assignment makes one instance the owner of a partition (dec-047): relais.entitlements (notices
// decided) and Relais' deliveries (claims). Before a partition's first batch here, its replica of
// the changelog is brought up to the changelog's end, so the owner never decides on stale rows.
import type { Kafka } from 'kafkajs';
import {
  createConsumerRunner,
  type AvroSerde,
  type Logger,
  type RelaisProducer,
  type ServiceMetrics,
} from '@relais/kit';
import { dispatchDelivery, type DeliveryDeps } from '../consumers/deliveries.ts';
import {
  noticeFromDetermination,
  type DeterminationDeps,
  type DeterminationReceived,
} from '../consumers/determination.ts';
import type { NoticesChangelog } from './notices-changelog.ts';
import { deliveryDecoder, determinationDecoder, type DecodedDelivery } from './records.ts';

export function inputRunners(o: {
  kafka: Kafka;
  producer: RelaisProducer;
  logger: Logger;
  metrics: ServiceMetrics;
  serde: AvroSerde;
  store: NoticesChangelog;
  prefix: string;
  entitlementsTopic: string;
  claimsTopic: string;
  deadLetterTopic: string;
  fromBeginning: boolean;
  determination: DeterminationDeps;
  claim: DeliveryDeps;
}) {
  const common = {
    kafka: o.kafka,
    deadLetterTopic: o.deadLetterTopic,
    producer: o.producer,
    logger: o.logger,
    fromBeginning: o.fromBeginning,
    metrics: o.metrics,
  };
  const entitlements = createConsumerRunner<DeterminationReceived>({
    ...common,
    groupId: `${o.prefix}.entitlements`,
    topics: [o.entitlementsTopic],
    // The owner decides on its replica only once it holds the changelog's end; it sends the
    // partition's channels from then on (NoticesChangelog.own).
    onPartitionAssigned: (_topic, partition) => o.store.owner(partition),
    decode: determinationDecoder(o.serde),
    handle: async (event) => {
      await noticeFromDetermination({ event, deps: o.determination });
    },
  });
  entitlements.consumer.on(entitlements.consumer.events.GROUP_JOIN, ({ payload }) =>
    o.store.own(payload.memberAssignment[o.entitlementsTopic] ?? []),
  );
  const claims = createConsumerRunner<DecodedDelivery>({
    ...common,
    groupId: `${o.prefix}.claims`,
    topics: [o.claimsTopic],
    onPartitionAssigned: (_topic, partition) => o.store.catchUp(partition),
    decode: deliveryDecoder(o.serde),
    handle: async (delivery) => {
      if (delivery.skip || !delivery.event.pseudonym) return;
      await dispatchDelivery(delivery.type, delivery.event, o.claim);
    },
  });
  return { entitlements, claims };
}

/** A producer that refuses to send once `killed()` (what a killed process no longer does). */
export function killable(producer: RelaisProducer, killed: () => boolean): RelaisProducer {
  const refuse = () =>
    Object.assign(new Error('the process was killed'), { name: 'KafkaJSKilled' });
  return {
    get raw() {
      return producer.raw;
    },
    connect: () => producer.connect(),
    disconnect: () => producer.disconnect(),
    send: (topic, records) => (killed() ? Promise.reject(refuse()) : producer.send(topic, records)),
    publish: (topic, records) =>
      killed() ? Promise.reject(refuse()) : producer.publish(topic, records),
  };
}
