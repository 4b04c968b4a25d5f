// Development shortcuts under RELAIS_PROFILE=production (issue 13, hole 5): plain-http webhooks to
// localhost are refused at start, naming the setting, before anything connects.
import { expect, it } from 'vitest';
import { ConfigError, createLogger } from '@relais/kit';
import { startGateway } from '../src/index.ts';

it('refuses to start in production with GATEWAY_WEBHOOK_INSECURE_LOCALHOST on', async () => {
  const start = startGateway({
    profile: 'production',
    webhooks: { allowInsecureLocalhost: true },
    brokers: ['127.0.0.1:1'],
    logger: createLogger({ service: 'gateway-test', level: 'silent' }),
    registryUrl: 'http://127.0.0.1:1',
    keysDir: '/nonexistent',
    dataDir: '/nonexistent',
    instance: 'prod',
    host: '127.0.0.1',
    port: 0,
  });
  await expect(start).rejects.toBeInstanceOf(ConfigError);
  await expect(start).rejects.toThrow(/GATEWAY_WEBHOOK_INSECURE_LOCALHOST: .*production/);
});
