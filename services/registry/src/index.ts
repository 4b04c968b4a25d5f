// The registry process: config, telemetry (--import), start, graceful stop.
import { createLogger, onTerminate } from '@relais/kit';
import { startRegistry } from './app.ts';
import { loadConfig } from './config.ts';

const config = loadConfig();
const logger = createLogger({ service: 'registry', level: config.LOG_LEVEL });
const registry = await startRegistry({
  brokers: config.KAFKA_BROKERS,
  logger,
  topic: config.REGISTRY_TOPIC,
  leaderGroup: config.REGISTRY_LEADER_GROUP,
  leaderEligible: config.REGISTRY_LEADER_ELIGIBLE,
  defaultLevel: config.REGISTRY_DEFAULT_COMPATIBILITY,
  publishContracts: config.REGISTRY_PUBLISH_CONTRACTS,
  host: config.HTTP_HOST,
  port: config.HTTP_PORT,
  advertisedUrl: config.REGISTRY_ADVERTISED_URL,
  replicationFactor: config.REGISTRY_REPLICATION_FACTOR,
});
logger.info({ url: registry.url, published: registry.published }, 'registry listening');
onTerminate(logger, [() => registry.close()]);
