// Small helpers every integration test uses: unique names, deadlines, reading a topic.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, type Admin, type IHeaders } from 'kafkajs';
import { inject } from 'vitest';
import type { TestSasl } from './brokers.ts';

/** Brokers provided by the global setup. */
export function kafkaBrokers(): string[] {
  return inject('kafkaBrokers').split(',');
}

/** Where the run's Kafka comes from: 'local-kraft' (authenticated, ACLs), 'external', 'testcontainers'. */
export function kafkaSource(): string {
  return inject('kafkaSource');
}

/** Who tests connect as (the local cluster's admin); undefined for an open cluster. */
export function kafkaSasl(): TestSasl | undefined {
  const given = inject('kafkaSasl');
  return given ? (JSON.parse(given) as TestSasl) : undefined;
}

/** A name no other test (nor another run against the same cluster) uses: topic, group, subject. */
export function uniqueName(prefix: string): string {
  const safe = prefix.replace(/[^a-zA-Z0-9._-]/g, '-');
  return `${safe}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

export class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
}

/** Polls until `check` returns a value other than undefined/false, or fails with `what`. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new DeadlineError(
        `waited ${options.timeoutMs ?? 15_000} ms for ${options.what ?? 'a condition'}` +
          (lastError ? ` (last error: ${(lastError as Error).message})` : ''),
      );
    }
    await sleep(options.intervalMs ?? 50);
  }
}

/** A quiet kafkajs client for test plumbing. */
export function testKafka(clientId = 'relais-test'): Kafka {
  const sasl = kafkaSasl();
  return new Kafka({
    clientId,
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
    ...(sasl ? { sasl } : {}),
  });
}

export async function createTopic(
  admin: Admin,
  prefix: string,
  options: { partitions?: number; config?: Record<string, string> } = {},
): Promise<string> {
  const topic = uniqueName(prefix);
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      {
        topic,
        numPartitions: options.partitions ?? 1,
        configEntries: Object.entries(options.config ?? {}).map(([name, value]) => ({
          name,
          value,
        })),
      },
    ],
  });
  return topic;
}

export interface ReadRecord {
  partition: number;
  offset: string;
  /** The record's timestamp (ms): the broker's append time on LogAppendTime topics. */
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

function stringHeaders(h: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) {
    const last = Array.isArray(v) ? v[v.length - 1] : v;
    if (last !== undefined) out[k] = last.toString();
  }
  return out;
}

/** Reads `count` records from the start of a topic (all partitions) with a throwaway group. */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs = 20_000,
): Promise<ReadRecord[]> {
  // A short fetch wait: disconnect() waits for the in-flight fetch to return.
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), maxWaitTimeInMs: 100 });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        records.push({
          partition,
          offset: message.offset,
          timestamp: Number(message.timestamp),
          key: message.key,
          value: message.value,
          headers: stringHeaders(message.headers),
        });
      },
    });
    await waitFor(() => records.length >= count, {
      timeoutMs,
      what: `${count} record(s) on ${topic}`,
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** Each partition's end offset now: where records written from now on will start. */
export async function topicEnds(
  kafka: Kafka,
  topic: string,
): Promise<Array<{ partition: number; offset: string }>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await waitFor(() => admin.fetchTopicOffsets(topic), {
      what: `the end offsets of ${topic}`,
    });
    return offsets.map((o) => ({ partition: o.partition, offset: o.high }));
  } finally {
    await admin.disconnect();
  }
}

/**
 * The records of a shared topic from `from` on (its ends taken before the test wrote: see
 * `topicEnds`), until `done` holds of what was read — however much others wrote before.
 */
export async function readTopicFrom(
  kafka: Kafka,
  topic: string,
  from: ReadonlyArray<{ partition: number; offset: string }>,
  done: (records: ReadRecord[]) => boolean,
  options: { what?: string; timeoutMs?: number } = {},
): Promise<ReadRecord[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), maxWaitTimeInMs: 100 });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: false });
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const p of from) consumer.seek({ topic, partition: p.partition, offset: p.offset });
    });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        records.push({
          partition,
          offset: message.offset,
          timestamp: Number(message.timestamp),
          key: message.key,
          value: message.value,
          headers: stringHeaders(message.headers),
        });
      },
    });
    await waitFor(() => done(records), {
      timeoutMs: options.timeoutMs ?? 20_000,
      what: options.what ?? `the awaited records on ${topic}`,
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** The committed offset of a group on a partition ('-1' when none). */
export async function committedOffset(
  admin: Admin,
  groupId: string,
  topic: string,
  partition = 0,
): Promise<string> {
  const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return entry?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
}

/** What tests need of a clock: the services' `Clock` fits. */
export interface TestClock {
  now(): Date;
}

/**
 * Calendar dates relative to a clock, for tests that must hold whatever day they run on. In
 * integration tests the clock is the system clock, which the broker's log-append time shares;
 * `npm test` runs the date-bound suites again a year ahead to prove it.
 */
export function calendar(clock: TestClock) {
  const day = (offsetDays: number): Date =>
    new Date(clock.now().getTime() + offsetDays * 86_400_000);
  return {
    /** `YYYY-MM-DD` (UTC) of the clock's day, moved by `offsetDays`. */
    date: (offsetDays = 0): string => day(offsetDays).toISOString().slice(0, 10),
    /** An RFC 3339 instant, moved by `offsetDays`. */
    instant: (offsetDays = 0): string => day(offsetDays).toISOString(),
    /** The clock's (UTC) year, moved by `offsetYears`. */
    year: (offsetYears = 0): number => clock.now().getUTCFullYear() + offsetYears,
  };
}
