// The notifier process: config, telemetry (--import), start, graceful stop.
import { createLogger, onTerminate } from '@relais/kit';
import { startNotifier } from './app.ts';
import { loadConfig } from './config.ts';

const config = loadConfig();
const logger = createLogger({ service: 'notifier', level: config.LOG_LEVEL });
const notifier = await startNotifier({
  brokers: config.KAFKA_BROKERS,
  logger,
  registryUrl: config.SCHEMA_REGISTRY_URL,
  keysDir: config.NOTIFIER_KEYS_DIR,
  dataDir: config.NOTIFIER_DATA_DIR,
  host: config.HTTP_HOST,
  port: config.HTTP_PORT,
  citizenTokenSecret: config.CITIZEN_TOKEN_SECRET,
  partitions: config.RELAIS_PARTITIONS,
  ...(config.NOTIFIER_PUBLIC_URL ? { publicUrl: config.NOTIFIER_PUBLIC_URL } : {}),
  ...(config.SMTP_HOST
    ? {
        smtp: {
          host: config.SMTP_HOST,
          port: config.SMTP_PORT,
          from: config.SMTP_FROM,
          ...(config.SMTP_USER && config.SMTP_PASSWORD
            ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASSWORD } }
            : {}),
        },
      }
    : {}),
});
logger.info({ url: notifier.url }, 'notifier listening');
onTerminate(logger, [() => notifier.close()]);
