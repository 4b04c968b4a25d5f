// Entitlements as the eligibility engine explains them (services/eligibility rules/css.ts), for
// notice, e-mail and letter tests, and the determination it publishes, for the issuing tests (with
// or without Kafka). Money: euro cents as digits.
import type { EntitlementEvent } from '../../src/domain/entitlement.ts';
import type { Entitlement, NoticeLinks } from '../../src/domain/types.ts';

export const AT = '2026-11-22T08:00:00.000Z';

/** A determination as the eligibility service publishes it (EntitlementDetermined v2). */
export const determined = (over: Partial<EntitlementEvent> = {}): EntitlementEvent => ({
  decisionId: 'dec-1',
  benefit: 'CSS',
  outcome: 'LIKELY_ELIGIBLE',
  estimatedMonthlyAmountCents: 0,
  estimatedYearlyAmountCents: null,
  variant: 'free',
  ruleVersion: 'css-2025.1',
  period: '2026',
  evaluatedOn: '2026-11-22',
  explanation: [
    {
      conditionId: 'css.free-ceiling',
      condition: 'annual resources at most the free CSS ceiling for this foyer',
      satisfied: true,
      observedValue: 'resources=900000; ceiling=1033900; persons=1; territory=metropole',
      parameter: 'css.plafond_base',
      parameterValue: '1033900',
      source: 'arrêté du 26 mars 2025',
      parameterFrom: '2025-04-01',
    },
  ],
  caveats: [],
  determinedAt: new Date(AT),
  ...over,
});

const CSS_SOURCE =
  'arrêté publié au Journal officiel du 29 mars 2025 | openfisca-france prestations/cs/cmu/plafond_base.yaml @2024-04-01 (arrêté du 26 mars 2024)';
const CSS_CAVEATS = [
  'Resources are those of the last 12 months; Relais uses the reference tax income, an approximation that can be wrong either way.',
  'Housing benefits and the forfait logement count as resources and are not added here.',
  'A child in shared residence counts half; Relais counts whole persons.',
];

/** One person, 9 800 € a year: under the 10 339 € ceiling of the free CSS (from 1 April 2025). */
export const cssFree: Entitlement = {
  decisionId: 'dec-css-free-0001',
  benefit: 'CSS',
  variant: 'free',
  period: '2026',
  ruleVersion: 'css-2025.1',
  determinedOn: '2026-01-15',
  conditions: [
    {
      id: 'css.free-ceiling',
      label: 'annual resources at most the free CSS ceiling for this foyer',
      satisfied: true,
      observedValue: '980000',
      parameter: 'css.plafond_base',
      parameterValue: '1033900',
      parameterFrom: '2025-04-01',
      source: CSS_SOURCE,
      facts: { persons: 1, territory: 'metropole' },
    },
  ],
  caveats: CSS_CAVEATS,
};

/**
 * A couple aged 34 and 36, 17 000 € a year: above the free ceiling for 2 (15 508,50 €), under the
 * paid one (20 936,47 €); 14 € each a month.
 */
export const cssWithContribution: Entitlement = {
  decisionId: 'dec-css-paid-0002',
  benefit: 'CSS',
  variant: 'with-contribution',
  period: '2026',
  estimatedMonthlyCents: -2800,
  ruleVersion: 'css-2025.1',
  determinedOn: '2026-01-15',
  conditions: [
    {
      id: 'css.free-ceiling',
      label: 'annual resources at most the free CSS ceiling for this foyer',
      satisfied: false,
      observedValue: '1700000',
      parameter: 'css.plafond_base',
      parameterValue: '1550850',
      parameterFrom: '2025-04-01',
      source: CSS_SOURCE,
      facts: { persons: 2, territory: 'metropole' },
    },
    {
      id: 'css.contribution-ceiling',
      label: 'annual resources at most the CSS-with-contribution ceiling (free ceiling × 1.35)',
      satisfied: true,
      observedValue: '1700000',
      parameter: 'css.plafond_base',
      parameterValue: '2093647',
      parameterFrom: '2025-04-01',
      source: CSS_SOURCE,
      facts: { persons: 2, territory: 'metropole' },
    },
    {
      id: 'css.contribution-by-age',
      label: 'monthly contribution by age on 1 January',
      satisfied: true,
      parameter: 'css.participation',
      parameterFrom: '2019-11-01',
      source: 'CSS D861-1 (arrêté du 18 novembre 2019)',
      facts: { ages: '34, 36' },
    },
  ],
  caveats: CSS_CAVEATS,
};

export const links: NoticeLinks = {
  claimUrl: 'https://relais.example.gouv.fr/n/claim?d=dec-css-free-0001&c=email',
  preferencesUrl: 'https://relais.example.gouv.fr/preferences?token=abc&lang=fr',
};
