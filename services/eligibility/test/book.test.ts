// The parameter book: every rule's dated parameters, values an operator adds (checked, named,
// applied from their date only), and the dates on which some parameter changes.
import { afterEach, describe, expect, it } from 'vitest';
import {
  addValues,
  collectParameters,
  effectiveDates,
  type AddedValue,
} from '../src/domain/book.ts';
import { parameter, valueAt, type Parameter } from '../src/domain/parameters.ts';
import { css, plafondBase } from '../src/domain/rules/css.ts';
import { parameterBook } from '../src/domain/rules/index.ts';

/** A date far enough ahead that no published text has a value on it. */
const FUTURE = '2031-04-01';
const SOURCE = 'test: arrêté du 28 mars 2031 (book.test.ts)';

/** The book returns the rules' own parameters: remove what a test added to them. */
afterEach(() => {
  for (const p of parameterBook().values())
    for (let i = p.values.length - 1; i >= 0; i--)
      if (p.values[i]!.source === SOURCE) p.values.splice(i, 1);
});

describe('parameterBook', () => {
  it('holds the parameters of the CSS, ARS, RSA and AAH rules', () => {
    const book = parameterBook();
    for (const id of [
      'css.plafond_base',
      'css.coefficients',
      'css.participation',
      'ars.plafond',
      'ars.montants',
      'rsa.montant_forfaitaire',
      'rsa.forfait_logement.taux',
      'rsa.seuil_versement',
      'aah.montant_maximal',
      'aah.plafond',
      'aah.taux_incapacite',
    ])
      expect(book.has(id), id).toBe(true);
    for (const [id, p] of book) {
      expect(p.id).toBe(id);
      expect(p.values.length, id).toBeGreaterThan(0);
    }
  });

  it('returns the parameters the rules read', () => {
    expect(parameterBook().get('css.plafond_base')).toBe(plafondBase);
  });
});

describe('addValues', () => {
  const valid: AddedValue = {
    parameter: 'css.plafond_base',
    from: FUTURE,
    value: 2_000_000,
    source: SOURCE,
  };

  it.each<[string, Partial<AddedValue> | Record<string, unknown>, string]>([
    ['an unknown parameter', { parameter: 'css.nope' }, 'parameter'],
    ['a date that is not YYYY-MM-DD', { from: '1/4/2031' }, 'from'],
    ['a date that is not a string', { from: 20310401 }, 'from'],
    ['a missing source', { source: undefined }, 'source'],
    ['an empty source', { source: '   ' }, 'source'],
    ['a value of another type', { value: '2000000' }, 'value'],
    ['a value of another shape', { value: { cents: 2_000_000 } }, 'value'],
  ])('refuses %s, naming the entry and the field', (_what, change, field) => {
    const book = parameterBook();
    const before = plafondBase.values.length;
    const added = [valid, { ...valid, ...change } as AddedValue];
    // The valid entry is entry 0 and is added; the bad one (entry 1) is named and not added.
    const problems = addValues(book, added);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ index: 1, field });
    expect(problems[0]!.expected.length).toBeGreaterThan(0);
    expect(plafondBase.values.length).toBe(before + 1);
  });

  it('names every bad entry, each by its index', () => {
    const book = parameterBook();
    const before = JSON.stringify([...book.values()].map((p) => p.values));
    const problems = addValues(book, [
      { ...valid, parameter: 'x.y' },
      { ...valid, from: '2031-4-1' },
      { ...valid, source: '' },
      { ...valid, value: [1] },
    ]);
    expect(problems.map((p) => [p.index, p.field])).toEqual([
      [0, 'parameter'],
      [1, 'from'],
      [2, 'source'],
      [3, 'value'],
    ]);
    expect(JSON.stringify([...book.values()].map((p) => p.values))).toBe(before);
  });

  it('checks the shape of a structured value against the existing ones', () => {
    const book = parameterBook();
    const coeff = book.get('css.coefficients')!;
    const current = valueAt(coeff, '2030-01-01')!.value as Record<string, number>;
    const { dom: _dom, ...withoutDom } = current;
    const problems = addValues(book, [
      { parameter: 'css.coefficients', from: FUTURE, value: withoutDom, source: SOURCE },
    ]);
    expect(problems).toEqual([{ index: 0, field: 'value', expected: expect.any(String) }]);
    expect(coeff.values.some((v) => v.from === FUTURE)).toBe(false);
  });

  it('refuses a different value on a date that already has one', () => {
    const book = parameterBook();
    const existing = plafondBase.values[0]!;
    const before = structuredClone(plafondBase.values);
    const problems = addValues(book, [
      {
        parameter: 'css.plafond_base',
        from: existing.from,
        value: existing.value + 1,
        source: SOURCE,
      },
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ index: 0, field: 'from' });
    expect(problems[0]!.expected).toContain(existing.from);
    expect(plafondBase.values).toEqual(before);
  });

  it('is idempotent: the same value from the same date twice is one value', () => {
    const book = parameterBook();
    const before = plafondBase.values.length;
    expect(addValues(book, [valid])).toEqual([]);
    expect(addValues(book, [valid])).toEqual([]);
    expect(addValues(book, [valid, valid])).toEqual([]);
    expect(plafondBase.values.filter((v) => v.from === FUTURE)).toHaveLength(1);
    expect(plafondBase.values.length).toBe(before + 1);
  });

  it('applies a future value from its date, never before', () => {
    const book = parameterBook();
    const dayBefore = '2031-03-31';
    const old = valueAt(plafondBase, dayBefore)!;
    const newCeiling = old.value + 100_000;
    expect(addValues(book, [{ ...valid, value: newCeiling }])).toEqual([]);

    expect(valueAt(plafondBase, dayBefore)).toEqual(old);
    expect(valueAt(plafondBase, FUTURE)).toEqual({
      id: 'css.plafond_base',
      value: newCeiling,
      from: FUTURE,
      source: SOURCE,
    });

    // A single person with resources between the old and the new free ceiling: CSS with a
    // contribution the day before, free from the date.
    const facts = {
      members: [{ birthDate: '1990-05-14' }],
      annualResourcesCents: old.value + 50_000,
      territory: 'metropole' as const,
    };
    const before = css(facts, dayBefore);
    expect(before.outcome).toBe('eligible');
    expect(before.variant).toBe('with-contribution');
    expect(before.conditions.find((c) => c.id === 'css.free-ceiling')?.outcome).toBe(
      'not-eligible',
    );
    const after = css(facts, FUTURE);
    expect(after.outcome).toBe('eligible');
    expect(after.variant).toBe('free');
    const free = after.conditions.find((c) => c.id === 'css.free-ceiling')!;
    expect(free.outcome).toBe('eligible');
    expect(free.parameters.find((p) => p.id === 'css.plafond_base')).toMatchObject({
      value: newCeiling,
      from: FUTURE,
      source: SOURCE,
    });
  });

  it('leaves no added value behind (afterEach removed them)', () => {
    expect(plafondBase.values.some((v) => v.source === SOURCE)).toBe(false);
  });
});

describe('effectiveDates', () => {
  const test = (id: string, dates: string[]): Parameter<number> =>
    parameter<number>({
      id,
      description: id,
      unit: 'count',
      values: dates.map((from, i) => ({ from, value: i, source: `text ${i}` })),
    });
  const book = collectParameters([
    {
      a: test('test.a', ['2024-01-01', '2025-04-01', '2026-04-01']),
      b: test('test.b', ['2025-04-01', '2025-07-01']),
      notAParameter: 'ignored',
    },
  ]);

  it('lists the dates in (after, until], once each, sorted', () => {
    expect(effectiveDates(book, '2024-01-01', '2026-04-01')).toEqual([
      '2025-04-01',
      '2025-07-01',
      '2026-04-01',
    ]);
    expect(effectiveDates(book, '2023-12-31', '2025-04-01')).toEqual(['2024-01-01', '2025-04-01']);
    expect(effectiveDates(book, '2025-04-01', '2025-06-30')).toEqual([]);
    expect(effectiveDates(book, '2026-04-01', '2030-01-01')).toEqual([]);
  });

  it('in the real book, includes a rule revaluation on its date only', () => {
    const real = parameterBook();
    expect(effectiveDates(real, '2025-03-31', '2025-04-01')).toContain('2025-04-01');
    expect(effectiveDates(real, '2025-04-01', '2025-04-01')).toEqual([]);
    expect(
      addValues(real, [{ parameter: 'css.plafond_base', from: FUTURE, value: 1, source: SOURCE }]),
    ).toEqual([]);
    expect(effectiveDates(real, '2031-03-31', FUTURE)).toContain(FUTURE);
    expect(effectiveDates(real, FUTURE, '2031-12-31')).not.toContain(FUTURE);
  });
});
