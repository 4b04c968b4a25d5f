// The agencies' webhook endpoints, the same on every gateway instance (dec-046): a registration
// or removal answered by any instance is produced to relais.gateway.webhook-endpoints (compacted,
// keyed by agency, a tombstone for a removal), which every instance materialises into its
// WebhookStore; the answer waits until its own replica applied it. Whichever instance owns a
// delivery's partition then finds the endpoint. The secret travels only in the record's value on
// the gateway's own topic: never in a log line, never dead-lettered (a record that cannot be read
// is logged by its coordinates alone and skipped).
import type { Kafka } from 'kafkajs';
import { asAgencyId, topics, type AgencyId } from '@relais/contracts';
import {
  materialiseTopic,
  PoisonRecordError,
  type Clock,
  type ConsumedRecord,
  type Logger,
  type MaterialisedTopic,
  type RelaisProducer,
} from '@relais/kit';
import type { WebhookEndpoint, WebhookStore } from './store.ts';

/** What the routes call to change an agency's endpoint (the local store alone in unit tests). */
export interface EndpointWriter {
  put(agency: AgencyId, url: string, secret: string): Promise<WebhookEndpoint>;
  remove(agency: AgencyId): Promise<void>;
}

/** Writes straight into one store: a single instance (unit tests). */
export const localEndpoints = (store: WebhookStore): EndpointWriter => ({
  put: async (agency, url, secret) => store.upsertEndpoint(agency, url, secret),
  remove: async (agency) => {
    store.deleteEndpoint(agency);
  },
});

export interface EndpointReplicaOptions {
  kafka: Kafka;
  producer: RelaisProducer;
  logger: Logger;
  clock: Clock;
  /** relais.gateway.webhook-endpoints, or a test's own. */
  topic: string;
  /** Names its group, one per start: service and instance. */
  group: string;
  dataDir: string;
  store: WebhookStore;
  /** An agency's endpoint changed here: its pending deliveries may go. */
  changed: (agency: AgencyId) => void;
}

interface EndpointRecord {
  agency: AgencyId;
  endpoint: { url: string; secret: string; createdAt: number } | null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function decodeEndpoint(record: ConsumedRecord): EndpointRecord {
  const agency = record.key?.toString('utf8');
  if (!agency) throw new PoisonRecordError('webhook-endpoint.no-key', 'key: expected the agency');
  if (record.value === null) return { agency: asAgencyId(agency), endpoint: null };
  const v = parseJson(record.value.toString('utf8')) as {
    url?: unknown;
    secret?: unknown;
    createdAt?: unknown;
  } | null;
  if (typeof v?.url !== 'string' || typeof v.secret !== 'string' || typeof v.createdAt !== 'number')
    throw new PoisonRecordError(
      'webhook-endpoint.value',
      'value: expected { url, secret, createdAt } or a tombstone',
    );
  return {
    agency: asAgencyId(agency),
    endpoint: { url: v.url, secret: v.secret, createdAt: v.createdAt },
  };
}

export interface EndpointReplica extends EndpointWriter {
  /** Every endpoint on the topic at start is applied here. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function webhookEndpointReplica(o: EndpointReplicaOptions): EndpointReplica {
  const replica: MaterialisedTopic<null> = materialiseTopic<null, EndpointRecord>({
    kafka: o.kafka,
    logger: o.logger,
    topic: o.topic,
    group: o.group,
    dataDir: o.dataDir,
    name: 'webhook-endpoints',
    create: topics.gatewayWebhookEndpoints.spec(o.topic),
    // The endpoints live in the WebhookStore (the dispatcher's queue joins them); upserts and
    // deletions are idempotent, so a batch applied again after a crash changes nothing.
    open: () => null,
    decode: decodeEndpoint,
    apply: (_state, _record, { agency, endpoint }) => {
      if (endpoint)
        o.store.upsertEndpoint(agency, endpoint.url, endpoint.secret, endpoint.createdAt);
      else o.store.deleteEndpoint(agency);
      queueMicrotask(() => o.changed(agency));
    },
  });

  async function write(agency: AgencyId, value: string | null): Promise<void> {
    const [meta] = await o.producer.send(o.topic, [{ key: agency, value }]);
    if (!meta) throw new Error(`${o.topic}: no record metadata`);
    await replica.waitFor(meta.partition, Number(meta.baseOffset));
  }

  return {
    async start() {
      await replica.start();
      await replica.caughtUp({ timeoutMs: Infinity });
    },
    stop: () => replica.stop(),
    async put(agency, url, secret) {
      const createdAt = o.clock.now().getTime();
      await write(agency, JSON.stringify({ url, secret, createdAt }));
      const endpoint = o.store.getEndpoint(agency);
      if (!endpoint) throw new Error(`webhook endpoint of ${agency} not applied`);
      return endpoint;
    },
    async remove(agency) {
      await write(agency, null);
    },
  };
}
