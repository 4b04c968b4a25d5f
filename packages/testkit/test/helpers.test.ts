import { expect, it } from 'vitest';
import { inject } from 'vitest';
import {
  createTopic,
  DeadlineError,
  kafkaBrokers,
  readTopic,
  testKafka,
  uniqueName,
  waitFor,
} from '../src/index.ts';

it('hands every test the run broker', async () => {
  expect(kafkaBrokers().length).toBeGreaterThan(0);
  expect(['external', 'testcontainers', 'local-kraft']).toContain(inject('kafkaSource'));
  const kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  const topic = await createTopic(admin, 'testkit');
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ key: 'a', value: 'b', headers: { h: 'v' } }] });
  await producer.disconnect();
  const [record] = await readTopic(kafka, topic, 1);
  expect(record).toMatchObject({ partition: 0, offset: '0', headers: { h: 'v' } });
  await admin.disconnect();
});

it('makes names unique and legal for Kafka', () => {
  const a = uniqueName('relais.events/Address Changed');
  const b = uniqueName('relais.events/Address Changed');
  expect(a).not.toBe(b);
  expect(a).toMatch(/^[a-zA-Z0-9._-]+$/);
});

it('waits for a condition, and says what it waited for when the deadline passes', async () => {
  let n = 0;
  expect(await waitFor(() => (++n >= 3 ? n : undefined), { intervalMs: 1 })).toBe(3);
  await expect(waitFor(() => false, { timeoutMs: 50, what: 'the impossible' })).rejects.toThrow(
    DeadlineError,
  );
  await expect(waitFor(() => false, { timeoutMs: 50, what: 'the impossible' })).rejects.toThrow(
    /the impossible/,
  );
});
