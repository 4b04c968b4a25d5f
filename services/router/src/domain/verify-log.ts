// Verifies one partition of the access log from what holds it — the archive for what Kafka no
// longer keeps, Kafka for the rest — against its signed checkpoints (dec-036): the hash chain names
// an edited, removed, inserted or reordered record (dec-015); each checkpoint's tree head must be
// the Merkle root of the records before it, so a record edited and re-chained after signing, a
// record removed from the archive or a tail cut off are found too. Signatures are checked by the
// caller (adapters): here a checkpoint comes with its verdict. Pure.
import { canonical, verifyChain, type ChainedRecord, type ChainProblem } from './chain.ts';
import { frontierOf, recordLeaf, type CheckpointBody } from './checkpoint.ts';
import { appendLeaf, emptyFrontier, frontierRoot, toHex, type Frontier } from './merkle.ts';

export interface LogRecord {
  offset: number;
  /** The decoded AccessRecorded, `hash` and `previousHash` included (dates as Date or RFC 3339). */
  record: Record<string, unknown>;
  source: 'kafka' | 'archive';
}

export interface CheckedCheckpoint {
  body: CheckpointBody;
  /** Whether Relais' public key verifies its signature. */
  signature: 'valid' | 'invalid';
}

export type LogProblemKind =
  ChainProblem['kind'] | 'archive-differs' | 'checkpoint-signature' | 'checkpoint-mismatch';

export interface LogProblem {
  at: string;
  kind: LogProblemKind;
  message: string;
}

export interface PartitionVerification {
  partition: number;
  /** Records read (archive and Kafka, each offset once). */
  records: number;
  fromArchive: number;
  /** The first and last offsets read (null: none). */
  first: number | null;
  last: number | null;
  /** Checkpoints whose tree head matched the records. */
  checkpoints: number;
  /** The largest tree size proven by a checkpoint. */
  provenUpTo: number;
  /** Records after the latest checkpoint (proven by the chain only, until the next one). */
  pending: number;
  problems: LogProblem[];
}

const text = (v: unknown): string => canonical(v);

/**
 * The archive's and Kafka's records of one partition, each offset once (Kafka's copy kept), in
 * offset order; an offset both hold with different contents is named.
 */
export function mergeSources(
  where: (offset: number) => string,
  archive: readonly LogRecord[],
  kafka: readonly LogRecord[],
): { records: LogRecord[]; problems: LogProblem[] } {
  const problems: LogProblem[] = [];
  const byOffset = new Map<number, LogRecord>();
  for (const r of archive) byOffset.set(r.offset, r);
  for (const r of kafka) {
    const archived = byOffset.get(r.offset);
    if (archived && text(archived.record) !== text(r.record))
      problems.push({
        at: where(r.offset),
        kind: 'archive-differs',
        message: `${where(r.offset)}: the archived record differs from the one Kafka holds (one of them was edited)`,
      });
    byOffset.set(r.offset, r);
  }
  return { records: [...byOffset.values()].sort((a, b) => a.offset - b.offset), problems };
}

export function verifyPartition(o: {
  topic: string;
  partition: number;
  records: readonly LogRecord[];
  checkpoints: readonly CheckedCheckpoint[];
}): PartitionVerification {
  const where = (offset: number) => `${o.topic}/${o.partition}@${offset}`;
  const problems: LogProblem[] = [];
  const checkpoints = [...o.checkpoints].sort((a, b) => a.body.treeSize - b.body.treeSize);
  for (const c of checkpoints)
    if (c.signature !== 'valid')
      problems.push({
        at: `${o.topic}/${o.partition}#${c.body.treeSize}`,
        kind: 'checkpoint-signature',
        message: `checkpoint ${o.topic}/${o.partition}#${c.body.treeSize}: its signature does not verify with Relais' public key (forged or edited)`,
      });
  const trusted = checkpoints.filter((c) => c.signature === 'valid');
  const records = o.records;
  const first = records[0]?.offset ?? null;

  // Where the tree starts: the partition's first record, or a checkpoint exactly where the
  // records still held begin (its frontier carries the tree on).
  let frontier: Frontier = emptyFrontier();
  let chainStart: string | null = null;
  if (first !== null && first > 0) {
    const from = trusted.find((c) => c.body.treeSize === first);
    const f = from ? frontierOf(from.body) : undefined;
    if (from && f) {
      frontier = f;
      chainStart = from.body.chainHead;
    } else {
      problems.push({
        at: where(0),
        kind: 'removed',
        message: `${where(0)}: records [0, ${first}) are neither in the archive nor in Kafka, and no checkpoint starts at ${first} (removed)`,
      });
      frontier = { size: first, hashes: [] };
    }
  }
  problems.push(
    ...verifyChain(
      records.map((r) => ({ at: where(r.offset), record: r.record as unknown as ChainedRecord })),
      first !== null && first > 0 && frontier.hashes.length === 0
        ? ((records[0]?.record['previousHash'] as string | null) ?? null)
        : chainStart,
    ),
  );

  // The Merkle tree, record by record; each checkpoint at its size.
  let treeOk = frontier.size === 0 || frontier.hashes.length > 0;
  let proven = treeOk ? frontier.size : 0;
  let verified = 0;
  let lastProven = frontier.size;
  let chainHead: string | null;
  let ci = trusted.findIndex((c) => c.body.treeSize > frontier.size);
  if (ci < 0) ci = trusted.length;
  for (const r of records) {
    if (!treeOk) break;
    if (r.offset !== frontier.size) {
      problems.push({
        at: where(frontier.size),
        kind: 'removed',
        message: `${where(frontier.size)}: records [${frontier.size}, ${r.offset}) are missing (removed)`,
      });
      treeOk = false;
      break;
    }
    frontier = appendLeaf(frontier, recordLeaf(r.record));
    chainHead = typeof r.record['hash'] === 'string' ? r.record['hash'] : null;
    while (
      ci < trusted.length &&
      (trusted[ci] as CheckedCheckpoint).body.treeSize === frontier.size
    ) {
      const c = (trusted[ci] as CheckedCheckpoint).body;
      if (c.rootHash !== toHex(frontierRoot(frontier)) || c.chainHead !== chainHead) {
        problems.push({
          at: `${o.topic}/${o.partition}#${c.treeSize}`,
          kind: 'checkpoint-mismatch',
          message: `checkpoint ${o.topic}/${o.partition}#${c.treeSize}: records [${lastProven}, ${c.treeSize}) are not the ones it signed (edited, removed, inserted or reordered after signing)`,
        });
        // The signed tree goes on from here: a later range is judged on its own records.
        const signed = frontierOf(c);
        if (signed) {
          frontier = signed;
          chainHead = c.chainHead;
        }
      } else {
        verified += 1;
        proven = c.treeSize;
      }
      lastProven = c.treeSize;
      ci += 1;
    }
  }
  // A checkpoint beyond the last record: the records it covered were cut off.
  const end = frontier.size;
  for (const c of trusted.slice(ci))
    if (treeOk && c.body.treeSize > end)
      problems.push({
        at: where(end),
        kind: 'removed',
        message: `${where(end)}: checkpoint ${o.topic}/${o.partition}#${c.body.treeSize} covers ${c.body.treeSize} records, only ${end} are held (records [${end}, ${c.body.treeSize}) removed)`,
      });
  const last = records.at(-1)?.offset ?? null;
  return {
    partition: o.partition,
    records: records.length,
    fromArchive: records.filter((r) => r.source === 'archive').length,
    first,
    last,
    checkpoints: verified,
    provenUpTo: proven,
    pending: last === null ? 0 : Math.max(0, last + 1 - proven),
    problems,
  };
}
