// For the services that act on a citizen's consents (eligibility, notifier): every change of a
// consent document on `relais.consents`, in order per citizen, as (pivot, document) — undefined
// when the citizen's document was erased. A record that is no consent document is dead-lettered.
import type { Kafka } from 'kafkajs';
import { CONSENTS_TOPIC, parseConsentDocument, type ConsentDocument } from '@relais/contracts';
import {
  createConsumerRunner,
  PoisonRecordError,
  type ConsumerRunner,
  type Logger,
  type RelaisProducer,
} from '@relais/kit';

export interface WatchConsentsOptions {
  kafka: Kafka;
  producer: RelaisProducer;
  logger: Logger;
  groupId: string;
  deadLetterTopic: string;
  topic?: string;
  fromBeginning?: boolean;
  onChange: (pivot: string, doc: ConsentDocument | undefined) => Promise<void> | void;
}

export function watchConsents(options: WatchConsentsOptions): ConsumerRunner {
  return createConsumerRunner<{ pivot: string; doc: ConsentDocument | undefined }>({
    kafka: options.kafka,
    groupId: options.groupId,
    topics: [options.topic ?? CONSENTS_TOPIC],
    deadLetterTopic: options.deadLetterTopic,
    producer: options.producer,
    logger: options.logger,
    fromBeginning: options.fromBeginning ?? true,
    decode: (record) => {
      if (!record.key?.length)
        throw new PoisonRecordError('consent.no-key', 'key: expected the citizen pivot');
      const json = record.value?.toString();
      try {
        return { pivot: record.key.toString(), doc: json ? parseConsentDocument(json) : undefined };
      } catch (err) {
        throw new PoisonRecordError(
          'consent.invalid',
          err instanceof Error ? err.message : 'expected a consent document',
        );
      }
    },
    handle: async ({ pivot, doc }) => options.onChange(pivot, doc),
  });
}
