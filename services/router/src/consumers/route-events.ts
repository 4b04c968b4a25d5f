// The routing use case. For the canonical events of one partition, in order: the consent state at
// each event's position, the routing decision (domain/route.ts), then the effects — deliveries
// of all of them (acks=all), then their access records, chained in the same order, the (event,
// recipient) effects marked last. A crash in between repeats deliveries (the inboxes drop them by
// event id) rather than losing any. Denials are counted and logged, never silent.
//
// The router does not dispatch on the contract type: every contract takes the same path, and
// what happens to it is data — its subscriptions in the catalog (deny by default).
import {
  asEventId,
  decideConsent,
  topics,
  type Contract,
  type EventId,
  type SubscriptionId,
  type AgencyId,
} from '@relais/contracts';
import { asPivot, derivePseudonym, type Pivot } from '@relais/identity';
import {
  envelopeFromRecord,
  envelopeToHeaders,
  type AvroSerde,
  type Clock,
  type ConsumedRecord,
  type Envelope,
  type Logger,
  type OutgoingRecord,
  type RelaisProducer,
} from '@relais/kit';
import type { AccessLogWriter } from '../adapters/access-log-writer.ts';
import type { ConsentVersions } from '../adapters/consent-versions.ts';
import type { EffectsStore } from '../adapters/effects.ts';
import { accessRecords, type UnchainedAccessRecord } from '../domain/access-record.ts';
import { routingDecided } from '../domain/decisions.ts';
import { project, route, type Delivery, type Routing } from '../domain/route.ts';
import type { RoutingTable } from '../domain/routing-table.ts';
import { countRouted, type RouterStats } from '../domain/stats.ts';
import { poison } from '../errors.ts';

/** A canonical event as the router judges it: decoded, and where it stands in the log. */
export interface RoutableEvent {
  id: EventId;
  envelope: Envelope;
  contract: Contract;
  value: Record<string, unknown>;
  pivot: Pivot;
  partition: number;
  /** The broker's append time (LogAppendTime): the event's position in the citizen's order. */
  appendedAt: number;
}

export interface RouteEventsDeps {
  table: RoutingTable;
  /** The consent state at a position (adapters/consent-versions.ts). */
  consents: Pick<ConsentVersions, 'ensureCaughtUp' | 'at'>;
  serde: Pick<AvroSerde, 'encode'>;
  producer: Pick<RelaisProducer, 'publish'>;
  accessLog: Pick<AccessLogWriter, 'appendMany'> &
    Partial<Pick<AccessLogWriter, 'needsReadBack' | 'takeOver' | 'reading'>>;
  /**
   * How far before the first event's log time the access log is read back after an append that
   * failed or found the chain moved (default 30 s: the brokers' clocks may differ).
   */
  readBackMarginMs?: number;
  effects: EffectsStore;
  /** The registry's schema id of each subscription's projection (adapters/projections.ts). */
  projectionIds: ReadonlyMap<SubscriptionId, number>;
  /** The sector pseudonyms' key (pseudonym.key). */
  pseudonymKey: Buffer;
  stats: RouterStats;
  logger: Logger;
  clock: Clock;
  /** The trace of the batch being handled, recorded on each access record. */
  traceId: () => string | null;
  /**
   * Where the decision per subscription of each event goes (relais.routing-decisions, keyed by
   * event id), and the registry id of `RoutingDecided`'s latest version.
   */
  decisions: { topic: string; schemaId: number };
  /** The recipient's deliveries topic (default `relais.deliveries.<agency>`). */
  deliveriesTopic?: (agency: AgencyId) => string;
}

/** Bytes to a routable event; what can never be routed is poison (relais.dlq.router). */
export async function decodeEvent(
  record: ConsumedRecord,
  deps: { table: RoutingTable; serde: Pick<AvroSerde, 'decode'> },
): Promise<Omit<RoutableEvent, 'partition' | 'appendedAt'>> {
  const envelope = envelopeFromRecord(record);
  if (!record.key?.length) throw poison.noKey();
  const contract = deps.table.contract(envelope.type);
  if (!contract) throw poison.unknownContract(envelope.type);
  const { value } = await deps.serde.decode<Record<string, unknown>>(record.value);
  // Events come from Relais' own topics: the gateway checked the id and resolved the pivot.
  return {
    id: asEventId(envelope.id),
    envelope,
    contract,
    value,
    pivot: asPivot(record.key.toString()),
  };
}

/** The event at its position: the record's partition and append time. */
export const positioned = (
  event: Omit<RoutableEvent, 'partition' | 'appendedAt'>,
  record: ConsumedRecord,
): RoutableEvent => ({
  ...event,
  partition: record.partition,
  appendedAt: Number(record.timestamp),
});

/** This router no longer owns the partition: the batch stops, its new owner goes on. */
export class PartitionLost extends Error {
  constructor(partition: number) {
    super(`partition ${partition} is no longer this router's: left to its new owner`);
    this.name = 'PartitionLost';
  }
}

/** Routes the events of one partition, in order (see the file's head). */
export async function routeEvents({
  events,
  deps,
  owned = () => true,
}: {
  events: readonly RoutableEvent[];
  deps: RouteEventsDeps;
  /** Whether this router still owns the events' partition (the consumer group's word). */
  owned?: () => boolean;
}): Promise<void> {
  const byTopic = new Map<string, OutgoingRecord[]>();
  const access: Array<{ pivot: Pivot; records: UnchainedAccessRecord[] }> = [];
  const effects: Array<[EventId, AgencyId]> = [];
  const partition = events[0]?.partition ?? 0;
  const traceId = deps.traceId();
  const decided: OutgoingRecord[] = [];
  // After an append that failed or found another router's records: what is on the chain now is
  // read back, its (event, recipient) counted done, before these events are judged again.
  if (deps.accessLog.needsReadBack?.(partition) && deps.accessLog.takeOver) {
    const since = (events[0]?.appendedAt ?? 0) - (deps.readBackMarginMs ?? 30_000);
    deps.effects.mark(await deps.accessLog.takeOver(partition, since), deps.clock.now());
  }
  const judgedAt = deps.accessLog.reading?.(partition);
  for (const event of events) {
    const { todo, routing } = await judge(event, deps);
    // What was decided for every subscription, delivered or denied, for operators (never a pivot).
    const decision = routingDecided(
      event,
      routing,
      deps.table.subscriptionsOf(event.contract.fullName),
      deps.clock.now(),
      traceId,
    );
    decided.push({
      key: event.id,
      // Typed by the generated contract: no second validation on the hot path.
      value: await deps.serde.encode(deps.decisions.schemaId, decision, { validated: true }),
    });
    for (const d of todo) {
      const topic = deps.deliveriesTopic?.(d.agency) ?? topics.deliveries.name(d.agency);
      const records = byTopic.get(topic) ?? [];
      records.push(await delivery(event, d, deps));
      byTopic.set(topic, records);
      effects.push([event.id, d.agency]);
    }
    access.push({
      pivot: event.pivot,
      records: accessRecords(event, todo, deps.clock.now(), traceId),
    });
  }
  // The deliveries and the decisions first (acks=all), then the access records, then the effects:
  // an access record on the log means its delivery was acknowledged, so a router taking the
  // partition over may count it done (dec-048) without losing a delivery whose produce failed.
  await Promise.all([
    ...[...byTopic].map(([topic, records]) => deps.producer.publish(topic, records)),
    decided.length ? deps.producer.publish(deps.decisions.topic, decided) : undefined,
  ]);
  // Only the partition's owner appends to its chain: a router the group went on without (its
  // handler outlasted its session) stops here, and the owner routes these events again.
  if (!owned()) throw new PartitionLost(partition);
  await deps.accessLog.appendMany(partition, access, undefined, judgedAt);
  deps.effects.mark(effects, deps.clock.now());
  deps.stats.deliveries += effects.length;
}

/**
 * The routing of this event, judged at its position, and the deliveries it still owes (those
 * routed, minus those already done).
 */
async function judge(
  event: RoutableEvent,
  deps: RouteEventsDeps,
): Promise<{ todo: Delivery[]; routing: Routing }> {
  const { contract } = event;
  // The consent state at this event's position: every change appended before it, none after.
  await deps.consents.ensureCaughtUp(event.partition, event.appendedAt);
  const doc = deps.consents.at(event.partition, event.pivot, event.appendedAt);
  const routing = route({
    contract: contract.fullName,
    subscriptions: deps.table.subscriptionsOf(contract.fullName),
    categoryOf: (field) => deps.table.categoryOf(contract.fullName, field),
    sectorOf: (agency) => deps.table.sectorOf(agency),
    // Relais' own clock decides (guarantee 8): validity and expiry at the event's position in the
    // log, never at the time its publisher wrote in ce_time.
    consent: (need) => decideConsent(doc, need, new Date(event.appendedAt)),
  });
  const { deliveries, denials } = routing;
  countRouted(deps.stats, denials);
  for (const d of denials) {
    // Never the citizen: the event id, the contract, the recipient and why.
    deps.logger.info(
      { event: event.id, contract: contract.fullName, recipient: d.agency, reason: d.code },
      'delivery denied',
    );
  }
  const already = deliveries.length ? deps.effects.recipientsDone(event.id) : undefined;
  const todo = deliveries.filter((d) => {
    const done = already?.has(d.agency) ?? false;
    if (done) {
      // Never dropped without a trace (issue 13): counted (GET /metrics) and said, event id only.
      deps.stats.duplicatesSkipped += 1;
      deps.logger.info({ event: event.id, recipient: d.agency }, 'duplicate delivery skipped');
    }
    return !done;
  });
  return { todo, routing };
}

/** The recipient's record: its sector's pseudonym, the projection, this flow's envelope. */
async function delivery(
  event: RoutableEvent,
  d: Delivery,
  deps: RouteEventsDeps,
): Promise<OutgoingRecord> {
  const { envelope } = event;
  // The delivery's envelope: the event's identity, this flow's purpose and legal basis.
  const headers = envelopeToHeaders({
    specversion: '1.0',
    id: envelope.id,
    source: envelope.source,
    type: envelope.type,
    time: envelope.time,
    datacontenttype: envelope.datacontenttype,
    purpose: d.subscription.purpose,
    legalbasis: d.legalBasis,
    ...(d.consentId ? { consentid: d.consentId } : {}),
  });
  return {
    key: derivePseudonym(deps.pseudonymKey, d.sector, event.pivot),
    value: await deps.serde.encode(
      deps.projectionIds.get(d.subscriptionId) ?? 0,
      project(event.value, d.fields),
    ),
    headers,
  };
}
