// Dated parameters and explained decisions.
import { describe, expect, it } from 'vitest';
import { ageOn, check, combine, parameter, territoryOf, valueAt } from '../src/domain/index.ts';

const ceiling = parameter<number>({
  id: 'test.ceiling',
  description: 'a ceiling revalued on 1 April',
  unit: 'EUR-cents',
  values: [
    { from: '2024-04-01', value: 100_00, source: 'text A' },
    { from: '2025-04-01', value: 110_00, source: 'text B' },
  ],
});

describe('dated parameters', () => {
  it('apply from their date, not before', () => {
    expect(valueAt(ceiling, '2024-03-31')).toBeUndefined();
    expect(valueAt(ceiling, '2024-04-01')).toEqual({
      id: 'test.ceiling',
      value: 100_00,
      from: '2024-04-01',
      source: 'text A',
    });
    expect(valueAt(ceiling, '2025-03-31')?.value).toBe(100_00);
    expect(valueAt(ceiling, '2025-04-01')?.value).toBe(110_00);
  });

  it('are resolved once per date, and again once a value is added or removed', () => {
    const revalued = parameter<number>({
      id: 'test.revalued',
      description: 'a parameter that gains a value after being read',
      unit: 'EUR-cents',
      values: [{ from: '2024-04-01', value: 100_00, source: 'text A' }],
    });
    const first = valueAt(revalued, '2026-04-01');
    expect(valueAt(revalued, '2026-04-01')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(JSON.stringify(revalued)).not.toContain('resolved');
    revalued.values.push({ from: '2026-04-01', value: 120_00, source: 'text C' });
    expect(valueAt(revalued, '2026-04-01')?.value).toBe(120_00);
    expect(valueAt(revalued, '2026-03-31')?.value).toBe(100_00);
    revalued.values.pop();
    expect(valueAt(revalued, '2026-04-01')?.value).toBe(100_00);
  });

  it('refuse two values from the same date', () => {
    expect(() =>
      parameter({
        id: 'x',
        description: '',
        unit: 'ratio',
        values: [
          { from: '2024-01-01', value: 1, source: '' },
          { from: '2024-01-01', value: 2, source: '' },
        ],
      }),
    ).toThrow(/same date/);
  });
});

describe('decisions', () => {
  it('are unknown when a fact is missing, never not-eligible', () => {
    const p = valueAt(ceiling, '2025-05-01');
    const known = check(
      'test.ceiling',
      'income at most the ceiling',
      { income: 90_00 },
      [p],
      () => 90_00 <= (p?.value ?? 0),
    );
    const missing = check(
      'test.ceiling',
      'income at most the ceiling',
      { income: undefined },
      [p],
      () => false,
    );
    expect(known.outcome).toBe('eligible');
    expect(missing.outcome).toBe('unknown');
    expect(combine([known, missing])).toBe('unknown');
    expect(combine([known, { ...known, outcome: 'not-eligible' }, missing])).toBe('not-eligible');
  });

  it('compute ages and territories from catalog facts', () => {
    expect(ageOn('2010-09-15', '2025-09-14')).toBe(14);
    expect(ageOn('2010-09-15', '2025-09-15')).toBe(15);
    expect(territoryOf('97411')).toBe('dom');
    expect(territoryOf('69382')).toBe('metropole');
    expect(territoryOf('97502')).toBe('metropole');
  });
});
