// The harness's small parts: the catalog under unique agency ids, HTTP calls, restartable
// services, the router group's start at the shared topics' end, and stand-ins for what was not
// started.
import { loadCatalog, topics as declared, type Catalog } from '@relais/contracts';
import { createKafka, DEFAULT_PARTITIONS, ensureTopics, type Logger } from '@relais/kit';
import { waitFor } from '@relais/testkit';
import type { Answer, Restartable } from './types.ts';

/** The real catalog with every agency, and what names one, renamed `<id>-<suffix>`. */
export function suffixedCatalog(suffix: string): Catalog {
  const { catalog } = loadCatalog();
  const rename = (id: string): string => `${id}-${suffix}`;
  return {
    agencies: catalog.agencies.map((a) => ({
      ...a,
      id: rename(a.id),
      urn: `urn:relais:agency:${rename(a.id)}`,
    })),
    contracts: catalog.contracts.map((c) => ({
      ...c,
      owner: rename(c.owner),
      publishers: c.publishers.map(rename),
    })),
    subscriptions: catalog.subscriptions.map((s) => ({
      ...s,
      id: `${s.id}-${suffix}`,
      agency: rename(s.agency),
    })),
  };
}

export async function call(
  base: string,
  method: string,
  p: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed };
}

export function restartable<Running extends { close(): Promise<void> }, Options>(
  name: string,
  start: (options: Options) => Promise<Running>,
  options: (overrides?: Partial<Options>) => Options,
): Restartable<Running, Options> {
  let current: Running | undefined;
  let running = false;
  const handle: Restartable<Running, Options> = {
    get service(): Running {
      if (!current) throw new Error(`the ${name} was never started`);
      return current;
    },
    options,
    async start(overrides) {
      if (running) throw new Error(`the ${name} is running: stop() it first, or restart()`);
      current = await start(options(overrides));
      running = true;
      return current;
    },
    async stop() {
      if (!running || !current) return;
      running = false;
      await current.close();
    },
    async restart(overrides) {
      await handle.stop();
      return handle.start(overrides);
    },
  };
  return handle;
}

/**
 * Commits `groupId`'s offsets at the current end of the catalog's events topics, before the router
 * first joins it. The events topics are the catalog's (`relais.events.<domain>`), shared by every
 * test file and every run on the broker. With a commit on every partition, a router of this
 * harness reads from the harness's start whenever it starts: a restart never skips what was
 * published while it was down (a group without a commit starts at "now"), and one started
 * `fromBeginning` does not read the history others left (events of other harnesses' citizens,
 * which the legal-obligation subscriptions would deliver to this harness's agencies).
 */
export async function commitEventsEnd(
  brokers: string[],
  logger: Logger,
  catalog: Catalog,
  groupId: string,
): Promise<void> {
  const kafka = createKafka({ brokers, clientId: 'relais-harness', logger });
  const events = [...new Set(catalog.contracts.map((c) => declared.events.name(c.domain)))];
  const admin = kafka.admin();
  await admin.connect();
  const ends = await (async () => {
    await ensureTopics(
      admin,
      events.map((t) => declared.events.spec(t, DEFAULT_PARTITIONS)),
    );
    // kafkajs gives up at once on a retriable answer (a partition whose leader is loading).
    return Promise.all(
      events.map(async (topic) =>
        (
          await waitFor(() => admin.fetchTopicOffsets(topic), {
            what: `the end offsets of ${topic}`,
          })
        ).map((p) => ({
          topic,
          partition: p.partition,
          offset: p.high,
        })),
      ),
    );
  })().finally(() => admin.disconnect());
  // One member joins the group, is assigned every partition, commits, and leaves (kafkajs'
  // admin.setOffsets does the same one topic at a time, a group join each).
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: events });
    const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
    await consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined });
    consumer.pause(events.map((topic) => ({ topic })));
    await joined;
    await consumer.commitOffsets(ends.flat());
  } finally {
    await consumer.disconnect();
  }
}

/** Stands for what this harness did not start: any use says why. */
export function absent<T>(why: string): T {
  return new Proxy({} as object, {
    get() {
      throw new Error(why);
    },
  }) as T;
}
