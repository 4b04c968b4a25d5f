// Webhook deliveries across gateway instances (dec-046). The deliveries consumer group, shared by
// the instances, makes one instance the OWNER of each partition of relais.deliveries.<agency>;
// the owner queues and sends that partition's webhooks. Each change of a delivery (queued, an
// attempt, delivered, failed, redelivered) goes, whole, to relais.gateway.webhook-deliveries at
// the same partition number, which every instance materialises into its WebhookStore: any
// instance lists every delivery, and a new owner — after a rebalance or a crash — first catches
// up with that partition, then sends what was left pending (at-least-once: an attempt in flight
// when the owner died is made again; receivers de-duplicate by the event id they are sent).
import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import type { Consumer } from 'kafkajs';
import { asAgencyId, asEventId, topics, type AgencyId } from '@relais/contracts';
import { jsonDecoder, replicatedTable, type ReplicatedTableWiring } from '@relais/kit';
import type { DeliveryState, WebhookStore } from './store.ts';

type Row = Record<string, SQLOutputValue>;
const num = (v: SQLOutputValue | undefined): number | null =>
  v === null || v === undefined ? null : Number(v);

/** A delivery's whole state, as this instance holds it. */
export function snapshot(db: DatabaseSync, id: string): DeliveryState | undefined {
  const row = db.prepare('SELECT * FROM webhook_deliveries WHERE id = ?').get(id) as
    Row | undefined;
  if (!row) return undefined;
  const history = (
    db
      .prepare(
        'SELECT at, status, error FROM webhook_attempts WHERE delivery_id = ? ORDER BY at, rowid',
      )
      .all(id) as Row[]
  ).map((a) => ({
    at: Number(a['at']),
    status: num(a['status']),
    error: a['error'] === null ? null : String(a['error']),
  }));
  return {
    id,
    agency: asAgencyId(String(row['agency'])),
    eventId: asEventId(String(row['event_id'])),
    body: String(row['body']),
    status: String(row['status']) as DeliveryState['status'],
    attempts: Number(row['attempts']),
    nextAttemptAt: Number(row['next_attempt_at']),
    lastError: row['last_error'] === null ? null : String(row['last_error']),
    lastStatus: num(row['last_status']),
    createdAt: Number(row['created_at']),
    deliveredAt: num(row['delivered_at']),
    partition: num(row['input_partition']),
    rev: Number(row['rev']),
    history,
  };
}

/** Applies a state newer than the one held (by `rev`); true when it changed something. */
export function applyState(db: DatabaseSync, s: DeliveryState): boolean {
  const values = [
    s.body,
    s.status,
    s.attempts,
    s.nextAttemptAt,
    s.lastError,
    s.lastStatus,
    s.createdAt,
    s.deliveredAt,
    s.rev,
    s.partition,
  ] as const;
  const updated = db
    .prepare(
      `UPDATE webhook_deliveries SET body = ?, status = ?, attempts = ?, next_attempt_at = ?,
         last_error = ?, last_status = ?, created_at = ?, delivered_at = ?, rev = ?,
         input_partition = ?
       WHERE agency = ? AND event_id = ? AND rev < ?`,
    )
    .run(...values, s.agency, s.eventId, s.rev).changes;
  const inserted =
    updated > 0
      ? 0
      : db
          .prepare(
            `INSERT OR IGNORE INTO webhook_deliveries (body, status, attempts, next_attempt_at,
               last_error, last_status, created_at, delivered_at, rev, input_partition, id,
               agency, event_id)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(...values, s.id, s.agency, s.eventId).changes;
  if (updated === 0 && inserted === 0) return false;
  const row = db
    .prepare('SELECT id FROM webhook_deliveries WHERE agency = ? AND event_id = ?')
    .get(s.agency, s.eventId) as { id: string } | undefined;
  const id = row?.id ?? s.id;
  db.prepare('DELETE FROM webhook_attempts WHERE delivery_id = ?').run(id);
  const attempt = db.prepare(
    'INSERT INTO webhook_attempts (delivery_id, at, status, error) VALUES (?, ?, ?, ?)',
  );
  for (const a of s.history) attempt.run(id, a.at, a.status, a.error);
  return true;
}

const decodeState = jsonDecoder<DeliveryState | null>({
  reason: 'webhook-delivery.value',
  expected: 'value: expected a delivery state',
  tombstone: () => null,
  read: (value) => {
    const s = value as DeliveryState;
    return typeof s.id === 'string' && typeof s.rev === 'number' && Array.isArray(s.history)
      ? s
      : undefined;
  },
});

/** `topic`: relais.gateway.webhook-deliveries, or a test's own. */
export interface DeliveriesLogOptions extends ReplicatedTableWiring {
  /** The deployment's partition count (the deliveries topics'). */
  partitions: number;
  replayWindowDays?: number | undefined;
  /** A delivery changed here from the changelog, or a partition became this instance's. */
  wake: (agency: AgencyId) => void;
}

export interface DeliveriesLog {
  /** Hands the store (built with `changed` and `owned` below) to the log. */
  attach(store: WebhookStore): void;
  /** WebhookStore `changed`: the delivery's new state goes to the changelog, in order. */
  changed(id: string): void;
  /** WebhookStore `owned`: the partitions of an agency this instance sends. */
  owned(agency: AgencyId): readonly number[];
  /** The deliveries runner's onPartitionAssigned: catch up, then own. */
  assigned(topic: string, partition: number): Promise<void>;
  /** Follows the deliveries group's assignment: partitions taken away stop being sent here. */
  follow(consumer: Consumer): void;
  start(): Promise<void>;
  /** Waits for the states produced so far, then stops. */
  stop(): Promise<void>;
}

export function webhookDeliveriesLog(o: DeliveriesLogOptions): DeliveriesLog {
  const log = o.logger.child({ component: 'webhook-deliveries' });
  let store: WebhookStore | undefined;
  const owned = new Map<AgencyId, Set<number>>();
  const assignment = new Map<AgencyId, Set<number>>();
  let writing: Promise<void> = Promise.resolve();
  let running = false;

  const replica = replicatedTable<null, DeliveryState | null>({
    ...o,
    name: 'webhook-deliveries',
    create: topics.gatewayWebhookDeliveries.spec(o.topic, o.partitions, {
      replayWindowDays: o.replayWindowDays,
    }),
    open: () => null,
    decode: decodeState,
    apply: (_state, _record, s) => {
      if (!s || !store) return;
      if (applyState(store.db, s)) queueMicrotask(() => o.wake(s.agency));
    },
  });

  async function own(agency: AgencyId, partition: number): Promise<void> {
    if (owned.get(agency)?.has(partition)) return;
    // Everything the previous owner wrote about this partition is applied before sending.
    await replica.waitUntil(partition, o.clock.now(), { timeoutMs: Infinity });
    if (!assignment.get(agency)?.has(partition) && assignment.size > 0) return;
    const set = owned.get(agency) ?? new Set<number>();
    set.add(partition);
    owned.set(agency, set);
    log.info({ agency, partition }, 'webhook deliveries of this partition sent here');
    o.wake(agency);
  }

  return {
    attach(s) {
      store = s;
    },
    changed(id) {
      if (!store || !running) return;
      const state = snapshot(store.db, id);
      if (!state) return;
      const record = {
        key: `${state.agency}/${state.eventId}`,
        value: JSON.stringify(state),
        ...(state.partition === null ? {} : { partition: state.partition }),
      };
      // One after the other: a delivery's states reach the changelog in the order they were made.
      writing = writing
        .then(() => o.producer.send(o.topic, [record]))
        .then(
          () => undefined,
          (err: unknown) => {
            // Not written: the next owner sends it again (at-least-once), never lost.
            log.warn({ delivery: id, error: String(err) }, 'delivery state not written');
          },
        );
    },
    owned: (agency) => [...(owned.get(agency) ?? [])],
    async assigned(topic, partition) {
      const agency = topics.deliveries.partOf(topic);
      if (agency) await own(asAgencyId(agency), partition);
    },
    follow(consumer) {
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        assignment.clear();
        for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
          const agency = topics.deliveries.partOf(topic);
          if (agency) assignment.set(asAgencyId(agency), new Set(partitions));
        }
        for (const [agency, set] of owned)
          for (const p of [...set]) if (!assignment.get(agency)?.has(p)) set.delete(p);
        // A partition with nothing new to read still has its pending deliveries: own it now.
        for (const [agency, set] of assignment)
          for (const p of set)
            own(agency, p).catch((err: unknown) =>
              log.warn({ agency, partition: p, error: String(err) }, 'taking over failed'),
            );
      });
    },
    async start() {
      await replica.start();
      running = true;
    },
    async stop() {
      running = false;
      await writing;
      await replica.stop();
    },
  };
}
