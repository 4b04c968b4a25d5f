// Relais on the run's broker with one Kafka principal per service, as `npm start` runs it
// (dec-031): the access plan of the harness's own names (its suffixed catalog, unique topics and
// group prefixes), its SCRAM users added with Kafka's kafka-configs and its ACLs with the admin.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import {
  defaultAccessNames,
  kafkaAccessPlan,
  type AccessNames,
  type Catalog,
  type KafkaAccessPlan,
  type RelaisService,
} from '@relais/contracts';
import type { KafkaAuth } from '@relais/kit';
import { addScramUsers, defaultOptions, syncAcls } from '@relais/local-kafka';
import { kafkaSasl } from '@relais/testkit';

export interface HarnessNames {
  suffix: string;
  groups: string;
  topics: {
    schemas: string;
    consents: string;
    accessLog: string;
    entitlements: string;
    notices: string;
    profiles: string;
    preferences: string;
    /** The notifier's changelog (dec-047). */
    notifierNotices: string;
    pseudonyms: string;
    routingDecisions: string;
    checkpoints: string;
    mandates: string;
    counterActions: string;
    inboxAcks: string;
    webhookEndpoints: string;
    webhookDeliveries: string;
    assertionIds: string;
    idempotency: string;
  };
}

/** The access names of a harness: its unique topics and group prefixes, its own principals. */
export function harnessAccessNames(n: HarnessNames): AccessNames {
  const prefix = (s: RelaisService): string => `${n.groups}.${s}`;
  return {
    ...defaultAccessNames,
    ...n.topics,
    registryLeaderGroup: prefix('registry'),
    groupPrefix: {
      registry: prefix('registry'),
      gateway: prefix('gateway'),
      consent: prefix('consent'),
      router: prefix('router'),
      eligibility: prefix('eligibility'),
      notifier: prefix('notifier'),
      portal: prefix('portal'),
      console: prefix('console'),
      counter: prefix('counter'),
    },
    principal: {
      agency: (id) => `agency.${id}`,
      service: (s) => `service.${s}.${n.suffix}`,
    },
  };
}

export interface ProvisionedPrincipals {
  plan: KafkaAccessPlan;
  /** What a service's `kafkaAuth` is: its own principal. */
  authOf(service: RelaisService): KafkaAuth;
  /** The principal's kafkajs `sasl` (an agency's, a service's). */
  saslOf(principal: string): { mechanism: 'scram-sha-512'; username: string; password: string };
}

/**
 * Adds the SCRAM users of `principals` (of the plan) and makes the plan's ACLs; every principal
 * of the plan is managed (its ACLs become exactly the plan's). Needs the run's local broker.
 */
export async function provisionPrincipals(
  brokers: string[],
  catalog: Pick<Catalog, 'agencies' | 'contracts'>,
  names: AccessNames,
  principals: string[],
): Promise<ProvisionedPrincipals> {
  const admin = kafkaSasl();
  if (!admin) throw new Error('per-principal tests need the authenticated local broker');
  const plan = kafkaAccessPlan(catalog, names);
  const passwords = Object.fromEntries(
    principals.map((p) => [p, randomBytes(24).toString('base64url')]),
  );
  const workDir = mkdtempSync(path.join(tmpdir(), 'relais-principals-'));
  try {
    await addScramUsers({
      jars: defaultOptions().jars,
      bootstrap: brokers.join(','),
      admin,
      users: passwords,
      workDir,
    });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  const kafka = new Kafka({
    clientId: 'relais-harness-acls',
    brokers,
    logLevel: logLevel.NOTHING,
    sasl: admin,
  });
  const client = kafka.admin();
  await client.connect();
  try {
    await syncAcls(client, plan, new Set(plan.principals.map((p) => p.name)));
  } finally {
    await client.disconnect();
  }
  const saslOf = (principal: string) => {
    const password = passwords[principal];
    if (!password) throw new Error(`principal ${principal} was not provisioned`);
    return { mechanism: 'scram-sha-512' as const, username: principal, password };
  };
  return {
    plan,
    saslOf,
    authOf: (service) => ({ sasl: saslOf(names.principal.service(service)) }),
  };
}
