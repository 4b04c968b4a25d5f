// relais.access-log.checkpoints → the signed checkpoints the citizens' proofs point at (dec-036).
// The value is a compact JWS (ES256) written by the router's checkpointer, the key the access-log
// partition's number. Every checkpoint read is kept (the topic is compacted: the latest per
// partition stays there, all of them in the archive); a proof takes the largest one covering the
// record. Signatures are not checked here: whoever holds the proof checks it with Relais' public
// key (GET /v1/access-log/jwks), and so does the portal.
import type { DatabaseSync } from 'node:sqlite';
import type { Kafka } from 'kafkajs';
import { topics } from '@relais/contracts';
import {
  materialiseTopic,
  PoisonRecordError,
  type ConsumedRecord,
  type Logger,
  type MaterialisedTopic,
  type RelaisProducer,
} from '@relais/kit';
import { checkpointBodyOf } from '@relais/router/checkpoint-key';
import type { CheckpointBody } from '@relais/router/checkpoint';
import type { KnownCheckpoint } from '../adapters/access-log-store.ts';

export function checkpointStore(db: DatabaseSync) {
  db.exec(`CREATE TABLE IF NOT EXISTS checkpoints (log TEXT NOT NULL, partition INTEGER NOT NULL,
    tree_size INTEGER NOT NULL, jws TEXT NOT NULL, PRIMARY KEY (log, partition, tree_size))`);
  const put = db.prepare(
    'INSERT OR IGNORE INTO checkpoints (log, partition, tree_size, jws) VALUES (?, ?, ?, ?)',
  );
  const list = db.prepare(
    'SELECT tree_size, jws FROM checkpoints WHERE log = ? AND partition = ? ORDER BY tree_size DESC LIMIT 64',
  );
  return {
    add(body: CheckpointBody, jws: string): void {
      put.run(body.log, body.partition, body.treeSize, jws);
    },
    /** The latest 64 of a partition, the largest first. */
    of(log: string, partition: number): KnownCheckpoint[] {
      return (list.all(log, partition) as Array<{ tree_size: number; jws: string }>).map((r) => ({
        treeSize: r.tree_size,
        jws: r.jws,
      }));
    },
  };
}

export type CheckpointStore = ReturnType<typeof checkpointStore>;

export function decodeCheckpoint(record: Pick<ConsumedRecord, 'value'>): {
  body: CheckpointBody;
  jws: string;
} {
  const jws = record.value?.toString('utf8') ?? '';
  const body = checkpointBodyOf(jws);
  if (!body)
    throw new PoisonRecordError(
      'checkpoints.not-a-checkpoint',
      'value: expected a compact JWS of an access-log checkpoint',
    );
  return { body, jws };
}

export function checkpointsConsumer(deps: {
  kafka: Kafka;
  producer: RelaisProducer;
  logger: Logger;
  dataDir: string;
  topic: string;
  group: string;
}): MaterialisedTopic<CheckpointStore> {
  return materialiseTopic<CheckpointStore, { body: CheckpointBody; jws: string }>({
    kafka: deps.kafka,
    logger: deps.logger,
    topic: deps.topic,
    group: deps.group,
    dataDir: deps.dataDir,
    name: 'checkpoints',
    create: topics.accessLogCheckpoints.spec(deps.topic),
    deadLetter: { topic: topics.deadLetters.name('consent'), producer: deps.producer },
    open: checkpointStore,
    decode: decodeCheckpoint,
    apply: (store, _record, { body, jws }) => store.add(body, jws),
  });
}
