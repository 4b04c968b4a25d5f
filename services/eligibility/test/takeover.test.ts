// Two eligibility instances in one group on the real broker, facts over the three partitions; one
// is killed (SIGKILL) after it published a batch's determinations and profiles and before it
// committed the batch. The other takes its partitions over (dec-048): it brings their profiles up
// to the changelog's end first, so every expected determination is published, and once.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { loadCatalog } from '@relais/contracts';
import { derivePseudonym, newPivot, pseudonymKeyIn, type Pseudonym } from '@relais/identity';
import {
  AvroSerde,
  createKafka,
  createLogger,
  createProducer,
  envelopeToHeaders,
  fixedClock,
  type RelaisProducer,
} from '@relais/kit';
import { startRegistry, type RunningRegistry } from '@relais/registry';
import { kafkaBrokers, readTopic, testKafka, uniqueName, waitFor } from '@relais/testkit';
import { applyEvent } from '../src/consumers/facts.ts';
import { dayOf } from '../src/domain/day.ts';
import { emptyProfile } from '../src/domain/profile.ts';
import { newEngineStats, reevaluate } from '../src/domain/reevaluate.ts';
import { startEligibility, type EligibilityOptions } from '../src/index.ts';

const INCOME = 'fr.gouv.tax.IncomeAssessed';
const NOW = '2026-11-02T09:30:00.000Z';
const logger = (service: string) =>
  createLogger({ service, level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

let registry: RunningRegistry;
let keysDir: string;
let dataDir: string;
let producer: RelaisProducer;
beforeAll(async () => {
  keysDir = mkdtempSync(path.join(tmpdir(), 'relais-eligibility-keys-'));
  dataDir = mkdtempSync(path.join(tmpdir(), 'relais-eligibility-'));
  for (const [file, bytes] of [
    ['pseudonym.key', 32],
    ['operator.token', 24],
  ] as const)
    writeFileSync(path.join(keysDir, file), randomBytes(bytes).toString('base64'));
  registry = await startRegistry({
    brokers: kafkaBrokers(),
    logger: logger('registry'),
    topic: uniqueName('_relais_schemas.eligibility'),
    leaderGroup: uniqueName('relais-registry.eligibility'),
    leaderEligible: true,
    defaultLevel: 'BACKWARD_TRANSITIVE',
    publishContracts: true,
    host: '127.0.0.1',
    port: 0,
    catalog: loadCatalog().catalog,
    keysDir,
  });
  producer = createProducer(
    createKafka({ brokers: kafkaBrokers(), clientId: 'eligibility-test', logger: logger('test') }),
  );
  await producer.connect();
});
afterAll(async () => {
  await producer?.disconnect();
  await registry?.close();
  rmSync(keysDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

it(
  'an instance killed between publishing and committing: the other takes over, each determination once',
  { timeout: 180_000 },
  async () => {
    const prefix = uniqueName('relais-eligibility');
    const topics = {
      deliveriesTopic: uniqueName('relais.deliveries.relais'),
      consentsTopic: uniqueName('relais.consents'),
      entitlementsTopic: uniqueName('relais.entitlements'),
      changelogTopic: uniqueName('relais.eligibility.profiles'),
    };
    const options = (instance: string): Omit<EligibilityOptions, 'logger'> => ({
      brokers: kafkaBrokers(),
      registryUrl: registry.url,
      keysDir,
      dataDir: path.join(dataDir, instance),
      host: '127.0.0.1',
      port: 0,
      groupPrefix: prefix,
      instance,
      fromBeginning: true,
      ...topics,
    });
    const b = await startEligibility({
      ...options('b'),
      clock: fixedClock(NOW),
      logger: logger('eligibility-b'),
    });
    onTestFinished(() => b.close());
    const child = spawn(
      process.execPath,
      [path.join(import.meta.dirname, 'fixtures', 'eligibility-child.ts')],
      {
        env: {
          ...process.env,
          RELAIS_TEST_ELIGIBILITY: JSON.stringify(options('a')),
          RELAIS_TEST_FREEZE_AFTER: '4',
          RELAIS_TEST_NOW: NOW,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    onTestFinished(() => void child.kill('SIGKILL'));
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(() => out.includes('ready'), {
      what: 'instance A, a process',
      timeoutMs: 60_000,
    });
    const admin = testKafka().admin();
    await admin.connect();
    onTestFinished(() => admin.disconnect());
    const groupId = `${prefix}.facts`;
    await waitFor(
      async () => {
        const [group] = (await admin.describeGroups([groupId])).groups;
        return group?.state === 'Stable' && group.members.length === 2;
      },
      { what: 'both instances sharing the partitions', timeoutMs: 30_000 },
    );

    // One income assessment per citizen, as the router delivers it to Relais; what each one must
    // give is computed by the same engine, offline.
    const serde = new AvroSerde(registry.url);
    const schemaId = await serde.latestId(INCOME);
    const key = pseudonymKeyIn(keysDir);
    const expected: string[] = [];
    const publishing = (async () => {
      for (let round = 0; round < 12; round += 1) {
        const records = [];
        for (let i = 0; i < 5; i += 1) {
          const pseudonym = derivePseudonym(key, 'relais', newPivot());
          const id = randomUUID();
          const value = await serde.encode(schemaId, {
            taxYear: 2025,
            referenceTaxIncomeCents: 500_000 + (round * 5 + i) * 100_000,
            taxSharesQuarters: 4,
            members: [{ role: 'DECLARANT', birthDate: '1990-05-14', sharedResidence: false }],
            assessmentDate: '2026-08-01',
          });
          expected.push(...(await offline(serde, pseudonym, id, value)));
          records.push({
            key: pseudonym,
            value,
            headers: envelopeToHeaders({
              specversion: '1.0',
              id,
              source: 'urn:relais:agency:dgfip',
              type: INCOME,
              time: '2026-11-01T09:30:00Z',
              datacontenttype: 'application/avro',
              purpose: 'proactive-eligibility',
              legalbasis: 'consent',
              consentid: randomUUID(),
            }),
          });
        }
        await producer.publish(topics.deliveriesTopic, records);
        await sleep(100);
      }
    })();
    await waitFor(() => out.includes('frozen'), {
      what: 'instance A between publishing and committing',
      timeoutMs: 60_000,
    });
    child.kill('SIGKILL');
    await once(child, 'exit');
    await publishing;

    // B is given A's partitions once A's session expires, and handles everything left.
    await waitFor(
      async () => {
        const ends = await admin.fetchTopicOffsets(topics.deliveriesTopic);
        const [committed] = await admin.fetchOffsets({
          groupId,
          topics: [topics.deliveriesTopic],
        });
        return ends.every(
          (e) => committed?.partitions.find((p) => p.partition === e.partition)?.offset === e.high,
        );
      },
      { what: 'every delivery committed', timeoutMs: 90_000, intervalMs: 500 },
    );
    const ends = await admin.fetchTopicOffsets(topics.entitlementsTopic);
    const total = ends.reduce((n, e) => n + Number(e.high), 0);
    const published = (await readTopic(testKafka(), topics.entitlementsTopic, total)).map(
      (r) => r.headers['ce_id'] ?? '',
    );
    console.log(
      `takeover: ${out.trim().split('\n').at(-1)} by A; B skipped ${b.stats.duplicates} deliveries applied; ${published.length} determinations`,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(new Set(published).size).toBe(published.length);
    expect([...published].sort()).toEqual([...expected].sort());
    // B did meet A's published-but-uncommitted deliveries, and found them applied.
    expect(b.stats.duplicates).toBeGreaterThan(0);
    expect(ends.filter((e) => Number(e.high) > 0)).toHaveLength(3);
  },
);

/** The determination ids the engine gives a new profile with this one fact, on NOW. */
async function offline(
  serde: AvroSerde,
  pseudonym: Pseudonym,
  eventId: string,
  bytes: Buffer,
): Promise<string[]> {
  const { value } = await serde.decode<Record<string, unknown>>(bytes);
  const profile = emptyProfile();
  applyEvent(profile, INCOME, value, {
    time: '2026-11-01T09:30:00Z',
    eventId: eventId as Parameters<typeof applyEvent>[3]['eventId'],
  });
  const now = new Date(NOW);
  return reevaluate(pseudonym, profile, dayOf(now), eventId, now, newEngineStats()).map(
    (d) => d.event.decisionId,
  );
}
