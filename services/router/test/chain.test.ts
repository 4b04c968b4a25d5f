// The access log's hash chain names an edited, removed, inserted or reordered record.
import { describe, expect, it } from 'vitest';
import { chainHash, verifyChain, type ChainedRecord } from '../src/domain/chain.ts';

function chain(n: number): Array<{ at: string; record: ChainedRecord }> {
  let previous: string | null = null;
  return Array.from({ length: n }, (_, i) => {
    const record: ChainedRecord = {
      accessId: `a${i}`,
      recipient: 'caf',
      fields: ['postcode'],
      recordedAt: new Date(1_700_000_000_000 + i),
      previousHash: previous,
      hash: null,
    };
    record.hash = chainHash(record);
    previous = record.hash;
    return { at: `log/0@${i}`, record };
  });
}
const relabel = (rs: Array<{ at: string; record: ChainedRecord }>) =>
  rs.map((r, i) => ({ ...r, at: `log/0@${i}` }));

describe('access-log hash chain', () => {
  it('verifies an intact chain', () => {
    expect(verifyChain(chain(5))).toEqual([]);
  });

  it('names an edited record', () => {
    const rs = chain(5);
    rs[2]!.record = { ...rs[2]!.record, recipient: 'dgfip' };
    expect(verifyChain(rs)).toEqual([
      {
        at: 'log/0@2',
        kind: 'edited',
        message: 'log/0@2: the content does not match its hash (edited)',
      },
    ]);
  });

  it('names a removed record', () => {
    const rs = chain(5);
    rs.splice(2, 1);
    expect(verifyChain(relabel(rs)).map((p) => `${p.at} ${p.kind}`)).toEqual(['log/0@2 removed']);
  });

  it('names an inserted record, even one with a valid hash of its own', () => {
    const rs = chain(5);
    const forged: ChainedRecord = {
      accessId: 'x',
      recipient: 'france-travail',
      fields: ['street'],
      recordedAt: new Date(),
      previousHash: rs[1]!.record.hash,
      hash: null,
    };
    forged.hash = chainHash(forged);
    rs.splice(2, 0, { at: '', record: forged });
    expect(verifyChain(relabel(rs)).map((p) => `${p.at} ${p.kind}`)).toEqual(['log/0@2 inserted']);
  });

  it('names reordered records', () => {
    const rs = chain(5);
    [rs[1], rs[2]] = [rs[2]!, rs[1]!];
    expect(verifyChain(relabel(rs)).map((p) => p.kind)).toContain('reordered');
  });
});
