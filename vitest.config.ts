import { defineConfig } from 'vitest/config';
import { relaisVitestConfig } from './vitest.shared.ts';

// Repository-wide checks (docker-compose.yml, the README's commands, the npm configuration) need
// no broker; the tests across every service (test/across: the authorisation matrix, the demo's
// log lines) run on the run's broker, as each workspace's do.
const shared = relaisVitestConfig('repo', { kafka: false }).test!;
const { include: _all, globalSetup: _none, reporters, maxWorkers, ...common } = shared;
export default defineConfig({
  test: {
    // The JSON report and the two files at a time of every workspace (vitest.shared.ts).
    reporters: reporters!,
    maxWorkers: maxWorkers!,
    projects: [
      { test: { ...common, name: 'repo', include: ['test/*.test.ts'] } },
      {
        test: {
          ...common,
          name: 'across',
          include: ['test/across/**/*.test.ts'],
          globalSetup: ['@relais/testkit/global-setup'],
          // Each worker connects as the run's Kafka admin (the broker authenticates, dec-031).
          setupFiles: ['@relais/testkit/setup'],
        },
      },
    ],
  },
});
