// The eligibility process: config, telemetry (--import), start, graceful stop.
import { createLogger, onTerminate } from '@relais/kit';
import { startEligibility } from './app.ts';
import { loadConfig, readAddedParameters } from './config.ts';

const config = loadConfig();
const logger = createLogger({ service: 'eligibility', level: config.LOG_LEVEL });
const eligibility = await startEligibility({
  brokers: config.KAFKA_BROKERS,
  logger,
  registryUrl: config.SCHEMA_REGISTRY_URL,
  keysDir: config.ELIGIBILITY_KEYS_DIR,
  dataDir: config.ELIGIBILITY_DATA_DIR,
  host: config.HTTP_HOST,
  port: config.HTTP_PORT,
  addedParameters: readAddedParameters(config.ELIGIBILITY_PARAMETERS),
  partitions: config.RELAIS_PARTITIONS,
});
logger.info({ url: eligibility.url }, 'eligibility listening');
onTerminate(logger, [() => eligibility.close()]);
