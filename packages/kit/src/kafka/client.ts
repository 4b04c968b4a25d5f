// kafkajs client factory: one place for brokers, client id, retries and logging into pino.
import { Kafka, logLevel, type KafkaConfig, type logCreator } from 'kafkajs';
import type { Logger } from '../logging.ts';
import { processKafkaAuth } from '../config.ts';
import { resolveKafkaSasl, type KafkaAuth, type KafkaSasl } from './auth.ts';
import { serviceOf } from '../telemetry/service-name.ts';

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

function pinoLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      // kafkajs logs broker addresses, group ids and error names, never record contents.
      const { message, timestamp: _t, logger: _l, ...rest } = log;
      const target = levels[level] ?? 'info';
      // "The coordinator is loading" and friends are retried by kafkajs itself; keep them quiet.
      // kafkajs warns that limited retries "may invalidate EoS guarantees": Relais promises
      // at-least-once with idempotent effects, not exactly-once (BRIEF guarantee 2).
      const quiet =
        (target === 'error' && typeof rest['retryCount'] === 'number') ||
        message.startsWith('Limiting retries for the idempotent producer');
      logger[quiet ? 'debug' : target]({ component: `kafkajs.${namespace}`, ...rest }, message);
    };
}

export interface KafkaClientConfig {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /**
   * The service whose spans this client's producers and consumers make (their `service.name`);
   * by default the logger's `service` (createLogger({ service })).
   */
  service?: string;
  /** Authenticate as this principal (first choice). */
  sasl?: KafkaSasl | undefined;
  /**
   * The configuration's credentials (kit `kafkaAuthOf`): its own principal, or the local cluster's
   * file from which this client picks its `service`'s. Without either, the process's
   * (`processKafkaAuth`); without any, plaintext.
   */
  auth?: KafkaAuth | undefined;
  /** kafkajs log level; WARN by default. */
  logLevel?: logLevel;
  overrides?: Partial<KafkaConfig>;
}

const services = new WeakMap<Kafka, string>();

/** The service a client was created for (createKafka), named on its Kafka spans. */
export function kafkaService(kafka: Kafka): string | undefined {
  return services.get(kafka);
}

export function createKafka(config: KafkaClientConfig): Kafka {
  const service = config.service ?? serviceOf(config.logger);
  const sasl = resolveKafkaSasl(config.sasl, config.auth ?? processKafkaAuth(), service);
  const kafka = new Kafka({
    clientId: config.clientId,
    brokers: config.brokers,
    logLevel: config.logLevel ?? logLevel.WARN,
    logCreator: pinoLogCreator(config.logger.child({ component: 'kafka' })),
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 100, retries: 8, maxRetryTime: 10_000 },
    ...(sasl ? { sasl } : {}),
    ...config.overrides,
  });
  if (service) services.set(kafka, service);
  return kafka;
}

export { logLevel };
