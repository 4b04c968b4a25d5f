// The notifier's environment, parsed once at start-up.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseConfigShape, parseConfig, port, z } from '@relais/kit';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const notifierConfigSchema = z.object({
  ...baseConfigShape,
  HTTP_PORT: port(8085),
  NOTIFIER_DATA_DIR: z.string().default(path.join(repo, '.relais', 'notifier')),
  NOTIFIER_KEYS_DIR: z.string().default(path.join(repo, 'infra', 'agencies', '.keys')),
  /** Where citizens reach the notifier (links in notices). */
  NOTIFIER_PUBLIC_URL: z.string().url().optional(),
  /**
   * The portal's JWKS URL (its citizen access tokens, ES256); unset: portal-token.public.jwk.json
   * in NOTIFIER_KEYS_DIR.
   */
  NOTIFIER_PORTAL_JWKS_URL: z.url().optional(),
  /** The counter's JWKS URL (agents' tokens); unset: counter-token.public.jwk.json in the keys folder. */
  NOTIFIER_COUNTER_JWKS_URL: z.url().optional(),
  /**
   * Development only: also accept the consent service's development tokens (HS256, this secret,
   * shared with CONSENT_DEV_TOKEN_SECRET). Unset in the default configuration: portal tokens only.
   */
  CITIZEN_DEV_TOKEN_SECRET: z.string().min(32, 'expected at least 32 characters').optional(),
  /** Outgoing mail; without SMTP_HOST, e-mail is not offered and notices stay in-app/letter. */
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: port(25),
  SMTP_FROM: z.string().default('Relais <ne-pas-repondre@relais.invalid>'),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
});

export type NotifierConfig = z.infer<typeof notifierConfigSchema>;
export const loadConfig = (env: Record<string, string | undefined> = process.env): NotifierConfig =>
  parseConfig(notifierConfigSchema, env);
