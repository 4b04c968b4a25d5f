// A replicated table against a real broker: read-your-writes on two instances, the first write by
// offset wins on both, a restart resumes, housekeeping, and poison counted once, logged by its
// coordinates (never its value) or dead-lettered.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readTopic, uniqueName } from '@relais/testkit';
import {
  deadLetterOrigin,
  fixedClock,
  jsonDecoder,
  PoisonRecordError,
  replicatedTable,
  type ConsumedRecord,
  type ReplicatedTable,
  type ReplicatedTableOptions,
} from '../src/index.ts';
import { capturingLogger, kafkaFixture } from './support.ts';

let fx: Awaited<ReturnType<typeof kafkaFixture>>;
const dirs: string[] = [];
const running: Array<ReplicatedTable<unknown>> = [];

beforeAll(async () => {
  fx = await kafkaFixture();
});
afterAll(async () => {
  await Promise.all(running.map((t) => t.stop()));
  await fx.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const newDir = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'relais-table-'));
  dirs.push(d);
  return d;
};

/** First write of a key wins (as the gateway's claims); a tombstone forgets it. */
function firstWins(db: DatabaseSync) {
  db.exec('CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID');
  const put = db.prepare('INSERT OR IGNORE INTO kv (k, v) VALUES (?, ?)');
  const del = db.prepare('DELETE FROM kv WHERE k = ?');
  const get = db.prepare('SELECT v FROM kv WHERE k = ?');
  return {
    apply: (k: string, v: string | null): void => {
      if (v === null) del.run(k);
      else put.run(k, v);
    },
    get: (k: string) => (get.get(k) as { v: string } | undefined)?.v,
  };
}
type Kv = ReturnType<typeof firstWins>;

const decodeV = jsonDecoder<string | null>({
  key: { reason: 'test.no-key', expected: 'key: expected a name' },
  reason: 'test.value',
  expected: 'value: expected { v } or a tombstone',
  tombstone: () => null,
  read: (value) => {
    const v = (value as { v?: unknown } | null)?.v;
    return typeof v === 'string' ? v : undefined;
  },
});

function table(
  topic: string,
  dataDir: string,
  extra: Partial<ReplicatedTableOptions<Kv, string | null>> = {},
): ReplicatedTable<Kv> {
  const t = replicatedTable<Kv, string | null>({
    kafka: fx.kafka,
    producer: fx.producer,
    logger: fx.logger,
    clock: fixedClock('2026-03-01T10:00:00Z'),
    topic,
    group: uniqueName('table-test'),
    dataDir,
    name: 'kv',
    create: { partitions: 2 },
    open: firstWins,
    decode: decodeV,
    apply: (store, record, v) => store.apply(record.key?.toString('utf8') ?? '', v),
    ...extra,
  });
  running.push(t as ReplicatedTable<unknown>);
  return t;
}

const value = (v: string): string => JSON.stringify({ v });

describe('replicatedTable', () => {
  it('answers a write once applied here; the first write by offset wins on every instance; a restart resumes', async () => {
    const topic = uniqueName('relais.test.table');
    const [a, b] = [table(topic, newDir()), table(topic, newDir())];
    await Promise.all([a.start(), b.start()]);

    // Two instances claim the same key at once: both see the same winner when answered.
    await Promise.all([a.write('k', value('from-a')), b.write('k', value('from-b'))]);
    const winner = a.find((s) => s.get('k'));
    expect(['from-a', 'from-b']).toContain(winner);
    expect(b.find((s) => s.get('k'))).toBe(winner);

    // A tombstone forgets it, here at once.
    await a.write('k', null);
    expect(a.find((s) => s.get('k'))).toBeUndefined();

    // Written while an instance was down: its start() answers once it applied it.
    const dataDir = newDir();
    const c = table(topic, dataDir);
    await c.start();
    await c.stop();
    await a.write('later', value('l1'));
    const again = table(topic, dataDir);
    await again.start();
    expect(again.find((s) => s.get('later'))).toBe('l1');
    expect(Object.values(again.positions()).reduce((n, p) => n + p, 0)).toBe(4);
    expect(again.poisoned()).toEqual({});
  });

  it('runs housekeeping on every store at start, then on its timer, with the clock’s time', async () => {
    const topic = uniqueName('relais.test.table-housekeeping');
    const runs: Array<{ store: Kv; now: number }> = [];
    const t = table(topic, newDir(), {
      housekeeping: { everyMs: 20, run: (store, now) => runs.push({ store, now }) },
    });
    await t.start();
    // Once per partition as start() returns.
    expect(runs).toHaveLength(2);
    expect(runs.map((r) => r.store)).toEqual(t.stores());
    expect(runs[0]?.now).toBe(Date.parse('2026-03-01T10:00:00Z'));
    await vi.waitFor(() => expect(runs.length).toBeGreaterThanOrEqual(6));
  });

  it('counts poison by reason, once each even when its batch is applied again, and logs it by coordinates only', async () => {
    const topic = uniqueName('relais.test.table-poison');
    await fx.admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await fx.producer.send(topic, [
      { key: 'bad-json', value: 'secret-not-json{' },
      { key: null, value: value('secret-no-key') },
      { key: 'wrong', value: JSON.stringify({ w: 'secret-wrong' }) },
      { key: 'fine', value: value('ok') },
      { key: '', value: value('secret-empty-key') },
    ]);
    const { logger, lines } = capturingLogger();
    let failures = 0;
    const t = table(topic, newDir(), {
      logger,
      apply: (store, record, v) => {
        store.apply(record.key?.toString('utf8') ?? '', v);
        // The batch is rolled back once and decoded again from its first record.
        if (record.key?.toString() === 'fine' && failures++ === 0) throw new Error('simulated');
      },
    });
    await t.start();
    expect(failures).toBe(2);
    expect(t.store(0).get('fine')).toBe('ok');
    expect(t.positions()).toEqual({ 0: 5 });
    expect(t.poisoned()).toEqual({ 'test.value': 2, 'test.no-key': 2 });
    const text = lines().join('\n');
    expect(text).toContain('unreadable record skipped');
    for (const offset of [0, 1, 2, 4]) expect(text).toContain(`${topic}/0@${offset}`);
    expect(text).not.toMatch(/secret/);
  });

  it('dead-letters poison when given where, with its reason and origin', async () => {
    const topic = uniqueName('relais.test.table-dlq');
    const dlq = uniqueName('relais.dlq.table-test');
    const t = table(topic, newDir(), { deadLetter: { topic: dlq, producer: fx.producer } });
    await t.start();
    await fx.producer.send(topic, [{ key: 'p', value: 'not json', partition: 1 }]);
    const [dead] = await readTopic(fx.plumbing, dlq, 1);
    expect(deadLetterOrigin(dead?.headers ?? {})).toMatchObject({
      reason: 'test.value',
      topic,
      partition: 1,
      offset: '0',
    });
    await vi.waitFor(() => expect(t.poisoned()).toEqual({ 'test.value': 1 }));
  });
});

describe('jsonDecoder', () => {
  const record = (key: string | null, v: string | null): ConsumedRecord => ({
    topic: 't',
    partition: 0,
    offset: '0',
    timestamp: '0',
    key: key === null ? null : Buffer.from(key),
    value: v === null ? null : Buffer.from(v),
    headers: {},
  });
  const poison = (f: () => unknown): PoisonRecordError => {
    try {
      f();
    } catch (err) {
      if (err instanceof PoisonRecordError) return err;
      throw err;
    }
    throw new Error('expected poison');
  };

  it('reads the typed value, a tombstone as told, and names what was expected otherwise', () => {
    expect(decodeV(record('k', value('x')))).toBe('x');
    expect(decodeV(record('k', null))).toBeNull();
    expect(poison(() => decodeV(record(null, value('x')))).reason).toBe('test.no-key');
    const bad = poison(() => decodeV(record('k', '{')));
    expect([bad.reason, bad.message]).toEqual([
      'test.value',
      'value: expected { v } or a tombstone',
    ]);
    // A read that throws on an odd value is poison too, never a retried error.
    const strict = jsonDecoder<number>({
      reason: 'test.n',
      expected: 'value: expected { n }',
      read: (v) => (v as { n: number }).n,
    });
    expect(poison(() => strict(record('k', 'null'))).reason).toBe('test.n');
    // Without a tombstone's meaning, a tombstone is poison; without `key`, keys are not checked.
    expect(poison(() => strict(record(null, null))).reason).toBe('test.n');
    expect(strict(record(null, '{"n":3}'))).toBe(3);
  });
});
