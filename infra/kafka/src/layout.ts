// Where the local Kafka lives on disk and how its nodes are numbered and addressed.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { SCRAM_MECHANISM, type ClusterCredentials } from './credentials.ts';

/** Pinned in pom.xml; kept here so the launcher can tell whether the jars are present. */
export const KAFKA_VERSION = '4.1.2';

export const INFRA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ClusterOptions {
  /** 1 (combined broker+controller) or 3 (each node broker+controller, RF=3, min ISR 2). */
  nodes: 1 | 3;
  /** Working folder: one folder per node with data/ and logs/, and the cluster's state file. */
  home: string;
  /** Where the Kafka jars are (fetched once, shared by every home). */
  jars: string;
  /** First broker port; node i listens on brokerPort + i - 1. 0 picks free ports. */
  brokerPort: number;
  /** First controller port; node i listens on controllerPort + i - 1. 0 picks free ports. */
  controllerPort: number;
  /** JVM heap per node, e.g. "512m". */
  heap: string;
  /** Readiness deadline. */
  startTimeoutMs: number;
  /** Partitions for topics created without an explicit count. */
  defaultPartitions: number;
}

export function defaultOptions(env: NodeJS.ProcessEnv = process.env): ClusterOptions {
  return {
    nodes: env['RELAIS_KAFKA_NODES'] === '3' ? 3 : 1,
    home: path.resolve(env['RELAIS_KAFKA_HOME'] ?? path.join(INFRA_DIR, '.work')),
    jars: path.resolve(env['RELAIS_KAFKA_JARS'] ?? path.join(INFRA_DIR, '.work', 'lib')),
    brokerPort: Number(env['RELAIS_KAFKA_PORT'] ?? 9092),
    controllerPort: Number(env['RELAIS_KAFKA_CONTROLLER_PORT'] ?? 9192),
    heap: env['RELAIS_KAFKA_HEAP'] ?? '512m',
    startTimeoutMs: Number(env['RELAIS_KAFKA_START_TIMEOUT_MS'] ?? 90_000),
    defaultPartitions: Number(env['RELAIS_KAFKA_PARTITIONS'] ?? 3),
  };
}

export const nodeDir = (home: string, id: number): string => path.join(home, `node-${id}`);
export const stateFile = (home: string): string => path.join(home, 'cluster.json');

export interface NodeAddress {
  id: number;
  brokerPort: number;
  controllerPort: number;
}

/** The persisted description of a running cluster: what `down` and `status` read. */
export interface ClusterState {
  version: string;
  clusterId: string;
  nodes: Array<NodeAddress & { pid: number }>;
  bootstrap: string;
  /** Its passwords (mode 0600): what RELAIS_KAFKA_CREDENTIALS names for local clients. */
  credentialsFile: string;
  startedAt: string;
  startupMs: number;
}

/** The security part of a node's properties: every listener authenticates, ACLs deny by default. */
export function brokerSecurityProperties(
  credentials: Pick<ClusterCredentials, 'admin' | 'broker' | 'controller'>,
): Record<string, string> {
  const { admin, broker, controller } = credentials;
  return {
    'listener.security.protocol.map': 'SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT',
    // Clients and brokers: SCRAM-SHA-512, credentials in the metadata log (bootstrapped at format).
    'inter.broker.listener.name': 'SASL_PLAINTEXT',
    'sasl.enabled.mechanisms': SCRAM_MECHANISM,
    'sasl.mechanism.inter.broker.protocol': SCRAM_MECHANISM,
    'listener.name.sasl_plaintext.sasl.enabled.mechanisms': SCRAM_MECHANISM,
    'listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config': `org.apache.kafka.common.security.scram.ScramLoginModule required username="${broker.username}" password="${broker.password}";`,
    // The quorum: a controller serves the metadata that holds SCRAM credentials, so it cannot
    // check them itself (KIP-900): SASL/PLAIN with the one controller user in JAAS.
    'sasl.mechanism.controller.protocol': 'PLAIN',
    'listener.name.controller.sasl.enabled.mechanisms': 'PLAIN',
    'listener.name.controller.plain.sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required username="${controller.username}" password="${controller.password}" user_${controller.username}="${controller.password}";`,
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found': 'false',
    'super.users': [admin, broker, controller].map((u) => `User:${u.username}`).join(';'),
  };
}

export function serverProperties(
  home: string,
  node: NodeAddress,
  all: NodeAddress[],
  opts: Pick<ClusterOptions, 'defaultPartitions'>,
  credentials: Pick<ClusterCredentials, 'admin' | 'broker' | 'controller'>,
): string {
  const rf = all.length;
  const voters = all.map((n) => `${n.id}@127.0.0.1:${n.controllerPort}`).join(',');
  const lines: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': node.id,
    'controller.quorum.voters': voters,
    listeners: `SASL_PLAINTEXT://127.0.0.1:${node.brokerPort},CONTROLLER://127.0.0.1:${node.controllerPort}`,
    'advertised.listeners': `SASL_PLAINTEXT://127.0.0.1:${node.brokerPort}`,
    'controller.listener.names': 'CONTROLLER',
    ...brokerSecurityProperties(credentials),
    'log.dirs': path.join(nodeDir(home, node.id), 'data'),
    'num.partitions': opts.defaultPartitions,
    'default.replication.factor': rf,
    // Guarantee 1 (BRIEF): acks=all is only meaningful with min ISR 2 on a 3-node cluster.
    'min.insync.replicas': rf >= 3 ? 2 : 1,
    'unclean.leader.election.enable': false,
    'offsets.topic.replication.factor': rf,
    'offsets.topic.num.partitions': rf >= 3 ? 12 : 6,
    'transaction.state.log.replication.factor': rf,
    'transaction.state.log.min.isr': rf >= 3 ? 2 : 1,
    'transaction.state.log.num.partitions': rf >= 3 ? 12 : 6,
    'share.coordinator.state.topic.replication.factor': rf,
    'share.coordinator.state.topic.min.isr': rf >= 3 ? 2 : 1,
    // Tests create uniquely named topics and join fresh groups all the time: no 3 s wait per join.
    'group.initial.rebalance.delay.ms': 0,
    // Relais creates its topics explicitly, with their partition counts and cleanup policies.
    'auto.create.topics.enable': false,
    'delete.topic.enable': true,
    'log.retention.hours': 168,
    'log.segment.bytes': 64 * 1024 * 1024,
  };
  return (
    `# Written by infra/kafka (Relais local Kafka). Edits are overwritten at the next start.\n` +
    `# Holds the broker's and controller's passwords: mode 0600, never committed.\n` +
    Object.entries(lines)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join('\n') +
    '\n'
  );
}
