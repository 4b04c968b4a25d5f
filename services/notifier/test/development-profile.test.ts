// Development shortcuts under RELAIS_PROFILE=production (issue 13, hole 5): the consent service's
// development citizen tokens are refused at start, naming the setting, before anything connects.
import { expect, it } from 'vitest';
import { ConfigError, createLogger } from '@relais/kit';
import { startNotifier } from '../src/index.ts';

it('refuses to start in production with CITIZEN_DEV_TOKEN_SECRET set', async () => {
  const start = startNotifier({
    profile: 'production',
    devTokenSecret: 'd'.repeat(32),
    brokers: ['127.0.0.1:1'],
    logger: createLogger({ service: 'notifier-test', level: 'silent' }),
    registryUrl: 'http://127.0.0.1:1',
    keysDir: '/nonexistent',
    dataDir: '/nonexistent',
    host: '127.0.0.1',
    port: 0,
  });
  await expect(start).rejects.toBeInstanceOf(ConfigError);
  await expect(start).rejects.toThrow(/CITIZEN_DEV_TOKEN_SECRET: .*production/);
});
