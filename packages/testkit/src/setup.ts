// Vitest setup file (every worker, before its test files): the run's Kafka credentials become
// this worker's KAFKA_SASL_* — what any Relais process without a service configuration reads
// (kit `processKafkaAuth`) — so every client a test makes, and every child process it spawns,
// connects as the run's admin. A client given its own principal (`sasl`) still uses that.
import { inject } from 'vitest';
import type { TestSasl } from './brokers.ts';

const given = inject('kafkaSasl');
if (given) {
  const sasl = JSON.parse(given) as TestSasl;
  process.env['KAFKA_SASL_MECHANISM'] = sasl.mechanism;
  process.env['KAFKA_SASL_USERNAME'] = sasl.username;
  process.env['KAFKA_SASL_PASSWORD'] = sasl.password;
  delete process.env['KAFKA_SASL_PASSWORD_FILE'];
  delete process.env['RELAIS_KAFKA_CREDENTIALS'];
}
