export * from './helpers.ts';
export * from './fake-schema-registry.ts';
export { provideBrokers, type ProvidedBrokers, type BrokerSource } from './brokers.ts';
