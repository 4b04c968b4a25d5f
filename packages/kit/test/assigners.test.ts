// The assignment by partition number on a real broker: two members of one group reading two
// co-partitioned topics are each given the same partition numbers of both.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTopic, uniqueName, waitFor } from '@relais/testkit';
import { createConsumerRunner, type ConsumerRunner } from '../src/index.ts';
import { kafkaFixture } from './support.ts';

let fx: Awaited<ReturnType<typeof kafkaFixture>>;
const runners: ConsumerRunner[] = [];
beforeAll(async () => {
  fx = await kafkaFixture();
});
afterAll(async () => {
  await Promise.all(runners.map((r) => r.stop()));
  await fx.close();
});

it('gives partition P of every topic to the same member', async () => {
  const a = await createTopic(fx.admin, 'assign-a', { partitions: 3 });
  const b = await createTopic(fx.admin, 'assign-b', { partitions: 3 });
  const groupId = uniqueName('group-by-number');
  const assigned = new Map<string, Record<string, number[]>>();
  for (const name of ['one', 'two']) {
    const r = createConsumerRunner<string>({
      kafka: fx.kafka,
      groupId,
      topics: [a, b],
      deadLetterTopic: uniqueName('relais.dlq.test'),
      producer: fx.producer,
      logger: fx.logger,
      decode: (record) => record.value?.toString() ?? '',
      handle: async () => undefined,
      assignByPartitionNumber: true,
    });
    r.consumer.on(r.consumer.events.GROUP_JOIN, ({ payload }) =>
      assigned.set(name, payload.memberAssignment),
    );
    runners.push(r);
    await r.start();
  }
  const numbers = (name: string, topic: string) =>
    [...(assigned.get(name)?.[topic] ?? [])].sort((x, y) => x - y);
  await waitFor(
    () => numbers('one', a).length + numbers('two', a).length === 3 && numbers('two', a).length,
    { what: 'both members assigned', timeoutMs: 30_000 },
  );
  for (const name of ['one', 'two']) expect(numbers(name, b)).toEqual(numbers(name, a));
  expect([...numbers('one', a), ...numbers('two', a)].sort()).toEqual([0, 1, 2]);
});
