// What docker-compose.yml needs besides the image: the broker's configuration and every
// principal's password (compose `secrets:`, each file given only to the container that uses it),
// the services' development keys and the identity provider's clients. Written under
// .relais/compose/ (never committed), mode 0600, idempotent: existing passwords and keys are kept.
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brokerSecurityProperties, SCRAM_MECHANISM, type AccessPlan } from '@relais/local-kafka';

/** The compose broker's listeners: `kafka:9092` inside the network, `localhost:19092` outside. */
export const COMPOSE_KAFKA = { internal: 'kafka:9092', external: 'localhost:19092' } as const;

/** The web services a browser reaches, on the host's ports (docker-compose.yml publishes them). */
export const COMPOSE_PUBLIC = {
  idp: 'http://idp:4400',
  portal: 'http://localhost:8086',
  console: 'http://localhost:8087',
  counter: 'http://localhost:8088',
} as const;

/** The secret file names docker-compose.yml mounts, relative to the compose folder. */
export const composeGeneratedFiles = (plan: AccessPlan): Record<string, string> => ({
  'env-portal': 'env/portal.env',
  'env-console': 'env/console.env',
  'env-counter': 'env/counter.env',
  'kafka-server': 'kafka/server.properties',
  'kafka-scram-users': 'kafka/scram-users',
  'kafka-cluster-id': 'kafka/cluster-id',
  'kafka-admin': 'kafka/admin.password',
  'kafka-admin-client': 'kafka/admin-client.properties',
  'idp-clients': 'idp/clients.yaml',
  ...Object.fromEntries(
    plan.principals
      .filter((p) => p.service)
      .map((p) => [`kafka-${p.name.replace('.', '-')}`, `kafka/${p.name}.password`]),
  ),
});

const secret = (): string => randomBytes(32).toString('base64url');

function keep(file: string, make: () => string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const value = make();
  put(file, `${value}\n`);
  return value;
}

function put(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** The combined broker+controller of docker-compose.yml: SASL everywhere, ACLs deny by default. */
export function composeServerProperties(passwords: {
  admin: string;
  broker: string;
  controller: string;
}): string {
  const security = brokerSecurityProperties({
    admin: { username: 'admin', password: passwords.admin },
    broker: { username: 'broker', password: passwords.broker },
    controller: { username: 'controller', password: passwords.controller },
  });
  const lines: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': '1@kafka:9093',
    listeners: 'SASL_PLAINTEXT://:9092,EXTERNAL://:19092,CONTROLLER://:9093',
    'advertised.listeners': `SASL_PLAINTEXT://${COMPOSE_KAFKA.internal},EXTERNAL://${COMPOSE_KAFKA.external}`,
    'controller.listener.names': 'CONTROLLER',
    ...security,
    'listener.security.protocol.map':
      'SASL_PLAINTEXT:SASL_PLAINTEXT,EXTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT',
    'listener.name.external.sasl.enabled.mechanisms': SCRAM_MECHANISM,
    // The outside listener checks SCRAM too; its server side needs a login module, no password.
    'listener.name.external.scram-sha-512.sasl.jaas.config':
      'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'log.dirs': '/var/lib/kafka/data',
    'num.partitions': 3,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'unclean.leader.election.enable': false,
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'auto.create.topics.enable': false,
    'delete.topic.enable': true,
  };
  return (
    '# Written by `npm run compose:secrets` (scripts/lib/compose.ts). Holds passwords: never commit.\n' +
    Object.entries(lines)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join('\n') +
    '\n'
  );
}

export interface ComposeSecrets {
  dir: string;
  /** Files written this time (relative to `dir`); the others were kept. */
  created: string[];
}

/**
 * Writes (or completes) `dir`: the broker's properties, its SCRAM users, a password per service
 * principal and the identity provider's clients. The agencies' principals get no password here:
 * each agency is given its own credential out of band (`npm run kafka:principals` on the local
 * cluster); their ACLs are in place from the first start.
 */
export function writeComposeSecrets(dir: string, plan: AccessPlan): ComposeSecrets {
  const before = new Set<string>();
  const files = composeGeneratedFiles(plan);
  for (const rel of Object.values(files)) if (existsSync(path.join(dir, rel))) before.add(rel);
  const pass = (name: string): string => keep(path.join(dir, 'kafka', `${name}.password`), secret);
  const admin = pass('admin');
  const broker = pass('broker');
  const controller = pass('controller');
  keep(path.join(dir, 'kafka', 'cluster-id'), () =>
    Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64url'),
  );
  put(
    path.join(dir, 'kafka', 'admin-client.properties'),
    [
      'security.protocol=SASL_PLAINTEXT',
      `sasl.mechanism=${SCRAM_MECHANISM}`,
      `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${admin}";`,
    ].join('\n') + '\n',
  );
  put(
    path.join(dir, 'kafka', 'server.properties'),
    composeServerProperties({ admin, broker, controller }),
  );
  const users: Array<[string, string]> = [
    ['admin', admin],
    ['broker', broker],
    ...plan.principals
      .filter((p) => p.service)
      .map((p): [string, string] => [p.name, pass(p.name)]),
  ];
  put(
    path.join(dir, 'kafka', 'scram-users'),
    users
      .map(([name, password]) => `${SCRAM_MECHANISM}=[name=${name},password=${password}]`)
      .join('\n') + '\n',
  );
  // The web services' client secrets: in the provider's client list and in the one service's
  // env file (compose `env_file:`), nowhere else.
  const clients = (
    [
      ['portal', 'Portail Relais', false],
      ['console', 'Console Relais', true],
      ['counter', 'Guichet Relais', true],
    ] as const
  ).map(([service, name, agents]) => {
    const clientSecret = keep(path.join(dir, 'idp', `${service}.secret`), secret);
    const prefix = service.toUpperCase();
    put(
      path.join(dir, 'env', `${service}.env`),
      `# Written by \`npm run compose:secrets\`.\n${prefix}_OIDC_CLIENT_SECRET=${clientSecret}\n`,
    );
    const url = COMPOSE_PUBLIC[service];
    return [
      `- client_id: relais-${service}`,
      `  client_secret: ${clientSecret}`,
      `  client_name: ${name}`,
      `  redirect_uris: ['${url}/auth/callback']`,
      `  post_logout_redirect_uris: ['${url}/signed-out']`,
      `  sector: ${service}`,
      ...(agents ? ['  audience: agents'] : []),
    ].join('\n');
  });
  put(
    path.join(dir, 'idp', 'clients.yaml'),
    [
      '# Written by `npm run compose:secrets`: the identity provider clients of docker-compose.yml.',
      ...clients,
    ].join('\n') + '\n',
  );
  const created = Object.values(files).filter((rel) => !before.has(rel));
  return { dir, created };
}
