// Test plumbing: a registry started in-process with the real catalog, an admin, a fake agency.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCatalog } from '@relais/contracts';
import { AvroSerde, createLogger, type Logger } from '@relais/kit';
import { startRegistry, type RunningRegistry } from '@relais/registry';
import { kafkaBrokers, testKafka, uniqueName } from '@relais/testkit';
import type { Admin, Kafka } from 'kafkajs';
import { deliveriesTopic, ingressTopic } from '../src/index.ts';

export function silentLogger(service = 'sdk-test'): Logger {
  return createLogger({ service, level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
}

/** An agency id no other test uses; the SDK does not check that the agency exists. */
export const fakeAgency = (): string => `sdk-test-${randomBytes(5).toString('hex')}`;

export interface Fixture {
  registry: RunningRegistry;
  serde: AvroSerde;
  kafka: Kafka;
  admin: Admin;
  logger: Logger;
  /** Creates the agency's ingress and deliveries topics, as onboarding does. */
  agencyTopics(agency: string): Promise<void>;
  close(): Promise<void>;
}

export async function fixture(): Promise<Fixture> {
  const logger = silentLogger();
  const { catalog, problems } = loadCatalog();
  if (problems.length) throw new Error(`catalog problems: ${JSON.stringify(problems)}`);
  // The registry takes writes from the operator and contract stewards only: tests register as a
  // steward.
  const keysDir = mkdtempSync(path.join(tmpdir(), 'relais-sdk-keys-'));
  const stewardToken = randomBytes(24).toString('base64url');
  writeFileSync(path.join(keysDir, 'operator.token'), randomBytes(24).toString('base64url'));
  writeFileSync(path.join(keysDir, 'steward.token'), stewardToken);
  const registry = await startRegistry({
    brokers: kafkaBrokers(),
    logger,
    topic: uniqueName('_relais_schemas.sdk'),
    leaderGroup: uniqueName('relais-registry.sdk'),
    leaderEligible: true,
    defaultLevel: 'BACKWARD_TRANSITIVE',
    publishContracts: true,
    host: '127.0.0.1',
    port: 0,
    catalog,
    keysDir,
  });
  const kafka = testKafka('sdk-test');
  const admin = kafka.admin();
  await admin.connect();
  return {
    registry,
    serde: new AvroSerde(registry.url, { auth: { username: 'steward', password: stewardToken } }),
    kafka,
    admin,
    logger,
    async agencyTopics(agency) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: [
          { topic: ingressTopic(agency), numPartitions: 3 },
          { topic: deliveriesTopic(agency), numPartitions: 1 },
        ],
      });
    },
    async close() {
      await admin.disconnect();
      await registry.close();
      rmSync(keysDir, { recursive: true, force: true });
    },
  };
}

/** The sum of a topic's high watermarks: how many records were ever written to it. */
export async function recordCount(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((n, p) => n + Number(p.high), 0);
}
