// The access log's checkpointer (dec-036), in the router: reads relais.access-log partition by
// partition, copies each record to the archive (append-only), folds it into the partition's
// Merkle tree and, every `everyRecords` records or every `everyMs` with records pending, signs a
// checkpoint, archives it, then publishes it on relais.access-log.checkpoints (compacted, key: the
// partition's number; value: the compact JWS). Records are archived before the checkpoint that
// covers them, so the archive always holds what a checkpoint proves. Its state is the archive
// itself: a restart goes on from the archive's end, the tree from its latest checkpoint.
import { randomBytes } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import type { AvroSerde, Clock, Logger, RelaisProducer } from '@relais/kit';
import { appendRecord, checkpointBody, frontierOf, type TreeState } from '../domain/checkpoint.ts';
import { emptyFrontier } from '../domain/merkle.ts';
import type { AccessArchive, ArchivedRecord } from './archive.ts';
import { checkpointBodyOf, type CheckpointSigner } from './checkpoint-key.ts';

export interface CheckpointerOptions {
  kafka: Kafka;
  producer: RelaisProducer;
  serde: Pick<AvroSerde, 'decode'>;
  logger: Logger;
  clock: Clock;
  archive: AccessArchive;
  signer: CheckpointSigner;
  /** The access log's topic and its checkpoints' topic. */
  topic: string;
  checkpointsTopic: string;
  group: string;
  /** A checkpoint at least every this many records of a partition (1000). */
  everyRecords?: number;
  /** And at least this often while records are pending (60 s). */
  everyMs?: number;
}

interface PartitionState {
  tree: TreeState;
  /** Records folded since the last checkpoint. */
  pending: number;
  /** The records before the archive's start are lost: no checkpoint can cover this partition. */
  broken: boolean;
  queue: Promise<unknown>;
}

export interface Checkpointer {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Checkpoints every partition with pending records now (tests, a stop). */
  flush(): Promise<void>;
  /** Records archived and folded per partition. */
  positions(): Record<number, number>;
}

export function accessLogCheckpointer(o: CheckpointerOptions): Checkpointer {
  const log = o.logger.child({ component: 'checkpointer', topic: o.topic });
  const everyRecords = o.everyRecords ?? 1000;
  const states = new Map<number, PartitionState>();
  let consumer: Consumer | undefined;
  let timer: NodeJS.Timeout | undefined;

  const decode = async (value: Buffer): Promise<Record<string, unknown>> =>
    (await o.serde.decode<Record<string, unknown>>(value)).value;

  /** The tree at the archive's end: the latest archived checkpoint, then the records after it. */
  async function restore(partition: number, low: number): Promise<PartitionState> {
    const end = o.archive.end(o.topic, partition);
    const latest = o.archive
      .checkpoints(o.topic, partition)
      .map(checkpointBodyOf)
      .filter((b) => b !== undefined && b.treeSize <= end)
      .sort((a, b) => (a?.treeSize ?? 0) - (b?.treeSize ?? 0))
      .at(-1);
    const frontier = latest ? frontierOf(latest) : undefined;
    let tree: TreeState = frontier
      ? { frontier, chainHead: latest?.chainHead ?? null }
      : { frontier: emptyFrontier(), chainHead: null };
    for (const r of o.archive.records(o.topic, partition, tree.frontier.size))
      tree = appendRecord(tree, await decode(r.value));
    const broken = end < low;
    if (broken)
      log.error(
        { partition, archived: end, low },
        'records before the topic start were never archived: checkpoints cannot cover this partition',
      );
    return {
      tree,
      pending: tree.frontier.size - (latest?.treeSize ?? 0),
      broken,
      queue: Promise.resolve(),
    };
  }

  function checkpoint(partition: number): Promise<void> {
    const s = states.get(partition);
    if (!s || s.broken || s.pending === 0) return Promise.resolve();
    const run = async () => {
      if (s.pending === 0) return;
      const body = checkpointBody({
        log: o.topic,
        partition,
        frontier: s.tree.frontier,
        chainHead: s.tree.chainHead,
        issuedAt: o.clock.now(),
      });
      const jws = await o.signer.sign(body);
      o.archive.appendCheckpoint(o.topic, partition, jws);
      await o.producer.send(o.checkpointsTopic, [
        { key: String(partition), value: jws, headers: { 'content-type': 'application/jose' } },
      ]);
      s.pending -= s.pending > 0 ? s.pending : 0;
      log.debug({ partition, treeSize: body.treeSize }, 'checkpoint signed');
    };
    const next = s.queue.then(run, run);
    s.queue = next.catch(() => undefined);
    return next;
  }

  async function fold(partition: number, records: ArchivedRecord[]): Promise<void> {
    const s = states.get(partition);
    if (!s || s.broken) return;
    const fresh = records.filter((r) => r.offset >= s.tree.frontier.size);
    if (fresh.length === 0) return;
    // Offsets of the access log are contiguous (idempotent, non-transactional producers).
    o.archive.appendRecords(o.topic, partition, fresh);
    let tree = s.tree;
    for (const r of fresh) tree = appendRecord(tree, await decode(r.value));
    s.tree = tree;
    s.pending += fresh.length;
    if (s.pending >= everyRecords) await checkpoint(partition);
  }

  return {
    async start() {
      const admin = o.kafka.admin();
      await admin.connect();
      const offsets = await admin.fetchTopicOffsets(o.topic).finally(() => admin.disconnect());
      for (const p of offsets) states.set(p.partition, await restore(p.partition, Number(p.low)));
      consumer = o.kafka.consumer({
        groupId: `${o.group}.${randomBytes(4).toString('hex')}`,
        maxWaitTimeInMs: 100,
        allowAutoTopicCreation: false,
      });
      const c = consumer;
      c.on(c.events.GROUP_JOIN, () => {
        for (const [partition, s] of states)
          if (!s.broken)
            c.seek({ topic: o.topic, partition, offset: String(s.tree.frontier.size) });
      });
      await c.connect();
      await c.subscribe({ topic: o.topic, fromBeginning: true });
      await c.run({
        eachBatch: async ({ batch }) => {
          await fold(
            batch.partition,
            batch.messages.map((m) => ({
              offset: Number(m.offset),
              timestamp: Number(m.timestamp),
              key: m.key ? m.key.toString('utf8') : null,
              value: m.value ?? Buffer.alloc(0),
            })),
          );
        },
      });
      timer = setInterval(() => {
        for (const partition of states.keys())
          checkpoint(partition).catch((err: unknown) =>
            log.warn(
              { partition, error: err instanceof Error ? err.message : String(err) },
              'checkpoint failed; retried at the next tick',
            ),
          );
      }, o.everyMs ?? 60_000);
      timer.unref();
      log.info(
        { partitions: Object.fromEntries([...states].map(([p, s]) => [p, s.tree.frontier.size])) },
        'checkpointing the access log',
      );
    },
    async flush() {
      await Promise.all([...states.keys()].map((p) => checkpoint(p)));
    },
    async stop() {
      clearInterval(timer);
      await consumer?.disconnect();
      // What was archived since the last checkpoint is signed before leaving.
      await Promise.all([...states.keys()].map((p) => checkpoint(p))).catch((err: unknown) =>
        log.warn(
          { error: err instanceof Error ? err.message : String(err) },
          'last checkpoint failed',
        ),
      );
    },
    positions: () => Object.fromEntries([...states].map(([p, s]) => [p, s.tree.frontier.size])),
  };
}
