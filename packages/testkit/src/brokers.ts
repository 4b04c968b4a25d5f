// Where tests get Kafka from, in order: KAFKA_BROKERS (an existing cluster, its credentials from
// KAFKA_SASL_* as for any process); testcontainers' Kafka when a container runtime answers (open);
// otherwise a local KRaft broker from the Maven jars, authenticated: tests act as its admin.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { adminEnv, adminSasl, defaultOptions, INFRA_DIR, reset, up } from '@relais/local-kafka';

export type BrokerSource = 'external' | 'testcontainers' | 'local-kraft';

type Mechanism = 'scram-sha-512' | 'scram-sha-256' | 'plain';
/** What kafkajs takes as `sasl` (a union per mechanism, as kafkajs types it). */
export type TestSasl = {
  [M in Mechanism]: { mechanism: M; username: string; password: string };
}[Mechanism];

export interface ProvidedBrokers {
  bootstrap: string;
  source: BrokerSource;
  /** Who tests connect as: the local cluster's admin, or KAFKA_SASL_* for an external one. */
  sasl?: TestSasl;
  /**
   * What a process handed this broker needs besides KAFKA_BROKERS (npm test's workspaces): the
   * local cluster's admin as KAFKA_SASL_* (its password in a 0600 file); nothing otherwise.
   */
  env: Record<string, string>;
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
    env: {},
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
    sasl: adminSasl(home),
    env: adminEnv(home),
    startupMs: Date.now() - started,
    home,
    stop: async () => {
      await reset(home, () => undefined);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** An external cluster's credentials: KAFKA_SASL_* as every Relais process reads them. */
function saslFromEnv(env: NodeJS.ProcessEnv): TestSasl | undefined {
  const username = env['KAFKA_SASL_USERNAME'];
  const file = env['KAFKA_SASL_PASSWORD_FILE'];
  const password = file ? readFileSync(file, 'utf8').trim() : env['KAFKA_SASL_PASSWORD'];
  if (!username || !password) return undefined;
  const mechanism = env['KAFKA_SASL_MECHANISM'] ?? 'scram-sha-512';
  if (mechanism !== 'scram-sha-512' && mechanism !== 'scram-sha-256' && mechanism !== 'plain') {
    throw new Error('KAFKA_SASL_MECHANISM: expected scram-sha-512, scram-sha-256 or plain');
  }
  return { mechanism, username, password };
}

export async function provideBrokers(log: Log = (l) => console.warn(l)): Promise<ProvidedBrokers> {
  const given = process.env['KAFKA_BROKERS'];
  if (given) {
    const sasl = saslFromEnv(process.env);
    log(`testkit: using KAFKA_BROKERS=${given}${sasl ? ` as ${sasl.username}` : ' (plaintext)'}`);
    // npm test hands its workspaces the run's broker and says where it came from.
    const handed = process.env['RELAIS_TEST_KAFKA_SOURCE'];
    const home = process.env['RELAIS_TEST_KAFKA_HOME'];
    return {
      bootstrap: given,
      source: handed === 'local-kraft' || handed === 'testcontainers' ? handed : 'external',
      startupMs: 0,
      ...(sasl ? { sasl } : {}),
      ...(home ? { home } : {}),
      env: {},
      stop: async () => undefined,
    };
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
