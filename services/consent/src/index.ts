// The consent service process: config, telemetry (--import), start, graceful stop.
import { randomBytes } from 'node:crypto';
import { createLogger, onTerminate } from '@relais/kit';
import { startConsent } from './app.ts';
import { loadConfig } from './config.ts';

const config = loadConfig();
const logger = createLogger({ service: 'consent', level: config.LOG_LEVEL });
if (config.CONSENT_DEV_TOKENS) {
  logger.warn('development citizen token issuer enabled (POST /v1/dev/citizen-token)');
}
const consent = await startConsent({
  brokers: config.KAFKA_BROKERS,
  logger,
  registryUrl: config.SCHEMA_REGISTRY_URL,
  dataDir: config.CONSENT_DATA_DIR,
  keysDir: config.CONSENT_KEYS_DIR,
  receiptKeysDir: config.CONSENT_RECEIPT_KEYS_DIR,
  devTokens: config.CONSENT_DEV_TOKENS,
  devTokenSecret: config.CONSENT_DEV_TOKEN_SECRET ?? randomBytes(32).toString('base64url'),
  host: config.HTTP_HOST,
  port: config.HTTP_PORT,
  instance: config.CONSENT_INSTANCE,
  pseudonymTopic: config.CONSENT_PSEUDONYM_TOPIC,
  consentsTopic: config.CONSENT_CONSENTS_TOPIC,
  accessLogTopic: config.CONSENT_ACCESS_LOG_TOPIC,
  partitions: config.RELAIS_PARTITIONS,
});
logger.info({ url: consent.url, openapi: `${consent.url}/openapi.json` }, 'consent listening');
onTerminate(logger, [() => consent.close()]);
