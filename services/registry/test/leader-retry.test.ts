// The lead, taken again after a failed attempt (the fault campaign's seed 2). An instance that is
// assigned the leader partition appends its LEADER record and waits to read it back; while brokers
// fail over that can time out. The group is then stable — no rebalance comes to retry — so the
// only instance stayed a follower for ever, and every write answered "no leader" (50004) until it
// was restarted: the router, whose start registers its projection schemas, could never start
// again. The store now tries again as long as it holds the assignment.
import { afterAll, expect, it } from 'vitest';
import { createLogger, createProducer, type RelaisProducer } from '@relais/kit';
import { testKafka, uniqueName, waitFor } from '@relais/testkit';
import { RegistryStore } from '../src/adapters/registry-store.ts';

const kafka = testKafka('registry-leader-retry');
const producer = createProducer(kafka);
let store: RegistryStore | undefined;

afterAll(async () => {
  await store?.stop();
  await producer.disconnect();
});

it('takes the lead after its first attempt failed, while it holds the assignment', async () => {
  await producer.connect();
  // The first append (the LEADER record) fails as a send during a failover does.
  let failures = 1;
  const flaky: RelaisProducer = {
    ...producer,
    send: (topic, records) => {
      if (failures > 0) {
        failures -= 1;
        return Promise.reject(new Error('There is no leader for this topic-partition'));
      }
      return producer.send(topic, records);
    },
  };
  store = new RegistryStore({
    kafka,
    producer: flaky,
    logger: createLogger({ service: 'registry-test', level: 'silent' }),
    topic: uniqueName('_relais_schemas.leader-retry'),
    leaderGroup: uniqueName('relais-registry.leader-retry'),
    instanceId: 'only-instance',
    advertisedUrl: 'http://127.0.0.1:1',
    leaderEligible: true,
  });
  await store.start();
  await waitFor(() => store?.isLeader, {
    timeoutMs: 20_000,
    what: 'the only instance to take the lead after a failed attempt',
  });
  expect(failures).toBe(0);
  // And it writes: no "no leader" answer.
  await expect(
    store.write(() => ({
      records: [
        { key: { keytype: 'CONFIG', subject: 'a' }, value: { compatibilityLevel: 'FULL' } },
      ],
      result: 'ok',
    })),
  ).resolves.toBe('ok');
}, 60_000);
