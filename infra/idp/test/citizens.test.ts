// The demo accounts: the repository's file loads, offers at least six accounts over the three
// eIDAS levels, and a NIR or a malformed pivot identity is refused with what to fix.
import { describe, expect, it } from 'vitest';
import { CitizensFileError, loadCitizens, parseCitizens } from '../src/index.ts';

const valid = {
  handle: 'alex',
  name: 'Alex Test',
  eidas_max: 'eidas2',
  identity: {
    given_name: 'Alex',
    family_name: 'TEST',
    preferred_username: '',
    birthdate: '1990-01-31',
    gender: 'male',
    birthplace: '75056',
    birthcountry: '99100',
    email: 'alex@example.org',
  },
  birthplace_name: 'Paris',
  birthcountry_name: 'France',
};

function problems(entry: unknown): string[] {
  try {
    parseCitizens({ citizens: [entry] });
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(CitizensFileError);
    return (e as CitizensFileError).problems;
  }
}

describe('infra/citizens/citizens.yaml', () => {
  it('offers at least six demo accounts over the three levels, with a pivot identity each', () => {
    const citizens = loadCitizens();
    expect(citizens.length).toBeGreaterThanOrEqual(6);
    expect(new Set(citizens.map((c) => c.eidasMax))).toEqual(
      new Set(['eidas1', 'eidas2', 'eidas3']),
    );
    for (const handle of ['camille', 'yanis', 'josette']) {
      expect(citizens.map((c) => c.handle)).toContain(handle);
    }
    // Born abroad: no commune, a foreign country; born in Corsica: a code with a letter.
    expect(
      citizens.some((c) => c.identity.birthplace === '' && c.identity.birthcountry !== '99100'),
    ).toBe(true);
    expect(citizens.some((c) => /^2[AB]/.test(c.identity.birthplace))).toBe(true);
  });
});

describe('parseCitizens', () => {
  it('accepts a well-formed account', () => {
    expect(problems(valid)).toEqual([]);
  });

  it('refuses a NIR, whatever the field is called', () => {
    expect(problems({ ...valid, nir: '1900175056123' })).toEqual([
      'citizens[0].nir: demo accounts never carry a NIR',
      'citizens[0].nir: looks like a NIR; demo accounts never carry one',
    ]);
    expect(problems({ ...valid, notes: '2 90 01 2A 004 123 45' })[0]).toMatch(/looks like a NIR/);
  });

  it('names the citizen, the field and the expectation', () => {
    const p = problems({
      ...valid,
      eidas_max: 'eidas4',
      identity: {
        ...valid.identity,
        birthdate: 1990,
        gender: 'x',
        family_name: 'Test',
        birthplace: '',
      },
    });
    expect(p).toEqual([
      'citizens[alex].eidas_max: expected eidas1, eidas2 or eidas3',
      'citizens[alex].identity.birthdate: expected a string (quote dates and codes)',
      'citizens[alex].identity.family_name: upper-case letters, as FranceConnect sends it',
      'citizens[alex].identity.gender: expected female or male',
      "citizens[alex].identity.birthplace: expected the INSEE code of the commune when born in France, '' otherwise",
    ]);
    expect(
      problems({ ...valid, identity: { ...valid.identity, birthdate: '1990-02-30' } }),
    ).toEqual(['citizens[alex].identity.birthdate: expected a date YYYY-MM-DD']);
    expect(problems({ ...valid, identity: undefined })[0]).toMatch(
      /identity: expected the pivot identity/,
    );
  });
});
