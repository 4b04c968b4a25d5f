// relais.counter-actions → what agents did, or tried, for each citizen (Avro AgentActed, key = the
// pivot or `structure:<id>`): the citizen's "who acted for me" (GET /v1/me/counter-actions).
// Records keyed by a structure name no citizen and are not kept here. Stored once per actionId.
import type { DatabaseSync } from 'node:sqlite';
import type { Kafka } from 'kafkajs';
import { topics } from '@relais/contracts';
import type { AgentActed } from '@relais/contracts/generated';
import { asPivot, type Pivot } from '@relais/identity';
import {
  materialiseTopic,
  PoisonRecordError,
  type AvroSerde,
  type ConsumedRecord,
  type Logger,
  type MaterialisedTopic,
  type RelaisProducer,
} from '@relais/kit';

export interface CounterActionView {
  actionId: string;
  agentName: string;
  structureId: string;
  structureName: string;
  mandateId: string | null;
  mandateCreatedAt: string | null;
  action: string;
  target: string | null;
  outcome: 'DONE' | 'REFUSED';
  reason: string | null;
  actedAt: string;
}

export function counterActionPartition(db: DatabaseSync) {
  db.exec(`CREATE TABLE IF NOT EXISTS counter_actions (action_id TEXT PRIMARY KEY, pivot TEXT NOT NULL,
    acted_at INTEGER NOT NULL, view TEXT NOT NULL) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS counter_actions_pivot ON counter_actions (pivot, acted_at);`);
  const add = db.prepare(
    'INSERT OR IGNORE INTO counter_actions (action_id, pivot, acted_at, view) VALUES (?, ?, ?, ?)',
  );
  const list = db.prepare(
    'SELECT view FROM counter_actions WHERE pivot = ? ORDER BY acted_at DESC LIMIT ?',
  );
  return {
    add(pivot: Pivot, view: CounterActionView): void {
      add.run(view.actionId, pivot, Date.parse(view.actedAt), JSON.stringify(view));
    },
    list(pivot: Pivot, limit: number): CounterActionView[] {
      return (list.all(pivot, limit) as Array<{ view: string }>).map(
        (r) => JSON.parse(r.view) as CounterActionView,
      );
    },
  };
}

export type CounterActionPartition = ReturnType<typeof counterActionPartition>;

export interface CounterActionStore {
  list(pivot: Pivot, limit: number): CounterActionView[];
}

export function counterActionStore(partitions: () => CounterActionPartition[]): CounterActionStore {
  return {
    list: (pivot, limit) =>
      partitions()
        .flatMap((p) => p.list(pivot, limit))
        .sort((a, b) => Date.parse(b.actedAt) - Date.parse(a.actedAt))
        .slice(0, limit),
  };
}

export function viewOf(v: AgentActed): CounterActionView {
  return {
    actionId: v.actionId,
    agentName: v.agentName,
    structureId: v.structureId,
    structureName: v.structureName,
    mandateId: v.mandateId ?? null,
    mandateCreatedAt: v.mandateCreatedAt ? v.mandateCreatedAt.toISOString() : null,
    action: v.action,
    target: v.target ?? null,
    outcome: v.outcome === 'DONE' ? 'DONE' : 'REFUSED',
    reason: v.reason ?? null,
    actedAt: v.actedAt.toISOString(),
  };
}

export async function decodeCounterAction(
  record: Pick<ConsumedRecord, 'key' | 'value'>,
  deps: { serde: Pick<AvroSerde, 'decode'> },
): Promise<{ pivot: Pivot | undefined; view: CounterActionView }> {
  const key = record.key?.toString() ?? '';
  if (!key)
    throw new PoisonRecordError('counter-actions.no-key', 'key: expected a pivot or structure');
  const { value } = await deps.serde.decode<AgentActed>(record.value);
  if (!value || typeof value.actionId !== 'string' || !(value.actedAt instanceof Date))
    throw new PoisonRecordError('counter-actions.not-agent-acted', 'value: expected an AgentActed');
  return { pivot: key.startsWith('structure:') ? undefined : asPivot(key), view: viewOf(value) };
}

export function counterActionsConsumer(deps: {
  kafka: Kafka;
  producer: RelaisProducer;
  logger: Logger;
  dataDir: string;
  serde: AvroSerde;
  topic: string;
  group: string;
}): MaterialisedTopic<CounterActionPartition> {
  return materialiseTopic<
    CounterActionPartition,
    { pivot: Pivot | undefined; view: CounterActionView }
  >({
    kafka: deps.kafka,
    logger: deps.logger,
    topic: deps.topic,
    group: deps.group,
    dataDir: deps.dataDir,
    name: 'counter-actions',
    deadLetter: { topic: topics.deadLetters.name('consent'), producer: deps.producer },
    open: counterActionPartition,
    decode: (record) => decodeCounterAction(record, deps),
    apply: (store, _record, event) => {
      if (event.pivot) store.add(event.pivot, event.view);
    },
  });
}

/** A store in memory fed by the memory journal (unit tests). */
export function memoryCounterActionStore(
  entries: () => Array<AgentActed & { pivot?: Pivot | undefined }>,
): CounterActionStore {
  return {
    list: (pivot, limit) =>
      entries()
        .filter((e) => e.pivot === pivot)
        .map(viewOf)
        .reverse()
        .slice(0, limit),
  };
}
