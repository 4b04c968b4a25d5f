// The 3-node cluster keeps BRIEF guarantee 1: with RF 3 and min ISR 2, acks=all writes survive
// one node down and are refused, not silently accepted, with two down.
// Opt-in (`npm run test:cluster`): it runs three brokers, and the default suite keeps one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  adminSasl,
  defaultOptions,
  killNode,
  reset,
  up,
  type RunningCluster,
} from '../src/index.ts';

const enabled = process.env['RELAIS_TEST_CLUSTER'] === '1';
const home = mkdtempSync(path.join(tmpdir(), 'relais-cluster-'));

describe.skipIf(!enabled)('three-node cluster', () => {
  let cluster: RunningCluster;
  afterAll(async () => {
    await reset(home, () => undefined);
    rmSync(home, { recursive: true, force: true });
  });

  it(
    'accepts acks=all writes with one node down and refuses them with two down',
    { timeout: 180_000 },
    async () => {
      const started = Date.now();
      cluster = await up(
        { ...defaultOptions(), nodes: 3, home, brokerPort: 0, controllerPort: 0 },
        () => undefined,
      );
      console.log(`3-node cluster ready in ${Date.now() - started} ms`);
      const kafka = new Kafka({
        clientId: 'fault',
        brokers: cluster.bootstrap.split(','),
        logLevel: logLevel.NOTHING,
        sasl: adminSasl(home),
        retry: { retries: 3, initialRetryTime: 200 },
      });
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic: 'fault', numPartitions: 1, replicationFactor: 3 }],
      });
      const meta = await admin.fetchTopicMetadata({ topics: ['fault'] });
      const partition = meta.topics[0]?.partitions[0];
      expect(partition?.replicas).toHaveLength(3);
      const leader = partition?.leader ?? 1;
      const followers = (partition?.replicas ?? []).filter((r) => r !== leader);
      await admin.disconnect();

      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      await producer.send({ topic: 'fault', acks: -1, messages: [{ value: 'all up' }] });

      killNode(home, followers[0] ?? 2);
      // The leader drops the dead follower from the ISR after replica.lag.time.max.ms (30 s).
      const t1 = Date.now();
      await producer.send({
        topic: 'fault',
        acks: -1,
        timeout: 60_000,
        messages: [{ value: 'one down' }],
      });
      console.log(`acks=all with one follower down acknowledged after ${Date.now() - t1} ms`);

      killNode(home, followers[1] ?? 3);
      const t2 = Date.now();
      const refused = await producer
        .send({ topic: 'fault', acks: -1, timeout: 5_000, messages: [{ value: 'two down' }] })
        .then(
          () => undefined,
          (err: Error) => err,
        );
      console.log(
        `acks=all with two followers down refused after ${Date.now() - t2} ms: ${refused?.message}`,
      );
      expect(refused).toBeInstanceOf(Error);
      await producer.disconnect().catch(() => undefined);
    },
  );
});
