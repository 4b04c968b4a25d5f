// Shared vitest settings: every workspace writes a JSON report where scripts/test.mjs sums them.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));

export function relaisVitestConfig(name: string, options: { kafka?: boolean } = {}) {
  return defineConfig({
    test: {
      name,
      include: ['test/**/*.test.ts'],
      globalSetup: options.kafka === false ? [] : ['@relais/testkit/global-setup'],
      // Each worker connects as the run's Kafka admin (the broker authenticates, dec-031).
      setupFiles: options.kafka === false ? [] : ['@relais/testkit/setup'],
      testTimeout: 60_000,
      hookTimeout: 90_000,
      // Two cores: two files at a time against one broker.
      maxWorkers: 2,
      reporters: [
        'default',
        [
          'json',
          {
            // The year-ahead pass (scripts/test.ts) writes its reports beside the others.
            outputFile: path.join(
              root,
              '.relais',
              'test-results',
              `${name}${process.env['RELAIS_TEST_RESULTS_SUFFIX'] ?? ''}.json`,
            ),
          },
        ],
      ],
    },
  });
}
