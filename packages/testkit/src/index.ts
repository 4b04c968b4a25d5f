export * from './helpers.ts';
export { provideBrokers, type ProvidedBrokers, type BrokerSource } from './brokers.ts';
