// What the console shows an operator, and the two ports it needs: reads (flows, lag, dead letters,
// audit, the operators' journal) and actions (replay, discard, redeliver). Pure types: the Kafka,
// HTTP and SQLite adapters implement the ports (src/adapters), the pages and routes consume them.
// Citizens appear only as Relais' sector pseudonym, never as a pivot; no record value is shown.

/** The operator behind a session, from the identity provider (role `operator` checked). */
export interface Operator {
  /** The provider's subject for this operator (stable, not an e-mail). */
  sub: string;
  /** What the pages and the journal show: "Camille Martin (DINUM)". */
  displayName: string;
}

// ---------------------------------------------------------------- flows

export type FlowQuery =
  | { kind: 'event'; eventId: string }
  | { kind: 'trace'; traceId: string }
  | { kind: 'agency'; agency: string; from: Date; to: Date; limit: number };

/** One line of a search result. */
export interface FlowSummary {
  eventId: string;
  traceId: string | null;
  /** The publishing agency's id. */
  agency: string;
  /** The contract's full name, e.g. fr.gouv.residence.AddressChanged. */
  contract: string;
  at: Date;
  outcome: 'accepted' | 'rejected';
}

/** Where a record sits in Kafka. */
export interface Coordinates {
  topic: string;
  partition: number;
  offset: string;
  at: Date;
}

export interface FlowIngress {
  via: 'http' | 'kafka';
  agency: string;
  contract: string;
  at: Date;
  outcome: 'accepted' | 'rejected';
  /** For a rejection: the machine reason and the message naming the field (never a value). */
  reason?: { code: string; message: string };
  /** The ingress or rejects record, when it went through Kafka. */
  coordinates?: Coordinates;
}

export interface RoutingDecision {
  subscription: string;
  agency: string;
  outcome: 'delivered' | 'denied';
  /** For a denial: the router's code (consent.missing, consent.revoked, category.not-granted…). */
  reason?: string;
  legalBasis?: string;
  purpose?: string;
  /** When the router decided. */
  decidedAt?: Date;
  /** The event's log-append time, at which consent was judged (a replay: the replay's). */
  positionAt?: Date;
}

export interface FlowAccessRecord {
  accessId: string;
  recipient: string;
  legalBasis: string;
  purpose: string;
  fields: string[];
  coordinates: Coordinates;
}

export interface WebhookAttempt {
  at: Date;
  /** HTTP status, or null when the connection failed. */
  status: number | null;
  error?: string;
}

export interface RecipientDelivery {
  agency: string;
  /** The delivery record in relais.deliveries.<agency>. */
  coordinates?: Coordinates;
  inbox?: { deliveredAt: Date; ackedAt: Date | null };
  webhook?: {
    deliveryId: string;
    status: 'pending' | 'delivered' | 'failed';
    attempts: WebhookAttempt[];
  };
}

export interface FlowDetermination {
  decisionId: string;
  benefit: string;
  outcome: string;
  coordinates: Coordinates;
}

export interface FlowNotice {
  noticeId: string;
  decisionId: string;
  channel: string;
  status: string;
  coordinates: Coordinates;
}

/** One event's whole path. */
export interface Flow {
  eventId: string;
  traceId: string | null;
  /** The tracing UI's page for this trace (Zipkin: <ui>/traces/<traceId>), when one is configured. */
  traceUrl: string | null;
  /** Relais' sector pseudonym of the citizen, when the flow reached a pseudonymised stage. */
  citizen: string | null;
  ingress: FlowIngress | null;
  canonical: Coordinates | null;
  decisions: RoutingDecision[];
  accessRecords: FlowAccessRecord[];
  recipients: RecipientDelivery[];
  determinations: FlowDetermination[];
  notices: FlowNotice[];
  /** Dead letters this event produced on its way, if any. */
  deadLetters: DeadLetterView[];
  /** Operators' replays of this event's records back onto an ingress or events topic. */
  replays?: { coordinates: Coordinates; replayOf: string }[];
}

// ---------------------------------------------------------------- lag and counters

export interface PartitionLag {
  topic: string;
  partition: number;
  committed: string | null;
  end: string;
  lag: number;
}

export interface GroupLag {
  group: string;
  state: string;
  members: number;
  totalLag: number;
  partitions: PartitionLag[];
}

export interface ServiceCounters {
  service: string;
  /** The service's /metrics JSON, flattened to dotted names, or the reason it could not be read. */
  counters: Record<string, number>;
  error?: string;
}

export interface LagView {
  at: Date;
  groups: GroupLag[];
  services: ServiceCounters[];
  /** Records per second into each watched topic since the previous sample (null on the first). */
  throughput: { topic: string; perSecond: number | null }[];
}

// ---------------------------------------------------------------- dead letters and rejects

export type DeadLetterSource =
  /** relais.dlq.<service> */
  | 'dead-letter'
  /** relais.rejects.<agency> */
  | 'reject';

export type DeadLetterStatus = 'open' | 'replayed' | 'discarded';

export interface DeadLetterView {
  /** Stable id: `<topic>:<partition>:<offset>` of the dead letter itself. */
  id: string;
  source: DeadLetterSource;
  /** The service (dead letters) or the agency (rejects). */
  owner: string;
  reason: string;
  /** The message naming the field and what was expected, never a value. */
  error: string;
  origin: { topic: string; partition: number; offset: string } | null;
  eventId: string | null;
  attempts: number;
  /** How many times operators replayed it already. */
  replays: number;
  deadLetteredAt: Date;
  ageSeconds: number;
  status: DeadLetterStatus;
}

export interface DeadLetterFilter {
  source?: DeadLetterSource;
  owner?: string;
  reason?: string;
  status?: DeadLetterStatus;
  /** Only the dead letters of this event. */
  eventId?: string;
  limit: number;
}

export interface FailedWebhook {
  deliveryId: string;
  agency: string;
  eventId: string;
  attempts: number;
  lastError: string | null;
  failedAt: Date;
}

// ---------------------------------------------------------------- audit

export interface ChainStatus {
  topic: string;
  partition: number;
  records: number;
  head: string | null;
  ok: boolean;
  problems: { kind: string; message: string }[];
}

export interface AuditView {
  at: Date;
  partitions: ChainStatus[];
}

// ---------------------------------------------------------------- the operators' journal

export type OperatorActionKind = 'replay' | 'discard' | 'redeliver';

export interface OperatorAction {
  id: string;
  kind: OperatorActionKind;
  operator: Operator;
  /** Dead-letter ids, or webhook delivery ids. */
  targets: string[];
  /** Required for a discard. */
  reason: string | null;
  at: Date;
  /** What happened: replayed to <topic>, discarded, redelivery queued; per target. */
  outcome: string;
  /** The same, target by target. */
  results?: { target: string; outcome: string }[];
}

// ---------------------------------------------------------------- the ports

export interface ConsoleReads {
  findFlows(query: FlowQuery): Promise<FlowSummary[]>;
  flow(eventId: string): Promise<Flow | null>;
  lag(): Promise<LagView>;
  deadLetters(filter: DeadLetterFilter): Promise<DeadLetterView[]>;
  failedWebhooks(limit: number): Promise<FailedWebhook[]>;
  audit(): Promise<AuditView>;
  journal(limit: number): Promise<OperatorAction[]>;
}

export interface ConsoleActions {
  /**
   * Back to the origin topic, through the same checks; a replayed or discarded one is refused
   * unless `again` says so.
   */
  replay(operator: Operator, ids: string[], options?: { again?: boolean }): Promise<OperatorAction>;
  discard(operator: Operator, ids: string[], reason: string): Promise<OperatorAction>;
  redeliverWebhook(operator: Operator, deliveryIds: string[]): Promise<OperatorAction>;
}
