// The gateway's environment, parsed once at start-up.
import { hostname } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { topics } from '@relais/contracts';
import { baseConfigShape, parseConfig, port, z } from '@relais/kit';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const gatewayConfigSchema = z.object({
  ...baseConfigShape,
  HTTP_PORT: port(8080),
  GATEWAY_PUBLIC_URL: z.url({ error: 'expected an http(s) URL' }).optional(),
  GATEWAY_DATA_DIR: z.string().default(path.join(repo, '.relais', 'gateway')),
  /** Names this instance to Kafka and operators; each replica its host's name by default. */
  GATEWAY_INSTANCE: z
    .string()
    .min(1)
    .default(() => `gateway-${hostname()}`),
  /** Public JWKs of the agencies (<id>.public.jwk.json) and the dev secrets. */
  GATEWAY_KEYS_DIR: z.string().default(path.join(repo, 'infra', 'agencies', '.keys')),
  GATEWAY_RATE_PER_SECOND: z.coerce.number().positive().default(200),
  GATEWAY_RATE_BURST: z.coerce.number().int().positive().default(400),
  GATEWAY_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(256 * 1024),
  /** How far ahead of the gateway's clock a client assertion's iat or nbf may be, in seconds. */
  GATEWAY_ASSERTION_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(60),
  GATEWAY_MAX_BATCH: z.coerce.number().int().positive().max(5000).default(500),
  GATEWAY_PSEUDONYM_TOPIC: z.string().min(1).default(topics.pseudonyms.name),
  GATEWAY_WEBHOOK_INSECURE_LOCALHOST: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export const loadConfig = (env: Record<string, string | undefined> = process.env): GatewayConfig =>
  parseConfig(gatewayConfigSchema, env);
