// The counter's environment, parsed once at start-up. Pointing it at ProConnect's integration
// environment instead of the local provider is the COUNTER_OIDC_* settings.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { topics } from '@relais/contracts';
import { baseConfigShape, parseConfig, port, z } from '@relais/kit';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const url = z.url({ error: 'expected an http(s) URL' });

export const counterConfigSchema = z.object({
  ...baseConfigShape,
  HTTP_PORT: port(8088),
  /** Where agents reach the counter (https behind TLS: cookies get Secure and __Host-). */
  COUNTER_PUBLIC_URL: url.default('http://127.0.0.1:8088'),
  COUNTER_OIDC_ISSUER: url.default('http://127.0.0.1:4400/api/v2'),
  COUNTER_OIDC_CLIENT_ID: z.string().min(1).default('relais-counter'),
  COUNTER_OIDC_CLIENT_SECRET: z.string().min(32, 'expected at least 32 characters'),
  COUNTER_OIDC_CLIENT_AUTH: z
    .enum(['client_secret_post', 'client_secret_basic'])
    .default('client_secret_post'),
  /** The citizens' client (FranceConnect): a citizen confirms a mandate by signing in once. */
  COUNTER_CITIZEN_OIDC_ISSUER: url.optional(),
  COUNTER_CITIZEN_OIDC_CLIENT_ID: z.string().min(1).default('relais-counter-citizens'),
  /** Unset: mandates are confirmed by signed attestation only. */
  COUNTER_CITIZEN_OIDC_CLIENT_SECRET: z
    .string()
    .min(32, 'expected at least 32 characters')
    .optional(),
  COUNTER_CONSENT_URL: url.default('http://127.0.0.1:8082'),
  COUNTER_NOTIFIER_URL: url.default('http://127.0.0.1:8085'),
  /** pseudonym.key, identity.key (shared with the portal) and the counter's token key pair. */
  COUNTER_KEYS_DIR: z.string().default(path.join(repo, 'infra', 'agencies', '.keys')),
  COUNTER_DATA_DIR: z.string().default(path.join(repo, '.relais', 'counter')),
  COUNTER_INSTANCE: z.string().min(1).default('counter-1'),
  COUNTER_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(240).default(30),
  COUNTER_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(12).default(8),
  COUNTER_COUNTER_ACTIONS_TOPIC: z.string().min(1).default(topics.counterActions.name),
});

export type CounterConfig = z.infer<typeof counterConfigSchema>;

export const loadConfig = (env: Record<string, string | undefined> = process.env): CounterConfig =>
  parseConfig(counterConfigSchema, env);
