// What every Relais service does around its own wiring, written once: connect to Kafka with its
// topics ensured and its co-partitioned topics checked, and run as a process (config parsed once,
// a logger, start, graceful stop on SIGTERM/SIGINT).
import type { Kafka } from 'kafkajs';
import { createKafka } from './kafka/client.ts';
import type { KafkaAuth, KafkaSasl } from './kafka/auth.ts';
import { createProducer, type RelaisProducer } from './kafka/producer.ts';
import {
  checkBrokerTime,
  checkCoPartitioned,
  ensureTopics,
  warnRetentionDrift,
  type TopicSpec,
} from './kafka/topics.ts';
import { createLogger, type Logger } from './logging.ts';
import { onTerminate } from './http/server.ts';
import { listenMetrics } from './metrics/listener.ts';
import { createServiceMetrics, type ServiceMetrics } from './metrics/registry.ts';
import { readSecretFile } from './secrets.ts';

export interface ServiceKafkaOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** Named on the service's Kafka spans; by default the logger's `service`. */
  service?: string;
  /** Its principal (createKafka: explicit first, then its configuration's, dec-031). */
  sasl?: KafkaSasl | undefined;
  auth?: KafkaAuth | undefined;
  /** Created when missing, with their partitions and configuration. */
  topics: TopicSpec[];
  /**
   * Topics keyed by pivot that must have the deployment's partition count (guarantee 3): the
   * start fails, naming each, when they do not.
   */
  coPartitioned?: { topics: string[]; partitions: number };
  /**
   * Topics whose records must carry the broker's append time (LogAppendTime: a citizen's order,
   * dec-014): the start fails, naming each, when one carries the producer's time.
   */
  brokerTime?: string[];
}

export interface ServiceKafka {
  kafka: Kafka;
  /** Connected; the caller disconnects it when it closes. */
  producer: RelaisProducer;
}

/** A Kafka client and a connected producer, once the service's topics exist and agree. */
export async function connectServiceKafka(options: ServiceKafkaOptions): Promise<ServiceKafka> {
  const kafka = createKafka({
    brokers: options.brokers,
    clientId: options.clientId,
    logger: options.logger,
    ...(options.service ? { service: options.service } : {}),
    sasl: options.sasl,
    auth: options.auth,
  });
  const producer = createProducer(kafka);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, options.topics);
    // Another retention than declared is said, not refused: the records are there either way.
    await warnRetentionDrift(admin, options.topics, options.logger);
    if (options.coPartitioned) {
      await checkCoPartitioned(
        admin,
        options.coPartitioned.topics,
        options.coPartitioned.partitions,
      );
    }
    if (options.brokerTime) await checkBrokerTime(admin, options.brokerTime);
  } finally {
    await admin.disconnect();
  }
  await producer.connect();
  return { kafka, producer };
}

/** The metrics variables of the base configuration (config.ts). */
export interface MetricsConfig {
  METRICS_TOKEN_FILE?: string | undefined;
  METRICS_PORT?: number | undefined;
  METRICS_HOST?: string | undefined;
}

/**
 * A service as a process: its configuration parsed once, a logger named after it, its metrics
 * (the scrape token read from METRICS_TOKEN_FILE; a metrics listener when METRICS_PORT is set),
 * started, and stopped gracefully on SIGTERM or SIGINT (telemetry comes with `--import`).
 */
export async function runServiceProcess<
  C extends { LOG_LEVEL: string } & MetricsConfig,
  R extends { url: string; close(): Promise<void> },
>(
  service: string,
  loadConfig: () => C,
  start: (config: C, logger: Logger, metrics: ServiceMetrics) => Promise<R>,
): Promise<R> {
  const config = loadConfig();
  const logger = createLogger({ service, level: config.LOG_LEVEL });
  const metrics = createServiceMetrics(service, {
    scrapeToken: config.METRICS_TOKEN_FILE ? readSecretFile(config.METRICS_TOKEN_FILE) : undefined,
  });
  const running = await start(config, logger, metrics);
  const listener =
    config.METRICS_PORT === undefined
      ? undefined
      : await listenMetrics(metrics, {
          host: config.METRICS_HOST ?? '127.0.0.1',
          port: config.METRICS_PORT,
          logger,
        });
  if (!listener && !config.METRICS_TOKEN_FILE)
    logger.warn('metrics: neither METRICS_TOKEN_FILE nor METRICS_PORT set; nobody may scrape');
  logger.info({ url: running.url, openapi: `${running.url}/openapi.json` }, `${service} listening`);
  onTerminate(logger, [() => running.close(), ...(listener ? [() => listener.close()] : [])]);
  return running;
}
