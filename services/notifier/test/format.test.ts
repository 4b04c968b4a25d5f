import { describe, expect, it } from 'vitest';
import { formatDate, formatEuros, moneyText, periodText, valueText } from '../src/domain/format.ts';

describe('formatEuros', () => {
  it('writes euros the French way, with no-break spaces', () => {
    expect(formatEuros(1234567, 'FR')).toBe('12\u00a0345,67\u00a0€');
    expect(formatEuros(980000, 'FR')).toBe('9\u00a0800\u00a0€');
    expect(formatEuros(5, 'FR')).toBe('0,05\u00a0€');
    expect(formatEuros(123456789, 'FR')).toBe('1\u00a0234\u00a0567,89\u00a0€');
  });

  it('and the English way', () => {
    expect(formatEuros(1234567, 'EN')).toBe('€12,345.67');
    expect(formatEuros(980000, 'EN')).toBe('€9,800');
    expect(formatEuros(-2800, 'EN')).toBe('€28');
    expect(formatEuros(99, 'EN')).toBe('€0.99');
  });

  it('reads cents given as digits, and leaves other text alone', () => {
    expect(moneyText('1033900', 'EN')).toBe('€10,339');
    expect(moneyText('about 10k', 'FR')).toBe('about 10k');
    expect(moneyText(undefined, 'FR')).toBeUndefined();
    expect(valueText('80', 'percent', 'FR')).toBe('80\u00a0%');
    expect(valueText('3', 'count', 'EN')).toBe('3');
    expect(valueText('abc', undefined, 'EN')).toBe('abc');
  });
});

describe('dates and periods', () => {
  it('says the first of the month "1er" in French', () => {
    expect(formatDate('2025-04-01', 'FR')).toBe('1er avril 2025');
    expect(formatDate('2026-01-15', 'FR')).toBe('15 janvier 2026');
    expect(formatDate('2025-08-31', 'EN')).toBe('31 August 2025');
    expect(formatDate('not a date', 'EN')).toBe('not a date');
  });

  it('phrases a year and a school year', () => {
    expect(periodText('2026', 'FR')).toBe('en 2026');
    expect(periodText('2025-2026', 'FR')).toBe('pour l’année scolaire 2025-2026');
    expect(periodText('2025-2026', 'EN')).toBe('for the 2025-2026 school year');
  });
});
