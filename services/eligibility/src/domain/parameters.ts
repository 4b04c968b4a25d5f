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

export interface Parameter<T> {
  id: string;
  description: string;
  unit: 'EUR-cents' | 'ratio' | 'count' | 'years';
  values: Array<DatedValue<T>>;
}

export interface Resolved<T> {
  id: string;
  value: T;
  from: string;
  source: string;
}

/** The value in force on `date` (YYYY-MM-DD), or undefined before the first one. */
export function valueAt<T>(parameter: Parameter<T>, date: string): Resolved<T> | undefined {
  // One pass, no sort: this runs for every rule of every profile of a campaign.
  let v: DatedValue<T> | undefined;
  for (const x of parameter.values) if (x.from <= date && (!v || x.from > v.from)) v = x;
  return v ? { id: parameter.id, value: v.value, from: v.from, source: v.source } : undefined;
}

export function parameter<T>(p: Parameter<T>): Parameter<T> {
  const dates = p.values.map((v) => v.from);
  if (new Set(dates).size !== dates.length)
    throw new Error(`parameter ${p.id}: two values from the same date`);
  for (const d of dates)
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d))
      throw new Error(`parameter ${p.id}: date ${d} is not YYYY-MM-DD`);
  return p;
}
