// One schema per service, parsed once at start-up; nothing else reads process.env.
// Every bad variable is named in one error, so an operator fixes them all in one go.
import { z } from 'zod';
import { DEFAULT_PARTITIONS } from './kafka/topics.ts';
import { kafkaSaslMechanisms, type KafkaAuth } from './kafka/auth.ts';
import type { Logger } from './logging.ts';
import { readSecretFile } from './secrets.ts';

export interface ConfigIssue {
  variable: string;
  expected: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue[]) {
    super(
      `invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.expected}`).join('\n')}`,
    );
    this.issues = issues;
  }
}

/**
 * Parses `env` with a zod object whose keys are environment variable names.
 * The values are never echoed back: a bad variable may hold a secret.
 */
export function parseConfig<S extends z.ZodObject>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    variable: issue.path.map(String).join('.') || '(root)',
    expected: issue.message,
  }));
  throw new ConfigError(issues);
}

const brokerList = z
  .string({ error: 'required: a comma-separated list of host:port Kafka brokers' })
  .transform((s) =>
    s
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port'))
      .min(1, 'expected at least one host:port broker'),
  );

/** A TCP port variable with its default (0 lets the OS choose). */
export const port = (fallback: number) =>
  z.coerce
    .number({ error: 'expected a TCP port number' })
    .int('expected an integer TCP port')
    .min(0, 'expected a TCP port between 0 and 65535')
    .max(65535, 'expected a TCP port between 0 and 65535')
    .default(fallback);

/** What a deployment is: `production` refuses every development shortcut at start (issue 13). */
export const relaisProfiles = ['development', 'production'] as const;
export type RelaisProfile = (typeof relaisProfiles)[number];

/**
 * How a process authenticates to Kafka (dec-031): its own principal (production), or the local
 * cluster's credentials file (development: each service picks its principal from it).
 */
export const kafkaAuthShape = {
  KAFKA_SASL_MECHANISM: z
    .enum(kafkaSaslMechanisms, { error: 'expected scram-sha-512, scram-sha-256 or plain' })
    .default('scram-sha-512'),
  KAFKA_SASL_USERNAME: z.string().min(1, 'expected the principal name').optional(),
  /** A file holding the password (preferred: it never shows in the environment). */
  KAFKA_SASL_PASSWORD_FILE: z.string().min(1, 'expected a file path').optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1, 'expected the password').optional(),
  /** The local cluster's credentials file (infra/kafka): development only. */
  RELAIS_KAFKA_CREDENTIALS: z.string().min(1, 'expected a file path').optional(),
};

export type KafkaAuthConfig = z.infer<z.ZodObject<typeof kafkaAuthShape>> & {
  RELAIS_PROFILE?: RelaisProfile;
};

/**
 * The Kafka credentials a configuration gives. Under RELAIS_PROFILE=production a process must
 * have its own principal: no credentials at all, or the local cluster's file, is refused.
 */
export function kafkaAuthOf(config: KafkaAuthConfig): KafkaAuth {
  const issues: ConfigIssue[] = [];
  const production = config.RELAIS_PROFILE === 'production';
  let password = config.KAFKA_SASL_PASSWORD;
  if (config.KAFKA_SASL_PASSWORD_FILE) {
    try {
      password = readSecretFile(config.KAFKA_SASL_PASSWORD_FILE);
    } catch {
      issues.push({
        variable: 'KAFKA_SASL_PASSWORD_FILE',
        expected: 'expected a readable file holding the password',
      });
    }
  }
  if (config.KAFKA_SASL_USERNAME && !password && !issues.length) {
    issues.push({
      variable: 'KAFKA_SASL_PASSWORD_FILE',
      expected: 'expected the password of KAFKA_SASL_USERNAME (or KAFKA_SASL_PASSWORD)',
    });
  }
  if (!config.KAFKA_SASL_USERNAME && password) {
    issues.push({ variable: 'KAFKA_SASL_USERNAME', expected: 'expected the principal name' });
  }
  if (production && config.RELAIS_KAFKA_CREDENTIALS) {
    issues.push({
      variable: 'RELAIS_KAFKA_CREDENTIALS',
      expected:
        "expected off under RELAIS_PROFILE=production (the local cluster's credentials file is for development only)",
    });
  }
  if (production && !config.KAFKA_SASL_USERNAME) {
    issues.push({
      variable: 'KAFKA_SASL_USERNAME',
      expected:
        'expected Kafka credentials under RELAIS_PROFILE=production (KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD_FILE)',
    });
  }
  if (issues.length) throw new ConfigError(issues);
  return {
    ...(config.KAFKA_SASL_USERNAME && password
      ? {
          sasl: {
            mechanism: config.KAFKA_SASL_MECHANISM,
            username: config.KAFKA_SASL_USERNAME,
            password,
          },
        }
      : {}),
    ...(config.RELAIS_KAFKA_CREDENTIALS
      ? { credentialsFile: config.RELAIS_KAFKA_CREDENTIALS }
      : {}),
  };
}

let processAuth: KafkaAuth | undefined;

/**
 * The Kafka credentials of a process that has no service configuration (a tool, a benchmark, a
 * test worker): the same variables, parsed once from its environment.
 */
export function processKafkaAuth(): KafkaAuth {
  processAuth ??= kafkaAuthOf(parseConfig(z.object(kafkaAuthShape)));
  return processAuth;
}

/** The variables every Relais service shares. Services extend this object. */
export const baseConfigShape = {
  RELAIS_PROFILE: z
    .enum(relaisProfiles, { error: 'expected development or production' })
    .default('development'),
  KAFKA_BROKERS: brokerList.default(['127.0.0.1:9092']),
  KAFKA_CLIENT_ID: z.string().min(1).optional(),
  ...kafkaAuthShape,
  SCHEMA_REGISTRY_URL: z.url({ error: 'expected an http(s) URL' }).default('http://127.0.0.1:8081'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'expected one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  HTTP_HOST: z.string().default('127.0.0.1'),
  HTTP_PORT: port(0),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ error: 'expected an http(s) URL' }).optional(),
  /**
   * A file holding the scraper's bearer token: GET /metrics/prometheus on HTTP_PORT answers it.
   * Without it that route answers 401 (deny by default) — see docs/operations.md.
   */
  METRICS_TOKEN_FILE: z.string().min(1, 'expected a file path').optional(),
  /** When set, a metrics listener on METRICS_HOST:METRICS_PORT serves the scrape without a token. */
  METRICS_PORT: z.coerce
    .number({ error: 'expected a TCP port number' })
    .int('expected an integer TCP port')
    .min(0, 'expected a TCP port between 0 and 65535')
    .max(65535, 'expected a TCP port between 0 and 65535')
    .optional(),
  /** The metrics listener's interface: a private one (it answers without a token). */
  METRICS_HOST: z.string().default('127.0.0.1'),
  /**
   * Partitions of the per-citizen topics, one setting for the whole deployment: the topics
   * co-partitioned with relais.consents must agree (guarantee 3), and services check it at start.
   */
  RELAIS_PARTITIONS: z.coerce
    .number({ error: 'expected a partition count' })
    .int('expected a whole number of partitions')
    .min(1, 'expected at least 1 partition')
    .default(DEFAULT_PARTITIONS),
  /**
   * How long agencies may re-read their deliveries (relais.deliveries.<agency> retention, told in
   * their AsyncAPI), one setting for the whole deployment (dec-035).
   */
  RELAIS_REPLAY_WINDOW_DAYS: z.coerce
    .number({ error: 'expected a number of days' })
    .positive('expected a positive number of days')
    .default(30),
};

export const baseConfigSchema = z.object(baseConfigShape);

/** A setting that makes development easy and a deployment unsafe (a token issuer, plain http). */
export interface DevelopmentShortcut {
  /** The variable that turns it on, as an operator would look for it. */
  setting: string;
  on: boolean;
  /** What it does, in a few words, for the warning. */
  what: string;
}

/**
 * At start, before anything connects: under `production` a shortcut that is on is a
 * configuration error naming its setting; otherwise each one on is a loud warning. Answers the
 * settings that are on (a service shows them in /healthz and marks what they touch).
 */
export function checkDevelopmentShortcuts(
  profile: RelaisProfile,
  shortcuts: DevelopmentShortcut[],
  logger: Logger,
): string[] {
  const on = shortcuts.filter((s) => s.on);
  if (profile === 'production' && on.length) {
    throw new ConfigError(
      on.map((s) => ({
        variable: s.setting,
        expected: `expected off under RELAIS_PROFILE=production (${s.what} is for development only)`,
      })),
    );
  }
  for (const s of on) {
    logger.warn(
      { setting: s.setting, profile },
      `DEVELOPMENT SHORTCUT ON: ${s.what} (${s.setting}) — never in production`,
    );
  }
  return on.map((s) => s.setting);
}
export type BaseConfig = z.infer<typeof baseConfigSchema>;

export { z };
