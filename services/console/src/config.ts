// The console's environment, parsed once at start-up.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { topics } from '@relais/contracts';
import { baseConfigShape, parseConfig, port, z } from '@relais/kit';
import { consoleWebConfigShape } from './web-config.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** `name=url` pairs, comma-separated: the services' JSON /metrics. */
const metricsList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => {
        const at = p.indexOf('=');
        return { service: p.slice(0, at), url: p.slice(at + 1) };
      }),
  )
  .pipe(
    z.array(
      z.object({
        service: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'expected name=url pairs'),
        url: z.url({ error: 'expected name=url pairs with http(s) URLs' }),
      }),
    ),
  );

const list = z.string().transform((s) =>
  s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean),
);

export const consoleConfigSchema = z.object({
  ...baseConfigShape,
  ...consoleWebConfigShape,
  HTTP_PORT: port(8087),
  /** The flow index (SQLite) and nothing else. */
  CONSOLE_DATA_DIR: z.string().default(path.join(repo, '.relais', 'console')),
  CONSOLE_INSTANCE: z.string().min(1).default('console-1'),
  /** Holds operator.token, with which the console calls the gateway's operator routes. */
  CONSOLE_KEYS_DIR: z.string().default(path.join(repo, 'infra', 'agencies', '.keys')),
  /** The gateway's base URL (its /v1/operator routes: recipients' inboxes, webhooks). */
  CONSOLE_GATEWAY_URL: z.url({ error: 'expected an http(s) URL' }).default('http://127.0.0.1:8080'),
  /** The services whose JSON counters the lag page shows. */
  CONSOLE_METRICS: metricsList.default([
    { service: 'router', url: 'http://127.0.0.1:8083/metrics' },
    { service: 'eligibility', url: 'http://127.0.0.1:8084/metrics' },
    { service: 'notifier', url: 'http://127.0.0.1:8085/metrics' },
  ]),
  /** The tracing UI a flow links to (`<url>/traces/<trace id>`); empty: no link. */
  CONSOLE_ZIPKIN_URL: z
    .union([z.literal(''), z.url({ error: 'expected an http(s) URL or nothing' })])
    .default('http://127.0.0.1:9411/zipkin'),
  /** The consumer groups whose lag is shown: group ids starting with one of these. */
  CONSOLE_GROUPS: list.default(['relais-']),
  /** How often the access log's chains are verified again in the background. */
  CONSOLE_AUDIT_EVERY_MS: z.coerce.number().int().min(1_000).default(300_000),
  CONSOLE_ACCESS_LOG_TOPIC: z.string().min(1).default(topics.accessLog.name),
  CONSOLE_ENTITLEMENTS_TOPIC: z.string().min(1).default(topics.entitlements.name),
  CONSOLE_NOTICES_TOPIC: z.string().min(1).default(topics.notices.name),
  CONSOLE_DECISIONS_TOPIC: z.string().min(1).default(topics.routingDecisions.name),
  CONSOLE_JOURNAL_TOPIC: z.string().min(1).default(topics.operatorActions.name),
});

export type ConsoleConfig = z.infer<typeof consoleConfigSchema>;

export const loadConfig = (env: Record<string, string | undefined> = process.env): ConsoleConfig =>
  parseConfig(consoleConfigSchema, env);
