// The comparison table: per benefit, agreement on eligibility where Relais answers, amounts,
// disagreements grouped by cause, and the share of `unknown`.
import { ageOn } from '../../services/eligibility/src/domain/facts.ts';
import type { Decision } from '../../services/eligibility/src/domain/index.ts';
import type { Household } from './population.ts';
import { opensDisabilityFile } from './relais.ts';

/** The reference model's answers for one household (€, per month unless yearly). */
export interface Reference {
  id: string;
  cssFree: boolean;
  cssContribution: number;
  rsa: number;
  ppa: number;
  aspa: number;
  ars: number;
  housingAid: number;
  familyBenefits: number;
  /** Of the family benefits, the ASF, and the children it is paid for. */
  asf: number;
  asfChildren: number;
  rfr: number;
  chequeEnergie: number;
  aah: number;
  aahSpouse: number;
}

interface Reading {
  eligible: boolean;
  /** € cents: monthly, or yearly for the ARS and the chèque énergie. */
  cents?: number;
}

/** How each benefit reads in the reference model. */
const READ: Record<string, (r: Reference) => Reading> = {
  CSS: (r) =>
    r.cssFree
      ? { eligible: true, cents: 0 }
      : { eligible: r.cssContribution > 0, cents: -Math.round(r.cssContribution * 100) },
  ARS: (r) => ({ eligible: r.ars > 0, cents: Math.round(r.ars * 100) }),
  RSA: (r) => ({ eligible: r.rsa > 0, cents: Math.round(r.rsa * 100) }),
  PRIME_ACTIVITE: (r) => ({ eligible: r.ppa > 0, cents: Math.round(r.ppa * 100) }),
  AAH: (r) => ({ eligible: r.aah > 0, cents: Math.round(r.aah * 100) }),
  CHEQUE_ENERGIE: (r) => ({
    eligible: r.chequeEnergie > 0,
    cents: Math.round(r.chequeEnergie * 100),
  }),
  ASPA: (r) => ({ eligible: r.aspa > 0, cents: Math.round(r.aspa * 100) }),
};

/** The household's traits that may explain a disagreement, most specific first. */
function causes(h: Household, r: Reference, benefit: string, d: Decision): string[] {
  const adults = h.persons.filter((p) => p.role !== 'child');
  const children = h.persons.length - adults.length;
  const out: string[] = [];
  const perUnit = d.conditions.find((c) => c.id === 'cheque-energie.income-ceiling')?.facts[
    'incomePerUnit'
  ];
  if (benefit === 'CHEQUE_ENERGIE' && typeof perUnit === 'number' && perUnit >= 1_080_000)
    out.push('reference ceiling 10 800 € per UC (2021); Relais 11 000 € (arrêté du 31/07/2025)');
  if (benefit === 'CHEQUE_ENERGIE' && h.housing === 'free')
    out.push('housed free (no dwelling of its own)');
  const spouse = adults[1];
  const year = Number(d.on.slice(0, 4));
  if (benefit === 'ASPA' && adults.some((p) => p.unfit && year - Number(p.birth.slice(0, 4)) <= 64))
    out.push(
      'unfit for work at 62–63: the law keeps 62 (L351-1-5, R815-1); the reference applies the general legal age, 64 since 2023-09',
    );
  const first = `${d.on.slice(0, 7)}-01`;
  if (benefit === 'ASPA' && adults.some((p) => ageOn(p.birth, first) !== ageOn(p.birth, d.on)))
    out.push('birthday within the month: the reference reads the age on the month’s first day');
  if (benefit === 'ASPA' && adults.some((p) => p.salary > 0))
    out.push('earnings abatement of the ASPA (R815-29) not modelled');
  if (benefit === 'ASPA' && spouse?.unfit && !adults[0]?.unfit)
    out.push('spouse recognised unfit for work (Relais knows the citizen’s recognition only)');
  if (benefit === 'ASPA' && adults.some((p) => p.incapacity === 50))
    out.push('incapacity rate of exactly 50 % (R815-1: at least 50 %; reference: above 50 %)');
  if (['RSA', 'PRIME_ACTIVITE', 'CSS'].includes(benefit) && r.aspa > 0)
    out.push('ASPA the reference pays (counted as a resource; Relais counts what is paid)');
  if (benefit === 'PRIME_ACTIVITE' && r.aah + r.aahSpouse > 0 && adults.some((p) => p.salary > 0))
    out.push(
      'AAH of a worker (counted as earnings by the prime d’activité; Relais: other resources)',
    );
  if (['RSA', 'PRIME_ACTIVITE'].includes(benefit) && adults.length === 1 && children > 0)
    out.push(
      'isolated parent (majoration after a recent separation or in pregnancy: not modelled)',
    );
  const changed = adults.some(
    (p) => p.salary !== p.salary2 || p.unemployment !== p.unemployment2 || p.pension !== p.pension2,
  );
  if (benefit === 'ARS')
    out.push('income concept: RFR of N-2 vs the CAF’s net categorical resources of N-2');
  if (benefit === 'CSS' && d.caveats.some((c) => c.includes('reference tax income')))
    out.push(
      'monthly resources not given (or not the spouse’s): the RFR of N-2 stands in for the last 12 months',
    );
  if (['CSS', 'AAH', 'ARS', 'CHEQUE_ENERGIE'].includes(benefit) && changed)
    out.push('income changed since the tax year (RFR N-2 vs the reference period)');
  if (benefit === 'CSS' && r.familyBenefits > 0)
    out.push('family benefits: Relais counts all those paid, the CSS excludes some (R861-10)');
  if (['RSA', 'PRIME_ACTIVITE'].includes(benefit) && r.familyBenefits > 0)
    out.push('family benefits paid (counted resources)');
  if (
    ['RSA', 'PRIME_ACTIVITE', 'CSS'].includes(benefit) &&
    (h.housing !== 'tenant' || r.housingAid > 0)
  )
    out.push('forfait logement (housing situation, housing aid)');
  if (adults.some((p) => p.pension > 0)) out.push('pension');
  if (h.tags.includes('couple')) out.push('couple (spouse’s resources)');
  if (h.tags.includes('overseas')) out.push('overseas department');
  if (r.aspa > 0 && benefit === 'RSA') out.push('ASPA to claim first');
  out.push('other');
  return out;
}

const pct = (n: number, d: number) =>
  d === 0 ? '   –  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`;

export interface Row {
  benefit: string;
  households: number;
  unknown: number;
  answered: number;
  agree: number;
  amounts: number;
  within1: number;
  within5: number;
  disagreements: Record<string, number>;
}

export function report(households: Household[], refs: Reference[], decisions: Decision[][]) {
  const rows: Row[] = [];
  // The AAH again, among households whose applicant has a CDAPH decision, and among those whose
  // citizen opened the MDPH's file (the others stay unknown: Relais does not guess a disability).
  const withDecision = (h: Household) => h.persons[0]?.incapacity !== undefined;
  for (const [benefit, label, only] of [
    ...Object.keys(READ).map((b) => [b, b, undefined] as const),
    ['AAH', 'AAH (CDAPH)', withDecision] as const,
    ['AAH', 'AAH (MDPH file)', opensDisabilityFile] as const,
  ]) {
    const row: Row = {
      benefit: label,
      households: 0,
      unknown: 0,
      answered: 0,
      agree: 0,
      amounts: 0,
      within1: 0,
      within5: 0,
      disagreements: {},
    };
    households.forEach((h, i) => {
      const d = decisions[i]?.find((x) => x.benefit === benefit);
      if (!d || (only && !only(h))) return;
      const ref = READ[benefit]!(refs[i] as Reference);
      row.households++;
      if (d.outcome === 'unknown') return void row.unknown++;
      row.answered++;
      const eligible = d.outcome === 'eligible';
      if (eligible !== ref.eligible) {
        const cause = `${eligible ? 'Relais eligible, reference not' : 'reference eligible, Relais not'}: ${causes(h, refs[i] as Reference, benefit, d)[0]}`;
        row.disagreements[cause] = (row.disagreements[cause] ?? 0) + 1;
        return;
      }
      row.agree++;
      const mine = d.estimatedMonthlyCents ?? d.estimatedYearlyCents;
      if (eligible && mine !== undefined && ref.cents !== undefined) {
        row.amounts++;
        const diff = Math.abs(mine - ref.cents);
        if (diff <= 100) row.within1++;
        if (diff <= 0.05 * Math.abs(ref.cents)) row.within5++;
      }
    });
    rows.push(row);
  }
  const lines = [
    'benefit          households  unknown  agree (answered)  amounts  ≤1 €    ≤5 %',
    ...rows.map(
      (r) =>
        `${r.benefit.padEnd(16)} ${String(r.households).padStart(10)}  ${pct(r.unknown, r.households)}  ${pct(r.agree, r.answered)} (${String(r.answered).padStart(5)})  ${String(r.amounts).padStart(7)}  ${pct(r.within1, r.amounts)} ${pct(r.within5, r.amounts)}`,
    ),
    '',
    'disagreements by cause (households):',
    ...rows
      .filter((r) => !r.benefit.endsWith(')'))
      .flatMap((r) =>
        Object.entries(r.disagreements)
          .sort((a, b) => b[1] - a[1])
          .map(([cause, n]) => `  ${r.benefit.padEnd(16)} ${String(n).padStart(5)}  ${cause}`),
      ),
  ];
  return { rows, lines };
}
