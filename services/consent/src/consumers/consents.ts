// relais.consents → the latest consent document per pivot. Each record is the citizen's whole
// state after a change (key = pivot), so applying one is an upsert, and a tombstone erases it.
// The kit's materialiseTopic keeps one file per partition with the offset it reached, so a restart
// resumes and a wiped data dir is rebuilt from the topic; `waitFor` gives writers read-your-writes.
// Unreadable records go to relais.dlq.consent and the partition moves on.
import type { Kafka } from 'kafkajs';
import { parseConsentDocument, topics, type ConsentDocument } from '@relais/contracts';
import {
  materialiseTopic,
  PoisonRecordError,
  type Logger,
  type MaterialisedTopic,
  type RelaisProducer,
} from '@relais/kit';
import { documentPartition, type DocumentPartition } from '../store/documents.ts';

export interface ConsentsConsumerDeps {
  kafka: Kafka;
  producer: RelaisProducer;
  logger: Logger;
  dataDir: string;
  topic: string;
  group: string;
}

export function consentsConsumer(deps: ConsentsConsumerDeps): MaterialisedTopic<DocumentPartition> {
  return materialiseTopic<DocumentPartition, { pivot: string; doc: ConsentDocument | null }>({
    kafka: deps.kafka,
    logger: deps.logger,
    topic: deps.topic,
    group: deps.group,
    dataDir: deps.dataDir,
    name: 'consents',
    deadLetter: { topic: topics.deadLetters.name('consent'), producer: deps.producer },
    open: documentPartition,
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
    apply: (documents, _record, { pivot, doc }) => {
      if (doc) documents.put(pivot, doc);
      else documents.delete(pivot);
    },
  });
}
