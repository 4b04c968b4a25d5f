// The consumer runner against a real broker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committedOffset, createTopic, readTopic, uniqueName, waitFor } from '@relais/testkit';
import { parsePrometheus, sampleSum } from '@relais/testkit/prometheus';
import {
  createConsumerRunner,
  createServiceMetrics,
  deadLetterOrigin,
  PoisonRecordError,
  relaisMetrics,
  REPLAY_HEADERS,
  replayRecord,
  type ConsumerRunner,
} from '../src/index.ts';
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

async function produceValues(topic: string, values: string[]): Promise<void> {
  await fx.producer.send(
    topic,
    values.map((v, i) => ({ key: `k${i % 3}`, value: v, headers: { ce_id: `evt-${v}` } })),
  );
}

function runner(
  topic: string,
  handle: (value: string) => Promise<void>,
  extra: Partial<Parameters<typeof createConsumerRunner<string>>[0]> = {},
) {
  const r = createConsumerRunner<string>({
    kafka: fx.kafka,
    groupId: extra.groupId ?? uniqueName('group'),
    topics: [topic],
    deadLetterTopic: extra.deadLetterTopic ?? uniqueName('relais.dlq.test'),
    producer: fx.producer,
    logger: fx.logger,
    decode: (record) => {
      const text = record.value?.toString() ?? '';
      if (text.startsWith('poison'))
        throw new PoisonRecordError('test.unreadable', 'value: expected a readable record');
      return text;
    },
    handle: (value) => handle(value),
    retry: { attempts: 3, initialDelayMs: 10, maxDelayMs: 50 },
    commitEvery: 1,
    ...extra,
  });
  runners.push(r);
  return r;
}

describe('consumer runner', () => {
  it('commits an offset only after the records before it were handled', async () => {
    const topic = await createTopic(fx.admin, 'runner-commit');
    const groupId = uniqueName('group-commit');
    await produceValues(topic, ['a', 'b', 'c', 'd']);
    const handled: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const r = runner(
      topic,
      async (v) => {
        if (v === 'c') await gate;
        handled.push(v);
      },
      { groupId },
    );
    await r.start();
    await waitFor(() => handled.length === 2, { what: 'a and b handled' });
    // c is in flight: the group's position is c's offset (2), never past it.
    await waitFor(async () => (await committedOffset(fx.admin, groupId, topic)) === '2', {
      what: 'commit at 2',
    });
    await new Promise((r2) => setTimeout(r2, 300));
    expect(await committedOffset(fx.admin, groupId, topic)).toBe('2');
    release();
    await waitFor(async () => (await committedOffset(fx.admin, groupId, topic)) === '4', {
      what: 'commit at 4',
    });
    expect(handled).toEqual(['a', 'b', 'c', 'd']);
  });

  it('sends a poison record to the DLQ with its reason and coordinates, and keeps the partition flowing', async () => {
    const topic = await createTopic(fx.admin, 'runner-poison');
    const dlq = uniqueName('relais.dlq.test');
    const groupId = uniqueName('group-poison');
    await produceValues(topic, ['one', 'poison-two', 'three']);
    const handled: string[] = [];
    const r = runner(topic, async (v) => void handled.push(v), { deadLetterTopic: dlq, groupId });
    await r.start();
    await waitFor(() => handled.length === 2, { what: 'two good records handled' });
    expect(handled).toEqual(['one', 'three']);
    const [dead] = await readTopic(fx.plumbing, dlq, 1);
    expect(dead?.value?.toString()).toBe('poison-two');
    expect(dead?.key?.toString()).toBe('k1');
    expect(dead?.headers['ce_id']).toBe('evt-poison-two');
    expect(deadLetterOrigin(dead?.headers ?? {})).toEqual({
      reason: 'test.unreadable',
      error: 'value: expected a readable record',
      topic,
      partition: 0,
      offset: '1',
      attempts: 1,
    });
    await waitFor(async () => (await committedOffset(fx.admin, groupId, topic)) === '3', {
      what: 'commit past the poison',
    });
  });

  it('retries a transient failure with backoff, then dead-letters when retries are exhausted', async () => {
    const topic = await createTopic(fx.admin, 'runner-retry');
    const dlq = uniqueName('relais.dlq.test');
    await produceValues(topic, ['flaky', 'broken', 'fine']);
    const attempts = new Map<string, number>();
    const handled: string[] = [];
    const r = runner(
      topic,
      async (v) => {
        const n = (attempts.get(v) ?? 0) + 1;
        attempts.set(v, n);
        if (v === 'flaky' && n < 3) throw new Error('registry timeout');
        if (v === 'broken') throw new Error('downstream refuses');
        handled.push(v);
      },
      { deadLetterTopic: dlq },
    );
    await r.start();
    await waitFor(() => handled.length === 2, { what: 'flaky and fine handled' });
    expect(handled).toEqual(['flaky', 'fine']);
    expect(attempts.get('flaky')).toBe(3);
    expect(attempts.get('broken')).toBe(3);
    const [dead] = await readTopic(fx.plumbing, dlq, 1);
    expect(deadLetterOrigin(dead?.headers ?? {})).toMatchObject({
      reason: 'retries-exhausted',
      error: 'Error: downstream refuses',
      offset: '1',
      attempts: 3,
    });
    expect(r.stats).toMatchObject({ handled: 2, deadLettered: 1, retried: 4 });
  });

  it('exposes records processed, dead letters by reason, retries and the lag of each partition', async () => {
    const topic = await createTopic(fx.admin, 'runner-metrics');
    const groupId = uniqueName('group-metrics');
    const metrics = createServiceMetrics('runner-metrics');
    const { processed, deadLetters, retries, lag } = relaisMetrics.consumer;
    await produceValues(topic, ['a', 'poison-b', 'flaky', 'c', 'd']);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let flaky = 0;
    const r = runner(
      topic,
      async (v) => {
        if (v === 'flaky' && ++flaky < 2) throw new Error('registry timeout');
        if (v === 'c') await gate;
      },
      { groupId, metrics },
    );
    const scrape = async () => parsePrometheus(await metrics.scrape());
    const lagNow = async () => sampleSum(await scrape(), lag.name, { group: groupId, topic });
    await r.start();
    // Blocked on c (offset 3): a, b and flaky are done; c and d wait.
    await waitFor(async () => (await lagNow()) === 2, { what: 'lag 2 while c is in flight' });
    release();
    await waitFor(async () => (await lagNow()) === 0, { what: 'lag 0 once caught up' });
    const parsed = await scrape();
    expect(sampleSum(parsed, processed.name, { group: groupId, topic })).toBe(4);
    expect(sampleSum(parsed, deadLetters.name, { group: groupId, reason: 'test.unreadable' })).toBe(
      1,
    );
    expect(sampleSum(parsed, retries.name, { group: groupId })).toBe(1);
    const lags = parsed.samples.filter((s) => s.name === lag.name && s.labels['group'] === groupId);
    expect(lags.map((s) => s.labels)).toEqual([{ group: groupId, topic, partition: '0' }]);
    expect(r.stats).toMatchObject({ handled: 4, deadLettered: 1, retried: 1 });
  });

  it('resumes after a restart where it stopped: nothing lost, nothing handled twice', async () => {
    const topic = await createTopic(fx.admin, 'runner-restart', { partitions: 3 });
    const groupId = uniqueName('group-restart');
    const seen: string[] = [];
    const first = runner(topic, async (v) => void seen.push(v), { groupId, commitEvery: 100 });
    await first.start();
    const firstBatch = Array.from({ length: 30 }, (_, i) => `m${i}`);
    await produceValues(topic, firstBatch);
    await waitFor(() => seen.length === 30, { what: '30 records before the restart' });
    await first.stop();

    const secondBatch = Array.from({ length: 30 }, (_, i) => `m${i + 30}`);
    await produceValues(topic, secondBatch);
    const second = runner(topic, async (v) => void seen.push(v), { groupId });
    await second.start();
    // A marker after them under each key (so on each partition the records use): once the three
    // are handled, anything redelivered from before the restart would already be in `seen`,
    // since a partition is handled in order.
    const markers = ['end-k0', 'end-k1', 'end-k2'];
    await produceValues(topic, markers);
    await waitFor(() => markers.every((m) => seen.includes(m)), {
      what: 'the markers after the restart',
    });
    const records = seen.filter((v) => !markers.includes(v));
    expect(records).toHaveLength(60);
    expect(new Set(records).size).toBe(60);
    expect([...records].sort()).toEqual([...firstBatch, ...secondBatch].sort());
  });

  it('calls onPartitionAssigned before the first batch of each partition given here, again on the survivor when a member leaves', async () => {
    const topic = await createTopic(fx.admin, 'runner-assigned', { partitions: 3 });
    const groupId = uniqueName('group-assigned');
    // One log for both members, in the order things happened.
    const log: string[] = [];
    const assigned: Record<string, number[]> = { a: [], b: [] };
    const member = (name: 'a' | 'b') => {
      const r = runner(topic, async () => undefined, {
        groupId,
        sessionTimeoutMs: 10_000,
        onPartitionAssigned: async (t, partition, first) => {
          expect(t).toBe(topic);
          // The batch's first record: where the group stands on that partition.
          expect(first.partition).toBe(partition);
          expect(first.value?.toString()).toMatch(new RegExp(`^(one|two)-${partition}$`));
          // Slow on purpose: nothing of the partition may be handled before it returns.
          await new Promise((resolve) => setTimeout(resolve, 50));
          log.push(`${name} assigned ${partition}`);
        },
        handle: async (value, { record }) =>
          void log.push(`${name} handled ${record.partition} ${value}`),
      });
      r.consumer.on(r.consumer.events.GROUP_JOIN, ({ payload }) => {
        assigned[name] = payload.memberAssignment[topic] ?? [];
      });
      return r;
    };
    const send = (round: string) =>
      fx.producer.send(
        topic,
        [0, 1, 2].map((partition) => ({
          partition,
          key: `k${partition}`,
          value: `${round}-${partition}`,
        })),
      );
    const handledAll = (round: string) =>
      waitFor(
        () => [0, 1, 2].every((p) => log.some((l) => l.endsWith(`handled ${p} ${round}-${p}`))),
        {
          what: `the three records of ${round}`,
          timeoutMs: 30_000,
        },
      );
    const a = member('a');
    const b = member('b');
    await a.start();
    await b.start();
    await waitFor(
      () =>
        assigned['a']?.length &&
        assigned['b']?.length &&
        assigned['a'].length + assigned['b'].length === 3,
      { what: 'the partitions shared by both members', timeoutMs: 30_000 },
    );
    const ofB = [...(assigned['b'] ?? [])];
    await send('one');
    await handledAll('one');
    // Each record was handled after its member's hook for that partition, and by the member given it.
    for (const p of [0, 1, 2]) {
      const handled = log.findIndex((l) => l.endsWith(`handled ${p} one-${p}`));
      const by = log[handled]?.[0] ?? '';
      const hook = log.indexOf(`${by} assigned ${p}`);
      expect(hook, `partition ${p}`).toBeGreaterThanOrEqual(0);
      expect(hook).toBeLessThan(handled);
      expect(by).toBe(ofB.includes(p) ? 'b' : 'a');
    }

    // B leaves: A is given B's partitions and brings each of them up to date before its records.
    await b.stop();
    const left = log.length;
    await send('two');
    await handledAll('two');
    const after = log.slice(left);
    for (const p of [0, 1, 2]) expect(after).toContain(`a handled ${p} two-${p}`);
    for (const p of ofB) {
      const hook = after.indexOf(`a assigned ${p}`);
      expect(hook, `partition ${p} taken over`).toBeGreaterThanOrEqual(0);
      expect(hook).toBeLessThan(after.indexOf(`a handled ${p} two-${p}`));
    }
    // The partitions A kept are not brought up to date again.
    for (const p of [0, 1, 2].filter((q) => !ofB.includes(q)))
      expect(after).not.toContain(`a assigned ${p}`);
  });

  it("hands an operator's replay to the group that dead-lettered it only; poison again, it returns with its attempts counted", async () => {
    const topic = await createTopic(fx.admin, 'runner-replay');
    const dlq = uniqueName('relais.dlq.test');
    const owner = uniqueName('group-owner');
    const other = uniqueName('group-other');
    const seen = { owner: [] as string[], other: [] as string[] };
    // The owner dead-letters `poison-x`; the other group handles everything it is given.
    const a = runner(topic, async (v) => void seen.owner.push(v), {
      groupId: owner,
      deadLetterTopic: dlq,
    });
    const b = runner(topic, async (v) => void seen.other.push(v), {
      groupId: other,
      deadLetterTopic: uniqueName('relais.dlq.test'),
      decode: (record) => record.value?.toString() ?? '',
    });
    await Promise.all([a.start(), b.start()]);
    await produceValues(topic, ['poison-x', 'one']);
    await waitFor(() => seen.owner.includes('one') && seen.other.includes('one'), {
      what: 'both groups past the first records',
    });
    const [dead] = await readTopic(fx.plumbing, dlq, 1);
    if (!dead) throw new Error('no dead letter');
    expect(deadLetterOrigin(dead.headers).attempts).toBe(1);

    // An operator replays it, then a marker follows on the same partition.
    const replay = replayRecord(dead, `${dlq}:0:0`);
    if (!replay) throw new Error('the dead letter names no origin');
    expect(replay.target).toEqual({ topic, partition: 0, group: owner });
    expect(replay.record.headers).toMatchObject({
      [REPLAY_HEADERS.of]: `${dlq}:0:0`,
      [REPLAY_HEADERS.for]: owner,
      [REPLAY_HEADERS.count]: '1',
      [REPLAY_HEADERS.attempts]: '1',
      ce_id: 'evt-poison-x',
    });
    expect(Object.keys(replay.record.headers ?? {}).some((h) => h.startsWith('relais_dlq_'))).toBe(
      false,
    );
    await fx.producer.send(topic, [replay.record]);
    await fx.producer.send(topic, [{ key: 'k0', value: 'marker', partition: 0 }]);
    await waitFor(() => seen.owner.includes('marker') && seen.other.includes('marker'), {
      what: 'both groups past the replay',
    });
    // The other group skipped it, counted; it saw poison-x once, never twice.
    expect(seen.other.filter((v) => v === 'poison-x')).toHaveLength(1);
    expect(b.stats.skippedReplays).toBe(1);
    expect(a.stats.skippedReplays).toBe(0);
    // The owner judged it again: still poison, back in the dead letters, attempts 1 + 1, replay 1.
    const [, again] = await readTopic(fx.plumbing, dlq, 2);
    if (!again) throw new Error('no second dead letter');
    expect(deadLetterOrigin(again.headers)).toMatchObject({ topic, attempts: 2 });
    expect(again.headers[REPLAY_HEADERS.count]).toBe('1');
    expect(again.headers[REPLAY_HEADERS.of]).toBe(`${dlq}:0:0`);
    expect(a.stats.deadLettered).toBe(2);
  });
});
