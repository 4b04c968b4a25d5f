// Every Prometheus metric Relais exposes, in one list: its name, type, help and label names.
// Services build their metrics from these definitions (so a name is written once), the alert
// rules are checked against this list (test/prometheus.test.ts) and each service's test checks it
// exposes its own. Labels carry agency ids, reason codes, channels, statuses, benefits and route
// patterns — never a personal identifier (pivot, pseudonym, NIR, e-mail) nor a raw URL.

export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface MetricDefinition<L extends string = string> {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly labels: readonly L[];
}

const metric =
  (type: MetricType) =>
  <const L extends string = never>(
    name: string,
    help: string,
    labels: readonly L[] = [],
  ): MetricDefinition<L> => ({ name, type, help, labels });
const counter = metric('counter');
const gauge = metric('gauge');
const histogram = metric('histogram');

export const relaisMetrics = {
  /** Every service made with createHttpApp. */
  http: {
    requestDuration: histogram(
      'relais_http_request_duration_seconds',
      'HTTP requests by method, route pattern and status code, and how long they took',
      ['method', 'route', 'status_code'],
    ),
  },
  /** Every consumer group run by the kit's consumer runner (createConsumerRunner). */
  consumer: {
    processed: counter(
      'relais_consumer_records_processed_total',
      'Records handled to completion (not dead-lettered), by consumer group and topic',
      ['group', 'topic'],
    ),
    deadLetters: counter(
      'relais_consumer_dead_letters_total',
      'Records sent to a dead-letter topic, by consumer group and reason',
      ['group', 'reason'],
    ),
    retries: counter(
      'relais_consumer_retries_total',
      'Handler attempts that failed and were retried, by consumer group',
      ['group'],
    ),
    lag: gauge(
      'relais_consumer_lag_records',
      'Records between the last one processed and the high watermark, as of the latest fetched batch',
      ['group', 'topic', 'partition'],
    ),
  },
  router: {
    events: counter('relais_router_events_routed_total', 'Canonical events judged by the router'),
    deliveries: counter(
      'relais_router_deliveries_total',
      "Deliveries written to agencies' deliveries topics",
    ),
    denials: counter(
      'relais_router_denials_total',
      'Deliveries refused, by reason code and recipient agency ("none" when there is none)',
      ['reason', 'agency'],
    ),
    duplicates: counter(
      'relais_router_duplicates_skipped_total',
      'Events already routed (a replay after a restart), skipped',
    ),
  },
  gateway: {
    accepted: counter(
      'relais_gateway_events_accepted_total',
      'Events accepted and produced, by ingress (http, kafka) and publishing agency',
      ['ingress', 'agency'],
    ),
    rejected: counter(
      'relais_gateway_events_rejected_total',
      'Events refused, by ingress (http, kafka), publishing agency and reason code',
      ['ingress', 'agency', 'reason'],
    ),
    inboxReads: counter(
      'relais_gateway_inbox_reads_total',
      'Inbox pages served (GET /v1/inbox), by agency',
      ['agency'],
    ),
    inboxAcks: counter(
      'relais_gateway_inbox_acks_total',
      'Inbox acknowledgements (POST /v1/inbox/ack), by agency',
      ['agency'],
    ),
    webhookAttempts: counter(
      'relais_gateway_webhook_attempts_total',
      'Webhook POSTs attempted, by agency',
      ['agency'],
    ),
    webhookDelivered: counter(
      'relais_gateway_webhook_delivered_total',
      'Webhooks acknowledged with a 2xx, by agency',
      ['agency'],
    ),
    webhookFailures: counter(
      'relais_gateway_webhook_failures_total',
      'Webhook attempts that failed (timeout, refused, non-2xx), by agency',
      ['agency'],
    ),
    webhookDeadLettered: counter(
      'relais_gateway_webhook_dead_lettered_total',
      'Webhooks given up after the last retry (dead-lettered), by agency',
      ['agency'],
    ),
  },
  consent: {
    grants: counter('relais_consent_grants_total', 'Consents granted, by channel and purpose', [
      'channel',
      'purpose',
    ]),
    revocations: counter(
      'relais_consent_revocations_total',
      'Consents revoked, by the channel they were granted through and purpose',
      ['channel', 'purpose'],
    ),
  },
  eligibility: {
    profiles: gauge('relais_eligibility_profiles', 'Profiles kept (citizens who consented)'),
    facts: counter(
      'relais_eligibility_facts_total',
      'Facts received, by what became of them (applied, unchanged, ignored)',
      ['result'],
    ),
    evaluations: counter('relais_eligibility_evaluations_total', 'Rule evaluations'),
    determinations: counter(
      'relais_eligibility_determinations_total',
      'Determinations published (an outcome changed), by benefit and outcome',
      ['benefit', 'outcome'],
    ),
    forgotten: counter(
      'relais_eligibility_profiles_forgotten_total',
      'Profiles erased after the consent was withdrawn or expired',
    ),
    campaignRunning: gauge(
      'relais_eligibility_campaign_running',
      '1 while a campaign re-evaluates every profile, else 0',
    ),
    campaignProfiles: gauge(
      'relais_eligibility_campaign_profiles',
      'Profiles of the running campaign: to do (total), done, changed',
      ['state'],
    ),
  },
  notifier: {
    determinations: counter(
      'relais_notifier_determinations_total',
      'Determinations read from the entitlements topic',
    ),
    notices: counter('relais_notifier_notices_total', 'Notices issued'),
    skipped: counter(
      'relais_notifier_notices_skipped_total',
      'Determinations that gave no notice, by reason (duplicate, already-claimed, paused, withdrawn)',
      ['reason'],
    ),
    claims: counter('relais_notifier_claims_total', 'Benefit claims seen'),
    deliveries: counter(
      'relais_notifier_channel_deliveries_total',
      'Notices sent through a channel, by channel (in-app, email, letter) and final status',
      ['channel', 'status'],
    ),
  },
  registry: {
    schemas: gauge('relais_registry_schemas', 'Distinct schemas (ids) in the registry'),
    subjects: gauge('relais_registry_subjects', 'Live subjects in the registry'),
    registered: counter(
      'relais_registry_schemas_registered_total',
      'Schema versions registered through this instance',
    ),
    compatibilityFailures: counter(
      'relais_registry_compatibility_failures_total',
      'Schemas found incompatible, by check (register refused, test answered false)',
      ['check'],
    ),
  },
  /** The citizens' portal (services/portal): its assistant keeps counts per intent, nothing else. */
  portal: {
    assistantQuestions: counter(
      'relais_assistant_questions_total',
      'Questions asked to the citizens’ assistant, by the intent answered (never the question)',
      ['intent'],
    ),
  },
  /** Exported by the operators' console (services/console) once it verifies the access log. */
  console: {
    auditChainOk: gauge(
      'relais_audit_chain_ok',
      '1 when the hash chain of an access-log partition verified, 0 when it is broken',
      ['partition'],
    ),
  },
} as const;

export type MetricOwner = keyof typeof relaisMetrics;

/** Every definition with the part of Relais that exposes it. */
export function metricDefinitions(): Array<MetricDefinition & { owner: MetricOwner }> {
  return Object.entries(relaisMetrics).flatMap(([owner, group]) =>
    Object.values(group as Record<string, MetricDefinition>).map((d) => ({
      ...d,
      owner: owner as MetricOwner,
    })),
  );
}
