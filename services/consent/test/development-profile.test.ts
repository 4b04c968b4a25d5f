// The development citizen-token issuer (issue 13, hole 5): off by default; under
// RELAIS_PROFILE=production the service refuses to start with it on, naming the setting; when on,
// it says so loudly — a warning at start, a header on every response it touches, and /healthz.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, createLogger } from '@relais/kit';
import { startConsent, type RunningConsent } from '../src/index.ts';
import { startEnv, type Env } from './support.ts';
import { captureLogs } from '@relais/testkit';

describe('the development token issuer under the production profile', () => {
  it('refuses to start, naming CONSENT_DEV_TOKENS, before connecting anywhere', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'relais-consent-prod-'));
    try {
      const start = startConsent({
        profile: 'production',
        devTokens: true,
        // Nothing listens there: the refusal comes first.
        brokers: ['127.0.0.1:1'],
        logger: createLogger({ service: 'consent-test', level: 'silent' }),
        registryUrl: 'http://127.0.0.1:1',
        dataDir: dir,
        keysDir: dir,
        host: '127.0.0.1',
        port: 0,
        instance: 'prod',
      });
      await expect(start).rejects.toBeInstanceOf(ConfigError);
      await expect(start).rejects.toThrow(/CONSENT_DEV_TOKENS: .*production/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the development token issuer when on', () => {
  let env: Env;
  let off: RunningConsent | undefined;
  const logs = captureLogs();
  beforeAll(async () => {
    env = await startEnv({
      logger: createLogger({
        service: 'consent-test',
        level: 'warn',
        destination: logs.destination,
      }),
    });
  });
  afterAll(async () => {
    await off?.close();
    await env.close();
  });

  it('warns at start, marks every response it touches, and shows in /healthz', async () => {
    expect(
      logs
        .records()
        .some(
          (l) =>
            l['level'] === 'warn' &&
            l['setting'] === 'CONSENT_DEV_TOKENS' &&
            /DEVELOPMENT/.test(String(l['msg'])),
        ),
    ).toBe(true);
    const citizen = await env.enrol();
    const issued = await env.consent.app.inject({
      method: 'POST',
      url: '/v1/dev/citizen-token',
      payload: { pseudonym: citizen.portal },
    });
    expect(issued.headers['relais-development']).toBe('CONSENT_DEV_TOKENS');
    const withDev = await env.call('GET', '/v1/me/consents', citizen.token);
    expect(withDev.status).toBe(200);
    expect(withDev.headers.get('relais-development')).toBe('CONSENT_DEV_TOKENS');
    const withPortal = await env.call(
      'GET',
      '/v1/me/consents',
      await env.portalToken(citizen.portal),
    );
    expect(withPortal.status).toBe(200);
    expect(withPortal.headers.get('relais-development')).toBeNull();
    const health = await env.consent.app.inject('/healthz');
    expect(health.json()).toMatchObject({ developmentShortcuts: ['CONSENT_DEV_TOKENS'] });

    // Off (the default): no issuer, nothing in /healthz.
    off = await env.startInstance({ devTokens: false });
    expect((await off.app.inject('/healthz')).json()).toEqual({ status: 'ok', service: 'consent' });
    const none = await off.app.inject({
      method: 'POST',
      url: '/v1/dev/citizen-token',
      payload: { pseudonym: citizen.portal },
    });
    expect(none.statusCode).toBe(404);
  });
});
