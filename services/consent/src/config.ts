// The consent service's environment, parsed once at start-up.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { topics } from '@relais/contracts';
import { baseConfigShape, parseConfig, port, z } from '@relais/kit';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const flag = z
  .enum(['true', 'false'], { error: 'expected true or false' })
  .transform((v) => v === 'true');

export const consentConfigSchema = z.object({
  ...baseConfigShape,
  HTTP_PORT: port(8082),
  CONSENT_DATA_DIR: z.string().default(path.join(repo, '.relais', 'consent')),
  CONSENT_INSTANCE: z.string().min(1).default('consent-1'),
  /** Holds pseudonym.key (shared with the gateway) and the portal's public token key. */
  CONSENT_KEYS_DIR: z.string().default(path.join(repo, 'infra', 'agencies', '.keys')),
  /** The access log's archive, written by the router (ROUTER_ARCHIVE_DIR): rebuilds lost files. */
  CONSENT_ARCHIVE_DIR: z.string().default(path.join(repo, '.relais', 'archive')),
  /** Where the receipt signing key is kept (created on first start). */
  CONSENT_RECEIPT_KEYS_DIR: z.string().default(path.join(repo, '.relais', 'consent', 'keys')),
  /**
   * The portal's JWKS URL (its citizen access tokens); unset: portal-token.public.jwk.json in
   * CONSENT_KEYS_DIR.
   */
  CONSENT_PORTAL_JWKS_URL: z.url().optional(),
  /** Development token issuer (POST /v1/dev/citizen-token) and its tokens; never in production. */
  CONSENT_DEV_TOKENS: flag.default(false),
  /** HS256 secret of citizen tokens; unset: a random one per process (tokens die with it). */
  CONSENT_DEV_TOKEN_SECRET: z.string().min(32, 'expected at least 32 characters').optional(),
  CONSENT_PSEUDONYM_TOPIC: z.string().min(1).default(topics.pseudonyms.name),
  CONSENT_CONSENTS_TOPIC: z.string().min(1).default(topics.consents.name),
  CONSENT_ACCESS_LOG_TOPIC: z.string().min(1).default(topics.accessLog.name),
  CONSENT_MANDATES_TOPIC: z.string().min(1).default(topics.mandates.name),
  CONSENT_COUNTER_ACTIONS_TOPIC: z.string().min(1).default(topics.counterActions.name),
  /** The counter's JWKS URL (its agents' tokens); unset: counter-token.public.jwk.json in CONSENT_KEYS_DIR. */
  CONSENT_COUNTER_JWKS_URL: z.url().optional(),
});

export type ConsentConfig = z.infer<typeof consentConfigSchema>;

export const loadConfig = (env: Record<string, string | undefined> = process.env): ConsentConfig =>
  parseConfig(consentConfigSchema, env);
