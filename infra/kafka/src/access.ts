// Principals and ACLs on the local cluster, from a plan the caller derives (Relais derives it from
// its topology: @relais/contracts `kafkaAccessPlan`). Idempotent: a principal's SCRAM credential
// is added once (at format time, or with Kafka's kafka-configs when it appears later), its ACLs
// are made exactly the plan's (missing ones created, stale ones on managed principals deleted).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import {
  newPassword,
  readCredentials,
  SCRAM_MECHANISM,
  writeCredentials,
  type ClusterCredentials,
} from './credentials.ts';
import { runJavaTool } from './tools.ts';
import { INFRA_DIR } from './layout.ts';
import { checkJava } from './prerequisites.ts';

export type AclResource = 'topic' | 'group' | 'cluster' | 'transactional-id';
export type AclOperation =
  | 'read'
  | 'write'
  | 'create'
  | 'delete'
  | 'alter'
  | 'describe'
  | 'describe-configs'
  | 'alter-configs'
  | 'idempotent-write';

/** One ALLOW rule: `operations` on a resource named `name` (or every name starting with it). */
export interface AclGrant {
  resource: AclResource;
  name: string;
  pattern: 'literal' | 'prefixed';
  operations: readonly AclOperation[];
}

export interface PrincipalPlan {
  /** The SCRAM user name, e.g. `service.gateway`, `agency.caf`. */
  name: string;
  /** The Relais service that connects as this principal (createKafka picks it by service). */
  service?: string;
  /** The agency that connects as this principal. */
  agency?: string;
  grants: readonly AclGrant[];
}

export interface AccessPlan {
  principals: readonly PrincipalPlan[];
}

// Kafka protocol codes (kafkajs is CommonJS: Node's ESM loader does not see its enums).
const RESOURCE = { topic: 2, group: 3, cluster: 4, 'transactional-id': 5 } as const;
const OPERATION = {
  read: 3,
  write: 4,
  create: 5,
  delete: 6,
  alter: 7,
  describe: 8,
  'describe-configs': 10,
  'alter-configs': 11,
  'idempotent-write': 12,
} as const;
const PATTERN = { literal: 3, prefixed: 4 } as const;
const ANY = 1;
const ALLOW = 3;

interface Binding {
  resourceType: number;
  resourceName: string;
  resourcePatternType: number;
  principal: string;
  host: string;
  operation: number;
  permissionType: number;
}

const keyOf = (b: Binding): string =>
  [
    b.principal,
    b.resourceType,
    b.resourcePatternType,
    b.resourceName,
    b.operation,
    b.permissionType,
    b.host,
  ].join('|');

/** The ACL bindings a plan stands for, one per principal, resource and operation. */
export function planBindings(plan: AccessPlan): Binding[] {
  const out = new Map<string, Binding>();
  for (const p of plan.principals) {
    for (const g of p.grants) {
      for (const op of g.operations) {
        const b: Binding = {
          resourceType: RESOURCE[g.resource],
          resourceName: g.resource === 'cluster' ? 'kafka-cluster' : g.name,
          resourcePatternType: g.resource === 'cluster' ? PATTERN.literal : PATTERN[g.pattern],
          principal: `User:${p.name}`,
          host: '*',
          operation: OPERATION[op],
          permissionType: ALLOW,
        };
        out.set(keyOf(b), b);
      }
    }
  }
  return [...out.values()];
}

/**
 * Records the plan's principals in the credentials file (a password for each new one): called
 * before formatting, so a fresh cluster gets every SCRAM credential from `kafka-storage format`.
 */
export function registerPrincipals(home: string, plan: AccessPlan): ClusterCredentials {
  const credentials = readCredentials(home);
  if (!credentials) throw new Error(`no Kafka credentials in ${home}`);
  for (const p of plan.principals) {
    credentials.principals[p.name] ??= newPassword();
    if (p.service) credentials.services[p.service] = p.name;
    if (p.agency) credentials.agencies[p.agency] = p.name;
  }
  writeCredentials(home, credentials);
  return credentials;
}

/** A client properties file for Kafka's own tools, acting as the admin (mode 0600). */
export function adminClientProperties(
  dir: string,
  admin: { username: string; password: string },
  bootstrap?: string,
): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'admin-client.properties');
  writeFileSync(
    file,
    [
      ...(bootstrap ? [`bootstrap.servers=${bootstrap}`] : []),
      'security.protocol=SASL_PLAINTEXT',
      `sasl.mechanism=${SCRAM_MECHANISM}`,
      `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${admin.username}" password="${admin.password}";`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return file;
}

export interface ScramUsersOptions {
  jars: string;
  bootstrap: string;
  /** Who adds them: a super user. */
  admin: { username: string; password: string };
  /** Principal name → password. */
  users: Record<string, string>;
  /** Where the tool's logs and its client properties (0600) go. */
  workDir: string;
  /** Called after each user is added. */
  onAdded?: (name: string) => void;
}

/** One JVM for every user (AddScramUsers.java, Java's source-file mode); false if it failed. */
async function addInOneJvm(options: ScramUsersOptions, config: string): Promise<boolean> {
  const { command } = checkJava();
  const users = Object.entries(options.users);
  return new Promise((resolve) => {
    const child = spawn(
      command,
      [
        '-Xmx256m',
        `-Dlog4j2.configurationFile=${path.join(INFRA_DIR, 'log4j2.properties')}`,
        `-Dkafka.logs.dir=${options.workDir}`,
        '-cp',
        path.join(options.jars, '*'),
        path.join(INFRA_DIR, 'java', 'AddScramUsers.java'),
        config,
      ],
      { stdio: ['pipe', 'ignore', 'ignore'] },
    );
    child.once('error', () => resolve(false));
    child.once('close', (code) => {
      if (code === 0) for (const [name] of users) options.onAdded?.(name);
      resolve(code === 0);
    });
    // The passwords go on stdin, never in the arguments.
    child.stdin.end(users.map(([name, password]) => `${name}\t${password}\n`).join(''));
  });
}

/**
 * Adds SCRAM credentials on a running cluster (kafkajs has no AlterUserScramCredentials): all in
 * one JVM with the Kafka Admin API; where that cannot run (a JRE without the compiler of Java's
 * source-file mode), Kafka's kafka-configs, one JVM per user, three at a time. A fresh cluster
 * gets its known principals at format time instead, for free.
 */
export async function addScramUsers(options: ScramUsersOptions): Promise<void> {
  const config = adminClientProperties(options.workDir, options.admin, options.bootstrap);
  if (await addInOneJvm(options, config)) return;
  const queue = Object.entries(options.users);
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [name, password] = next;
      // The password is in the tool's arguments for the second the JVM runs: a local
      // development cluster. A production cluster provisions its users its own way.
      const res = await runJavaTool(
        options.jars,
        options.workDir,
        'kafka.admin.ConfigCommand',
        [
          '--bootstrap-server',
          options.bootstrap,
          '--command-config',
          config,
          '--alter',
          '--add-config',
          `${SCRAM_MECHANISM}=[password=${password}]`,
          '--entity-type',
          'users',
          '--entity-name',
          name,
        ],
        { heap: '128m' },
      );
      if (res.code !== 0) {
        // Never the arguments: they hold the password.
        throw new Error(
          `kafka-configs could not add the SCRAM credential of ${name}: ${res.stderr}`,
        );
      }
      options.onAdded?.(name);
    }
  };
  await Promise.all([worker(), worker(), worker()]);
}

/**
 * Makes the ACLs of the `managed` principals exactly the plan's: missing ones created, others of
 * theirs deleted (ACLs of principals outside `managed` are left alone).
 */
export async function syncAcls(
  admin: Admin,
  plan: AccessPlan,
  managed: Set<string>,
): Promise<{ created: number; deleted: number }> {
  const wanted = planBindings(plan);
  const { resources } = await admin.describeAcls({
    resourceType: ANY,
    resourcePatternType: ANY,
    operation: ANY,
    permissionType: ANY,
  } as never);
  const existing: Binding[] = resources.flatMap((r) =>
    r.acls.map((a) => ({
      resourceType: r.resourceType as number,
      resourceName: r.resourceName,
      resourcePatternType: r.resourcePatternType as number,
      principal: a.principal,
      host: a.host,
      operation: a.operation as number,
      permissionType: a.permissionType as number,
    })),
  );
  const have = new Set(existing.map(keyOf));
  const want = new Set(wanted.map(keyOf));
  const create = wanted.filter((b) => !have.has(keyOf(b)));
  const stale = existing.filter(
    (b) => managed.has(b.principal.replace(/^User:/, '')) && !want.has(keyOf(b)),
  );
  if (create.length) await admin.createAcls({ acl: create as never });
  if (stale.length) await admin.deleteAcls({ filters: stale as never });
  return { created: create.length, deleted: stale.length };
}

export interface ProvisionOptions {
  home: string;
  jars: string;
  bootstrap: string;
  plan: AccessPlan;
  log?: (line: string) => void;
}

/** Principals and ACLs of `plan` on a running cluster: idempotent (`npm run kafka:principals`). */
export async function provisionAccess(options: ProvisionOptions): Promise<void> {
  const log = options.log ?? console.log;
  const before = readCredentials(options.home);
  if (!before) throw new Error(`no Kafka credentials in ${options.home}`);
  // Principals once planned stay managed: dropping one from the plan deletes its ACLs.
  const managed = new Set([
    ...Object.keys(before.principals),
    ...options.plan.principals.map((p) => p.name),
  ]);
  const credentials = registerPrincipals(options.home, options.plan);
  const missing = Object.entries(credentials.principals).filter(
    ([name]) => !credentials.provisioned.includes(name),
  );
  if (missing.length) {
    await addScramUsers({
      jars: options.jars,
      bootstrap: options.bootstrap,
      admin: credentials.admin,
      users: Object.fromEntries(missing),
      workDir: path.join(options.home, 'tool-logs'),
      onAdded: (name) => {
        credentials.provisioned.push(name);
        writeCredentials(options.home, credentials);
      },
    });
    log(`Kafka: SCRAM credentials added for ${missing.length} principal(s)`);
  }
  const kafka = new Kafka({
    clientId: 'relais-provisioning',
    brokers: options.bootstrap.split(','),
    logLevel: logLevel.NOTHING,
    sasl: { mechanism: credentials.mechanism, ...credentials.admin },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { created, deleted } = await syncAcls(admin, options.plan, managed);
    log(
      `Kafka: ${options.plan.principals.length} principal(s), ACLs ${created} created, ${deleted} removed`,
    );
  } finally {
    await admin.disconnect();
  }
}
