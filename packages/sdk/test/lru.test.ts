// LruSet: the bounded memory of event ids.
import { describe, expect, it } from 'vitest';
import { LruSet } from '../src/index.ts';

describe('LruSet', () => {
  it('keeps at most `capacity` values', () => {
    const set = new LruSet<string>(3);
    for (const v of ['a', 'b', 'c', 'd', 'e']) set.add(v);
    expect(set.size).toBe(3);
    expect(set.capacity).toBe(3);
    expect([...set]).toEqual(['c', 'd', 'e']);
  });

  it('evicts the least recently used first', () => {
    const set = new LruSet<number>(2);
    expect(set.add(1)).toBe(true);
    expect(set.add(2)).toBe(true);
    expect(set.add(3)).toBe(true);
    expect(set.has(1)).toBe(false);
    expect(set.has(2)).toBe(true);
    expect(set.has(3)).toBe(true);
  });

  it('refreshes a value on touch and on a repeated add', () => {
    const set = new LruSet<string>(3);
    set.add('a');
    set.add('b');
    set.add('c');
    expect(set.touch('a')).toBe(true); // a is now the most recent: b goes first
    set.add('d');
    expect([...set]).toEqual(['c', 'a', 'd']);
    expect(set.add('c')).toBe(false); // already there: refreshed, not duplicated
    set.add('e');
    expect([...set]).toEqual(['d', 'c', 'e']);
    expect(set.touch('zz')).toBe(false);
    expect(set.has('zz')).toBe(false);
  });

  it('has() does not refresh', () => {
    const set = new LruSet<string>(2);
    set.add('a');
    set.add('b');
    expect(set.has('a')).toBe(true);
    set.add('c');
    expect(set.has('a')).toBe(false);
  });

  it('deletes and clears', () => {
    const set = new LruSet<string>(2);
    set.add('a');
    set.add('b');
    expect(set.delete('a')).toBe(true);
    expect(set.delete('a')).toBe(false);
    expect(set.size).toBe(1);
    set.clear();
    expect(set.size).toBe(0);
  });

  it('refuses a capacity that is not a positive integer', () => {
    for (const c of [0, -1, 1.5, Number.NaN]) {
      expect(() => new LruSet(c)).toThrow(RangeError);
    }
    expect(new LruSet(1).capacity).toBe(1);
  });
});
