// Reads every agency's deliveries topic into its inbox (and webhook queue). Offsets are
// committed only after the SQLite insert, and event ids are unique per agency, so a restart
// re-reads at most what was not committed and an agency never sees an event twice.
import type { Kafka } from 'kafkajs';
import { topics } from '@relais/contracts';
import type { AvroSerde } from '@relais/kit';
import {
  createConsumerRunner,
  envelopeFromHeaders,
  PoisonRecordError,
  type ConsumerRunner,
  type Logger,
  type RelaisProducer,
} from '@relais/kit';
import type { InboxEvent, InboxStore } from './store.ts';

export const deliveriesTopic = (agency: string): string => topics.deliveries.name(agency);

function jsonSafe(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v)),
  );
}

export interface InboxConsumerDeps {
  kafka: Kafka;
  producer: RelaisProducer;
  logger: Logger;
  serde: AvroSerde;
  inbox: InboxStore;
  agencies: string[];
  groupId: string;
  onDelivered: (agency: string, event: Omit<InboxEvent, 'cursor'>) => void;
}

export function inboxConsumer(deps: InboxConsumerDeps): ConsumerRunner {
  return createConsumerRunner<{ agency: string; event: Omit<InboxEvent, 'cursor'> }>({
    kafka: deps.kafka,
    groupId: deps.groupId,
    topics: deps.agencies.map(deliveriesTopic),
    deadLetterTopic: topics.deadLetters.name('gateway-inbox'),
    producer: deps.producer,
    logger: deps.logger,
    commitEvery: 1,
    decode: async (record) => {
      const agency = topics.deliveries.partOf(record.topic) ?? '';
      const envelope = envelopeFromHeaders(record.headers);
      if (!record.key)
        throw new PoisonRecordError('delivery.no-key', "key: expected the recipient's pseudonym");
      const { value } = await deps.serde.decode(record.value);
      return {
        agency,
        event: {
          id: envelope.id,
          type: envelope.type,
          subject: record.key.toString(),
          time: envelope.time,
          source: envelope.source,
          purpose: envelope.purpose ?? null,
          legalBasis: envelope.legalbasis ?? null,
          consentId: envelope.consentid ?? null,
          data: jsonSafe(value),
        },
      };
    },
    handle: async ({ agency, event }) => {
      if (deps.inbox.add(agency, event) !== undefined) deps.onDelivered(agency, event);
    },
  });
}
