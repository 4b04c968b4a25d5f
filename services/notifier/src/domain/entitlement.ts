// An `EntitlementDetermined` event (v2) as the notice's input. The eligibility service writes each
// condition's facts as `name=value; …`: the money compared (resources or income against a
// ceiling) becomes the observed and parameter values the sentences need, the rest their facts.
import type { ContractTypes } from '@relais/contracts/generated';
import type { Benefit, Entitlement, ExplainedCondition } from './types.ts';
import { BENEFITS_LIST } from './types.ts';

export interface ConditionCheckEvent {
  conditionId?: string | null;
  condition: string;
  satisfied: boolean;
  observedValue?: string | null;
  parameter?: string | null;
  parameterValue?: string | null;
  source?: string | null;
  parameterFrom?: string | null;
}

export interface EntitlementEvent {
  decisionId: string;
  benefit: string;
  outcome: string;
  estimatedMonthlyAmountCents?: number | null;
  estimatedYearlyAmountCents?: number | null;
  variant?: string | null;
  ruleVersion: string;
  period?: string;
  evaluatedOn?: string | null;
  explanation: ConditionCheckEvent[];
  caveats?: string[];
  determinedAt: Date;
}

// The contract's generated type must read as an EntitlementEvent: a change of the contract that
// this reading does not accept fails to compile here.
type ReadsTheContract =
  ContractTypes['fr.gouv.relais.EntitlementDetermined'] extends EntitlementEvent ? true : never;
const _readsTheContract: ReadsTheContract = true;

export function parseFacts(text: string | null | undefined): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const part of (text ?? '').split('; ')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const v = part.slice(i + 1);
    out[part.slice(0, i)] = /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  }
  return out;
}

const MONEY_OBSERVED = ['resources', 'income'];

export function toCondition(c: ConditionCheckEvent): ExplainedCondition {
  const facts = parseFacts(c.observedValue);
  const observedKey = MONEY_OBSERVED.find((k) => typeof facts[k] === 'number');
  const observed = observedKey ? facts[observedKey] : undefined;
  const ceiling = facts['ceiling'];
  const rest = Object.fromEntries(
    Object.entries(facts).filter(([k]) => k !== observedKey && k !== 'ceiling'),
  );
  const firstParameterValue = c.parameterValue?.split('; ')[0];
  const parameterValue =
    ceiling !== undefined
      ? String(ceiling)
      : firstParameterValue && /^\d+$/.test(firstParameterValue)
        ? firstParameterValue
        : undefined;
  return {
    ...(c.conditionId ? { id: c.conditionId } : {}),
    label: c.condition,
    satisfied: c.satisfied,
    ...(observed !== undefined ? { observedValue: String(observed) } : {}),
    ...(c.parameter ? { parameter: c.parameter.split(', ')[0] as string } : {}),
    ...(parameterValue !== undefined ? { parameterValue } : {}),
    ...(c.parameterFrom ? { parameterFrom: c.parameterFrom } : {}),
    ...(c.source ? { source: c.source } : {}),
    ...(observed !== undefined ? { unit: 'EUR-cents' as const } : {}),
    ...(Object.keys(rest).length ? { facts: rest } : {}),
  };
}

export const isBenefit = (b: string): b is Benefit => (BENEFITS_LIST as string[]).includes(b);

export function toEntitlement(e: EntitlementEvent): Entitlement {
  if (!isBenefit(e.benefit)) throw new Error(`benefit ${e.benefit}: not one the notifier knows`);
  return {
    decisionId: e.decisionId,
    benefit: e.benefit,
    ...(e.variant ? { variant: e.variant } : {}),
    period: e.period || e.determinedAt.toISOString().slice(0, 4),
    ...(e.estimatedMonthlyAmountCents !== null && e.estimatedMonthlyAmountCents !== undefined
      ? { estimatedMonthlyCents: e.estimatedMonthlyAmountCents }
      : {}),
    ...(e.estimatedYearlyAmountCents !== null && e.estimatedYearlyAmountCents !== undefined
      ? { estimatedYearlyCents: e.estimatedYearlyAmountCents }
      : {}),
    ruleVersion: e.ruleVersion,
    determinedOn: e.evaluatedOn ?? e.determinedAt.toISOString().slice(0, 10),
    conditions: e.explanation.map(toCondition),
    caveats: e.caveats ?? [],
  };
}
