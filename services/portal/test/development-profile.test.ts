// Development shortcuts under RELAIS_PROFILE=production (issue 13, hole 5): a portal on plain http
// (session cookies without Secure) or signing citizens in with a provider over plain http (the
// local development provider) refuses to start, naming each setting, before anything connects.
import { expect, it } from 'vitest';
import { ConfigError, createLogger } from '@relais/kit';
import { startPortal } from '../src/index.ts';

it('refuses to start in production on plain http or with a plain-http identity provider', async () => {
  const start = startPortal({
    profile: 'production',
    publicUrl: 'http://127.0.0.1:8086',
    oidc: {
      issuer: 'http://127.0.0.1:4400/api/v2',
      clientId: 'relais-portal',
      clientSecret: 's'.repeat(32),
      clientAuth: 'client_secret_post',
    },
    consentUrl: 'http://127.0.0.1:1',
    notifierUrl: 'http://127.0.0.1:1',
    brokers: ['127.0.0.1:1'],
    logger: createLogger({ service: 'portal-test', level: 'silent' }),
    keysDir: '/nonexistent',
    dataDir: '/nonexistent',
    host: '127.0.0.1',
    port: 0,
  });
  await expect(start).rejects.toBeInstanceOf(ConfigError);
  await expect(start).rejects.toThrow(/PORTAL_PUBLIC_URL: .*production/);
  await expect(start).rejects.toThrow(/PORTAL_OIDC_ISSUER: .*production/);
});
