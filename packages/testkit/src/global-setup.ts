// Vitest global setup: one Kafka for the whole run, its address handed to every test.
//   test: { globalSetup: ['@relais/testkit/global-setup'] }
import type { TestProject } from 'vitest/node';
import { provideBrokers } from './brokers.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
    kafkaSource: string;
    /** JSON of the tests' kafkajs `sasl` (the local cluster's admin), '' for an open cluster. */
    kafkaSasl: string;
    /** The local cluster's working folder ('' otherwise): its jars' tools, its logs. */
    kafkaHome: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const brokers = await provideBrokers();
  project.provide('kafkaBrokers', brokers.bootstrap);
  project.provide('kafkaSource', brokers.source);
  project.provide('kafkaSasl', brokers.sasl ? JSON.stringify(brokers.sasl) : '');
  project.provide('kafkaHome', brokers.home ?? '');
  return () => brokers.stop();
}
