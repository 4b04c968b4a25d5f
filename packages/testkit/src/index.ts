export * from './helpers.ts';
export {
  provideBrokers,
  type ProvidedBrokers,
  type BrokerSource,
  type TestSasl,
} from './brokers.ts';
export { captureLogs, type LogCapture } from './logs.ts';
