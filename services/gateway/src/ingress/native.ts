// Native publishing: records an agency writes to relais.ingress.<agency> (Confluent wire
// format, CloudEvents headers, key = its pseudonym) go through the same checks as HTTP and
// become canonical events. A record that fails goes to relais.rejects.<agency> with its reason
// and origin, is listed for the agency (GET /v1/rejects), and the partition moves on.
import type { DatabaseSync } from 'node:sqlite';
import type { Kafka } from 'kafkajs';
import { topics } from '@relais/contracts';
import type { AvroSerde } from '@relais/kit';
import {
  AppError,
  createConsumerRunner,
  envelopeFromHeaders,
  PoisonRecordError,
  type ConsumerRunner,
  type Logger,
  type RelaisProducer,
} from '@relais/kit';
import type { AgencyPrincipal } from '../auth/types.ts';
import type { Publisher } from '../publisher.ts';

export const ingressTopic = (agency: string): string => topics.ingress.name(agency);
export const rejectsTopic = (agency: string): string => topics.rejects.name(agency);
/** The agency an ingress topic belongs to ('' for another topic: no agency has that id). */
const agencyIdOf = (topic: string): string => topics.ingress.partOf(topic) ?? '';

export interface IngressDeps {
  kafka: Kafka;
  producer: RelaisProducer;
  logger: Logger;
  serde: AvroSerde;
  publisher: Publisher;
  agencies: Map<string, AgencyPrincipal>;
  db: DatabaseSync;
  groupId: string;
  now: () => number;
}

export function ingressConsumer(deps: IngressDeps): ConsumerRunner {
  const insertReject = deps.db.prepare(
    'INSERT INTO rejects (agency, at, reason, error, topic, partition, offset, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const pruneRejects = deps.db.prepare(
    'DELETE FROM rejects WHERE agency = ? AND id <= (SELECT id FROM rejects WHERE agency = ? ORDER BY id DESC LIMIT 1 OFFSET 1000)',
  );
  const agencyOf = (topic: string): AgencyPrincipal | undefined =>
    deps.agencies.get(agencyIdOf(topic));
  return createConsumerRunner({
    kafka: deps.kafka,
    groupId: deps.groupId,
    topics: [...deps.agencies.keys()].map(ingressTopic),
    deadLetterTopic: (record) => rejectsTopic(agencyIdOf(record.topic)),
    producer: deps.producer,
    logger: deps.logger,
    commitEvery: 50,
    decode: async (record) => {
      const agency = agencyOf(record.topic);
      if (!agency)
        throw new PoisonRecordError(
          'ingress.unknown-agency',
          `topic ${record.topic}: no such agency`,
        );
      const envelope = envelopeFromHeaders(record.headers);
      if (envelope.source !== agency.urn) {
        throw new PoisonRecordError(
          'ingress.source',
          `ce_source: expected ${agency.urn} on ${record.topic}, got another agency's URN`,
        );
      }
      if (!record.key?.length)
        throw new PoisonRecordError(
          'ingress.no-key',
          "key: expected the citizen's pseudonym in your sector",
        );
      const { value } = await deps.serde.decode(record.value);
      try {
        return await deps.publisher.prepare(
          agency,
          envelope.type,
          {
            subject: record.key.toString(),
            data: value,
            time: envelope.time,
            ...(envelope.purpose ? { purpose: envelope.purpose } : {}),
          },
          '',
          envelope.id,
        );
      } catch (err) {
        if (err instanceof AppError && err.status < 500)
          throw new PoisonRecordError(`ingress.${err.code}`, err.message);
        throw err;
      }
    },
    handle: async (prepared) => {
      await deps.publisher.publish([prepared]);
    },
    onDeadLetter: (record, reason, error) => {
      const agency = agencyIdOf(record.topic);
      insertReject.run(
        agency,
        deps.now(),
        reason,
        error,
        record.topic,
        record.partition,
        record.offset,
        record.headers['ce_id'] ?? null,
      );
      pruneRejects.run(agency, agency);
    },
  });
}
