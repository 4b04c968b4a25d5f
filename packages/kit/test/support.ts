// Test plumbing shared by the kit's integration tests.
import { Writable } from 'node:stream';
import { testKafka } from '@relais/testkit';
import { createKafka, createLogger, createProducer, type Logger } from '../src/index.ts';

export function silentLogger(service = 'kit-test'): Logger {
  return createLogger({ service, level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
}

/** A logger whose lines are kept, to assert on what was (not) logged. */
export function capturingLogger(service = 'kit-test'): { logger: Logger; lines: () => string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ service, level: 'debug', destination }), lines: () => lines };
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
