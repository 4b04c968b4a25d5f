// Which topics the flow index reads, and what it keeps of each record (domain/records.ts): headers,
// coordinates, and the Relais-owned non-personal fields of Relais' own records, decoded with their
// Avro contract. Never the key of a topic keyed by pivot (events, access log); never an event's
// value. Topics are recognised by their declarations (contracts/src/topics.ts): a family's
// `partOf`, and the named topics of this deployment.
import { topics } from '@relais/contracts';
import type {
  AccessRecorded,
  EntitlementDetermined,
  EntitlementNoticeIssued,
  OperatorActed,
  RoutingDecided,
} from '@relais/contracts/generated';
import {
  DLQ_HEADERS,
  REPLAY_HEADERS,
  replayCount,
  type AvroSerde,
  type ConsumedRecord,
} from '@relais/kit';
import { agencyOfSource, deadLetterIdOf, traceIdOf } from '../domain/ids.ts';
import type { Coord, IndexEntry } from '../domain/records.ts';

export type TopicKind = IndexEntry['kind'] | 'reject';

/** The topics of this deployment the index reads (tests and benches use unique names). */
export interface WatchedTopics {
  accessLog: string;
  entitlements: string;
  notices: string;
  decisions: string;
  journal: string;
  /** The catalog's agencies: their ingress, rejects and deliveries topics. */
  agencies: ReadonlySet<string>;
  /** The catalog's domains: their events topics. */
  domains: ReadonlySet<string>;
  /** Relais' own agency id: the key of its deliveries is Relais' pseudonym, which may be shown. */
  relaisAgency: string | undefined;
  /** CloudEvents source URN → agency id (the catalog's). */
  agencyOfUrn: ReadonlyMap<string, string>;
}

/** What a topic is to the index; undefined for a topic it does not read. */
export function classify(topic: string, w: WatchedTopics): TopicKind | undefined {
  const named: Record<string, TopicKind> = {
    [w.accessLog]: 'access',
    [w.entitlements]: 'determination',
    [w.notices]: 'notice',
    [w.decisions]: 'decision',
    [w.journal]: 'action',
  };
  const own = named[topic];
  if (own) return own;
  if (topics.deadLetters.partOf(topic) !== undefined) return 'dead-letter';
  const inCatalog = (part: string | undefined, set: ReadonlySet<string>) =>
    part !== undefined && set.has(part);
  if (inCatalog(topics.ingress.partOf(topic), w.agencies)) return 'ingress';
  if (inCatalog(topics.rejects.partOf(topic), w.agencies)) return 'reject';
  if (inCatalog(topics.deliveries.partOf(topic), w.agencies)) return 'delivery';
  if (inCatalog(topics.events.partOf(topic), w.domains)) return 'event';
  return undefined;
}

const coord = (r: ConsumedRecord): Coord => ({
  topic: r.topic,
  partition: r.partition,
  offset: r.offset,
  at: Number(r.timestamp),
});
const header = (r: ConsumedRecord, name: string): string | null => r.headers[name] || null;
const ms = (d: Date | number): number => (d instanceof Date ? d.getTime() : Number(d));

/** The index's entry for one record; undefined for a record it keeps nothing of (tombstones). */
export async function indexEntry(
  kind: TopicKind,
  r: ConsumedRecord,
  w: WatchedTopics,
  serde: Pick<AvroSerde, 'decode'>,
): Promise<IndexEntry | undefined> {
  const c = coord(r);
  const traceId = traceIdOf(r.headers['traceparent']);
  switch (kind) {
    case 'ingress':
      return {
        kind,
        row: {
          ...c,
          agency: topics.ingress.partOf(r.topic) ?? '',
          eventId: header(r, 'ce_id'),
          contract: header(r, 'ce_type'),
          traceId,
          replayOf: header(r, REPLAY_HEADERS.of),
        },
      };
    case 'event': {
      const eventId = header(r, 'ce_id');
      if (!eventId) return undefined;
      const source = r.headers['ce_source'];
      return {
        kind,
        row: {
          ...c,
          agency: (source && w.agencyOfUrn.get(source)) || agencyOfSource(source),
          eventId,
          contract: header(r, 'ce_type'),
          traceId,
          replayOf: header(r, REPLAY_HEADERS.of),
        },
      };
    }
    case 'delivery': {
      const agency = topics.deliveries.partOf(r.topic) ?? '';
      return {
        kind,
        row: {
          ...c,
          agency,
          eventId: header(r, 'ce_id'),
          traceId,
          // Only Relais' own deliveries: their key is Relais' sector pseudonym.
          citizen: agency === w.relaisAgency && r.key ? r.key.toString() : null,
        },
      };
    }
    case 'dead-letter':
    case 'reject':
      return { kind: 'dead-letter', row: deadLetterRow(kind, r, c, traceId) };
    default:
      return decoded(kind, r, c, traceId, serde);
  }
}

function deadLetterRow(
  kind: 'dead-letter' | 'reject',
  r: ConsumedRecord,
  c: Coord,
  traceId: string | null,
): Extract<IndexEntry, { kind: 'dead-letter' }>['row'] {
  const owner =
    (kind === 'reject' ? topics.rejects.partOf(r.topic) : topics.deadLetters.partOf(r.topic)) ?? '';
  const originTopic = header(r, DLQ_HEADERS.topic);
  const originPartition = Number(r.headers[DLQ_HEADERS.partition]);
  const attempts = Number(r.headers[DLQ_HEADERS.attempts]);
  const at = Date.parse(r.headers[DLQ_HEADERS.deadLetteredAt] ?? '');
  return {
    ...c,
    id: deadLetterIdOf(c),
    source: kind,
    owner,
    reason: header(r, DLQ_HEADERS.reason) ?? 'unknown',
    // Relais' own words: fields and expectations, never values (kit dead-letter.ts).
    error: (header(r, DLQ_HEADERS.error) ?? '').slice(0, 2000),
    originTopic,
    originPartition: Number.isSafeInteger(originPartition) ? originPartition : null,
    originOffset: header(r, DLQ_HEADERS.offset),
    eventId: header(r, 'ce_id'),
    traceId,
    attempts: Number.isSafeInteger(attempts) && attempts > 0 ? attempts : 0,
    replays: replayCount(r.headers),
    replayOf: header(r, REPLAY_HEADERS.of),
    group: header(r, DLQ_HEADERS.group),
    deadLetteredAt: Number.isFinite(at) ? at : c.at,
  };
}

async function decoded(
  kind: 'decision' | 'access' | 'determination' | 'notice' | 'action',
  r: ConsumedRecord,
  c: Coord,
  traceId: string | null,
  serde: Pick<AvroSerde, 'decode'>,
): Promise<IndexEntry | undefined> {
  if (!r.value) return undefined;
  const relaisKey = r.key ? r.key.toString() : null;
  switch (kind) {
    case 'decision': {
      const { value: v } = await serde.decode<RoutingDecided>(r.value);
      return {
        kind,
        row: {
          ...c,
          eventId: v.eventId,
          decidedAt: ms(v.decidedAt),
          positionAt: ms(v.positionAt),
          traceId: v.traceId ?? traceId,
          decisions: v.decisions.map((d) => ({ ...d, outcome: d.outcome.toLowerCase() })),
        },
      };
    }
    case 'access': {
      // The key is the citizen's pivot: never read. The value names no citizen.
      const { value: v } = await serde.decode<AccessRecorded>(r.value);
      return {
        kind,
        row: {
          ...c,
          accessId: v.accessId,
          eventId: v.eventId,
          recipient: v.recipient,
          legalBasis: v.legalBasis.toLowerCase().replace(/_/g, '-'),
          purpose: v.purpose,
          fields: [...v.fields],
          traceId: v.traceId ?? traceId,
        },
      };
    }
    case 'determination': {
      const { value: v } = await serde.decode<EntitlementDetermined>(r.value);
      return {
        kind,
        row: {
          ...c,
          decisionId: v.decisionId,
          benefit: v.benefit,
          outcome: v.outcome,
          citizen: relaisKey,
          traceId,
        },
      };
    }
    case 'notice': {
      const { value: v } = await serde.decode<EntitlementNoticeIssued>(r.value);
      return {
        kind,
        row: {
          ...c,
          noticeId: v.noticeId,
          decisionId: v.decisionId,
          channel: v.channel,
          status: v.status,
          citizen: relaisKey,
          traceId,
        },
      };
    }
    case 'action': {
      const { value: v } = await serde.decode<OperatorActed>(r.value);
      if (v.kind === 'UNKNOWN') return undefined;
      return {
        kind,
        row: {
          ...c,
          actionId: v.actionId,
          kind: v.kind === 'REPLAY' ? 'replay' : v.kind === 'DISCARD' ? 'discard' : 'redeliver',
          operatorSub: v.operatorSub,
          operatorName: v.operatorName,
          targets: v.targets.map((t) => ({ target: t.target, outcome: t.outcome })),
          reason: v.reason,
          actedAt: ms(v.actedAt),
        },
      };
    }
  }
}
