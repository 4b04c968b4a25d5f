// What startNotifier (index.ts) is given and what it returns.
import type { PortalKeySource } from '@relais/consent/auth';
import type { Clock, KafkaAuth, Logger, RelaisProfile, ServiceMetrics } from '@relais/kit';
import type { FastifyInstance } from 'fastify';
import type { NoticesChangelog } from './adapters/notices-changelog.ts';
import type { MailerConfig } from './channels/email.ts';
import type { NotifierStats } from './consumers/stats.ts';

export interface NotifierOptions {
  brokers: string[];
  /** Its Kafka principal (dec-031): its configuration's (kit `kafkaAuthOf`), or one given. */
  kafkaAuth?: KafkaAuth | undefined;
  logger: Logger;
  registryUrl: string;
  keysDir: string;
  dataDir: string;
  host: string;
  port: number;
  /** Where citizens reach this service (links in notices). */
  publicUrl?: string;
  /** Where the portal's public key comes from (default: portal-token.public.jwk.json in keysDir). */
  portalKeys?: PortalKeySource | undefined;
  /** Development only: also accept the consent service's HS256 development tokens. */
  devTokenSecret?: string | undefined;
  /** `production` refuses to start with development tokens accepted (RELAIS_PROFILE). */
  profile?: RelaisProfile;
  smtp?: MailerConfig;
  clock?: Clock;
  groupPrefix?: string;
  agency?: string;
  entitlementsTopic?: string;
  noticesTopic?: string;
  preferencesTopic?: string;
  /** The notifier's changelog (dec-047; default relais.notifier.notices). */
  changelogTopic?: string;
  pseudonymTopic?: string;
  consentsTopic?: string;
  mandatesTopic?: string;
  counterActionsTopic?: string;
  /** Where the counter's public key comes from (default: counter-token.public.jwk.json in keysDir). */
  counterKeys?: PortalKeySource | undefined;
  instance?: string;
  fromBeginning?: boolean;
  /** The deployment's partition count (RELAIS_PARTITIONS). */
  partitions?: number;
  /** Its Prometheus registry and scrape token (default: its own, nobody may scrape). */
  metrics?: ServiceMetrics;
}

export interface RunningNotifier {
  app: FastifyInstance;
  url: string;
  /** Its replica of the changelog (every partition), through which it writes too. */
  store: NoticesChangelog;
  stats: NotifierStats;
  metrics: ServiceMetrics;
  lettersDir: string;
  close(): Promise<void>;
  /**
   * For tests: stops as a killed process would (SIGKILL): from this call on nothing more is
   * produced, the consumers leave without finishing or committing their batch.
   */
  crash(): Promise<void>;
}
