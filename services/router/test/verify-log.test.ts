// Verification of one partition from its checkpoints: records kept by the archive and by Kafka,
// edited, removed, inserted or reordered records named; a forged checkpoint named.
import { describe, expect, it } from 'vitest';
import { chainHash, type ChainedRecord } from '../src/domain/chain.ts';
import { appendRecord, checkpointBody, type TreeState } from '../src/domain/checkpoint.ts';
import { emptyFrontier } from '../src/domain/merkle.ts';
import {
  mergeSources,
  verifyPartition,
  type CheckedCheckpoint,
  type LogRecord,
} from '../src/domain/verify-log.ts';

const T0 = Date.UTC(2030, 0, 1);

function chained(n: number, from: string | null = null): Array<Record<string, unknown>> {
  let previous = from;
  return Array.from({ length: n }, (_, i) => {
    const r: ChainedRecord = {
      accessId: `a${i}`,
      recipient: 'caf',
      fields: ['postcode'],
      recordedAt: new Date(T0 + i),
      previousHash: previous,
      hash: null,
    };
    r.hash = chainHash(r);
    previous = r.hash;
    return r;
  });
}

function checkpoints(records: Array<Record<string, unknown>>, every: number): CheckedCheckpoint[] {
  let tree: TreeState = { frontier: emptyFrontier(), chainHead: null };
  const out: CheckedCheckpoint[] = [];
  records.forEach((r, i) => {
    tree = appendRecord(tree, r);
    if ((i + 1) % every === 0)
      out.push({
        signature: 'valid',
        body: checkpointBody({ log: 'log', partition: 0, ...tree, issuedAt: new Date(T0) }),
      });
  });
  return out;
}

const asLog = (
  rs: Array<Record<string, unknown>>,
  source: LogRecord['source'] = 'kafka',
  from = 0,
) => rs.map((record, i) => ({ offset: from + i, record, source }));

const kinds = (v: { problems: Array<{ kind: string; at: string }> }) =>
  v.problems.map((p) => `${p.kind} ${p.at}`);

describe('verifying a partition from checkpoints', () => {
  const rs = chained(50);
  const cps = checkpoints(rs, 10);

  it('proves an intact partition up to its latest checkpoint', () => {
    const v = verifyPartition({ topic: 'log', partition: 0, records: asLog(rs), checkpoints: cps });
    expect(v.problems).toEqual([]);
    expect(v).toMatchObject({ records: 50, checkpoints: 5, provenUpTo: 50, pending: 0 });
  });

  it('goes on from the checkpoint where the records still held begin', () => {
    const v = verifyPartition({
      topic: 'log',
      partition: 0,
      records: asLog(rs.slice(20), 'kafka', 20),
      checkpoints: cps,
    });
    expect(v.problems).toEqual([]);
    expect(v.provenUpTo).toBe(50);
  });

  it('names records neither archived nor in Kafka', () => {
    const v = verifyPartition({
      topic: 'log',
      partition: 0,
      records: asLog(rs.slice(25), 'kafka', 25),
      checkpoints: cps,
    });
    expect(kinds(v)).toEqual(['removed log/0@0']);
  });

  it('names an archived record removed, and a checkpoint whose records were cut off', () => {
    const held = asLog(rs).filter((r) => r.offset !== 12);
    expect(
      kinds(verifyPartition({ topic: 'log', partition: 0, records: held, checkpoints: cps })),
    ).toEqual(['removed log/0@13', 'removed log/0@12']);
    const cut = asLog(rs.slice(0, 45));
    expect(
      kinds(verifyPartition({ topic: 'log', partition: 0, records: cut, checkpoints: cps })),
    ).toEqual(['removed log/0@45']);
  });

  it('finds a record edited and re-chained after signing through the checkpoint', () => {
    const forged = chained(50).map((r) => ({ ...r }));
    // The forger edits record 33 and recomputes every hash after it: the chain is whole again.
    const edited = [
      ...rs.slice(0, 33),
      ...chained(17, rs[32]!['hash'] as string).map((r, i) =>
        i === 0 ? { ...r, recipient: 'dgfip' } : r,
      ),
    ];
    let previous = rs[32]!['hash'] as string;
    const rechained = edited.map((r, i) => {
      if (i < 33) return r;
      const c = {
        ...r,
        accessId: `a${i}`,
        recordedAt: new Date(T0 + i),
        previousHash: previous,
        hash: null,
      } as ChainedRecord;
      c.hash = chainHash(c);
      previous = c.hash;
      return c;
    });
    expect(forged.length).toBe(50);
    const v = verifyPartition({
      topic: 'log',
      partition: 0,
      records: asLog(rechained),
      checkpoints: cps,
    });
    expect(kinds(v)).toEqual(['checkpoint-mismatch log/0#40', 'checkpoint-mismatch log/0#50']);
    expect(v.provenUpTo).toBe(30);
  });

  it('names an edited archived record and a forged checkpoint', () => {
    const archive = asLog(rs.slice(0, 30), 'archive');
    archive[4] = { ...archive[4]!, record: { ...archive[4]!.record, recipient: 'dgfip' } };
    const merged = mergeSources((o) => `log/0@${o}`, archive, asLog(rs.slice(20), 'kafka', 20));
    const forged = cps.map((c, i) => (i === 1 ? { ...c, signature: 'invalid' as const } : c));
    const v = verifyPartition({
      topic: 'log',
      partition: 0,
      records: merged.records,
      checkpoints: forged,
    });
    expect(kinds(v)).toEqual([
      'checkpoint-signature log/0#20',
      'edited log/0@4',
      'checkpoint-mismatch log/0#10',
    ]);
  });

  it('names an offset whose archived copy differs from Kafka', () => {
    const archive = asLog(rs.slice(0, 30), 'archive');
    archive[25] = { ...archive[25]!, record: { ...archive[25]!.record, recipient: 'dgfip' } };
    const merged = mergeSources((o) => `log/0@${o}`, archive, asLog(rs.slice(20), 'kafka', 20));
    expect(merged.problems.map((p) => `${p.kind} ${p.at}`)).toEqual(['archive-differs log/0@25']);
  });
});
