// A decision and its explanation: every condition, the values it used, the parameters and their
// effective dates, the rule version. A missing fact makes the outcome `unknown`, never
// `not-eligible`: Relais only writes to a citizen when it has the facts to say so.
import type { Resolved } from './parameters.ts';

export type Outcome = 'eligible' | 'not-eligible' | 'unknown';

export interface Condition {
  /** Stable identifier, `<benefit>.<condition>`: notices phrase it in French and English. */
  id: string;
  /** Plain words: "reference tax income at most the ceiling for 3 people". */
  label: string;
  outcome: Outcome;
  /** The facts it read, by name, with their values (undefined: missing). */
  facts: Record<string, string | number | boolean | null | undefined>;
  parameters: Array<Resolved<unknown>>;
}

export interface Decision {
  benefit: string;
  outcome: Outcome;
  ruleVersion: string;
  /** The date the rule was applied for (its parameters are those in force then). */
  on: string;
  /** The period a notice is about: one notice per citizen, benefit and period (e.g. `2026`). */
  period: string;
  /** Which form of the benefit, when it has several (e.g. CSS `free` or `with-contribution`). */
  variant?: string;
  estimatedMonthlyCents?: number;
  estimatedYearlyCents?: number;
  conditions: Condition[];
  /** What the rule simplifies or leaves out, said plainly. */
  caveats: string[];
}

/** all of the conditions: not-eligible if one fails, unknown if one is unknown, else eligible. */
export function combine(conditions: Condition[]): Outcome {
  if (conditions.some((c) => c.outcome === 'not-eligible')) return 'not-eligible';
  if (conditions.some((c) => c.outcome === 'unknown')) return 'unknown';
  return 'eligible';
}

export function check(
  id: string,
  label: string,
  facts: Condition['facts'],
  parameters: Array<Resolved<unknown> | undefined>,
  test: () => boolean,
): Condition {
  const missing =
    Object.values(facts).some((v) => v === undefined) || parameters.some((p) => p === undefined);
  return {
    id,
    label,
    outcome: missing ? 'unknown' : test() ? 'eligible' : 'not-eligible',
    facts,
    parameters: parameters.filter((p): p is Resolved<unknown> => p !== undefined),
  };
}
