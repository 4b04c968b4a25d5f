// Kafka authenticates every client and allows each principal only what the access plan grants
// (dec-031), on the run's real broker: an agency reaches its own ingress, deliveries and groups
// and nothing else; a service principal cannot do what its work does not need.
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { defaultAccessNames, type AccessNames } from '@relais/contracts';
import { kafkaBrokers, kafkaSource, testKafka, uniqueName } from '@relais/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionPrincipals, type ProvisionedPrincipals } from '../src/index.ts';

const local = kafkaSource() === 'local-kraft';
const suffix = uniqueName('acl').slice(-8);
const A = `acl-a-${suffix}`;
const B = `acl-b-${suffix}`;
const domain = `acl${suffix}`;
const names: AccessNames = {
  ...defaultAccessNames,
  consents: uniqueName('relais.consents'),
  pseudonyms: uniqueName('relais.pseudonyms'),
  principal: { agency: (id) => `agency.${id}`, service: (s) => `service.${s}.${suffix}` },
};
const topic = {
  ingressA: `relais.ingress.${A}`,
  ingressB: `relais.ingress.${B}`,
  deliveriesA: `relais.deliveries.${A}`,
  deliveriesB: `relais.deliveries.${B}`,
  events: `relais.events.${domain}`,
};
const admin = testKafka('acl-admin');
let granted: ProvisionedPrincipals;

/** What the broker answered along the way (kafkajs reports a refused group as "not found"). */
const answered = new Map<Kafka, string[]>();
const client = (sasl: SASLOptions | undefined, clientId: string): Kafka => {
  const seen: string[] = [];
  const kafka = new Kafka({
    clientId,
    brokers: kafkaBrokers(),
    connectionTimeout: 3_000,
    retry: { retries: 2, initialRetryTime: 100 },
    ...(sasl ? { sasl } : {}),
    logLevel: logLevel.DEBUG,
    logCreator: () => (entry) => {
      const type = (entry.log['error'] as { type?: unknown } | undefined)?.type;
      if (typeof type === 'string') seen.push(type);
    },
  });
  answered.set(kafka, seen);
  return kafka;
};
const as = (principal: string): Kafka => client(granted.saslOf(principal), principal);

/**
 * What an allowed attempt answers once the ACLs just created are in force: each broker applies
 * them from the metadata log a moment after they are written, so an allowance is tried again for
 * a few seconds (a refusal never is).
 */
async function once<T>(attempt: () => Promise<T>, allowed: T, deadlineMs = 10_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const result = await attempt();
    if (result === allowed || Date.now() > until) return result;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Writes one record; answers 'written' or why Kafka refused. */
async function tryWrite(kafka: Kafka, to: string): Promise<string> {
  const producer = kafka.producer({ retry: { retries: 0 } });
  try {
    await producer.connect();
    await producer.send({ topic: to, acks: -1, messages: [{ key: 'k', value: 'v' }] });
    return 'written';
  } catch (err) {
    return `refused: ${(err as Error).message}`;
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
}

/**
 * Joins `groupId` on `from` and reads from the start; answers 'read' or why Kafka refused. A
 * fresh broker's group coordinator may still be loading: that is tried again, a refusal is not.
 */
async function tryRead(kafka: Kafka, from: string, groupId: string): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    const result = await tryReadOnce(kafka, from, groupId);
    if (result === 'read' || /authoriz/i.test(result) || attempt >= 5) return result;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function tryReadOnce(kafka: Kafka, from: string, groupId: string): Promise<string> {
  answered.get(kafka)?.splice(0);
  const consumer = kafka.consumer({
    groupId,
    maxWaitTimeInMs: 100,
    // A fresh group's coordinator may need a retry; a refusal is never retried.
    retry: { retries: 5, initialRetryTime: 200, restartOnFailure: async () => false },
  });
  try {
    await consumer.connect();
    const outcome = new Promise<string>((resolve) => {
      consumer.on(consumer.events.CRASH, (e) => resolve(`refused: ${e.payload.error.message}`));
      consumer
        .subscribe({ topic: from, fromBeginning: true })
        .then(() => consumer.run({ eachMessage: async () => resolve('read') }))
        .catch((err: unknown) => resolve(`refused: ${(err as Error).message}`));
    });
    const result = await Promise.race([
      outcome,
      new Promise<string>((resolve) => setTimeout(() => resolve('no answer'), 20_000)),
    ]);
    return result === 'read' ? result : `${result} (${answered.get(kafka)?.join(', ') ?? ''})`;
  } catch (err) {
    return `refused: ${(err as Error).message} (${answered.get(kafka)?.join(', ') ?? ''})`;
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}

describe.skipIf(!local)('Kafka authentication and ACLs (dec-031)', () => {
  beforeAll(async () => {
    const catalog = {
      agencies: [A, B].map((id) => ({ id, name: id, sector: id, urn: `urn:relais:agency:${id}` })),
      contracts: [{ domain }] as never,
    };
    const a = admin.admin();
    await a.connect();
    await a.createTopics({
      waitForLeaders: true,
      topics: [...Object.values(topic), names.consents, names.pseudonyms].map((t) => ({
        topic: t,
        numPartitions: 1,
      })),
    });
    await a.disconnect();
    // Something to read on each topic a principal might try.
    const producer = admin.producer();
    await producer.connect();
    for (const t of [...Object.values(topic), names.consents, names.pseudonyms])
      await producer.send({ topic: t, messages: [{ key: 'k', value: 'seed' }] });
    await producer.disconnect();
    granted = await provisionPrincipals(kafkaBrokers(), catalog, names, [
      `agency.${A}`,
      `agency.${B}`,
      names.principal.service('notifier'),
      names.principal.service('gateway'),
      names.principal.service('portal'),
      names.principal.service('console'),
    ]);
  }, 120_000);
  afterAll(async () => {
    const a = admin.admin();
    await a.connect();
    await a
      .deleteTopics({ topics: [...Object.values(topic), names.consents, names.pseudonyms] })
      .catch(() => undefined);
    await a.disconnect();
  });

  it('refuses a client that does not authenticate, or with a wrong password', async () => {
    const open = client(undefined, 'acl-open').admin();
    await expect(open.connect().then(() => open.listTopics())).rejects.toThrow();
    await open.disconnect().catch(() => undefined);
    const wrong = client(
      { mechanism: 'scram-sha-512', username: `agency.${A}`, password: 'not-the-password' },
      'acl-wrong',
    ).admin();
    await expect(wrong.connect()).rejects.toThrow(/SASL SCRAM SHA512 authentication failed/i);
  });

  it('lets an agency write its ingress and read its deliveries in its own group', async () => {
    expect(await once(() => tryWrite(as(`agency.${A}`), topic.ingressA), 'written')).toBe(
      'written',
    );
    expect(
      await once(() => tryRead(as(`agency.${A}`), topic.deliveriesA, `relais-sdk.${A}`), 'read'),
    ).toBe('read');
    expect(await tryRead(as(`agency.${A}`), topic.deliveriesA, `relais-sdk.${A}.replay`)).toBe(
      'read',
    );
  });

  it("refuses an agency another agency's topics, the canonical events and others' groups", async () => {
    const a = as(`agency.${A}`);
    expect(await tryRead(a, topic.deliveriesB, `relais-sdk.${A}`)).toMatch(/^refused: .*authoriz/i);
    expect(await tryWrite(a, topic.ingressB)).toMatch(/^refused: .*authoriz/i);
    expect(await tryRead(a, topic.events, `relais-sdk.${A}`)).toMatch(/^refused: .*authoriz/i);
    expect(await tryRead(a, names.consents, `relais-sdk.${A}`)).toMatch(/^refused: .*authoriz/i);
    expect(await tryWrite(a, topic.events)).toMatch(/^refused: .*authoriz/i);
    // Its own deliveries, but in agency B's group (or one outside its prefix): no.
    expect(await tryRead(a, topic.deliveriesA, `relais-sdk.${B}`)).toMatch(/^refused: .*authoriz/i);
    expect(await tryRead(a, topic.deliveriesA, 'relais-router.events')).toMatch(
      /^refused: .*authoriz/i,
    );
    // Nor may it read what it writes, nor create topics.
    expect(await tryRead(a, topic.ingressA, `relais-sdk.${A}`)).toMatch(/^refused: .*authoriz/i);
    const ac = a.admin();
    await ac.connect();
    const created = await ac.createTopics({ topics: [{ topic: `relais.ingress.${A}-x` }] }).then(
      () => 'created',
      (err: { errors?: Array<{ type?: string }> }) =>
        `refused: ${(err.errors ?? []).map((e) => e.type).join(', ')}`,
    );
    expect(created).toBe('refused: TOPIC_AUTHORIZATION_FAILED');
    await ac.disconnect();
  });

  it('allows a service principal only its work: the notifier no ingress, the gateway no consents', async () => {
    const notifier = as(names.principal.service('notifier'));
    const gateway = as(names.principal.service('gateway'));
    const groupOf = (s: 'notifier' | 'gateway') => `${names.groupPrefix[s]}.acl-${suffix}`;
    expect(await tryRead(notifier, topic.ingressA, groupOf('notifier'))).toMatch(
      /^refused: .*authoriz/i,
    );
    expect(await tryWrite(notifier, topic.deliveriesA)).toMatch(/^refused: .*authoriz/i);
    expect(await tryRead(notifier, names.consents, groupOf('notifier'))).toBe('read');
    expect(await tryRead(gateway, names.consents, groupOf('gateway'))).toMatch(
      /^refused: .*authoriz/i,
    );
    expect(await tryWrite(gateway, names.consents)).toMatch(/^refused: .*authoriz/i);
    expect(await tryRead(gateway, topic.ingressA, groupOf('gateway'))).toBe('read');
    expect(await tryWrite(gateway, topic.events)).toBe('written');
    // A service outside its own group prefix: refused even on a topic it may read.
    expect(await tryRead(gateway, topic.ingressA, groupOf('notifier'))).toMatch(
      /^refused: .*authoriz/i,
    );
  });

  it("lets the console read groups' offsets without joining them, and the portal only read", async () => {
    const console = as(names.principal.service('console'));
    const admin = console.admin();
    await admin.connect();
    try {
      const { groups } = await admin.listGroups();
      expect(groups.map((g) => g.groupId)).toContain(`relais-sdk.${A}`);
      const [offsets] = await admin.fetchOffsets({
        groupId: `relais-sdk.${A}`,
        topics: [topic.deliveriesA],
      });
      expect(offsets?.topic).toBe(topic.deliveriesA);
      expect(await admin.fetchTopicOffsets(names.consents)).toHaveLength(1);
    } finally {
      await admin.disconnect();
    }
    expect(await tryRead(console, topic.deliveriesA, `relais-sdk.${A}`)).toMatch(
      /^refused: .*authoriz/i,
    );
    expect(await tryRead(console, names.consents, `${names.groupPrefix.console}.acl`)).toMatch(
      /^refused: .*authoriz/i,
    );
    const portal = as(names.principal.service('portal'));
    expect(await tryRead(portal, names.pseudonyms, `relais-pseudonyms.acl-${suffix}`)).toBe('read');
    expect(await tryWrite(portal, names.pseudonyms)).toMatch(/^refused: .*authoriz/i);
    expect(await tryRead(portal, names.consents, `relais-pseudonyms.acl-${suffix}`)).toMatch(
      /^refused: .*authoriz/i,
    );
  });
});
