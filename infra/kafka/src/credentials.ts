// The local cluster's passwords: generated once per cluster home (crypto random), kept in
// <home>/credentials.json with mode 0600, never logged. Clients read it through
// RELAIS_KAFKA_CREDENTIALS (each service picks its own principal) or as the admin (tools, tests).
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Every client of the local cluster authenticates with SCRAM-SHA-512 (dec-031). */
export const SCRAM_MECHANISM = 'SCRAM-SHA-512';

/** The three principals the cluster itself needs: the only super users. */
export const SUPER_USERS = { admin: 'admin', broker: 'broker', controller: 'controller' } as const;

export interface ClusterCredentials {
  /** kafkajs' name of the mechanism clients use. */
  mechanism: 'scram-sha-512';
  /** Super user: provisioning, tools and tests. */
  admin: { username: string; password: string };
  /** Inter-broker connections on the SASL_PLAINTEXT listener (SCRAM). Super user. */
  broker: { username: string; password: string };
  /** The controller listener (SASL/PLAIN, JAAS in server.properties: KRaft cannot use SCRAM there). */
  controller: { username: string; password: string };
  /** Every other principal's password, by principal name (`service.gateway`, `agency.caf`). */
  principals: Record<string, string>;
  /** Which principal each Relais service connects as (createKafka picks by its `service`). */
  services: Record<string, string>;
  /** Which principal each agency connects as. */
  agencies: Record<string, string>;
  /** Principals whose SCRAM credential the cluster holds (added at format time or since). */
  provisioned: string[];
}

export const credentialsFile = (home: string): string => path.join(home, 'credentials.json');

/** 32 random bytes, base64url: no character a properties or JAAS file would need escaped. */
export const newPassword = (): string => randomBytes(32).toString('base64url');

export function readCredentials(home: string): ClusterCredentials | undefined {
  const file = credentialsFile(home);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as ClusterCredentials;
}

/** Written with mode 0600 (and chmod'ed, in case the file existed with wider rights). */
export function writeCredentials(home: string, credentials: ClusterCredentials): void {
  const file = credentialsFile(home);
  writeFileSync(file, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** The admin's password alone, for KAFKA_SASL_PASSWORD_FILE (mode 0600). */
export const adminPasswordFile = (home: string): string => path.join(home, 'admin.password');

/**
 * The variables that make a Relais tool (a benchmark, a script, and the processes it spawns)
 * act as this cluster's admin: what `processKafkaAuth` in the kit reads.
 */
export function adminEnv(home: string): Record<string, string> {
  const credentials = readCredentials(home);
  if (!credentials) throw new Error(`no Kafka credentials in ${home}: start the cluster first`);
  const file = adminPasswordFile(home);
  writeFileSync(file, credentials.admin.password + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return {
    KAFKA_SASL_MECHANISM: credentials.mechanism,
    KAFKA_SASL_USERNAME: credentials.admin.username,
    KAFKA_SASL_PASSWORD_FILE: file,
  };
}

/** The home's credentials, created on first use. */
export function ensureCredentials(home: string): ClusterCredentials {
  const known = readCredentials(home);
  if (known) return known;
  const created: ClusterCredentials = {
    mechanism: 'scram-sha-512',
    admin: { username: SUPER_USERS.admin, password: newPassword() },
    broker: { username: SUPER_USERS.broker, password: newPassword() },
    controller: { username: SUPER_USERS.controller, password: newPassword() },
    principals: {},
    services: {},
    agencies: {},
    provisioned: [],
  };
  writeCredentials(home, created);
  return created;
}

/** What a kafkajs client of this cluster passes as `sasl` to act as the admin. */
export function adminSasl(home: string): {
  mechanism: 'scram-sha-512';
  username: string;
  password: string;
} {
  const credentials = readCredentials(home);
  if (!credentials) throw new Error(`no Kafka credentials in ${home}: start the cluster first`);
  return { mechanism: credentials.mechanism, ...credentials.admin };
}
