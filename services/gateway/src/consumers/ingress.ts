// Native publishing: records an agency writes to relais.ingress.<agency> (Confluent wire
// format, CloudEvents headers, key = its pseudonym) go through the same checks as HTTP
// (domain/events.ts) and become canonical events. A record that fails goes to
// relais.rejects.<agency> with its reason and origin, is listed for the agency (GET /v1/rejects),
// and the partition moves on.
import type { Kafka } from 'kafkajs';
import { asEventId, topics, type AgencyId } from '@relais/contracts';
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
import type { GatewayCounters } from '../adapters/metrics.ts';
import type { Accepted, Prepared, Publisher } from '../adapters/publisher.ts';
import type { AgencyPrincipal } from '../domain/agency.ts';
import { publishRefused } from '../errors.ts';

export const ingressTopic = (agency: string): string => topics.ingress.name(agency);
export const rejectsTopic = (agency: string): string => topics.rejects.name(agency);
/** The agency an ingress topic belongs to ('' for another topic: no agency has that id). */
const agencyIdOf = (topic: string): AgencyId => (topics.ingress.partOf(topic) ?? '') as AgencyId;

export interface NativeDeps {
  publisher: Pick<Publisher, 'publish'>;
}

/** A native record, checked and built into its canonical event: produced, acks=all. */
export async function publishNative({
  event,
  deps,
}: {
  event: Prepared;
  deps: NativeDeps;
}): Promise<Accepted> {
  const [accepted] = await deps.publisher.publish([event]);
  return accepted as Accepted;
}

/** The record's checks; what the domain refuses is poison, named `ingress.<kind>`. */
async function checkNative(
  deps: IngressDeps,
  record: ConsumedRecord,
  agency: AgencyPrincipal | undefined,
): Promise<Prepared> {
  if (!agency)
    throw new PoisonRecordError('ingress.unknown-agency', `topic ${record.topic}: no such agency`);
  const envelope = envelopeFromRecord(record);
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
  const preparation = await deps.publisher.prepare(
    agency,
    envelope.type,
    {
      subject: record.key.toString(),
      data: value,
      time: envelope.time,
      ...(envelope.purpose ? { purpose: envelope.purpose } : {}),
    },
    '',
    asEventId(envelope.id),
  );
  if (!preparation.ok) {
    const refused = publishRefused(preparation.refusal);
    throw new PoisonRecordError(`ingress.${refused.code}`, refused.message);
  }
  return preparation.prepared;
}

export interface IngressDeps extends NativeDeps {
  kafka: Kafka;
  producer: RelaisProducer;
  logger: Logger;
  serde: AvroSerde;
  publisher: Publisher;
  agencies: Map<AgencyId, AgencyPrincipal>;
  groupId: string;
  counters: GatewayCounters;
  metrics?: ServiceMetrics;
}

/** The Kafka edge: check (refusals to relais.rejects.<agency>), publish, commit. */
export function ingressConsumer(deps: IngressDeps): ConsumerRunner {
  return createConsumerRunner<Prepared>({
    kafka: deps.kafka,
    groupId: deps.groupId,
    topics: [...deps.agencies.keys()].map(ingressTopic),
    deadLetterTopic: (record) => rejectsTopic(agencyIdOf(record.topic)),
    producer: deps.producer,
    logger: deps.logger,
    commitEvery: 50,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    decode: (record) => checkNative(deps, record, deps.agencies.get(agencyIdOf(record.topic))),
    handle: async (event, { record }) => {
      await publishNative({ event, deps });
      deps.counters.accepted('kafka', agencyIdOf(record.topic));
    },
    onDeadLetter: (record, reason) => {
      // The same reason codes as HTTP (contract-unknown, …), and Kafka's own (source, no-key, serde.…).
      // Listed by every instance from relais.rejects.<agency> (adapters/rejects.ts).
      deps.counters.rejected('kafka', agencyIdOf(record.topic), reason.replace(/^ingress\./, ''));
    },
  });
}
