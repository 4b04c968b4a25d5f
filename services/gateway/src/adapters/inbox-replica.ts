// Every gateway instance's own replica of the inboxes (dec-046): each agency's
// relais.deliveries.<agency> materialised (kit materialiseTopic, one file per partition, a group
// of its own per instance), and relais.gateway.inbox-acks, the agencies' acknowledgements, on a
// compacted topic keyed by agency that every instance materialises. An acknowledgement answered
// by one instance is produced (acks=all) and applied by its own replica before the answer, so the
// next read on any instance that caught up with it skips what was acknowledged.
import path from 'node:path';
import type { Kafka } from 'kafkajs';
import { asAgencyId, topics, type AgencyId } from '@relais/contracts';
import {
  materialiseTopic,
  PoisonRecordError,
  type AvroSerde,
  type Clock,
  type ConsumedRecord,
  type Logger,
  type MaterialisedTopic,
  type RelaisProducer,
} from '@relais/kit';
import { decodeDelivery, deliveriesTopic, type Delivery } from '../consumers/deliveries.ts';
import { at, covers, encodeCursor, furthest, type OffsetVector } from '../domain/cursor.ts';
import type { GatewayStats } from '../domain/stats.ts';
import {
  ackStore,
  inboxPartitionStore,
  inboxView,
  type AckStore,
  type InboxPartition,
  type InboxView,
  type LongPolls,
} from './inbox.ts';

export interface InboxReplicaOptions {
  kafka: Kafka;
  producer: RelaisProducer;
  logger: Logger;
  serde: AvroSerde;
  clock: Clock;
  agencies: AgencyId[];
  /** Folder of the replica's files (the gateway's data directory's `inbox/`). */
  dataDir: string;
  /** Names its groups, one per start (`<group>.<random>`): service and instance. */
  group: string;
  /** relais.gateway.inbox-acks, or a test's own. */
  acksTopic: string;
  /** How long deliveries stay on their topics (ms, -1: for ever): older rows are pruned. */
  retentionMs: number;
  stats: GatewayStats;
  longPolls: Pick<LongPolls, 'notify'>;
}

interface AckRecord {
  agency: AgencyId;
  next: number[];
}

/** An acknowledgement as written: key = agency, value = `{ "next": [offsets…] }`. */
function decodeAck(record: ConsumedRecord): AckRecord | undefined {
  const agency = record.key?.toString('utf8');
  if (!agency) throw new PoisonRecordError('inbox-ack.no-key', 'key: expected the agency id');
  if (record.value === null) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(record.value.toString('utf8'));
  } catch {
    throw new PoisonRecordError('inbox-ack.not-json', 'value: expected JSON');
  }
  const next = (parsed as { next?: unknown } | null)?.next;
  if (!Array.isArray(next) || !next.every((n) => Number.isSafeInteger(n) && (n as number) >= 0))
    throw new PoisonRecordError('inbox-ack.next', 'value.next: expected offsets (integers ≥ 0)');
  return { agency: asAgencyId(agency), next: next as number[] };
}

export interface InboxReplica {
  view: InboxView;
  /**
   * Before a read: this replica applied every acknowledgement on the topic when called (one made
   * on another instance included), or waited `timeoutMs` (default 2 s) and goes on with its own.
   */
  fresh(timeoutMs?: number): Promise<void>;
  /** Everything on the topics when called is applied here (start, readiness). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Acknowledges up to `cursor` (offsets past what this replica holds are first waited for,
   * then capped at it); answers once its own replica applied it: the acknowledged cursor.
   */
  ack(agency: AgencyId, cursor: OffsetVector): Promise<string>;
  /** Resolves once this replica applied that record of relais.deliveries.<agency>. */
  applied(agency: AgencyId, partition: number, offset: number): Promise<void>;
}

export function inboxReplica(o: InboxReplicaOptions): InboxReplica {
  const log = o.logger.child({ component: 'inbox' });
  const dlq = topics.deadLetters.name('gateway-inbox');
  const deadLetter = { topic: dlq, producer: o.producer };
  const now = (): number => o.clock.now().getTime();

  const acks: MaterialisedTopic<AckStore> = materialiseTopic<AckStore, AckRecord | undefined>({
    kafka: o.kafka,
    logger: o.logger,
    topic: o.acksTopic,
    group: `${o.group}.acks`,
    dataDir: o.dataDir,
    name: 'inbox-acks',
    create: topics.gatewayInboxAcks.spec(o.acksTopic),
    open: (db) => ackStore(db),
    decode: decodeAck,
    apply: (store, record, value) => {
      if (!value) return;
      const moved = store.apply(value.agency, value.next, Number(record.timestamp));
      // Bodies below the acknowledgement are forgotten once this transaction is done.
      if (moved.length) queueMicrotask(() => forget(value.agency));
    },
    deadLetter,
  });
  const ackState = (): AckStore => acks.store(0);

  const replicas = new Map<AgencyId, MaterialisedTopic<InboxPartition>>(
    o.agencies.map((agency) => [
      agency,
      materialiseTopic<InboxPartition, Delivery>({
        kafka: o.kafka,
        logger: o.logger,
        topic: deliveriesTopic(agency),
        group: `${o.group}.deliveries`,
        dataDir: o.dataDir,
        open: (db) => inboxPartitionStore(db),
        decode: (record) => decodeDelivery(o.serde, record),
        apply: (store, record, delivery) => {
          const offset = Number(record.offset);
          const acked = at(ackState().acked(agency), record.partition) > offset;
          if (store.add(offset, delivery.event, Number(record.timestamp), acked)) {
            o.longPolls.notify(agency);
            return;
          }
          o.stats.duplicates.inbox += 1;
          log.info({ event: delivery.event.id, agency }, 'duplicate delivery skipped');
        },
        deadLetter,
      }),
    ]),
  );

  function partitionsOf(agency: AgencyId): InboxPartition[] {
    const replica = replicas.get(agency);
    return replica ? replica.stores() : [];
  }

  function forget(agency: AgencyId): void {
    try {
      const next = ackState().acked(agency);
      partitionsOf(agency).forEach((store, p) => store.forgetBelow(at(next, p)));
    } catch (err) {
      // Stopped meanwhile: the next start forgets them (start() runs it for every agency).
      log.debug({ agency, error: String(err) }, 'forgetting acknowledged bodies deferred');
    }
  }

  function prune(): void {
    if (o.retentionMs < 0) return;
    const before = now() - o.retentionMs;
    for (const agency of replicas.keys())
      for (const store of partitionsOf(agency)) store.pruneBefore(before);
    ackState().pruneBefore(before);
  }
  let pruning: NodeJS.Timeout | undefined;

  const view = inboxView({
    partitions: partitionsOf,
    acks: {
      acked: (agency) => ackState().acked(agency),
      ackedAt: (...a) => ackState().ackedAt(...a),
    },
    agencies: () => replicas.keys(),
  });

  async function write(agency: AgencyId, next: number[]): Promise<void> {
    const [meta] = await o.producer.send(o.acksTopic, [
      { key: agency, value: JSON.stringify({ next }) },
    ]);
    if (!meta) throw new Error(`${o.acksTopic}: no record metadata for the acknowledgement`);
    await acks.waitFor(meta.partition, Number(meta.baseOffset));
  }

  return {
    view,
    async fresh(timeoutMs = 2_000) {
      await acks.waitForLatest({ timeoutMs }).catch((err: unknown) => {
        log.warn({ error: String(err) }, 'acknowledgements not caught up; reading this replica');
      });
    },
    async start() {
      // Acknowledgements first: a rebuilt inbox then keeps no acknowledged body.
      await acks.start();
      await acks.caughtUp({ timeoutMs: Infinity });
      await Promise.all([...replicas.values()].map((r) => r.start()));
      await Promise.all([...replicas.values()].map((r) => r.caughtUp({ timeoutMs: Infinity })));
      for (const agency of replicas.keys()) forget(agency);
      prune();
      pruning = setInterval(prune, 3_600_000);
      pruning.unref();
    },
    async stop() {
      clearInterval(pruning);
      await Promise.all([...replicas.values()].map((r) => r.stop()));
      await acks.stop();
    },
    async ack(agency, cursor) {
      const replica = replicas.get(agency);
      if (!replica) throw new Error(`no inbox for ${agency}`);
      const held = (): Record<number, number> => replica.positions();
      const count = Object.keys(held()).length;
      // A cursor from an instance further ahead: wait (briefly) for this replica to hold it.
      await Promise.all(
        Array.from({ length: count }, (_, p) =>
          at(cursor, p) > (held()[p] ?? 0)
            ? replica.waitFor(p, at(cursor, p) - 1, { timeoutMs: 2_000 }).catch(() => undefined)
            : undefined,
        ),
      );
      const capped = Array.from({ length: count }, (_, p) =>
        Math.min(at(cursor, p), held()[p] ?? 0),
      );
      let target = furthest(ackState().acked(agency), capped, count);
      // Compaction keeps the latest record per agency: it must hold every partition's furthest
      // offset. A concurrent acknowledgement on another instance may have written a vector that
      // lacks ours (or ours lacks its): write the union again until the latest is the union.
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const current = ackState().acked(agency);
        if (attempt > 0 && covers(target, current)) break;
        if (attempt === 0 && covers(current, target)) break;
        target = furthest(current, target, count);
        await write(agency, target);
      }
      return encodeCursor(furthest(ackState().acked(agency), [], count));
    },
    applied(agency, partition, offset) {
      const replica = replicas.get(agency);
      if (!replica) return Promise.reject(new Error(`no inbox for ${agency}`));
      return replica.waitFor(partition, offset);
    },
  };
}

export const inboxDataDir = (dataDir: string): string => path.join(dataDir, 'inbox');
