// relais.consents → the latest consent document per pivot. Each record is the citizen's whole
// state after a change (key = pivot), so applying one is an upsert, and a tombstone erases it.
import type { DatabaseSync } from 'node:sqlite';
import type { Kafka } from 'kafkajs';
import { parseConsentDocument, topics, type ConsentDocument } from '@relais/contracts';
import { PoisonRecordError, type Logger, type RelaisProducer } from '@relais/kit';
import type { DocumentStore } from '../store/documents.ts';
import { createMaterialiser, type Materialiser } from './materialiser.ts';

export interface ConsentsConsumerDeps {
  kafka: Kafka;
  producer: RelaisProducer;
  logger: Logger;
  db: DatabaseSync;
  documents: DocumentStore;
  topic: string;
  groupId: string;
}

export function consentsConsumer(deps: ConsentsConsumerDeps): Materialiser {
  return createMaterialiser<{ pivot: string; doc: ConsentDocument | null }>({
    kafka: deps.kafka,
    producer: deps.producer,
    logger: deps.logger,
    db: deps.db,
    topic: deps.topic,
    groupId: deps.groupId,
    deadLetterTopic: topics.deadLetters.name('consent'),
    decode: (record) => {
      if (!record.key?.length)
        throw new PoisonRecordError('consent.no-key', "key: expected the citizen's pivot");
      const pivot = record.key.toString();
      if (!record.value) return { pivot, doc: null };
      try {
        return { pivot, doc: parseConsentDocument(record.value.toString('utf8')) };
      } catch (err) {
        // The parser names the field, never a value.
        const why = err instanceof SyntaxError ? 'value: expected JSON' : (err as Error).message;
        throw new PoisonRecordError('consent.invalid-document', why, { cause: err });
      }
    },
    apply: ({ pivot, doc }) => {
      if (doc) deps.documents.put(pivot, doc);
      else deps.documents.delete(pivot);
    },
  });
}
