// What startGateway (src/index.ts) takes and returns.
import type { FastifyInstance } from 'fastify';
import type { AgencyId, Catalog } from '@relais/contracts';
import type { PseudonymDirectory } from '@relais/identity';
import type { Clock, KafkaAuth, Logger, RelaisProfile, ServiceMetrics } from '@relais/kit';
import type { AgencyPrincipal } from './domain/agency.ts';

export interface GatewayOptions {
  brokers: string[];
  /** Its Kafka principal (dec-031): its configuration's (kit `kafkaAuthOf`), or one given. */
  kafkaAuth?: KafkaAuth | undefined;
  logger: Logger;
  registryUrl: string;
  keysDir: string;
  dataDir: string;
  instance: string;
  host: string;
  port: number;
  publicUrl?: string | undefined;
  catalog?: Catalog;
  clock?: Clock;
  ratePerSecond?: number;
  rateBurst?: number;
  maxBodyBytes?: number;
  maxBatch?: number;
  /** How far ahead of this gateway's clock an assertion's iat/nbf may be (seconds; default 60). */
  assertionClockSkewSeconds?: number;
  /** `production` refuses to start with a development shortcut on (RELAIS_PROFILE). */
  profile?: RelaisProfile;
  webhooks?: {
    schedule?: number[];
    tlsCa?: string;
    allowInsecureLocalhost?: boolean;
    timeoutMs?: number;
    pollIntervalMs?: number;
  };
  /** Topic of the pseudonym directory (tests isolate it). */
  pseudonymTopic?: string;
  /** The agencies' inbox acknowledgements (relais.gateway.inbox-acks; tests isolate it). */
  inboxAcksTopic?: string;
  /** The agencies' webhook endpoints (relais.gateway.webhook-endpoints; tests isolate it). */
  webhookEndpointsTopic?: string;
  /** The webhook deliveries' states (relais.gateway.webhook-deliveries; tests isolate it). */
  webhookDeliveriesTopic?: string;
  /** The accepted client-assertion ids (relais.gateway.assertion-ids; tests isolate it). */
  assertionIdsTopic?: string;
  /** Idempotency-Key claims and answers (relais.gateway.idempotency; tests isolate it). */
  idempotencyTopic?: string;
  /** Consumer group names' prefix (tests isolate them). */
  groupPrefix?: string;
  /** The deployment's partition count (RELAIS_PARTITIONS). */
  partitions?: number;
  /** The deliveries' replay window in days (RELAIS_REPLAY_WINDOW_DAYS, dec-035). */
  replayWindowDays?: number;
  /** Its Prometheus registry and scrape token (default: its own, nobody may scrape). */
  metrics?: ServiceMetrics;
}

export interface RunningGateway {
  app: FastifyInstance;
  url: string;
  directory: PseudonymDirectory;
  agencies: Map<AgencyId, AgencyPrincipal>;
  /** How many long-polls of an agency wait on its inbox now (tests wait for theirs). */
  longPolls(agency: AgencyId): number;
  /** Resolves once this instance's inbox applied that record of relais.deliveries.<agency>. */
  inboxApplied(agency: AgencyId, partition: number, offset: number): Promise<void>;
  metrics: ServiceMetrics;
  close(): Promise<void>;
  /**
   * Tests: dies as a killed process would for the others: its consumers leave without
   * committing what they were handling, nothing is drained; then its files are closed.
   */
  crash(): Promise<void>;
}
