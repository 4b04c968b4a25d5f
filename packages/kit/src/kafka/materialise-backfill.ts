// materialiseTopic's backfill: a partition file that stands before the topic's first offset (a lost
// data directory, records expired since) is brought up to date from an archive first, in
// transactions of BATCH records with the partition's next offset, as the apply loop does.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Admin } from 'kafkajs';
import type { Logger } from '../logging.ts';
import type { MaterialiseOptions } from './materialise-parts.ts';
import { PoisonRecordError } from './dead-letter.ts';
import { coordinates, type ConsumedRecord } from './records.ts';

const BATCH = 1000;

export async function backfillPartition<S, T>(o: {
  db: DatabaseSync;
  state: S;
  setNext: StatementSync;
  from: number;
  records: Iterable<ConsumedRecord>;
  decode?: ((record: ConsumedRecord) => T | Promise<T>) | undefined;
  apply: (store: S, record: ConsumedRecord, value: T) => void;
  log: Logger;
}): Promise<number> {
  let next = o.from;
  let batch: Array<{ record: ConsumedRecord; value: T }> = [];
  const commit = () => {
    if (batch.length === 0) return;
    o.db.exec('BEGIN');
    try {
      for (const { record, value } of batch) o.apply(o.state, record, value);
      o.setNext.run(next);
      o.db.exec('COMMIT');
    } catch (err) {
      o.db.exec('ROLLBACK');
      throw err;
    }
    batch = [];
  };
  for (const record of o.records) {
    const offset = Number(record.offset);
    if (offset < next) continue;
    try {
      const value = o.decode ? await o.decode(record) : (undefined as unknown as T);
      batch.push({ record, value });
    } catch (err) {
      if (!(err instanceof PoisonRecordError)) throw err;
      o.log.warn(
        { origin: coordinates(record), reason: err.reason },
        'archived record unreadable; skipped',
      );
    }
    next = offset + 1;
    if (batch.length >= BATCH) commit();
  }
  commit();
  return next;
}

/** Each partition of `scope` whose file stands before the topic's first offset, backfilled. */
export async function backfillFiles<S, T>(
  admin: Admin,
  scope: readonly number[],
  next: (partition: number) => number,
  file: (partition: number) => { db: DatabaseSync; state: S; setNext: StatementSync },
  moved: (partition: number, to: number) => void,
  options: Pick<MaterialiseOptions<S, T>, 'topic' | 'backfill' | 'decode' | 'apply'>,
  log: Logger,
): Promise<void> {
  const { backfill } = options;
  if (!backfill) return;
  for (const { partition, low } of await admin.fetchTopicOffsets(options.topic)) {
    const from = next(partition);
    if (!scope.includes(partition) || from >= Number(low)) continue;
    const to = await backfillPartition({
      ...file(partition),
      from,
      records: backfill(partition, from),
      decode: options.decode,
      apply: options.apply,
      log,
    });
    moved(partition, to);
    log.info({ partition, from, to, low: Number(low) }, 'backfilled from the archive');
    if (to < Number(low))
      log.error(
        { partition, archivedUpTo: to, low: Number(low) },
        'records between the archive and the topic start are lost',
      );
  }
}
