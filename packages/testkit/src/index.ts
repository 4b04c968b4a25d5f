export * from './helpers.ts';
export { provideBrokers, type ProvidedBrokers, type BrokerSource } from './brokers.ts';
export { captureLogs, type LogCapture } from './logs.ts';
