// What the flow index keeps of each record it reads: coordinates, headers and Relais' own
// non-personal fields. Never a record key keyed by pivot, never a value of an agency's event; the
// one citizen identifier kept is Relais' sector pseudonym (the key of Relais' own deliveries,
// determinations and notices), the only one the console may show.

/** Where a record sits, and its timestamp (epoch ms). */
export interface Coord {
  topic: string;
  partition: number;
  offset: string;
  at: number;
}

/** A native record on relais.ingress.<agency>. */
export interface IngressRow extends Coord {
  agency: string;
  eventId: string | null;
  contract: string | null;
  traceId: string | null;
  replayOf: string | null;
}

/** A canonical event on relais.events.<domain>. */
export interface EventRow extends Coord {
  agency: string | null;
  eventId: string;
  contract: string | null;
  traceId: string | null;
  replayOf: string | null;
}

export interface DecisionItem {
  subscription: string | null;
  agency: string | null;
  outcome: string;
  reason: string | null;
  legalBasis: string | null;
  purpose: string | null;
}

/** A RoutingDecided record on relais.routing-decisions. */
export interface DecisionRow extends Coord {
  eventId: string;
  decidedAt: number;
  positionAt: number;
  traceId: string | null;
  decisions: DecisionItem[];
}

/** A delivery on relais.deliveries.<agency>; `citizen` only for Relais' own (its pseudonym). */
export interface DeliveryRow extends Coord {
  agency: string;
  eventId: string | null;
  traceId: string | null;
  citizen: string | null;
}

/** An AccessRecorded record on relais.access-log (its key, the pivot, is never read). */
export interface AccessRow extends Coord {
  accessId: string;
  eventId: string;
  recipient: string;
  legalBasis: string;
  purpose: string;
  fields: string[];
  traceId: string | null;
}

/** An EntitlementDetermined record on relais.entitlements. */
export interface DeterminationRow extends Coord {
  decisionId: string;
  benefit: string;
  outcome: string;
  citizen: string | null;
  traceId: string | null;
}

/** An EntitlementNoticeIssued record on relais.notices. */
export interface NoticeRow extends Coord {
  noticeId: string;
  decisionId: string;
  channel: string;
  status: string;
  citizen: string | null;
  traceId: string | null;
}

/** A dead letter on relais.dlq.<service> or a reject on relais.rejects.<agency>. */
export interface DeadLetterRow extends Coord {
  id: string;
  source: 'dead-letter' | 'reject';
  owner: string;
  reason: string;
  error: string;
  originTopic: string | null;
  originPartition: number | null;
  originOffset: string | null;
  eventId: string | null;
  traceId: string | null;
  attempts: number;
  replays: number;
  replayOf: string | null;
  group: string | null;
  deadLetteredAt: number;
}

/** An OperatorActed record on relais.operator-actions. */
export interface ActionRow extends Coord {
  actionId: string;
  kind: 'replay' | 'discard' | 'redeliver';
  operatorSub: string;
  operatorName: string;
  targets: Array<{ target: string; outcome: string }>;
  reason: string | null;
  actedAt: number;
}

export type IndexEntry =
  | { kind: 'ingress'; row: IngressRow }
  | { kind: 'event'; row: EventRow }
  | { kind: 'decision'; row: DecisionRow }
  | { kind: 'delivery'; row: DeliveryRow }
  | { kind: 'access'; row: AccessRow }
  | { kind: 'determination'; row: DeterminationRow }
  | { kind: 'notice'; row: NoticeRow }
  | { kind: 'dead-letter'; row: DeadLetterRow }
  | { kind: 'action'; row: ActionRow };
