// The gateway process: config, telemetry (--import), start, graceful stop.
import { createLogger, onTerminate } from '@relais/kit';
import { startGateway } from './app.ts';
import { loadConfig } from './config.ts';

const config = loadConfig();
const logger = createLogger({ service: 'gateway', level: config.LOG_LEVEL });
const gateway = await startGateway({
  brokers: config.KAFKA_BROKERS,
  logger,
  registryUrl: config.SCHEMA_REGISTRY_URL,
  keysDir: config.GATEWAY_KEYS_DIR,
  dataDir: config.GATEWAY_DATA_DIR,
  instance: config.GATEWAY_INSTANCE,
  host: config.HTTP_HOST,
  port: config.HTTP_PORT,
  publicUrl: config.GATEWAY_PUBLIC_URL,
  ratePerSecond: config.GATEWAY_RATE_PER_SECOND,
  rateBurst: config.GATEWAY_RATE_BURST,
  maxBodyBytes: config.GATEWAY_MAX_BODY_BYTES,
  maxBatch: config.GATEWAY_MAX_BATCH,
  pseudonymTopic: config.GATEWAY_PSEUDONYM_TOPIC,
  partitions: config.RELAIS_PARTITIONS,
  webhooks: { allowInsecureLocalhost: config.GATEWAY_WEBHOOK_INSECURE_LOCALHOST },
});
logger.info({ url: gateway.url, docs: `${gateway.url}/docs` }, 'gateway listening');
onTerminate(logger, [() => gateway.close()]);
