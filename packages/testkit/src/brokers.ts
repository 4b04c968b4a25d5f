// Where tests get Kafka from, in order: KAFKA_BROKERS (an existing cluster); testcontainers'
// Kafka when a container runtime answers; otherwise a local KRaft broker from the Maven jars.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { defaultOptions, INFRA_DIR, reset, up } from '@relais/local-kafka';

export type BrokerSource = 'external' | 'testcontainers' | 'local-kraft';

export interface ProvidedBrokers {
  bootstrap: string;
  source: BrokerSource;
  /** Milliseconds from asking to ready. */
  startupMs: number;
  /** For a local KRaft broker: its working folder (pids, logs). */
  home?: string;
  stop(): Promise<void>;
}

export type Log = (line: string) => void;

function containerRuntimeAnswers(): boolean {
  if (process.env['RELAIS_TEST_NO_CONTAINERS'] === '1') return false;
  const res = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], {
    encoding: 'utf8',
    timeout: 5_000,
  });
  return res.status === 0 && res.stdout.trim().length > 0;
}

async function fromTestcontainers(log: Log): Promise<ProvidedBrokers> {
  const started = Date.now();
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const container = await new KafkaContainer('apache/kafka:4.1.2').withKraft().start();
  const bootstrap = `${container.getHost()}:${container.getMappedPort(9093)}`;
  log(`testkit: Kafka from testcontainers at ${bootstrap}`);
  return {
    bootstrap,
    source: 'testcontainers',
    startupMs: Date.now() - started,
    stop: async () => {
      await container.stop();
    },
  };
}

async function fromLocalKraft(log: Log): Promise<ProvidedBrokers> {
  const started = Date.now();
  const base = path.join(INFRA_DIR, '.work');
  mkdirSync(base, { recursive: true });
  const home = mkdtempSync(path.join(base, 'test-'));
  const opts = {
    ...defaultOptions(),
    nodes: 1 as const,
    home,
    brokerPort: 0,
    controllerPort: 0,
    heap: process.env['RELAIS_KAFKA_HEAP'] ?? '512m',
  };
  const cluster = await up(opts, log);
  return {
    bootstrap: cluster.bootstrap,
    source: 'local-kraft',
    startupMs: Date.now() - started,
    home,
    stop: async () => {
      await reset(home, () => undefined);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export async function provideBrokers(log: Log = (l) => console.warn(l)): Promise<ProvidedBrokers> {
  const given = process.env['KAFKA_BROKERS'];
  if (given) {
    log(`testkit: using KAFKA_BROKERS=${given}`);
    return { bootstrap: given, source: 'external', startupMs: 0, stop: async () => undefined };
  }
  if (containerRuntimeAnswers()) {
    try {
      return await fromTestcontainers(log);
    } catch (err) {
      log(
        `testkit: testcontainers failed (${(err as Error).message}); falling back to local KRaft`,
      );
    }
  }
  return fromLocalKraft(log);
}
