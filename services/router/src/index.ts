// The router process: config, telemetry (--import), start, graceful stop.
import { createLogger, onTerminate } from '@relais/kit';
import { startRouter } from './app.ts';
import { loadConfig } from './config.ts';

const config = loadConfig();
const logger = createLogger({ service: 'router', level: config.LOG_LEVEL });
const router = await startRouter({
  brokers: config.KAFKA_BROKERS,
  logger,
  registryUrl: config.SCHEMA_REGISTRY_URL,
  keysDir: config.ROUTER_KEYS_DIR,
  dataDir: config.ROUTER_DATA_DIR,
  instance: config.ROUTER_INSTANCE,
  host: config.HTTP_HOST,
  port: config.HTTP_PORT,
  partitions: config.RELAIS_PARTITIONS,
});
logger.info({ url: router.url }, 'router listening');
onTerminate(logger, [() => router.close()]);
