// Who may do what on Relais' Kafka (dec-031): one principal per agency and per Relais service,
// each allowed only the topics and consumer groups its work needs, derived from the topic
// declarations (topics.ts) and the catalog (agencies, domains) — never hand-listed per name.
// Plain data: infra/kafka provisions it (SCRAM users, ACLs through the admin), a production
// deployment can print it (`npm run kafka:principals -- --print`).
import type { Catalog } from './model.ts';
import { topics } from './topics.ts';

export type KafkaAclResource = 'topic' | 'group' | 'cluster' | 'transactional-id';
export type KafkaAclOperation =
  | 'read'
  | 'write'
  | 'create'
  | 'delete'
  | 'alter'
  | 'describe'
  | 'describe-configs'
  | 'alter-configs'
  | 'idempotent-write';

/** One ALLOW rule: `operations` on the resource `name` (or every name starting with it). */
export interface KafkaGrant {
  resource: KafkaAclResource;
  name: string;
  pattern: 'literal' | 'prefixed';
  operations: readonly KafkaAclOperation[];
}

export interface KafkaPrincipal {
  /** The SCRAM user name. */
  name: string;
  service?: RelaisService;
  agency?: string;
  grants: readonly KafkaGrant[];
}

export interface KafkaAccessPlan {
  principals: readonly KafkaPrincipal[];
}

/** The Relais services that hold a Kafka client (the gateway's, the router's, …). */
export const relaisServices = [
  'registry',
  'gateway',
  'consent',
  'router',
  'eligibility',
  'notifier',
  'portal',
  'console',
  'counter',
] as const;
export type RelaisService = (typeof relaisServices)[number];

/** Principal names: `agency.<id>`, `service.<name>` (the admin is the cluster's own). */
export const agencyPrincipal = (agency: string): string => `agency.${agency}`;
export const servicePrincipal = (service: RelaisService): string => `service.${service}`;

/** The consumer group of an agency's `consume()` (the SDK's default) and its own prefix. */
export const agencyGroup = (agency: string): string => `relais-sdk.${agency}`;

/**
 * The names a deployment gives what is named once (tests give unique ones): the topics with one
 * name, the registry's storage and each service's consumer group prefix.
 */
export interface AccessNames {
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
  identityLinks: string;
  routingDecisions: string;
  operatorActions: string;
  checkpoints: string;
  mandates: string;
  counterActions: string;
  /** The gateway's inbox acknowledgements (dec-046). */
  inboxAcks: string;
  /** The gateway's webhook endpoints (dec-046). */
  webhookEndpoints: string;
  /** The gateway's webhook deliveries' states (dec-046). */
  webhookDeliveries: string;
  /** The client-assertion ids the gateway accepted (dec-046). */
  assertionIds: string;
  /** The gateway's Idempotency-Key claims and answers (dec-046). */
  idempotency: string;
  /** The registry's leader election group. */
  registryLeaderGroup: string;
  /** Each service's consumer group prefix (its `groupPrefix` option). */
  groupPrefix: Record<RelaisService, string>;
  principal: { agency: (id: string) => string; service: (s: RelaisService) => string };
}

export const defaultAccessNames: AccessNames = {
  schemas: topics.schemas.name,
  consents: topics.consents.name,
  accessLog: topics.accessLog.name,
  entitlements: topics.entitlements.name,
  notices: topics.notices.name,
  profiles: topics.eligibilityProfiles.name,
  preferences: topics.noticePreferences.name,
  notifierNotices: topics.notifierNotices.name,
  pseudonyms: topics.pseudonyms.name,
  identityLinks: topics.identityLinks.name,
  routingDecisions: topics.routingDecisions.name,
  operatorActions: topics.operatorActions.name,
  checkpoints: topics.accessLogCheckpoints.name,
  mandates: topics.mandates.name,
  counterActions: topics.counterActions.name,
  inboxAcks: topics.gatewayInboxAcks.name,
  webhookEndpoints: topics.gatewayWebhookEndpoints.name,
  webhookDeliveries: topics.gatewayWebhookDeliveries.name,
  assertionIds: topics.gatewayAssertionIds.name,
  idempotency: topics.gatewayIdempotency.name,
  registryLeaderGroup: 'relais-registry',
  groupPrefix: {
    registry: 'relais-registry',
    gateway: 'relais-gateway',
    consent: 'relais-consent',
    router: 'relais-router',
    eligibility: 'relais-eligibility',
    notifier: 'relais-notifier',
    portal: 'relais-portal',
    console: 'relais-console',
    counter: 'relais-counter',
  },
  principal: { agency: agencyPrincipal, service: servicePrincipal },
};

type Ops = readonly KafkaAclOperation[];
const topic = (name: string, operations: Ops): KafkaGrant => ({
  resource: 'topic',
  name,
  pattern: 'literal',
  operations,
});
const topicPrefix = (name: string, operations: Ops): KafkaGrant => ({
  resource: 'topic',
  name,
  pattern: 'prefixed',
  operations,
});
const groups = (prefix: string): KafkaGrant => ({
  resource: 'group',
  name: prefix,
  pattern: 'prefixed',
  operations: ['read', 'describe'],
});

// What a service does with a topic it ensures (creates when missing) and then uses.
const READS: Ops = ['read', 'describe', 'create', 'describe-configs'];
// describe-configs: a service compares the topics it ensures with their declared retention.
const WRITES: Ops = ['write', 'describe', 'create', 'describe-configs'];
const OWNS: Ops = ['read', 'write', 'describe', 'create', 'describe-configs'];

/** Every principal of a deployment and its grants (dec-031 has the table in words). */
export function kafkaAccessPlan(
  catalog: Pick<Catalog, 'agencies' | 'contracts'>,
  names: AccessNames = defaultAccessNames,
): KafkaAccessPlan {
  const agencies = catalog.agencies.map((a) => a.id);
  const domains = [...new Set(catalog.contracts.map((c) => c.domain))];
  const relaisAgency = catalog.agencies.find((a) => a.sector === 'relais')?.id;
  const each = (names: string[], operations: Ops): KafkaGrant[] =>
    names.map((n) => topic(n, operations));
  const ingress = agencies.map((a) => topics.ingress.name(a));
  const rejects = agencies.map((a) => topics.rejects.name(a));
  const deliveries = agencies.map((a) => topics.deliveries.name(a));
  const events = domains.map((d) => topics.events.name(d));
  const relaisDeliveries = relaisAgency ? [topics.deliveries.name(relaisAgency)] : [];
  const dlq = (part: string): KafkaGrant => topic(topics.deadLetters.name(part), WRITES);
  const pseudonymGroups = groups('relais-pseudonyms.');
  const g = names.groupPrefix;

  const services: Record<RelaisService, KafkaGrant[]> = {
    registry: [
      topic(names.schemas, OWNS),
      topic(topics.registryLeader.name(names.schemas), READS),
      groups(`${names.schemas}.reader.`),
      groups(names.registryLeaderGroup),
    ],
    gateway: [
      ...each(ingress, READS),
      // Rejects: written by the ingress partition's owner, read back by every instance (dec-046).
      ...each(rejects, OWNS),
      ...each(deliveries, READS),
      ...each(events, ['write', 'describe', 'create', 'describe-configs']),
      topic(names.pseudonyms, OWNS),
      // Its own state, shared by its instances (dec-046): nobody else reads or writes it.
      topic(names.inboxAcks, OWNS),
      topic(names.webhookEndpoints, OWNS),
      topic(names.webhookDeliveries, OWNS),
      topic(names.assertionIds, OWNS),
      topic(names.idempotency, OWNS),
      dlq('gateway-inbox'),
      groups(g.gateway),
      pseudonymGroups,
    ],
    consent: [
      topic(names.consents, OWNS),
      topic(names.accessLog, READS),
      topic(names.checkpoints, READS),
      // The only writer of mandates (dec-040); the counter agents' journal, written and read back.
      topic(names.mandates, OWNS),
      topic(names.counterActions, OWNS),
      topic(names.pseudonyms, OWNS),
      dlq('consent'),
      groups(g.consent),
      pseudonymGroups,
    ],
    router: [
      ...each(events, READS),
      topic(names.consents, READS),
      topic(names.accessLog, OWNS),
      topic(names.checkpoints, OWNS),
      topic(names.routingDecisions, WRITES),
      ...each(deliveries, WRITES),
      dlq('router'),
      groups(g.router),
      groups('relais-router-consents.'),
      groups('relais-router-chain-'),
    ],
    eligibility: [
      ...each(relaisDeliveries, READS),
      topic(names.consents, READS),
      topic(names.entitlements, WRITES),
      topic(names.profiles, OWNS),
      dlq('eligibility'),
      groups(g.eligibility),
      groups('relais-eligibility.restore'),
    ],
    notifier: [
      ...each(relaisDeliveries, READS),
      topic(names.consents, READS),
      topic(names.entitlements, READS),
      // Read back by a new owner for what a killed one published but did not record (dec-047).
      topic(names.notices, OWNS),
      topic(names.preferences, OWNS),
      // Its state, read by every instance, written by the owner of a partition (dec-047).
      topic(names.notifierNotices, OWNS),
      topic(names.pseudonyms, READS),
      // Its own copy of the mandates, to check counter agents' calls; their journal.
      topic(names.mandates, READS),
      topic(names.counterActions, WRITES),
      dlq('notifier'),
      groups(g.notifier),
      pseudonymGroups,
    ],
    portal: [
      topic(names.pseudonyms, READS),
      topic(names.identityLinks, READS),
      pseudonymGroups,
      groups('relais-identity-links.'),
    ],
    counter: [
      // Finds the citizen in front of the agent (identity links, pseudonyms); journals refusals.
      topic(names.pseudonyms, READS),
      topic(names.identityLinks, READS),
      topic(names.counterActions, WRITES),
      groups(g.counter),
      pseudonymGroups,
      groups('relais-identity-links.'),
    ],
    console: [
      // The operators' view of every flow: it indexes and replays, and reads consumer lag.
      ...each([...ingress, ...deliveries, ...events], ['read', 'write', 'describe']),
      ...each(rejects, ['read', 'describe']),
      topicPrefix('relais.dlq.', ['read', 'describe']),
      topic(names.entitlements, ['read', 'write', 'describe']),
      topic(names.accessLog, ['read', 'describe']),
      topic(names.notices, ['read', 'describe']),
      topic(names.routingDecisions, ['read', 'describe', 'create', 'describe-configs']),
      topic(names.operatorActions, ['read', 'write', 'describe', 'create', 'describe-configs']),
      // Offsets and metadata (lag, the index's starting points) of every Relais topic, no record.
      topicPrefix('relais.', ['describe']),
      topicPrefix('_relais', ['describe']),
      groups(g.console),
      groups('relais-audit-'),
      // Lag: describing groups and their offsets, never joining or committing them.
      { resource: 'group', name: 'relais', pattern: 'prefixed', operations: ['describe'] },
      { resource: 'group', name: '_relais', pattern: 'prefixed', operations: ['describe'] },
    ],
  };

  return {
    principals: [
      ...agencies.map((id): KafkaPrincipal => ({
        name: names.principal.agency(id),
        agency: id,
        grants: [
          topic(topics.ingress.name(id), ['write', 'describe']),
          topic(topics.deliveries.name(id), ['read', 'describe']),
          topic(topics.rejects.name(id), ['read', 'describe']),
          topic(topics.deadLetters.name(`sdk.${id}`), WRITES),
          // Its own groups only: `relais-sdk.<id>` and `relais-sdk.<id>.…` (the dot keeps
          // agency `caf` out of agency `caf-x`'s groups).
          {
            resource: 'group',
            name: agencyGroup(id),
            pattern: 'literal',
            operations: ['read', 'describe'],
          },
          groups(`${agencyGroup(id)}.`),
        ],
      })),
      ...relaisServices.map((service): KafkaPrincipal => ({
        name: names.principal.service(service),
        service,
        grants: services[service],
      })),
    ],
  };
}
