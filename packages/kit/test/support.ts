// Test plumbing shared by the kit's integration tests.
import { captureLogs, testKafka } from '@relais/testkit';
import { createKafka, createLogger, createProducer, type Logger } from '../src/index.ts';

export function silentLogger(service = 'kit-test'): Logger {
  return createLogger({ service, level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
}

/** A logger whose lines are kept, to assert on what was (not) logged. */
export function capturingLogger(service = 'kit-test'): { logger: Logger; lines: () => string[] } {
  const logs = captureLogs();
  return {
    logger: createLogger({ service, level: 'debug', destination: logs.destination }),
    lines: () => logs.lines,
  };
}

export async function kafkaFixture(logger = silentLogger()) {
  const plumbing = testKafka();
  const admin = plumbing.admin();
  await admin.connect();
  const kafka = createKafka({
    brokers: (await import('@relais/testkit')).kafkaBrokers(),
    clientId: 'kit-test',
    logger,
  });
  const producer = createProducer(kafka);
  await producer.connect();
  return {
    plumbing,
    admin,
    kafka,
    producer,
    logger,
    async close() {
      await producer.disconnect();
      await admin.disconnect();
    },
  };
}
