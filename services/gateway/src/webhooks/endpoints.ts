// The agencies' webhook endpoints, the same on every gateway instance (dec-046): a registration
// or removal answered by any instance is produced to relais.gateway.webhook-endpoints (compacted,
// keyed by agency, a tombstone for a removal), which every instance materialises into its
// WebhookStore; the answer waits until its own replica applied it. Whichever instance owns a
// delivery's partition then finds the endpoint. The secret travels only in the record's value on
// the gateway's own topic: never in a log line, never dead-lettered (a record that cannot be read
// is logged by its coordinates alone and skipped).
import { asAgencyId, topics, type AgencyId } from '@relais/contracts';
import { jsonDecoder, replicatedTable, type ReplicatedTableWiring } from '@relais/kit';
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

/** `topic`: relais.gateway.webhook-endpoints, or a test's own. */
export interface EndpointReplicaOptions extends ReplicatedTableWiring {
  store: WebhookStore;
  /** An agency's endpoint changed here: its pending deliveries may go. */
  changed: (agency: AgencyId) => void;
}

interface EndpointRecord {
  agency: AgencyId;
  endpoint: { url: string; secret: string; createdAt: number } | null;
}

const agencyOf = (record: { key: Buffer | null }): AgencyId =>
  asAgencyId(record.key?.toString('utf8') ?? '');

const decodeEndpoint = jsonDecoder<EndpointRecord>({
  key: { reason: 'webhook-endpoint.no-key', expected: 'key: expected the agency' },
  reason: 'webhook-endpoint.value',
  expected: 'value: expected { url, secret, createdAt } or a tombstone',
  tombstone: (record) => ({ agency: agencyOf(record), endpoint: null }),
  read: (value, record) => {
    const v = value as { url?: unknown; secret?: unknown; createdAt?: unknown } | null;
    if (
      typeof v?.url !== 'string' ||
      typeof v.secret !== 'string' ||
      typeof v.createdAt !== 'number'
    )
      return undefined;
    return {
      agency: agencyOf(record),
      endpoint: { url: v.url, secret: v.secret, createdAt: v.createdAt },
    };
  },
});

export interface EndpointReplica extends EndpointWriter {
  /** Every endpoint on the topic at start is applied here. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function webhookEndpointReplica(o: EndpointReplicaOptions): EndpointReplica {
  const replica = replicatedTable<null, EndpointRecord>({
    ...o,
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

  return {
    start: () => replica.start(),
    stop: () => replica.stop(),
    async put(agency, url, secret) {
      const createdAt = o.clock.now().getTime();
      await replica.write(agency, JSON.stringify({ url, secret, createdAt }));
      const endpoint = o.store.getEndpoint(agency);
      if (!endpoint) throw new Error(`webhook endpoint of ${agency} not applied`);
      return endpoint;
    },
    async remove(agency) {
      await replica.write(agency, null);
    },
  };
}
