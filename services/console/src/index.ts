// The operators' console: its wiring (`startConsole`, used in process by tests and npm start) and
// its process entry. It builds the flow index (a read-only consumer of Relais' topics into
// SQLite), the gateway's operator client, the lag sampler, the background audit and the
// operators' journal, registers consoleApp on the kit's app, listens, then starts indexing.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { loadCatalog, topics, type Catalog } from '@relais/contracts';
import {
  AvroSerde,
  type Clock,
  connectServiceKafka,
  createHttpApp,
  DEFAULT_PARTITIONS,
  type KafkaAuth,
  kafkaAuthOf,
  type Logger,
  readSecret,
  relaisMetrics,
  runServiceProcess,
  type ServiceMetrics,
  systemClock,
} from '@relais/kit';
import { sessionCookieScheme } from '@relais/web';
import { consoleActions } from './adapters/actions.ts';
import { auditCache } from './adapters/audit.ts';
import { gatewayOperatorApi } from './adapters/gateway.ts';
import { classify, type WatchedTopics } from './adapters/index-records.ts';
import { IndexStore } from './adapters/index-store.ts';
import { FlowIndexer } from './adapters/indexer.ts';
import { journalWriter } from './adapters/journal.ts';
import { lagSampler } from './adapters/lag.ts';
import { consoleReads } from './adapters/reads.ts';
import { consoleApp } from './app.ts';
import { loadConfig } from './config.ts';
import type { ConsoleActions, ConsoleReads, Operator } from './domain/views.ts';
import { consoleCookies, visit } from './routes/web.ts';
import { consoleWebApp, consoleWebDeps } from './web-app.ts';
import { consoleWebSettings, type ConsoleWebSettings } from './web-config.ts';

export { consoleApp, type ConsoleAppDeps } from './app.ts';
export type * from './domain/views.ts';

export interface ConsoleOptions {
  brokers: string[];
  /** Its Kafka principal (dec-031): its configuration's (kit `kafkaAuthOf`), or one given. */
  kafkaAuth?: KafkaAuth | undefined;
  logger: Logger;
  registryUrl: string;
  /** Holds operator.token (the gateway's operator routes). */
  keysDir: string;
  dataDir: string;
  instance: string;
  host: string;
  port: number;
  /** The gateway's base URL. */
  gatewayUrl: string;
  /** The services' JSON /metrics. */
  metrics?: Array<{ service: string; url: string }>;
  /** The tracing UI a flow links to ('' for none). */
  tracingUrl?: string;
  /** Consumer groups whose lag is shown: ids starting with one of these (default `relais-`). */
  lagGroups?: string[];
  catalog?: Catalog;
  clock?: Clock;
  /** This deployment's names of Relais' own topics (tests isolate them). */
  topics?: Partial<
    Pick<WatchedTopics, 'accessLog' | 'entitlements' | 'notices' | 'decisions' | 'journal'>
  >;
  /** The console's own consumer groups' prefix. */
  groupPrefix?: string;
  /** Index partitions it never read from this instant on (tests on shared topics); else from their start. */
  since?: Date;
  auditEveryMs?: number;
  discoverEveryMs?: number;
  /** The deployment's partition count (RELAIS_PARTITIONS). */
  partitions?: number;
  /** Its Prometheus registry and scrape token (default: its own, nobody may scrape). */
  prometheus?: ServiceMetrics;
  /**
   * The pages and the operators' sign-in (web-config.ts): the JSON API then answers an operator's
   * session too. Without them, and without `authenticate`, every API call is refused (401).
   */
  web?: ConsoleWebSettings;
  /** Who the operator is, when no `web` sessions say it (tests). */
  authenticate?: (request: FastifyRequest) => Promise<Operator | null>;
}

export interface RunningConsole {
  app: FastifyInstance;
  url: string;
  reads: ConsoleReads;
  actions: ConsoleActions;
  indexer: FlowIndexer;
  close(): Promise<void>;
}

export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const catalog = options.catalog ?? loadCatalog().catalog;
  const prefix = options.groupPrefix ?? 'relais-console';
  const partitions = options.partitions ?? DEFAULT_PARTITIONS;
  const named = {
    accessLog: options.topics?.accessLog ?? topics.accessLog.name,
    entitlements: options.topics?.entitlements ?? topics.entitlements.name,
    notices: options.topics?.notices ?? topics.notices.name,
    decisions: options.topics?.decisions ?? topics.routingDecisions.name,
    journal: options.topics?.journal ?? topics.operatorActions.name,
  };
  const watched: WatchedTopics = {
    ...named,
    agencies: new Set(catalog.agencies.map((a) => a.id)),
    domains: new Set(catalog.contracts.map((c) => c.domain)),
    relaisAgency: catalog.agencies.find((a) => a.sector === 'relais')?.id,
    agencyOfUrn: new Map(catalog.agencies.map((a) => [a.urn, a.id])),
  };
  const { kafka, producer } = await connectServiceKafka({
    brokers: options.brokers,
    auth: options.kafkaAuth,
    clientId: `relais-console-${options.instance}`,
    logger,
    topics: [
      topics.operatorActions.spec(named.journal),
      topics.routingDecisions.spec(named.decisions, partitions),
    ],
  });
  const serde = new AvroSerde(options.registryUrl);
  const store = new IndexStore(options.dataDir);
  const indexGroup = `${prefix}.${options.instance}.index`;
  const indexer = new FlowIndexer({
    kafka,
    logger,
    store,
    serde,
    watched,
    group: indexGroup,
    ...(options.since ? { since: options.since } : {}),
    ...(options.discoverEveryMs ? { discoverEveryMs: options.discoverEveryMs } : {}),
  });
  const gateway = gatewayOperatorApi({
    url: options.gatewayUrl,
    operatorToken: readSecret(options.keysDir, 'operator.token'),
  });
  const lag = lagSampler({ kafka, clock, prefixes: options.lagGroups ?? ['relais-'] });
  const audit = auditCache({
    kafka,
    serde,
    topic: named.accessLog,
    clock,
    logger,
    everyMs: options.auditEveryMs ?? 300_000,
  });
  // relais_audit_chain_ok{partition}: what the "audit chain broken" alert watches
  // (infra/prometheus/alerts.yml), read at scrape time from the latest verification.
  options.prometheus?.gaugeFrom(relaisMetrics.console.auditChainOk, () =>
    (audit.last()?.partitions ?? []).map(
      (p) => [{ partition: String(p.partition) }, p.ok ? 1 : 0] as const,
    ),
  );
  const reads = consoleReads({
    store,
    indexer,
    gateway,
    lag,
    audit,
    metrics: options.metrics ?? [],
    clock,
    logger,
    tracingUrl: options.tracingUrl ?? '',
    indexGroup,
  });
  const replayable = new Set(['event', 'ingress', 'delivery', 'determination']);
  const actions = consoleActions({
    kafka,
    producer,
    store,
    journal: journalWriter({ producer, serde, topic: named.journal, indexer, clock }),
    gateway,
    replayable: (topic) => replayable.has(classify(topic, watched) ?? ''),
    group: `${prefix}.${options.instance}`,
  });

  let indexing = false;
  const app = await createHttpApp({
    logger,
    service: 'console',
    description:
      "The operators' console: one flow end to end, lag, dead letters and their replay, the access log's chains, the operators' journal.",
    // Dead-letter ids (<topic>:<partition>:<offset>) and event ids in paths.
    maxParamLength: 300,
    securitySchemes: {
      consoleSession: sessionCookieScheme(
        consoleCookies({ publicUrl: options.web?.publicUrl ?? 'http://localhost' }).session,
        'operators',
      ),
    },
    ...(options.prometheus ? { metrics: options.prometheus } : {}),
    readiness: {
      index: () => {
        if (!indexing) throw new Error('the flow index is not reading yet');
      },
    },
  });
  // The pages (relying party discovered at start: the provider must be up) and their sessions;
  // the API's operator is the session's (SameSite=Lax cookies and JSON bodies only: no cross-site
  // form can post to it).
  const web = options.web
    ? await consoleWebDeps(options.web, { reads, actions, clock })
    : undefined;
  const fromSession = web
    ? async (request: FastifyRequest): Promise<Operator | null> => {
        const data = visit(request, web).session?.data;
        return data?.kind === 'operator' ? data.operator : null;
      }
    : undefined;
  await app.register(consoleApp, {
    reads,
    actions,
    authenticate: options.authenticate ?? fromSession ?? (async () => null),
  });
  if (web) await app.register(consoleWebApp, web);
  const url = await app.listen({ host: options.host, port: options.port });
  await indexer.start();
  indexing = true;
  audit.start();
  logger.info({ url, topics: indexer.topics().length }, 'console started');
  return {
    app,
    url,
    reads,
    actions,
    indexer,
    async close() {
      audit.stop();
      await app.close();
      web?.close();
      await indexer.stop();
      await lag.close();
      await producer.disconnect();
      store.close();
    },
  };
}

// The console process: config, telemetry (--import), start, graceful stop; operators sign in
// through the provider of CONSOLE_OIDC_ISSUER (the local one, or ProConnect's).
if (import.meta.main) {
  await runServiceProcess('console', loadConfig, (config, logger, metrics) =>
    startConsole({
      prometheus: metrics,
      brokers: config.KAFKA_BROKERS,
      kafkaAuth: kafkaAuthOf(config),
      logger,
      registryUrl: config.SCHEMA_REGISTRY_URL,
      keysDir: config.CONSOLE_KEYS_DIR,
      dataDir: config.CONSOLE_DATA_DIR,
      instance: config.CONSOLE_INSTANCE,
      host: config.HTTP_HOST,
      port: config.HTTP_PORT,
      gatewayUrl: config.CONSOLE_GATEWAY_URL,
      metrics: config.CONSOLE_METRICS,
      tracingUrl: config.CONSOLE_ZIPKIN_URL,
      lagGroups: config.CONSOLE_GROUPS,
      auditEveryMs: config.CONSOLE_AUDIT_EVERY_MS,
      partitions: config.RELAIS_PARTITIONS,
      web: consoleWebSettings(config),
      topics: {
        accessLog: config.CONSOLE_ACCESS_LOG_TOPIC,
        entitlements: config.CONSOLE_ENTITLEMENTS_TOPIC,
        notices: config.CONSOLE_NOTICES_TOPIC,
        decisions: config.CONSOLE_DECISIONS_TOPIC,
        journal: config.CONSOLE_JOURNAL_TOPIC,
      },
    }),
  );
}
