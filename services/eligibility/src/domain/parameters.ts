// Parameters dated by their legal effective period: a value applies from its date until the next
// one. Each value cites where it comes from (the legal text or OpenFisca-France's parameter file),
// so an explanation can say which value, from when, and why.
export interface DatedValue<T> {
  /** First day it applies, YYYY-MM-DD. */
  from: string;
  value: T;
  /** The legal text, or `openfisca-france: <path>` with the date key. */
  source: string;
}

/**
 * When the law revalues a parameter each year: the day (MM-DD) and the text that says so. A
 * parameter without it (a rate, a structure) changes only when a new text says so.
 */
export interface Revaluation {
  /** MM-DD: 04-01 for the benefits revalued on 1 April (CSS L161-25), 01-01 for the SMIC… */
  on: string;
  basis: string;
}

/**
 * An explicit, dated statement that the value due on `from` is not published yet (or was not
 * found): the staleness check accepts it for `from`, until it is older than the re-check delay.
 */
export interface PendingValue {
  /** The revaluation date whose value is missing, YYYY-MM-DD. */
  from: string;
  /** The day the sources were last searched, YYYY-MM-DD. */
  notedOn: string;
  /** What was searched and what applies meanwhile. */
  note: string;
}

export interface Parameter<T> {
  id: string;
  description: string;
  unit: 'EUR-cents' | 'ratio' | 'count' | 'years';
  values: Array<DatedValue<T>>;
  revalued?: Revaluation;
  pending?: PendingValue[];
}

export interface Resolved<T> {
  id: string;
  value: T;
  from: string;
  source: string;
}

/**
 * A parameter's values resolved by date, for the dates it was read on. A campaign reads every
 * parameter on one date for every profile: each is resolved once, then found again (the last date
 * first, then a Map). The table belongs to one state of `values` (the array, its length, its last
 * value): a value added or removed (the book's added values, a test's) starts a new table. It
 * hangs on the parameter under a symbol, not enumerable: JSON and equality do not see it.
 */
interface ResolvedTable {
  values: readonly unknown[];
  length: number;
  last: unknown;
  lastDate: string | undefined;
  lastResolved: Resolved<unknown> | undefined;
  byDate: Map<string, Resolved<unknown> | undefined>;
}
const TABLE = Symbol('resolved by date');
type WithTable = { [TABLE]?: ResolvedTable };
/** Dates kept per parameter: the facts consumer reads on each day, a campaign on one. */
const DATES_PER_PARAMETER = 64;

/**
 * The value in force on `date` (YYYY-MM-DD), or undefined before the first one. The same
 * parameter on the same date gives the same (frozen) object: callers read it, never change it.
 */
export function valueAt<T>(parameter: Parameter<T>, date: string): Resolved<T> | undefined {
  const values = parameter.values;
  let table = (parameter as WithTable)[TABLE];
  if (
    table === undefined ||
    table.values !== values ||
    table.length !== values.length ||
    table.last !== values[values.length - 1]
  ) {
    table = {
      values,
      length: values.length,
      last: values[values.length - 1],
      lastDate: undefined,
      lastResolved: undefined,
      byDate: new Map(),
    };
    Object.defineProperty(parameter, TABLE, { value: table, writable: true, enumerable: false });
  } else if (table.lastDate === date) return table.lastResolved as Resolved<T> | undefined;
  let resolved = table.byDate.get(date);
  if (resolved === undefined && !table.byDate.has(date)) {
    resolved = resolve(parameter, date);
    if (table.byDate.size >= DATES_PER_PARAMETER) table.byDate.clear();
    table.byDate.set(date, resolved);
  }
  table.lastDate = date;
  table.lastResolved = resolved;
  return resolved as Resolved<T> | undefined;
}

function resolve<T>(parameter: Parameter<T>, date: string): Resolved<T> | undefined {
  // One pass, no sort.
  let v: DatedValue<T> | undefined;
  for (const x of parameter.values) if (x.from <= date && (!v || x.from > v.from)) v = x;
  return v
    ? Object.freeze({ id: parameter.id, value: v.value, from: v.from, source: v.source })
    : undefined;
}

export function parameter<T>(p: Parameter<T>): Parameter<T> {
  const dates = p.values.map((v) => v.from);
  if (new Set(dates).size !== dates.length)
    throw new Error(`parameter ${p.id}: two values from the same date`);
  for (const d of dates)
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d))
      throw new Error(`parameter ${p.id}: date ${d} is not YYYY-MM-DD`);
  if (p.revalued && !/^\d{2}-\d{2}$/.test(p.revalued.on))
    throw new Error(`parameter ${p.id}: revaluation day ${p.revalued.on} is not MM-DD`);
  return p;
}
