// The materialiser against a real broker: files per partition, resume, rebuild, tombstones,
// waiters, dead letters.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopic, readTopic, uniqueName } from '@relais/testkit';
import {
  CatchUpTimeout,
  deadLetterOrigin,
  materialiseTopic,
  PoisonRecordError,
  type MaterialisedTopic,
  type MaterialiseOptions,
} from '../src/index.ts';
import { capturingLogger, kafkaFixture } from './support.ts';

let fx: Awaited<ReturnType<typeof kafkaFixture>>;
const dirs: string[] = [];
const running: Array<MaterialisedTopic<unknown>> = [];

beforeAll(async () => {
  fx = await kafkaFixture();
});
afterAll(async () => {
  await Promise.all(running.map((m) => m.stop()));
  await fx.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const newDir = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'relais-materialise-'));
  dirs.push(d);
  return d;
};

/** A key-value table per partition, counting what it was handed. */
function kv(db: DatabaseSync, partition: number) {
  db.exec('CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID');
  const get = db.prepare('SELECT v FROM kv WHERE k = ?');
  const count = db.prepare('SELECT count(*) AS n FROM kv');
  return {
    partition,
    put: db.prepare(
      'INSERT INTO kv (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v',
    ),
    del: db.prepare('DELETE FROM kv WHERE k = ?'),
    get: (k: string) => (get.get(k) as { v: string } | undefined)?.v,
    size: () => (count.get() as { n: number }).n,
  };
}
type Kv = ReturnType<typeof kv>;

function materialiser(
  topic: string,
  dataDir: string,
  applied: string[] = [],
  extra: Partial<MaterialiseOptions<Kv, string | null>> = {},
): MaterialisedTopic<Kv> {
  const m = materialiseTopic<Kv, string | null>({
    kafka: fx.kafka,
    logger: fx.logger,
    topic,
    group: uniqueName('materialise-test'),
    dataDir,
    name: 'kv',
    open: kv,
    decode: (record) => record.value?.toString() ?? null,
    apply: (s, record, value) => {
      const k = record.key?.toString() ?? '';
      applied.push(`${record.partition}@${record.offset}`);
      if (value === null) s.del.run(k);
      else s.put.run(k, value);
    },
    ...extra,
  });
  running.push(m as MaterialisedTopic<unknown>);
  return m;
}

const find = (m: MaterialisedTopic<Kv>, k: string) =>
  m
    .stores()
    .map((s) => s.get(k))
    .find((v) => v !== undefined);

describe('materialiseTopic', () => {
  it('keeps one file per partition; a restart resumes from the stored offsets, a lost data dir is rebuilt', async () => {
    const topic = await createTopic(fx.admin, 'materialise-resume', { partitions: 3 });
    const dataDir = newDir();
    await fx.producer.send(topic, [
      { key: 'a', value: 'a1', partition: 0 },
      { key: 'b', value: 'b1', partition: 1 },
      { key: 'c', value: 'c1', partition: 2 },
      { key: 'a', value: 'a2', partition: 0 },
    ]);
    const applied: string[] = [];
    const first = materialiser(topic, dataDir, applied);
    await first.start();
    await first.caughtUp();
    expect(applied.sort()).toEqual(['0@0', '0@1', '1@0', '2@0']);
    expect(first.store(0).get('a')).toBe('a2');
    expect(first.store(1).get('b')).toBe('b1');
    expect(first.store(2).get('c')).toBe('c1');
    expect(first.positions()).toEqual({ 0: 2, 1: 1, 2: 1 });
    for (const p of [0, 1, 2]) expect(existsSync(path.join(dataDir, `kv-p${p}.sqlite`))).toBe(true);
    await first.stop();

    // Records appended while it was down: only those are applied on restart.
    await fx.producer.send(topic, [{ key: 'b', value: 'b2', partition: 1 }]);
    const again: string[] = [];
    const second = materialiser(topic, dataDir, again);
    await second.start();
    await second.caughtUp();
    expect(again).toEqual(['1@1']);
    expect(second.store(1).get('b')).toBe('b2');
    expect(second.store(0).get('a')).toBe('a2');
    await second.stop();

    // The data dir is lost: everything comes back from the topic.
    rmSync(dataDir, { recursive: true, force: true });
    const rebuilt: string[] = [];
    const third = materialiser(topic, dataDir, rebuilt);
    await third.start();
    await third.caughtUp();
    expect(rebuilt).toHaveLength(5);
    expect(['a', 'b', 'c'].map((k) => find(third, k))).toEqual(['a2', 'b2', 'c1']);
    await third.stop();
  });

  it('hands tombstones to the caller, and waiters resolve once the record is applied', async () => {
    const topic = await createTopic(fx.admin, 'materialise-wait', {
      partitions: 3,
      config: { 'cleanup.policy': 'compact', 'message.timestamp.type': 'LogAppendTime' },
    });
    const m = materialiser(topic, newDir());
    await m.start();
    await m.caughtUp(); // an empty topic: at once

    const [meta] = await fx.producer.send(topic, [{ key: 'x', value: 'x1', partition: 2 }]);
    await m.waitFor(2, Number(meta?.baseOffset));
    expect(m.store(2).get('x')).toBe('x1');

    // A predicate on the store, resolved by the batch that makes it true.
    const seen = m.waitUntil(1, (s) => s.get('y') === 'y1');
    await fx.producer.send(topic, [{ key: 'y', value: 'y1', partition: 1 }]);
    await seen;
    expect(m.store(1).get('y')).toBe('y1');

    // A tombstone erases.
    const [gone] = await fx.producer.send(topic, [{ key: 'x', value: null, partition: 2 }]);
    await m.waitFor(2, Number(gone?.baseOffset));
    expect(m.store(2).get('x')).toBeUndefined();

    // A log time: every record appended at or before it is applied, without a sleep loop.
    const [z] = await fx.producer.send(topic, [{ key: 'z', value: 'z1', partition: 0 }]);
    const appendedAt = Number(z?.logAppendTime);
    expect(appendedAt).toBeGreaterThan(0);
    await m.waitUntil(0, new Date(appendedAt));
    expect(m.store(0).get('z')).toBe('z1');
    // Already fresh: answered at once, without another reading of the topic's end.
    await m.waitUntil(0, new Date(appendedAt - 1), { timeoutMs: 0 });

    // Everything on the topic now.
    await fx.producer.send(topic, [
      { key: 'w', value: 'w1', partition: 0 },
      { key: 'v', value: 'v1', partition: 1 },
    ]);
    await m.waitForLatest();
    expect([find(m, 'w'), find(m, 'v')]).toEqual(['w1', 'v1']);
  });

  it('a batch whose apply fails is rolled back and applied again from the stored offset', async () => {
    const topic = await createTopic(fx.admin, 'materialise-failure', { partitions: 1 });
    await fx.producer.send(topic, [
      { key: 'a', value: 'a1' },
      { key: 'b', value: 'b1' },
      { key: 'c', value: 'c1' },
    ]);
    let failures = 0;
    const m = materialiser(topic, newDir(), [], {
      apply: (s, record, value) => {
        s.put.run(record.key?.toString() ?? '', value ?? '');
        if (record.offset === '1' && failures === 0) {
          failures += 1;
          throw new Error('disk full (simulated)');
        }
      },
    });
    await m.start();
    await m.caughtUp();
    expect(failures).toBe(1);
    expect(['a', 'b', 'c'].map((k) => m.store(0).get(k))).toEqual(['a1', 'b1', 'c1']);
    expect(m.positions()).toEqual({ 0: 3 });
  });

  it('a waiter that runs out of time names the topic, the partition and the offset; stop() rejects the rest', async () => {
    const topic = await createTopic(fx.admin, 'materialise-timeout', { partitions: 2 });
    const m = materialiser(topic, newDir());
    await m.start();
    const late = m.waitFor(1, 41, { timeoutMs: 200 });
    await expect(late).rejects.toBeInstanceOf(CatchUpTimeout);
    await expect(late).rejects.toThrow(`${topic}/1: offset 41 not applied within 200 ms`);
    const never = m.waitUntil(0, () => false, { timeoutMs: Infinity });
    await m.stop();
    await expect(never).rejects.toThrow(`${topic}/0: materialiser stopped`);
  });

  it('dead-letters poison with its origin and moves on; logs name coordinates, never keys or values', async () => {
    const topic = await createTopic(fx.admin, 'materialise-poison', { partitions: 1 });
    const dlq = uniqueName('relais.dlq.materialise');
    await fx.admin.createTopics({
      topics: [{ topic: dlq, numPartitions: 1 }],
      waitForLeaders: true,
    });
    const { logger, lines } = capturingLogger();
    await fx.producer.send(topic, [
      { key: 'secret-key', value: 'poison-secret-value' },
      { key: 'fine', value: 'fine-value' },
    ]);
    const m = materialiser(topic, newDir(), [], {
      logger,
      decode: (record) => {
        const v = record.value?.toString() ?? null;
        if (v?.startsWith('poison'))
          throw new PoisonRecordError('test.unreadable', 'value: expected a readable record');
        return v;
      },
      deadLetter: { topic: dlq, producer: fx.producer },
    });
    await m.start();
    await m.caughtUp();
    expect(m.store(0).get('fine')).toBe('fine-value');
    expect(m.store(0).get('secret-key')).toBeUndefined();
    expect(m.positions()).toEqual({ 0: 2 });
    const [dead] = await readTopic(fx.plumbing, dlq, 1);
    expect(dead?.key?.toString()).toBe('secret-key');
    expect(deadLetterOrigin(dead?.headers ?? {})).toMatchObject({
      reason: 'test.unreadable',
      topic,
      partition: 0,
      offset: '0',
    });
    const text = lines().join('\n');
    expect(text).toContain(`${topic}/0@0`);
    expect(text).not.toMatch(/secret|fine-value/);
  });

  it('materialises only the partitions asked for; a file ahead of the topic is rebuilt', async () => {
    const topic = await createTopic(fx.admin, 'materialise-subset', { partitions: 3 });
    await fx.producer.send(topic, [
      { key: 'a', value: 'a1', partition: 0 },
      { key: 'b', value: 'b1', partition: 1 },
      { key: 'c', value: 'c1', partition: 2 },
    ]);
    const dataDir = newDir();
    // A file left by an earlier topic of the same name: its offset is beyond this topic's end.
    const old = new DatabaseSync(path.join(dataDir, 'kv-p1.sqlite'));
    const stale = kv(old, 1);
    old.exec(
      'CREATE TABLE progress (id INTEGER PRIMARY KEY CHECK (id = 1), next_offset INTEGER NOT NULL); INSERT INTO progress VALUES (1, 999);',
    );
    stale.put.run('old', 'gone');
    old.close();

    const applied: string[] = [];
    const m = materialiser(topic, dataDir, applied, { partitions: [1, 2] });
    await m.start();
    await m.caughtUp();
    expect(applied.sort()).toEqual(['1@0', '2@0']);
    expect(m.stores().map((s) => s.partition)).toEqual([1, 2]);
    expect(m.store(1).get('b')).toBe('b1');
    expect(m.store(1).get('old')).toBeUndefined();
    await expect(m.waitFor(0, 0)).rejects.toThrow(`${topic}/0: not materialised here`);
    expect(() => m.store(0)).toThrow(`${topic}/0: not materialised here`);
    expect(existsSync(path.join(dataDir, 'kv-p0.sqlite'))).toBe(false);
  });
});
