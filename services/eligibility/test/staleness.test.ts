// Staleness: a parameter the law revalues each year has this year's value once its date has
// come, or an explicit, dated "not published yet" entry. Dates are handed to the check; the CI
// hands it the day it runs (RELAIS_PARAMETERS_DUE_ON, set by scripts/test.ts), never the tests.
import { describe, expect, it } from 'vitest';
import { parameter, type Parameter } from '../src/domain/parameters.ts';
import { parameterBook } from '../src/domain/rules/index.ts';
import { BOOK_REVIEWED_ON, RECHECK_DAYS, staleParameters } from '../src/domain/staleness.ts';

const book = (...ps: Array<Parameter<unknown>>) => new Map(ps.map((p) => [p.id, p]));
const revaluedOnApril = (extra: Partial<Parameter<number>> = {}) =>
  parameter<number>({
    id: 'test.montant',
    description: 'a montant revalued on 1 April',
    unit: 'EUR-cents',
    values: [{ from: '2030-04-01', value: 100, source: 'test: décret du 30 mars 2030' }],
    revalued: { on: '04-01', basis: 'test: revalued on 1 April' },
    ...extra,
  });

describe('staleParameters', () => {
  it('is silent before the revaluation date, and names the parameter from that day on', () => {
    expect(staleParameters(book(revaluedOnApril()), '2031-03-31')).toEqual([]);
    expect(staleParameters(book(revaluedOnApril()), '2031-04-01')).toEqual([
      {
        id: 'test.montant',
        due: '2031-04-01',
        reason: 'missing',
        basis: 'test: revalued on 1 April',
      },
    ]);
  });

  it('is silent once the value of the year is there', () => {
    const p = revaluedOnApril();
    p.values.push({ from: '2031-04-01', value: 101, source: 'test: décret du 30 mars 2031' });
    expect(staleParameters(book(p), '2031-11-30')).toEqual([]);
  });

  it('accepts a dated "not published yet" entry until it is older than the re-check delay', () => {
    const p = revaluedOnApril({
      pending: [{ from: '2031-04-01', notedOn: '2031-04-10', note: 'test: not published yet' }],
    });
    expect(staleParameters(book(p), '2031-04-10')).toEqual([]);
    const last = new Date(Date.parse('2031-04-10') + RECHECK_DAYS * 86_400_000)
      .toISOString()
      .slice(0, 10);
    expect(staleParameters(book(p), last)).toEqual([]);
    const after = new Date(Date.parse(last) + 86_400_000).toISOString().slice(0, 10);
    expect(staleParameters(book(p), after).map((s) => s.reason)).toEqual(['pending-too-old']);
    // An entry noted after the day checked, or for another date, does not count.
    expect(staleParameters(book(p), '2031-04-05').map((s) => s.reason)).toEqual(['missing']);
  });

  it('ignores parameters the law does not revalue on a date (rates, structures)', () => {
    const p = revaluedOnApril();
    delete p.revalued;
    expect(staleParameters(book(p), '2035-06-01')).toEqual([]);
  });

  it('refuses a revaluation day that is not MM-DD', () => {
    expect(() => revaluedOnApril({ revalued: { on: '4-1', basis: 'x' } })).toThrow(/MM-DD/);
  });
});

describe('the shipped book', () => {
  it('has every revalued parameter’s value, or a dated pending entry, on the day it was reviewed', () => {
    expect(staleParameters(parameterBook(), BOOK_REVIEWED_ON)).toEqual([]);
  });

  it('names what is due a year after its review (the check would fail then)', () => {
    const ahead = `${Number(BOOK_REVIEWED_ON.slice(0, 4)) + 1}${BOOK_REVIEWED_ON.slice(4)}`;
    const ids = staleParameters(parameterBook(), ahead).map((s) => s.id);
    expect(ids).toContain('rsa.montant_forfaitaire');
    expect(ids).toContain('smic.horaire_brut');
  });

  // The CI check: the day is injected by the run (scripts/test.ts sets it in the normal pass
  // only; the year-ahead pass and local runs use the review date above).
  const due = process.env['RELAIS_PARAMETERS_DUE_ON'] ?? BOOK_REVIEWED_ON;
  it(`has this year's revaluations on ${due} (add the value, or a dated pending entry)`, () => {
    const stale = staleParameters(parameterBook(), due);
    expect(stale.map((s) => `${s.id}: no value from ${s.due} (${s.reason}; ${s.basis})`)).toEqual(
      [],
    );
  });
});
