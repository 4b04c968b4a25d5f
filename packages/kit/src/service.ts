// What every Relais service does around its own wiring, written once: connect to Kafka with its
// topics ensured and its co-partitioned topics checked, and run as a process (config parsed once,
// a logger, start, graceful stop on SIGTERM/SIGINT).
import type { Kafka } from 'kafkajs';
import { createKafka } from './kafka/client.ts';
import { createProducer, type RelaisProducer } from './kafka/producer.ts';
import {
  checkBrokerTime,
  checkCoPartitioned,
  ensureTopics,
  type TopicSpec,
} from './kafka/topics.ts';
import { createLogger, type Logger } from './logging.ts';
import { onTerminate } from './http/server.ts';

export interface ServiceKafkaOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
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
  });
  const producer = createProducer(kafka);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, options.topics);
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

/**
 * A service as a process: its configuration parsed once, a logger named after it, started, and
 * stopped gracefully on SIGTERM or SIGINT (telemetry comes with `--import`).
 */
export async function runServiceProcess<
  C extends { LOG_LEVEL: string },
  R extends { url: string; close(): Promise<void> },
>(
  service: string,
  loadConfig: () => C,
  start: (config: C, logger: Logger) => Promise<R>,
): Promise<R> {
  const config = loadConfig();
  const logger = createLogger({ service, level: config.LOG_LEVEL });
  const running = await start(config, logger);
  logger.info({ url: running.url, openapi: `${running.url}/openapi.json` }, `${service} listening`);
  onTerminate(logger, [() => running.close()]);
  return running;
}
