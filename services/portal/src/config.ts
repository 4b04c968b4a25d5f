// The portal's environment, parsed once at start-up. Pointing the portal at FranceConnect's
// integration environment instead of the local provider is these four settings (docs/operations.md).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { topics } from '@relais/contracts';
import { baseConfigShape, parseConfig, port, z } from '@relais/kit';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const url = z.url({ error: 'expected an http(s) URL' });

export const portalConfigSchema = z.object({
  ...baseConfigShape,
  HTTP_PORT: port(8086),
  /** Where citizens reach the portal (https behind TLS: cookies get Secure). */
  PORTAL_PUBLIC_URL: url.default('http://127.0.0.1:8086'),
  /** OpenID Connect: the issuer (its discovery document is <issuer>/.well-known/openid-configuration). */
  PORTAL_OIDC_ISSUER: url.default('http://127.0.0.1:4400/api/v2'),
  PORTAL_OIDC_CLIENT_ID: z.string().min(1).default('relais-portal'),
  PORTAL_OIDC_CLIENT_SECRET: z.string().min(32, 'expected at least 32 characters'),
  /** Default: <PORTAL_PUBLIC_URL>/auth/callback (registered with the provider, exactly). */
  PORTAL_OIDC_REDIRECT_URI: url.optional(),
  /** Default: <PORTAL_PUBLIC_URL>/signed-out. */
  PORTAL_OIDC_POST_LOGOUT_REDIRECT_URI: url.optional(),
  /** client_secret_post (FranceConnect's default) or client_secret_basic. */
  PORTAL_OIDC_CLIENT_AUTH: z
    .enum(['client_secret_post', 'client_secret_basic'])
    .default('client_secret_post'),
  /** The level asked for at sign-in; pages with health or disability data ask eidas2. */
  PORTAL_DEFAULT_ACR: z.enum(['eidas1', 'eidas2', 'eidas3']).default('eidas1'),
  PORTAL_CONSENT_URL: url.default('http://127.0.0.1:8082'),
  PORTAL_NOTIFIER_URL: url.default('http://127.0.0.1:8085'),
  /** Holds pseudonym.key, identity.key and the portal's token key pair (created on first start). */
  PORTAL_KEYS_DIR: z.string().default(path.join(repo, 'infra', 'agencies', '.keys')),
  PORTAL_DATA_DIR: z.string().default(path.join(repo, '.relais', 'portal')),
  PORTAL_INSTANCE: z.string().min(1).default('portal-1'),
  /** Idle session lifetime (minutes), and the absolute one (hours). */
  PORTAL_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(240).default(30),
  PORTAL_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24).default(8),
  PORTAL_PSEUDONYM_TOPIC: z.string().min(1).default(topics.pseudonyms.name),
  PORTAL_IDENTITY_LINKS_TOPIC: z.string().min(1).default(topics.identityLinks.name),
});

export type PortalConfig = z.infer<typeof portalConfigSchema>;

export const loadConfig = (env: Record<string, string | undefined> = process.env): PortalConfig =>
  parseConfig(portalConfigSchema, env);
