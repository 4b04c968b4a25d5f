// One event's whole path, put together from what the flow index holds about it and what the
// gateway says of its recipients: accepted (HTTP or native ingress) or rejected and why → the
// canonical record → the router's decisions → access records → each recipient's delivery, inbox
// and webhook → determinations → notices; with its dead letters and replays. Pure.
import type {
  AccessRow,
  DecisionRow,
  DeliveryRow,
  DeterminationRow,
  EventRow,
  IngressRow,
  NoticeRow,
} from './records.ts';
import type {
  Coordinates,
  DeadLetterView,
  Flow,
  FlowIngress,
  FlowSummary,
  RecipientDelivery,
  RoutingDecision,
} from './views.ts';

export interface FlowFacts {
  eventId: string;
  ingress: IngressRow[];
  events: EventRow[];
  decisions: DecisionRow[];
  deliveries: DeliveryRow[];
  access: AccessRow[];
  determinations: DeterminationRow[];
  notices: NoticeRow[];
  deadLetters: DeadLetterView[];
  /** The gateway's view of the recipients (inbox, webhook), when it answered. */
  recipients: Array<Pick<RecipientDelivery, 'agency' | 'inbox' | 'webhook'>>;
  /** The tracing UI's base URL ('' for none). */
  tracingUrl: string;
}

const coordinates = (r: {
  topic: string;
  partition: number;
  offset: string;
  at: number;
}): Coordinates => ({
  topic: r.topic,
  partition: r.partition,
  offset: r.offset,
  at: new Date(r.at),
});

/** The trace ids a flow went through: its event's, then its deliveries' (batches start new ones). */
export function traceIdsOf(f: Pick<FlowFacts, 'ingress' | 'events' | 'deliveries'>): string[] {
  const ids = [...f.events, ...f.ingress, ...f.deliveries]
    .map((r) => r.traceId)
    .filter((t): t is string => t !== null);
  return [...new Set(ids)];
}

function ingressOf(f: FlowFacts): FlowIngress | null {
  const native = f.ingress.find((r) => r.replayOf === null) ?? f.ingress[0];
  const canonical = f.events[0];
  // Rejected: the latest reject of this event is newer than any canonical record of it.
  const reject = f.deadLetters
    .filter((d) => d.source === 'reject')
    .sort((a, b) => b.deadLetteredAt.getTime() - a.deadLetteredAt.getTime())[0];
  if (native) {
    const accepted = canonical !== undefined;
    return {
      via: 'kafka',
      agency: native.agency,
      contract: native.contract ?? canonical?.contract ?? '',
      at: new Date(native.at),
      outcome: accepted ? 'accepted' : reject ? 'rejected' : 'accepted',
      ...(!accepted && reject ? { reason: { code: reject.reason, message: reject.error } } : {}),
      coordinates: coordinates(native),
    };
  }
  // No native record of this event: the gateway took it over HTTP (it keeps no Kafka record).
  if (canonical)
    return {
      via: 'http',
      agency: canonical.agency ?? '',
      contract: canonical.contract ?? '',
      at: new Date(canonical.at),
      outcome: 'accepted',
    };
  return null;
}

function decisionsOf(rows: readonly DecisionRow[]): RoutingDecision[] {
  return rows.flatMap((row) =>
    row.decisions.map((d) => ({
      subscription: d.subscription ?? '',
      agency: d.agency ?? '',
      outcome: d.outcome === 'delivered' ? ('delivered' as const) : ('denied' as const),
      ...(d.reason ? { reason: d.reason } : {}),
      ...(d.legalBasis ? { legalBasis: d.legalBasis } : {}),
      ...(d.purpose ? { purpose: d.purpose } : {}),
      decidedAt: new Date(row.decidedAt),
      positionAt: new Date(row.positionAt),
    })),
  );
}

function recipientsOf(f: FlowFacts): RecipientDelivery[] {
  const byAgency = new Map<string, RecipientDelivery>();
  const of = (agency: string): RecipientDelivery => {
    let r = byAgency.get(agency);
    if (!r) byAgency.set(agency, (r = { agency }));
    return r;
  };
  for (const d of f.deliveries) {
    const r = of(d.agency);
    r.coordinates ??= coordinates(d);
  }
  for (const g of f.recipients) {
    const r = of(g.agency);
    if (g.inbox) r.inbox = g.inbox;
    if (g.webhook) r.webhook = g.webhook;
  }
  return [...byAgency.values()].sort((a, b) => a.agency.localeCompare(b.agency));
}

/** The flow, or null when nothing is known of this event. */
export function assembleFlow(f: FlowFacts): Flow | null {
  const canonical = f.events.find((e) => e.replayOf === null) ?? f.events[0];
  const ingress = ingressOf(f);
  if (!ingress && !canonical && !f.deadLetters.length && !f.decisions.length) return null;
  const traceId = canonical?.traceId ?? f.ingress[0]?.traceId ?? null;
  const citizen =
    [...f.deliveries, ...f.determinations, ...f.notices].find((r) => r.citizen !== null)?.citizen ??
    null;
  const replays = [...f.ingress, ...f.events]
    .filter((r): r is (IngressRow | EventRow) & { replayOf: string } => r.replayOf !== null)
    .map((r) => ({ coordinates: coordinates(r), replayOf: r.replayOf }));
  return {
    eventId: f.eventId,
    traceId,
    traceUrl:
      traceId && f.tracingUrl ? `${f.tracingUrl.replace(/\/+$/, '')}/traces/${traceId}` : null,
    citizen,
    ingress,
    canonical: canonical ? coordinates(canonical) : null,
    decisions: decisionsOf(f.decisions),
    accessRecords: f.access.map((a) => ({
      accessId: a.accessId,
      recipient: a.recipient,
      legalBasis: a.legalBasis,
      purpose: a.purpose,
      fields: a.fields,
      coordinates: coordinates(a),
    })),
    recipients: recipientsOf(f),
    determinations: f.determinations.map((d) => ({
      decisionId: d.decisionId,
      benefit: d.benefit,
      outcome: d.outcome,
      coordinates: coordinates(d),
    })),
    notices: f.notices.map((n) => ({
      noticeId: n.noticeId,
      decisionId: n.decisionId,
      channel: n.channel,
      status: n.status,
      coordinates: coordinates(n),
    })),
    deadLetters: f.deadLetters,
    ...(replays.length ? { replays } : {}),
  };
}

/** One line of a search: the event's first record (canonical, else native). */
export function summaryOf(
  f: Pick<FlowFacts, 'eventId' | 'ingress' | 'events' | 'deadLetters'>,
): FlowSummary | null {
  const canonical = f.events[0];
  const native = f.ingress[0];
  const first = canonical ?? native;
  if (!first) return null;
  const rejected = !canonical && f.deadLetters.some((d) => d.source === 'reject');
  return {
    eventId: f.eventId,
    traceId: first.traceId,
    agency: first.agency ?? '',
    contract: first.contract ?? '',
    at: new Date(first.at),
    outcome: rejected ? 'rejected' : 'accepted',
  };
}
