// The console's web settings (sign-in, sessions, pages), a zod shape src/config.ts spreads into the
// console's one schema: `z.object({ ...baseConfigShape, ...consoleWebConfigShape, … })`. Pointing
// the console at ProConnect's integration environment instead of the local provider is the four
// CONSOLE_OIDC_* settings (issuer, client id, secret, redirect URIs registered there).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from '@relais/kit';
import type { SessionPolicy } from '@relais/web';
import type { OidcOptions } from './adapters/oidc.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const url = z.url({ error: 'expected an http(s) URL' });

export const consoleWebConfigShape = {
  /** Where operators reach the console (https behind TLS: cookies get Secure and __Host-). */
  CONSOLE_PUBLIC_URL: url.default('http://127.0.0.1:8087'),
  /** OpenID Connect, ProConnect's shape: the issuer (discovery at <issuer>/.well-known/…). */
  CONSOLE_OIDC_ISSUER: url.default('http://127.0.0.1:4400/api/v2'),
  CONSOLE_OIDC_CLIENT_ID: z.string().min(1).default('relais-console'),
  CONSOLE_OIDC_CLIENT_SECRET: z.string().min(32, 'expected at least 32 characters'),
  /** Default: <CONSOLE_PUBLIC_URL>/auth/callback (registered with the provider, exactly). */
  CONSOLE_OIDC_REDIRECT_URI: url.optional(),
  /** Default: <CONSOLE_PUBLIC_URL>/signed-out. */
  CONSOLE_OIDC_POST_LOGOUT_REDIRECT_URI: url.optional(),
  CONSOLE_OIDC_CLIENT_AUTH: z
    .enum(['client_secret_post', 'client_secret_basic'])
    .default('client_secret_post'),
  /** ProConnect's service providers ask eidas1. */
  CONSOLE_OIDC_ACR: z.enum(['eidas1', 'eidas2', 'eidas3']).default('eidas1'),
  /** Idle session lifetime (minutes), and the absolute one (hours). */
  CONSOLE_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(240).default(30),
  CONSOLE_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(12).default(8),
  /** Where the sessions' SQLite file lives. */
  CONSOLE_SESSIONS_DIR: z.string().default(path.join(repo, '.relais', 'console')),
  /** The lag page's automatic refresh, when an operator turns it on. */
  CONSOLE_LAG_REFRESH_SECONDS: z.coerce.number().int().min(5).max(600).default(30),
};

export const consoleWebConfigSchema = z.object(consoleWebConfigShape);
export type ConsoleWebConfig = z.infer<typeof consoleWebConfigSchema>;

/** What src/index.ts hands consoleWebDeps (web-app.ts), read from the parsed configuration. */
export interface ConsoleWebSettings {
  publicUrl: string;
  oidc: OidcOptions & { acr: 'eidas1' | 'eidas2' | 'eidas3' };
  sessionsDir: string;
  session: Pick<SessionPolicy, 'idleMs' | 'maxMs'>;
  traceUiUrl: string | null;
  refreshSeconds: number;
}

/** `CONSOLE_ZIPKIN_URL` (config.ts) is the one tracing UI setting: the flows' links and the pages'. */
export function consoleWebSettings(
  config: ConsoleWebConfig & { CONSOLE_ZIPKIN_URL: string },
): ConsoleWebSettings {
  const publicUrl = config.CONSOLE_PUBLIC_URL.replace(/\/$/, '');
  return {
    publicUrl,
    oidc: {
      issuer: config.CONSOLE_OIDC_ISSUER,
      clientId: config.CONSOLE_OIDC_CLIENT_ID,
      clientSecret: config.CONSOLE_OIDC_CLIENT_SECRET,
      clientAuth: config.CONSOLE_OIDC_CLIENT_AUTH,
      redirectUri: config.CONSOLE_OIDC_REDIRECT_URI ?? `${publicUrl}/auth/callback`,
      postLogoutRedirectUri:
        config.CONSOLE_OIDC_POST_LOGOUT_REDIRECT_URI ?? `${publicUrl}/signed-out`,
      acr: config.CONSOLE_OIDC_ACR,
    },
    sessionsDir: config.CONSOLE_SESSIONS_DIR,
    session: {
      idleMs: config.CONSOLE_SESSION_IDLE_MINUTES * 60_000,
      maxMs: config.CONSOLE_SESSION_MAX_HOURS * 3_600_000,
    },
    traceUiUrl: config.CONSOLE_ZIPKIN_URL ? config.CONSOLE_ZIPKIN_URL.replace(/\/$/, '') : null,
    refreshSeconds: config.CONSOLE_LAG_REFRESH_SECONDS,
  };
}
