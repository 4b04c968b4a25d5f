// Complémentaire santé solidaire (CSS): free, or with a financial contribution, by the foyer's
// annual resources against ceilings by household size and territory. Sources and what is
// simplified: docs/rules/complementaire-sante-solidaire.md (CSS L861-1, R861-3; OpenFisca-France
// prestations/cs/cmu/plafond_base.yaml and coefficients).
import { check, combine, decided, type Condition, type Decision } from '../decision.ts';
import { ageOn } from '../facts.ts';
import { parameter, valueAt } from '../parameters.ts';
import { forfaitLogement, montantForfaitaire as rsaMontant, type Housing } from './rsa.ts';

export const CSS_RULE_VERSION = 'css-2026.1';

export const plafondBase = parameter<number>({
  id: 'css.plafond_base',
  description:
    'Annual resource ceiling of the free CSS for one person, metropolitan France (€ cents)',
  unit: 'EUR-cents',
  values: [
    {
      from: '2019-04-01',
      value: 895100,
      source:
        'openfisca-france prestations/cs/cmu/plafond_base.yaml @2019-04-01 (arrêté du 20/03/2019)',
    },
    {
      from: '2020-04-01',
      value: 903200,
      source:
        'quechoisir.org/decryptage-l-acs-n6065 ("applicable au 1er avril 2020"); missing from openfisca-france',
    },
    {
      from: '2021-04-01',
      value: 904100,
      source:
        'openfisca-france prestations/cs/cmu/plafond_base.yaml @2021-04-01 (arrêté du 29/03/2021)',
    },
    {
      from: '2022-04-01',
      value: 920300,
      source: 'openfisca-france prestations/cs/cmu/plafond_base.yaml @2022-04-01',
    },
    {
      from: '2022-07-01',
      value: 957100,
      source: 'openfisca-france prestations/cs/cmu/plafond_base.yaml @2022-07-01 (loi 2022-1158)',
    },
    {
      from: '2023-04-01',
      value: 971900,
      source:
        'openfisca-france prestations/cs/cmu/plafond_base.yaml @2023-04-01 (arrêté du 30 mars 2023)',
    },
    {
      from: '2024-04-01',
      value: 1016600,
      source:
        'openfisca-france prestations/cs/cmu/plafond_base.yaml @2024-04-01 (arrêté du 26 mars 2024)',
    },
    {
      from: '2025-04-01',
      value: 1033900,
      source:
        'arrêté publié au Journal officiel du 29 mars 2025 (montants relevés par efl.fr et weblex.fr)',
    },
  ],
  revalued: {
    on: '04-01',
    basis: 'CSS L861-1: the ceiling is revalued on 1 April (L161-25), noted by arrêté',
  },
  pending: [
    {
      from: '2026-04-01',
      notedOn: '2026-11-28',
      note: 'The arrêté noting the ceiling from 1 April 2026 was not found (searched: Légifrance references in openfisca-france 176.1.8, whose cmu/plafond_base.yaml stops at 2024-04-01 (10 166 €); efl.fr still prints “du 1-4-2025 au 1-4-2026”: 10 339 €). The 2025 value applies meanwhile; +0.8 % (the 1 April 2026 coefficient) would give about 10 422 €, not added unconfirmed. Searched again the same day: openfisca-france snapshot a7038ee4 (July 2026) still stops at 2024-04-01; stored pages (ameli.fr, efl.fr, complementaire-sante-solidaire.gouv.fr, press) show only the 2025 table.',
    },
  ],
});

export const coefficients = parameter<{
  p2: number;
  p3p4: number;
  p5plus: number;
  withContribution: number;
  dom: number;
}>({
  id: 'css.coefficients',
  description:
    'Ceiling increase per person (2nd; 3rd and 4th; 5th and beyond), paid-CSS factor, overseas factor',
  unit: 'ratio',
  values: [
    {
      from: '2019-11-01',
      value: { p2: 0.5, p3p4: 0.3, p5plus: 0.4, withContribution: 1.35, dom: 1.113 },
      source:
        'Code de la sécurité sociale, art. R861-3; openfisca-france cs/cmu/coeff_p2, coeff_p3_p4, coeff_p5_plus, majoration_dom, cs/acs/majoration_plafond_acs @2019-10-01',
    },
  ],
});

/** Monthly contribution per person of the paid CSS, by age on 1 January (€ cents). */
export const participation = parameter<Array<{ upToAge: number; cents: number }>>({
  id: 'css.participation',
  description: 'Monthly financial contribution per person of the paid CSS, by age on 1 January',
  unit: 'EUR-cents',
  values: [
    {
      from: '2019-11-01',
      value: [
        { upToAge: 29, cents: 800 },
        { upToAge: 49, cents: 1400 },
        { upToAge: 59, cents: 2100 },
        { upToAge: 69, cents: 2500 },
        { upToAge: 200, cents: 3000 },
      ],
      source:
        'Code de la sécurité sociale, art. D861-1 (arrêté du 18 novembre 2019); docs/rules/complementaire-sante-solidaire.md §3',
    },
  ],
});

/**
 * R861-5: an owner, a household housed free or one paid a housing aid counts a forfait logement in
 * its resources: 12 × the RSA montant forfaitaire of 1, 2 or 3+ persons × a rate (for a housing aid,
 * at most the aid paid).
 */
export const forfaitLogementRates = parameter<{
  withoutAid: [number, number, number];
  withAid: [number, number, number];
}>({
  id: 'css.forfait_logement.taux',
  description:
    'Forfait logement counted in the resources: rates of the RSA montant forfaitaire for 1, 2 and 3+ persons, owner or housed free, and with a housing aid',
  unit: 'ratio',
  values: [
    {
      from: '2019-11-01',
      value: { withoutAid: [0.12, 0.14, 0.14], withAid: [0.12, 0.16, 0.165] },
      source:
        'CSS R861-5; openfisca-france 176.1.8 minima_sociaux/cs/css/forfait_logement_sans_al/taux_1p, taux_2p, taux_3p_plus.yaml and forfait_logement_avec_al/*.yaml @2019-11-01',
    },
  ],
});

/** The yearly forfait logement (€ cents) for a housing situation, or undefined when unknown. */
export function cssForfaitLogement(
  persons: number,
  housing: Housing | undefined,
  housingAidCents: number | undefined,
  on: string,
) {
  const rates = valueAt(forfaitLogementRates, on);
  const base = valueAt(rsaMontant, on);
  if (!housing || !rates || !base) return undefined;
  const yearly = (r: readonly [number, number, number]) =>
    12 * forfaitLogement(base.value, r, persons);
  const cents =
    housing === 'tenant-without-aid'
      ? 0
      : housing === 'tenant-with-aid'
        ? Math.min(12 * (housingAidCents ?? 0), yearly(rates.value.withAid))
        : yearly(rates.value.withoutAid);
  return { cents: Math.round(cents), rates, base };
}

export function householdFactor(
  persons: number,
  c: { p2: number; p3p4: number; p5plus: number },
): number {
  let f = 1;
  if (persons >= 2) f += c.p2;
  f += Math.min(2, Math.max(0, persons - 2)) * c.p3p4;
  f += Math.max(0, persons - 4) * c.p5plus;
  return Math.round(f * 1000) / 1000;
}

/** The two ceilings (€ cents, not rounded) for a foyer on a date. */
export function cssCeilings(persons: number, territory: 'metropole' | 'dom', on: string) {
  const base = valueAt(plafondBase, on);
  const coeff = valueAt(coefficients, on);
  if (!base || !coeff) return undefined;
  const free =
    base.value *
    householdFactor(persons, coeff.value) *
    (territory === 'dom' ? coeff.value.dom : 1);
  return { free, withContribution: free * coeff.value.withContribution, base, coeff };
}

export interface CssFacts {
  /** Members of the foyer with their birth dates (the contribution depends on age). */
  members?: Array<{ birthDate?: string }>;
  /** Resources of the foyer over the 12 months before, € cents (declared, or the tax income). */
  annualResourcesCents?: number;
  /** True when they were declared month by month (else the reference tax income of N-2). */
  declaredResources?: boolean;
  territory?: 'metropole' | 'dom';
  housing?: Housing;
  housingAidCents?: number;
}

export function css(facts: CssFacts, on: string): Decision {
  const persons = facts.members?.length;
  const ceilings =
    persons !== undefined && facts.territory
      ? cssCeilings(persons, facts.territory, on)
      : undefined;
  const forfait =
    persons !== undefined
      ? cssForfaitLogement(persons, facts.housing, facts.housingAidCents, on)
      : undefined;
  const resources =
    facts.annualResourcesCents === undefined
      ? undefined
      : facts.annualResourcesCents + (forfait?.cents ?? 0);
  const free = check(
    'css.free-ceiling',
    'annual resources at most the free CSS ceiling for this foyer',
    {
      persons,
      territory: facts.territory,
      resources,
      ...(forfait ? { forfaitLogement: forfait.cents } : {}),
      ceiling: ceilings ? Math.floor(ceilings.free) : undefined,
    },
    forfait
      ? [ceilings?.base, ceilings?.coeff, forfait.rates, forfait.base]
      : [ceilings?.base, ceilings?.coeff],
    () => (resources as number) <= (ceilings?.free ?? 0),
  );
  const paid = check(
    'css.contribution-ceiling',
    'annual resources at most the CSS-with-contribution ceiling (free ceiling × 1.35)',
    {
      persons,
      territory: facts.territory,
      resources,
      ceiling: ceilings ? Math.floor(ceilings.withContribution) : undefined,
    },
    [ceilings?.base, ceilings?.coeff],
    () => (resources as number) <= (ceilings?.withContribution ?? 0),
  );
  const caveats = [
    facts.declaredResources
      ? 'Resources are those of the last 12 months as declared month by month (montant net social) and the benefits the CAF paid; other resources (capital income, alimony…) are not known.'
      : 'Resources are those of the last 12 months; Relais uses the reference tax income, an approximation that can be wrong either way.',
    ...(forfait
      ? []
      : [
          'Housing situation unknown: the forfait logement (owner, housed free, housing aid) is not added to the resources.',
        ]),
    'A child in shared residence counts half; Relais counts whole persons.',
  ];
  const conditions: Condition[] = free.outcome === 'eligible' ? [free] : [free, paid];
  const outcome = free.outcome === 'eligible' ? 'eligible' : combine([paid]);
  let contribution: number | undefined;
  if (outcome === 'eligible' && free.outcome !== 'eligible') {
    const table = valueAt(participation, on);
    const jan1 = `${on.slice(0, 4)}-01-01`;
    const ages = facts.members?.map((m) => (m.birthDate ? ageOn(m.birthDate, jan1) : undefined));
    if (table && ages?.every((a) => a !== undefined)) {
      contribution = (ages as number[]).reduce(
        (sum, age) => sum + (table.value.find((b) => age <= b.upToAge)?.cents ?? 0),
        0,
      );
      conditions.push(
        check(
          'css.contribution-by-age',
          'monthly contribution by age on 1 January',
          { ages: (ages as number[]).join(', ') },
          [table],
          () => true,
        ),
      );
    }
  }
  return decided(
    { benefit: 'CSS', outcome, ruleVersion: CSS_RULE_VERSION, on, period: on.slice(0, 4) },
    outcome === 'eligible'
      ? {
          variant: free.outcome === 'eligible' ? 'free' : 'with-contribution',
          estimatedMonthlyCents: contribution !== undefined ? -contribution : undefined,
        }
      : undefined,
    conditions,
    caveats,
  );
}
