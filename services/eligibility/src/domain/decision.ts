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
  // Loops, not Object.values/filter: a campaign makes a dozen conditions per profile.
  let missing = false;
  for (const k in facts)
    if (facts[k] === undefined) {
      missing = true;
      break;
    }
  let resolved = 0;
  for (const p of parameters) if (p !== undefined) resolved += 1;
  if (resolved < parameters.length) missing = true;
  return {
    id,
    label,
    outcome: missing ? 'unknown' : test() ? 'eligible' : 'not-eligible',
    facts,
    // Every rule hands a new array literal: kept as it is when nothing is missing.
    parameters:
      resolved === parameters.length
        ? (parameters as Array<Resolved<unknown>>)
        : parameters.filter((p): p is Resolved<unknown> => p !== undefined),
  };
}

/** What every decision states first, in this order. */
export type DecisionHead = Pick<Decision, 'benefit' | 'outcome' | 'ruleVersion' | 'on' | 'period'>;

/** A decision's optional parts; an undefined one stays absent. */
export interface DecisionExtras {
  variant?: string | undefined;
  estimatedMonthlyCents?: number | undefined;
  estimatedYearlyCents?: number | undefined;
}

/**
 * The decision a rule returns, its keys in the order of a literal `{...head, ...extras,
 * conditions, caveats}`, built by assignment: no spread of a `cond ? {…} : {}` per rule per
 * profile. `head` is the rule's own new literal and becomes the decision.
 */
export function decided(
  head: DecisionHead,
  extras: DecisionExtras | undefined,
  conditions: Condition[],
  caveats: string[],
): Decision {
  const d = head as Decision;
  if (extras?.variant !== undefined) d.variant = extras.variant;
  if (extras?.estimatedMonthlyCents !== undefined)
    d.estimatedMonthlyCents = extras.estimatedMonthlyCents;
  if (extras?.estimatedYearlyCents !== undefined)
    d.estimatedYearlyCents = extras.estimatedYearlyCents;
  d.conditions = conditions;
  d.caveats = caveats;
  return d;
}
