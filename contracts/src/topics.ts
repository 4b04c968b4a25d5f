// Every Relais topic, declared once: its name (or how a per-domain, per-agency or per-service name
// is built), what its key is, its configuration (cleanup policy included) and how its partition
// count is chosen. Services create their topics from these declarations and check at start that
// the ones co-partitioned with relais.consents have the deployment's partition count (kit:
// `checkCoPartitioned`), because per-citizen order across topics depends on it (BRIEF, guarantee 3).
// Tests and benches use unique names: `spec(name, partitions)` applies a declaration to any name.
import type { TopicSpec } from '@relais/kit';
import { retentionMs, retentions, type Retention, type RetentionSettings } from './retention.ts';

/** What a topic's record key is: Kafka partitions by it (murmur2), so it decides what stays in order. */
export type TopicKey =
  /** The citizen inside Relais (never leaves it). */
  | 'pivot'
  /** The publishing agency's sector pseudonym. */
  | 'publisher-pseudonym'
  /** The receiving agency's sector pseudonym. */
  | 'recipient-pseudonym'
  /** Relais' own sector pseudonym (eligibility, notices). */
  | 'relais-pseudonym'
  /**
   * `<Relais pseudonym>/<item>…`: one item of a citizen's record (a notice, a channel's status, a
   * claim), written to the partition of the Relais pseudonym alone (murmur2 of the pseudonym,
   * given explicitly), so it stays co-partitioned with the topics keyed by that pseudonym.
   */
  | 'relais-pseudonym-item'
  /** `<sector>:<pseudonym>` (the pseudonym directory). */
  | 'sector-pseudonym'
  /** Keyed hash of a citizen's normalised identité pivot (identity links, never a NIR). */
  | 'identity-hash'
  /** The agency's id (the gateway's per-agency state: inbox acknowledgements). */
  | 'agency'
  /** `<agency>/<event id>`: one delivery of an event to an agency (webhook statuses). */
  | 'agency-event'
  /** `<agency>:<jti>`: a client assertion's id, as its agency made it. */
  | 'agency-assertion'
  /** `<agency>/<SHA-256 of an Idempotency-Key>`: one keyed request of an agency. */
  | 'agency-idempotency-key'
  /** The key of the record it stands for (dead letters, rejects). */
  | 'original'
  /** The event's id (CloudEvents `ce_id`): records about one event, never a citizen. */
  | 'event-id'
  /** The operator action's id (the operators' journal). */
  | 'action-id'
  /** The citizen's pivot when a record names one, else `structure:<id>` (the counter journal). */
  | 'pivot-or-structure'
  /** The registry's storage keys (subject and version, configs, modes; Confluent's layout). */
  | 'registry'
  /** The number of the access-log partition a checkpoint is about. */
  | 'log-partition'
  /** Nothing is written (the registry's leader election is a consumer group on it). */
  | 'none';

/**
 * How many partitions: `deployment` is the deployment's count (`RELAIS_PARTITIONS`, default 3,
 * parsed with each service's config and passed down); a number is fixed whatever the deployment;
 * `broker` is the broker's `num.partitions` (dead letters, created by the kit's runner).
 */
export type TopicPartitions = 'deployment' | 'broker' | number;

export interface TopicTraits {
  key: TopicKey;
  /**
   * Keyed by the pivot and read partition by partition together with relais.consents: it must
   * have exactly the deployment's partition count, as relais.consents does (guarantee 3), and the
   * services that use it check so at start.
   */
  coPartitioned: boolean;
  partitions: TopicPartitions;
  /**
   * Topic configuration entries, `cleanup.policy` included where it is not the default
   * (`retention.ms` comes from `retention`).
   */
  config: Readonly<Record<string, string>>;
  /** How long records stay, what for and why (retention.ts, dec-035). */
  retention: Retention;
}

export interface TopicDeclaration extends TopicTraits {
  /**
   * What `ensureTopics` needs to create this topic under `name` (the declared one, or a test's
   * unique name). `partitions`: the deployment's count, required for `deployment` topics;
   * `settings`: the deployment's retention choices (the deliveries' replay window).
   */
  spec(name: string, partitions?: number, settings?: RetentionSettings): TopicSpec;
  /** `retention.ms` under the deployment's settings (-1: unlimited). */
  retentionMs(settings?: RetentionSettings): number;
}

/** A topic with one name. */
export interface NamedTopic extends TopicDeclaration {
  readonly name: string;
}

/** Topics named after a domain, an agency or a service: `relais.events.<domain>`, … */
export interface TopicFamily extends TopicDeclaration {
  /** The name's pattern, `<part>` standing for the domain, agency or service. */
  readonly pattern: string;
  name(part: string): string;
  /** The part `topic` was named after; undefined when it is not a topic of this family. */
  partOf(topic: string): string | undefined;
}

function specOf(traits: TopicTraits) {
  return (name: string, partitions?: number, settings?: RetentionSettings): TopicSpec => {
    const config = {
      ...traits.config,
      'retention.ms': String(retentionMs(traits.retention, settings)),
    };
    if (traits.partitions === 'broker') return { topic: name, config };
    if (typeof traits.partitions === 'number')
      return { topic: name, partitions: traits.partitions, config };
    if (partitions === undefined)
      throw new Error(`topic ${name}: expected the deployment's partition count`);
    return { topic: name, partitions, config };
  };
}

const named = (name: string, traits: TopicTraits): NamedTopic => ({
  ...traits,
  name,
  spec: specOf(traits),
  retentionMs: (settings) => retentionMs(traits.retention, settings),
});

const family = (prefix: string, suffix: string, traits: TopicTraits): TopicFamily => ({
  ...traits,
  pattern: `${prefix}<part>${suffix}`,
  name: (part) => `${prefix}${part}${suffix}`,
  partOf: (topic) =>
    topic.length > prefix.length + suffix.length &&
    topic.startsWith(prefix) &&
    topic.endsWith(suffix)
      ? topic.slice(prefix.length, topic.length - suffix.length)
      : undefined,
  spec: specOf(traits),
  retentionMs: (settings) => retentionMs(traits.retention, settings),
});

const compact = { 'cleanup.policy': 'compact' } as const;
/** The broker's clock orders a citizen's events and consent changes (dec-014). */
const brokerTime = { 'message.timestamp.type': 'LogAppendTime' } as const;

export const topics = {
  /** Native Kafka landing of an agency's events (`<part>`: agency id). */
  ingress: family('relais.ingress.', '', {
    retention: retentions.ingress,
    key: 'publisher-pseudonym',
    coPartitioned: false,
    partitions: 'deployment',
    config: {},
  }),
  /** An agency's native records the gateway refused, with reason and origin (agency id). */
  rejects: family('relais.rejects.', '', {
    retention: retentions.rejects,
    key: 'original',
    coPartitioned: false,
    partitions: 1,
    config: {},
  }),
  /** Canonical, validated, enveloped events of a domain (`residence`, `family`, …). */
  events: family('relais.events.', '', {
    retention: retentions.events,
    key: 'pivot',
    coPartitioned: true,
    partitions: 'deployment',
    config: brokerTime,
  }),
  /** The citizens' whole consent documents (contracts/src/consent.ts). */
  consents: named('relais.consents', {
    retention: retentions.consents,
    key: 'pivot',
    coPartitioned: true,
    partitions: 'deployment',
    config: {
      ...compact,
      // Versions younger than an hour are never compacted away: a router replaying recent events
      // still finds the state at their position.
      'min.compaction.lag.ms': '3600000',
      ...brokerTime,
    },
  }),
  /** What an agency's subscriptions entitle it to, projected (agency id). */
  deliveries: family('relais.deliveries.', '', {
    retention: retentions.deliveries,
    key: 'recipient-pseudonym',
    coPartitioned: false,
    partitions: 'deployment',
    config: {},
  }),
  /**
   * How far each agency acknowledged its inbox (dec-046): per partition of its deliveries topic,
   * the next offset not acknowledged. Compacted, keyed by the agency: the latest per agency stays.
   * Written and read by the gateway alone; every gateway instance materialises it.
   */
  gatewayInboxAcks: named('relais.gateway.inbox-acks', {
    retention: retentions.gatewayInboxAcks,
    key: 'agency',
    coPartitioned: false,
    partitions: 1,
    config: compact,
  }),
  /**
   * The agencies' webhook endpoints, URL and signing secret (dec-046): compacted, keyed by the
   * agency, a tombstone when one is removed. Written and read by the gateway alone (its secret
   * never leaves it); every gateway instance materialises it.
   */
  gatewayWebhookEndpoints: named('relais.gateway.webhook-endpoints', {
    retention: retentions.gatewayWebhookEndpoints,
    key: 'agency',
    coPartitioned: false,
    partitions: 1,
    config: compact,
  }),
  /**
   * Each webhook delivery's state (pending, delivered, failed; attempts), written by the gateway
   * instance that owns the delivery's partition, to the same partition number as the delivery
   * (dec-046); compacted, keyed by `<agency>/<event id>`, and deleted with the deliveries' replay
   * window. Every gateway instance materialises it (listings; a new owner resumes from it).
   */
  gatewayWebhookDeliveries: named('relais.gateway.webhook-deliveries', {
    retention: retentions.gatewayWebhookDeliveries,
    key: 'agency-event',
    coPartitioned: false,
    partitions: 'deployment',
    config: { 'cleanup.policy': 'compact,delete' },
  }),
  /**
   * The client-assertion ids (`jti`) the gateway accepted (dec-046): an assertion is good once,
   * on whichever instance it reaches first (the first record by offset). Assertions live at most
   * five minutes: a day of retention covers them with room.
   */
  gatewayAssertionIds: named('relais.gateway.assertion-ids', {
    retention: retentions.gatewayAssertionIds,
    key: 'agency-assertion',
    coPartitioned: false,
    partitions: 1,
    config: {},
  }),
  /**
   * The agencies' Idempotency-Key claims and answers (dec-046): the first claim of a key by
   * offset order runs the request, on whichever instance; its answer is replayed by every
   * instance for 24 hours. Keyed by `<agency>/<SHA-256 of the key>`; no request content.
   */
  gatewayIdempotency: named('relais.gateway.idempotency', {
    retention: retentions.gatewayIdempotency,
    key: 'agency-idempotency-key',
    coPartitioned: false,
    partitions: 'deployment',
    config: {},
  }),
  /** One access record per delivery, hash-chained per partition (the event's partition). */
  accessLog: named('relais.access-log', {
    retention: retentions.accessLog,
    key: 'pivot',
    coPartitioned: true,
    partitions: 'deployment',
    config: {},
  }),
  /**
   * The access log's signed checkpoints (dec-036): per partition, its Merkle tree head (RFC 6962)
   * and chain head, signed with Relais' checkpoint key. Compacted, keyed by the access-log
   * partition's number: the latest per partition stays; every one is archived.
   */
  accessLogCheckpoints: named('relais.access-log.checkpoints', {
    retention: retentions.accessLogCheckpoints,
    key: 'log-partition',
    coPartitioned: false,
    partitions: 1,
    config: compact,
  }),
  /** Eligibility decisions (`EntitlementDetermined`). */
  entitlements: named('relais.entitlements', {
    retention: retentions.entitlements,
    key: 'relais-pseudonym',
    coPartitioned: false,
    partitions: 'deployment',
    config: {},
  }),
  /** Notices issued, per channel and status (`EntitlementNoticeIssued`). */
  notices: named('relais.notices', {
    retention: retentions.notices,
    key: 'relais-pseudonym',
    coPartitioned: false,
    partitions: 'deployment',
    config: {},
  }),
  /** Changelog of the eligibility profiles, written to the partition of Relais' deliveries. */
  eligibilityProfiles: named('relais.eligibility.profiles', {
    retention: retentions.eligibilityProfiles,
    key: 'relais-pseudonym',
    coPartitioned: false,
    partitions: 'deployment',
    config: compact,
  }),
  /** Citizens' notice preferences. */
  noticePreferences: named('relais.notice-preferences', {
    retention: retentions.noticePreferences,
    key: 'relais-pseudonym',
    coPartitioned: false,
    partitions: 'deployment',
    config: compact,
  }),
  /**
   * The notifier's state (dec-047): each notice, each channel's status, openings, claims and
   * withdrawals, one key per item under the citizen's Relais pseudonym, in the partition of that
   * pseudonym (co-partitioned with relais.entitlements). Compacted: the latest per item.
   */
  notifierNotices: named('relais.notifier.notices', {
    retention: retentions.notifierNotices,
    key: 'relais-pseudonym-item',
    coPartitioned: false,
    partitions: 'deployment',
    config: compact,
  }),
  /** The pseudonym directory: (sector, pseudonym) → pivot. */
  pseudonyms: named('relais.pseudonyms', {
    retention: retentions.pseudonyms,
    key: 'sector-pseudonym',
    coPartitioned: false,
    partitions: 'deployment',
    config: compact,
  }),
  /**
   * Identity links: keyed hash of the normalised identité pivot → pivot, written at enrolment and
   * read by the portal to resolve a FranceConnect login (never a NIR, never the identity itself).
   */
  identityLinks: named('relais.identity-links', {
    retention: retentions.identityLinks,
    key: 'identity-hash',
    coPartitioned: false,
    partitions: 'deployment',
    config: compact,
  }),
  /**
   * The router's decision per subscription for each event it judged (`RoutingDecided`): delivered
   * or denied and why. Keyed by event id, never a pivot; no value of the event.
   */
  routingDecisions: named('relais.routing-decisions', {
    retention: retentions.routingDecisions,
    key: 'event-id',
    coPartitioned: false,
    partitions: 'deployment',
    config: {},
  }),
  /**
   * The operators' journal (`OperatorActed`): every replay, discard and redelivery, with the
   * operator. Append-only, one partition (one order), kept for ever.
   */
  operatorActions: named('relais.operator-actions', {
    retention: retentions.operatorActions,
    key: 'action-id',
    coPartitioned: false,
    partitions: 1,
    config: { 'retention.bytes': '-1' },
  }),
  /**
   * A citizen's mandates to France Services structures (`MandatesChanged`): the whole state after
   * each change, so compaction keeps the latest per pivot; written by the consent service, read by
   * it and by the notifier, which check every counter agent's call against it (dec-040).
   */
  mandates: named('relais.mandates', {
    retention: retentions.mandates,
    key: 'pivot',
    coPartitioned: true,
    partitions: 'deployment',
    config: { ...compact, ...brokerTime },
  }),
  /**
   * The counter agents' journal (`AgentActed`): every action and refused attempt of a France
   * Services agent, with the agent, structure and mandate. Append-only, kept as long as the access log; read back
   * by the consent service for the citizen's "who acted for me".
   */
  counterActions: named('relais.counter-actions', {
    retention: retentions.counterActions,
    key: 'pivot-or-structure',
    coPartitioned: false,
    partitions: 'deployment',
    config: { 'retention.bytes': '-1' },
  }),
  /** Poison records of a service's consumers (`<part>`: `router`, `consent`, `sdk.<agency>`…). */
  deadLetters: family('relais.dlq.', '', {
    retention: retentions.deadLetters,
    key: 'original',
    coPartitioned: false,
    partitions: 'broker',
    config: {},
  }),
  /** The registry's storage: one partition, so every instance reads one total order. */
  schemas: named('_relais_schemas', {
    retention: retentions.schemas,
    key: 'registry',
    coPartitioned: false,
    partitions: 1,
    config: compact,
  }),
  /** The registry's leader election (`<part>`: the registry's storage topic). */
  registryLeader: family('', '.leader', {
    retention: retentions.registryLeader,
    key: 'none',
    coPartitioned: false,
    partitions: 1,
    config: {},
  }),
} as const satisfies Record<string, NamedTopic | TopicFamily>;

// Where a contract's records travel. Agencies' facts travel on their domain's events topic;
// Relais' own records have topics of their own, for the services that write them and for the
// catalog's AsyncAPI.
export const RELAIS_TOPICS: Readonly<Record<string, string>> = {
  'fr.gouv.relais.AccessRecorded': topics.accessLog.name,
  'fr.gouv.relais.EntitlementDetermined': topics.entitlements.name,
  'fr.gouv.relais.EntitlementNoticeIssued': topics.notices.name,
  'fr.gouv.relais.RoutingDecided': topics.routingDecisions.name,
  'fr.gouv.relais.OperatorActed': topics.operatorActions.name,
  'fr.gouv.relais.MandatesChanged': topics.mandates.name,
  'fr.gouv.relais.AgentActed': topics.counterActions.name,
};

export const eventsTopicOf = (domain: string): string => topics.events.name(domain);

export function topicOf(contract: { fullName: string; domain: string }): string {
  return RELAIS_TOPICS[contract.fullName] ?? eventsTopicOf(contract.domain);
}

/** Contracts Relais writes itself: no agency publishes them through an ingress topic. */
export const writtenByRelais = (contract: { fullName: string }): boolean =>
  contract.fullName in RELAIS_TOPICS;

/** The declaration a topic on the broker answers to (its name, or its family's pattern). */
export function declarationOf(
  topic: string,
): { id: keyof typeof topics; declaration: NamedTopic | TopicFamily } | undefined {
  const all = Object.entries(topics) as Array<[keyof typeof topics, NamedTopic | TopicFamily]>;
  const exact = all.find(([, d]) => 'name' in d && typeof d.name === 'string' && d.name === topic);
  if (exact) return { id: exact[0], declaration: exact[1] };
  const family = all.find(
    ([, d]) => 'partOf' in d && (d as TopicFamily).partOf(topic) !== undefined,
  );
  return family ? { id: family[0], declaration: family[1] } : undefined;
}
