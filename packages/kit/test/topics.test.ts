// The start-up check of co-partitioned topics, against a real broker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopic, uniqueName } from '@relais/testkit';
import {
  checkBrokerTime,
  checkCoPartitioned,
  configDrift,
  DEFAULT_PARTITIONS,
  ensureTopics,
  PartitionCountError,
  reconcileTopicConfigs,
  warnRetentionDrift,
} from '../src/index.ts';
import { kafkaFixture } from './support.ts';

let fx: Awaited<ReturnType<typeof kafkaFixture>>;

beforeAll(async () => {
  fx = await kafkaFixture();
});
afterAll(async () => {
  await fx.close();
});

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the check to throw');
}

describe('checkCoPartitioned', () => {
  it('passes when every topic has the expected partition count', async () => {
    const a = uniqueName('relais.consents.check');
    const b = uniqueName('relais.events.check');
    await ensureTopics(fx.admin, [
      { topic: a, partitions: DEFAULT_PARTITIONS },
      { topic: b, partitions: DEFAULT_PARTITIONS },
    ]);
    await expect(checkCoPartitioned(fx.admin, [a, b], DEFAULT_PARTITIONS)).resolves.toBeUndefined();
  });

  it('throws naming both topics, their counts and the expected count when they disagree', async () => {
    const consents = await createTopic(fx.admin, 'relais.consents.check', { partitions: 3 });
    const events = await createTopic(fx.admin, 'relais.events.check', { partitions: 2 });
    const err = await thrown(checkCoPartitioned(fx.admin, [consents, events], 3));
    expect(err).toBeInstanceOf(PartitionCountError);
    const error = err as PartitionCountError;
    expect(error.expected).toBe(3);
    expect(error.topics).toEqual([
      { topic: consents, partitions: 3 },
      { topic: events, partitions: 2 },
    ]);
    expect(error.message).toContain('must each have 3 partitions');
    expect(error.message).toContain(`${consents} has 3 partition(s)`);
    expect(error.message).toContain(`${events} has 2 partition(s)`);
  });

  it('throws when the topics agree with each other but not with the configured count', async () => {
    const a = await createTopic(fx.admin, 'relais.consents.check', { partitions: 2 });
    const b = await createTopic(fx.admin, 'relais.access-log.check', { partitions: 2 });
    const err = await thrown(checkCoPartitioned(fx.admin, [a, b], 3));
    expect(err).toBeInstanceOf(PartitionCountError);
    expect((err as Error).message).toContain(`${a} has 2 partition(s), ${b} has 2 partition(s)`);
  });

  it('counts a missing topic as a mismatch and names it', async () => {
    const present = await createTopic(fx.admin, 'relais.consents.check', { partitions: 3 });
    const missing = uniqueName('relais.events.missing');
    const err = await thrown(checkCoPartitioned(fx.admin, [present, missing], 3));
    expect(err).toBeInstanceOf(PartitionCountError);
    expect((err as PartitionCountError).topics).toEqual([
      { topic: present, partitions: 3 },
      { topic: missing, partitions: undefined },
    ]);
    expect((err as Error).message).toContain(`${missing} has no partition(s)`);
  });
});

describe('checkBrokerTime (dec-014, dec-030)', () => {
  it("passes for LogAppendTime topics and names each topic whose records carry the producer's time", async () => {
    const broker = await createTopic(fx.admin, 'relais.events.brokertime', {
      config: { 'message.timestamp.type': 'LogAppendTime' },
    });
    const producerTime = await createTopic(fx.admin, 'relais.events.createtime');
    await expect(checkBrokerTime(fx.admin, [broker])).resolves.toBeUndefined();
    const err = await thrown(checkBrokerTime(fx.admin, [broker, producerTime]));
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe(
      `topics whose records must carry the broker's append time (message.timestamp.type=LogAppendTime): ${producerTime} has CreateTime`,
    );
  });
});

describe('retention drift (issue 17)', () => {
  it('says which topic keeps its records for another time than declared, and reconciles it', async () => {
    const declared = { 'retention.ms': String(30 * 86_400_000) };
    const right = uniqueName('relais.deliveries.right');
    const wrong = await createTopic(fx.admin, 'relais.deliveries.wrong', {
      config: { 'retention.ms': '3600000' },
    });
    await ensureTopics(fx.admin, [{ topic: right, partitions: 1, config: declared }]);
    const specs = [
      { topic: right, config: declared },
      { topic: wrong, config: declared },
    ];
    const warnings: Array<{ obj: object; msg: string }> = [];
    const drift = await warnRetentionDrift(fx.admin, specs, {
      warn: (obj, msg) => warnings.push({ obj, msg }),
    });
    expect(drift).toEqual([
      { topic: wrong, entry: 'retention.ms', declared: '2592000000', found: '3600000' },
    ]);
    expect(warnings.map((w) => w.msg)).toEqual([
      `topic ${wrong} keeps its records for 3600000 ms (retention.ms=3600000), declared 30 day(s) (retention.ms=2592000000)`,
    ]);
    expect(warnings[0]?.obj).toMatchObject({ reconcile: 'npm run kafka:topology -- --apply' });

    await reconcileTopicConfigs(fx.admin, specs.slice(1));
    expect(await configDrift(fx.admin, specs)).toEqual([]);
  });
});
