// relais.consents → the latest consent document per pivot. Each record is the citizen's whole
// state after a change (key = pivot), so applying one is an upsert, and a tombstone erases it.
// The kit's materialiseTopic keeps one file per partition with the offset it reached, so a restart
// resumes and a wiped data dir is rebuilt from the topic; `waitFor` gives writers read-your-writes.
// Unreadable records go to relais.dlq.consent and the partition moves on.
import type { Kafka } from 'kafkajs';
import { parseConsentDocument, topics, type ConsentDocument } from '@relais/contracts';
import { asPivot, type Pivot } from '@relais/identity';
import {
  materialiseTopic,
  PoisonRecordError,
  type ConsumedRecord,
  type Logger,
  type MaterialisedTopic,
  type RelaisProducer,
} from '@relais/kit';
import { documentPartition, type DocumentPartition } from '../adapters/documents.ts';

/** One record of relais.consents: the citizen's new document, or null (a tombstone: erased). */
export interface ConsentChange {
  pivot: Pivot;
  doc: ConsentDocument | null;
}

/** Bytes to a change; a record without a key or with no consent document is poison. */
export function decodeConsentChange(record: Pick<ConsumedRecord, 'key' | 'value'>): ConsentChange {
  if (!record.key?.length)
    throw new PoisonRecordError('consent.no-key', "key: expected the citizen's pivot");
  // Relais' own topic, written by this service: the key is a pivot.
  const pivot = asPivot(record.key.toString());
  if (!record.value) return { pivot, doc: null };
  try {
    return { pivot, doc: parseConsentDocument(record.value.toString('utf8')) };
  } catch (err) {
    // The parser names the field, never a value.
    const why = err instanceof SyntaxError ? 'value: expected JSON' : (err as Error).message;
    throw new PoisonRecordError('consent.invalid-document', why, { cause: err });
  }
}

/** The handler: the partition's documents take the change. */
export function applyConsentChange({
  event,
  deps,
}: {
  event: ConsentChange;
  deps: { documents: Pick<DocumentPartition, 'put' | 'delete'> };
}): void {
  if (event.doc) deps.documents.put(event.pivot, event.doc);
  else deps.documents.delete(event.pivot);
}

export interface ConsentsConsumerDeps {
  kafka: Kafka;
  producer: RelaisProducer;
  logger: Logger;
  dataDir: string;
  topic: string;
  group: string;
}

export function consentsConsumer(deps: ConsentsConsumerDeps): MaterialisedTopic<DocumentPartition> {
  return materialiseTopic<DocumentPartition, ConsentChange>({
    kafka: deps.kafka,
    logger: deps.logger,
    topic: deps.topic,
    group: deps.group,
    dataDir: deps.dataDir,
    name: 'consents',
    deadLetter: { topic: topics.deadLetters.name('consent'), producer: deps.producer },
    open: documentPartition,
    decode: decodeConsentChange,
    apply: (documents, _record, event) => applyConsentChange({ event, deps: { documents } }),
  });
}
