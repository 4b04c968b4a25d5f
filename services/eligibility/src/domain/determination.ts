// A decision as the `EntitlementDetermined` contract (v2): the outcome, the amount, the rule
// version, and every condition with the values used and the parameters with their dates.
// The determination id is derived from what it says and what triggered it, so a replay after a
// crash produces the same id (consumers de-duplicate on it).
import { createHash } from 'node:crypto';
import type { Pseudonym } from '@relais/identity';
import type { Condition, Decision, Outcome } from './decision.ts';

export const ENTITLEMENT_CONTRACT = 'fr.gouv.relais.EntitlementDetermined';

const outcomeSymbol: Record<Outcome, string> = {
  eligible: 'LIKELY_ELIGIBLE',
  'not-eligible': 'NOT_ELIGIBLE',
  unknown: 'INSUFFICIENT_DATA',
};

export interface ConditionCheck {
  conditionId: string | null;
  condition: string;
  satisfied: boolean;
  observedValue: string | null;
  parameter: string | null;
  parameterValue: string | null;
  source: string | null;
  parameterFrom: string | null;
}

export interface EntitlementDetermined {
  decisionId: string;
  benefit: string;
  outcome: string;
  estimatedMonthlyAmountCents: number | null;
  variant: string | null;
  estimatedYearlyAmountCents: number | null;
  ruleVersion: string;
  period: string;
  evaluatedOn: string | null;
  explanation: ConditionCheck[];
  caveats: string[];
  determinedAt: Date;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** `name=value; …` of the facts a condition read; null when one of them is unknown. */
export function observed(c: Condition): string | null {
  const entries = Object.entries(c.facts);
  if (entries.some(([, v]) => v === undefined)) return null;
  return entries.map(([k, v]) => `${k}=${v === null ? 'null' : String(v)}`).join('; ');
}

export function conditionCheck(c: Condition): ConditionCheck {
  const params = c.parameters;
  const from = params.map((p) => p.from).sort();
  return {
    conditionId: c.id,
    condition: c.label,
    satisfied: c.outcome === 'eligible',
    observedValue: observed(c),
    parameter: params.length ? params.map((p) => p.id).join(', ') : null,
    parameterValue: params.length ? params.map((p) => text(p.value)).join('; ') : null,
    source: params.length ? [...new Set(params.map((p) => p.source))].join(' | ') : null,
    parameterFrom: from.at(-1) ?? null,
  };
}

export function decisionId(subject: Pseudonym, d: Decision, trigger: string): string {
  const h = createHash('sha256')
    .update([subject, d.benefit, d.outcome, d.variant ?? '', d.period, trigger].join('\u0000'))
    .digest('hex');
  // A UUID-shaped identifier (version nibble 8: custom, RFC 9562 §5.8).
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16] ?? '0', 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function toEvent(d: Decision, id: string, determinedAt: Date): EntitlementDetermined {
  return {
    decisionId: id,
    benefit: d.benefit,
    outcome: outcomeSymbol[d.outcome],
    estimatedMonthlyAmountCents:
      d.outcome === 'eligible' ? (d.estimatedMonthlyCents ?? null) : null,
    variant: d.variant ?? null,
    estimatedYearlyAmountCents: d.outcome === 'eligible' ? (d.estimatedYearlyCents ?? null) : null,
    ruleVersion: d.ruleVersion,
    period: d.period,
    evaluatedOn: d.on,
    explanation: d.conditions.map(conditionCheck),
    caveats: d.caveats,
    determinedAt,
  };
}
