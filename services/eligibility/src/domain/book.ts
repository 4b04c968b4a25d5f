// The parameter book: every dated parameter of every rule, and the values an operator adds when a
// new text is published (a revaluation on 1 April, new ceilings). An added value applies from its
// date, never before; the campaign re-evaluates every citizen once it applies.
import type { DatedValue, Parameter } from './parameters.ts';

export interface AddedValue {
  parameter: string;
  from: string;
  value: unknown;
  source: string;
}

export interface BookProblem {
  index: number;
  field: string;
  expected: string;
}

function isParameter(x: unknown): x is Parameter<unknown> {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as Parameter<unknown>).id === 'string' &&
    Array.isArray((x as Parameter<unknown>).values)
  );
}

/** The parameters a rule module exports, by id. */
export function collectParameters(modules: object[]): Map<string, Parameter<unknown>> {
  const out = new Map<string, Parameter<unknown>>();
  for (const m of modules) for (const x of Object.values(m)) if (isParameter(x)) out.set(x.id, x);
  return out;
}

/** The JSON shape of a value, to check an added value has the shape of the existing ones. */
function shape(v: unknown): string {
  if (Array.isArray(v)) return `[${v.length ? shape(v[0]) : ''}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${k}:${shape((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return typeof v;
}

/**
 * Checks added values against the book, naming the entry and the field; adds the valid ones to
 * their parameter (idempotent: the same value from the same date twice is one value).
 */
export function addValues(
  book: Map<string, Parameter<unknown>>,
  added: AddedValue[],
): BookProblem[] {
  const problems: BookProblem[] = [];
  for (const [index, a] of added.entries()) {
    const p = book.get(a.parameter);
    const bad = (field: string, expected: string) => void problems.push({ index, field, expected });
    if (!p) {
      bad('parameter', `one of ${[...book.keys()].sort().join(', ')}`);
      continue;
    }
    if (typeof a.from !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(a.from)) {
      bad('from', 'a date YYYY-MM-DD');
      continue;
    }
    if (typeof a.source !== 'string' || a.source.trim().length < 5) {
      bad('source', 'the legal text or parameter file the value comes from');
      continue;
    }
    const expected = shape(p.values[0]?.value);
    if (shape(a.value) !== expected) {
      bad('value', `a value shaped like ${expected}`);
      continue;
    }
    const same = p.values.find((v) => v.from === a.from);
    if (same && JSON.stringify(same.value) !== JSON.stringify(a.value)) {
      bad('from', `a date without a value already (${p.id} has one from ${a.from})`);
      continue;
    }
    if (!same)
      p.values.push({ from: a.from, value: a.value, source: a.source } as DatedValue<unknown>);
  }
  return problems;
}

/** Dates on which some parameter takes a new value, in (after, until]. */
export function effectiveDates(
  book: Map<string, Parameter<unknown>>,
  after: string,
  until: string,
): string[] {
  const dates = new Set<string>();
  for (const p of book.values())
    for (const v of p.values) if (v.from > after && v.from <= until) dates.add(v.from);
  return [...dates].sort();
}
