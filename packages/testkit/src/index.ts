export * from './helpers.ts';
export {
  provideBrokers,
  type ProvidedBrokers,
  type BrokerSource,
  type TestSasl,
} from './brokers.ts';
