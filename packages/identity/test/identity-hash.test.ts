// Linking without a NIR: the normalised identité pivot, its keyed hash (pure, no Kafka).
import { describe, expect, it } from 'vitest';
import {
  hashClaims,
  identityHash,
  normaliseIdentity,
  normaliseName,
  type PivotIdentity,
} from '../src/index.ts';

const key = Buffer.alloc(32, 3);
const antoine: PivotIdentity = {
  given_name: 'Antoine Jean-Baptiste',
  family_name: 'SANTONI',
  birthdate: '1962-08-20',
  gender: 'male',
  birthplace: '2A004',
  birthcountry: '99100',
};

describe('normalised identité pivot', () => {
  it('ignores case, accents, ligatures, hyphens, apostrophes and spaces in names', () => {
    expect(normaliseName('  Jean-Baptiste  ')).toBe('JEAN BAPTISTE');
    expect(normaliseName('jean   baptiste')).toBe('JEAN BAPTISTE');
    expect(normaliseName('Inês')).toBe('INES');
    expect(normaliseName('Hélène Zoé')).toBe('HELENE ZOE');
    expect(normaliseName('Cœur')).toBe('COEUR');
    expect(normaliseName("D'Artagnan")).toBe('D ARTAGNAN');
    expect(normaliseName('O’Brien')).toBe('O BRIEN');
    expect(normaliseName('ÆLIS')).toBe('AELIS');
    expect(normaliseName('Straße')).toBe('STRASSE');
  });

  it('hashes two spellings of one identity alike, and any other field apart', () => {
    const same = hashClaims(key, {
      ...antoine,
      given_name: 'antoine  jean baptiste',
      family_name: 'Santoni ',
      gender: 'MALE',
      birthplace: '2a004',
    });
    expect(same).toBe(identityHash(key, normaliseIdentityOk(antoine)));
    for (const [claim, value] of [
      ['given_name', 'Antoine'],
      ['family_name', 'SANTONY'],
      ['birthdate', '1962-08-21'],
      ['gender', 'female'],
      ['birthplace', '2B004'],
    ] as const) {
      expect(hashClaims(key, { ...antoine, [claim]: value }), claim).not.toBe(same);
    }
    // Another key, another hash: the hash says nothing without Relais' identity key.
    expect(hashClaims(Buffer.alloc(32, 4), antoine)).not.toBe(same);
    expect(same).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('is born abroad without a commune, and refuses what is no identité pivot, naming the claim', () => {
    expect(
      'identity' in
        normaliseIdentity({
          given_name: 'Inês',
          family_name: 'CARVALHO',
          birthdate: '1995-05-30',
          gender: 'female',
          birthplace: '',
          birthcountry: '99139',
        }),
    ).toBe(true);
    const bad = normaliseIdentity({
      given_name: ' ',
      family_name: 'X',
      birthdate: '30/05/1995',
      gender: 'unknown',
      birthplace: '',
      birthcountry: '99100',
      // A NIR is not a claim of the identité pivot: it is ignored, never hashed.
      ...({ nir: '1 95 05 75 056 123 45' } as object),
    });
    expect('problems' in bad && bad.problems.map((p) => p.claim)).toEqual([
      'given_name',
      'birthdate',
      'gender',
      'birthplace',
    ]);
    expect(hashClaims(key, { family_name: 'X' })).toBeUndefined();
    expect(() => identityHash(Buffer.alloc(8), antoine)).toThrow(/32 bytes/);
  });
});

function normaliseIdentityOk(claims: PivotIdentity): PivotIdentity {
  const r = normaliseIdentity(claims);
  if (!('identity' in r)) throw new Error('expected an identity');
  return r.identity;
}
