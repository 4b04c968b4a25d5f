// Vitest global setup: one Kafka for the whole run, its address handed to every test.
//   test: { globalSetup: ['@relais/testkit/global-setup'] }
import type { TestProject } from 'vitest/node';
import { provideBrokers } from './brokers.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
    kafkaSource: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const brokers = await provideBrokers();
  project.provide('kafkaBrokers', brokers.bootstrap);
  project.provide('kafkaSource', brokers.source);
  return () => brokers.stop();
}
