// What an agency's native publishing got refused, kept for GET /v1/rejects (the last 1,000 per
// agency). The records are on relais.rejects.<agency>, which every gateway instance materialises
// (dec-046): the instance that refused a record is not the only one to list it. Only the
// relais_dlq_* headers and the event id are kept, never the record's key or value.
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { Kafka } from 'kafkajs';
import { topics, type AgencyId } from '@relais/contracts';
import {
  DLQ_HEADERS,
  materialiseTopic,
  type ConsumedRecord,
  type Logger,
  type MaterialisedTopic,
} from '@relais/kit';

export interface Reject {
  reason: string;
  error: string;
  topic: string;
  partition: number;
  offset: string;
  eventId: string | null;
}

export interface RejectView {
  at: string;
  reason: string;
  error: string;
  origin: { topic: string; partition: number; offset: string };
  eventId: string | null;
}

export function rejectStore(db: DatabaseSync, now: () => number) {
  db.exec(`
    CREATE TABLE IF NOT EXISTS rejects (
      id INTEGER PRIMARY KEY AUTOINCREMENT, agency TEXT NOT NULL, at INTEGER NOT NULL,
      reason TEXT NOT NULL, error TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL,
      offset TEXT NOT NULL, event_id TEXT);
    CREATE INDEX IF NOT EXISTS rejects_agency ON rejects (agency, id);
  `);
  const insert = db.prepare(
    'INSERT INTO rejects (agency, at, reason, error, topic, partition, offset, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const prune = db.prepare(
    'DELETE FROM rejects WHERE agency = ? AND id <= (SELECT id FROM rejects WHERE agency = ? ORDER BY id DESC LIMIT 1 OFFSET 1000)',
  );
  const list = db.prepare(
    'SELECT id, at, reason, error, topic, partition, offset, event_id FROM rejects WHERE agency = ? ORDER BY id DESC LIMIT ?',
  );
  return {
    /** `at`: when it was refused (the dead letter's time), now by default. */
    record(agency: AgencyId, r: Reject, at = now()): void {
      insert.run(agency, at, r.reason, r.error, r.topic, r.partition, r.offset, r.eventId);
      prune.run(agency, agency);
    },
    /** Latest first. */
    list(agency: AgencyId, limit: number): RejectView[] {
      const rows = list.all(agency, limit) as Array<Record<string, unknown>>;
      return rows.map((r) => ({
        at: new Date(Number(r['at'])).toISOString(),
        reason: r['reason'] as string,
        error: r['error'] as string,
        origin: {
          topic: r['topic'] as string,
          partition: r['partition'] as number,
          offset: r['offset'] as string,
        },
        eventId: r['event_id'] as string | null,
      }));
    },
  };
}

export type RejectStore = ReturnType<typeof rejectStore>;

/** A dead letter of relais.rejects.<agency>, as listed. */
function rejectOf(record: ConsumedRecord): Reject {
  const h = record.headers;
  return {
    reason: h[DLQ_HEADERS.reason] ?? 'unknown',
    error: h[DLQ_HEADERS.error] ?? '',
    topic: h[DLQ_HEADERS.topic] ?? '',
    partition: Number(h[DLQ_HEADERS.partition] ?? 0),
    offset: h[DLQ_HEADERS.offset] ?? '',
    eventId: h['ce_id'] ?? null,
  };
}

export interface RejectReplicaOptions {
  kafka: Kafka;
  logger: Logger;
  agencies: AgencyId[];
  /** Names its groups, one per start: service and instance. */
  group: string;
  dataDir: string;
}

/** Every agency's rejects topic, materialised here (one file each): what GET /v1/rejects lists. */
export function rejectReplica(o: RejectReplicaOptions) {
  const replicas = new Map<AgencyId, MaterialisedTopic<RejectStore>>(
    o.agencies.map((agency) => [
      agency,
      materialiseTopic<RejectStore>({
        kafka: o.kafka,
        logger: o.logger,
        topic: topics.rejects.name(agency),
        group: o.group,
        dataDir: path.join(o.dataDir, 'rejects'),
        open: (db) => rejectStore(db, () => 0),
        apply: (store, record) => store.record(agency, rejectOf(record), Number(record.timestamp)),
      }),
    ]),
  );
  return {
    list(agency: AgencyId, limit: number): RejectView[] {
      return replicas.get(agency)?.stores()[0]?.list(agency, limit) ?? [];
    },
    async start(): Promise<void> {
      await Promise.all([...replicas.values()].map((r) => r.start()));
      await Promise.all([...replicas.values()].map((r) => r.caughtUp({ timeoutMs: Infinity })));
    },
    async stop(): Promise<void> {
      await Promise.all([...replicas.values()].map((r) => r.stop()));
    },
  };
}

export type RejectReplica = ReturnType<typeof rejectReplica>;
