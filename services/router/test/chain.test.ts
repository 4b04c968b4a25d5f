// The access log's hash chain names an edited, removed, inserted or reordered record.
import { describe, expect, it } from 'vitest';
import { canonical, chainHash, verifyChain, type ChainedRecord } from '../src/domain/chain.ts';

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
  it('keeps the canonical form every chain on the log was hashed with', () => {
    // Pinned: a faster canonical() must give the same bytes, or every recorded chain breaks.
    const record: ChainedRecord = {
      accessId: 'a1',
      recipient: 'caf',
      fields: ['postcode', 'city'],
      purpose: 'Mettre à jour "le" dossier\n',
      consentId: null,
      n: 1.5,
      nested: { b: [1, { z: true }], a: undefined },
      recordedAt: new Date(1_700_000_000_000),
      previousHash: 'f'.repeat(64),
      hash: null,
    };
    expect(canonical(record)).toBe(
      '{"accessId":"a1","consentId":null,"fields":["postcode","city"],"hash":null,"n":1.5,' +
        '"nested":{"a":null,"b":[1,{"z":true}]},"previousHash":"' +
        'f'.repeat(64) +
        '","purpose":"Mettre à jour \\"le\\" dossier\\n","recipient":"caf",' +
        '"recordedAt":"2023-11-14T22:13:20.000Z"}',
    );
    expect(chainHash(record)).toBe(
      '1da88a6d04e55b5ad8c9946c21a2ac327d0eb0378a239a70024769ed8c2836d1',
    );
  });

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
