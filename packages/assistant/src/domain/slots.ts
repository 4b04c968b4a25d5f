// What a question names besides its intent: a category of data (« adresse »), a benefit, an
// agency, a period (« en mars », « 2026 », « ce mois-ci »). Read on the normalised terms and the
// folded text; the period needs today's date, which the caller hands in (never read here).
import type { Benefit } from './knowledge.ts';
import { fold, terms } from './normalise.ts';

export interface Period {
  /** YYYY-MM-DD, inclusive. */
  from: string;
  /** YYYY-MM-DD, exclusive. */
  to: string;
  /** How the question said it, for the answer: « 2026-03 », « 2026 ». */
  label: { year: number; month?: number };
}

export interface Slots {
  category?: string;
  benefit?: Benefit;
  /** An agency key: caf, cpam, dgfip, france-travail, mdph, cnav, mairie, relais. */
  agency?: string;
  period?: Period;
}

const CATEGORY_OF: Readonly<Record<string, string>> = {
  adresse: 'address',
  revenu: 'income',
  famille: 'family',
  sante: 'health',
  handicap: 'disability',
  emploi: 'employment',
  identite: 'identity',
  scolarite: 'education',
  coordonnees: 'contact',
};

const BENEFIT_OF: Readonly<Record<string, Benefit>> = {
  b_rsa: 'RSA',
  b_pa: 'PRIME_ACTIVITE',
  b_aah: 'AAH',
  b_css: 'CSS',
  b_ars: 'ARS',
  b_energie: 'CHEQUE_ENERGIE',
};

const AGENCY_OF: Readonly<Record<string, string>> = {
  caf: 'caf',
  cpam: 'cpam',
  dgfip: 'dgfip',
  francetravail: 'france-travail',
  mdph: 'mdph',
  cnav: 'cnav',
  mairie: 'mairie',
  relais: 'relais',
};

/** Agency keys and the catalog ids they stand for (an id, or an id with a suffix in tests). */
export function agencyMatches(key: string, agencyId: string): boolean {
  if (key === 'mairie') return agencyId.startsWith('mairie') || agencyId.startsWith('etat-civil');
  return agencyId === key || agencyId.startsWith(`${key}-`);
}

const MONTHS: ReadonlyArray<readonly string[]> = [
  ['janvier', 'january', 'jan', 'janv'],
  ['fevrier', 'february', 'feb', 'fev', 'fevr'],
  ['mars', 'march', 'mar'],
  ['avril', 'april', 'apr', 'avr'],
  ['mai'],
  ['juin', 'june', 'jun'],
  ['juillet', 'july', 'jul', 'juil'],
  ['aout', 'august', 'aug'],
  ['septembre', 'september', 'sep', 'sept'],
  ['octobre', 'october', 'oct'],
  ['novembre', 'november', 'nov'],
  ['decembre', 'december', 'dec'],
];

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d = 1) => `${y}-${pad(m)}-${pad(d)}`;
const nextMonth = (y: number, m: number) => (m === 12 ? ymd(y + 1, 1) : ymd(y, m + 1));

function monthPeriod(y: number, m: number): Period {
  return { from: ymd(y, m), to: nextMonth(y, m), label: { year: y, month: m } };
}

/** A period the folded text names, relative to `today` (YYYY-MM-DD) where it must be. */
export function periodOf(folded: string, today: string): Period | undefined {
  const [ty = 1970, tm = 1] = today.split('-').map(Number);
  const words = folded.split(' ');
  const yearWord = words.find((w) => /^20\d\d$/.test(w));
  const year = yearWord ? Number(yearWord) : undefined;
  if (/\b(?:ce mois ci|ce mois|this month)\b/.test(folded)) return monthPeriod(ty, tm);
  if (/\b(?:mois dernier|last month|mois precedent)\b/.test(folded))
    return tm === 1 ? monthPeriod(ty - 1, 12) : monthPeriod(ty, tm - 1);
  if (/\b(?:cette annee|this year)\b/.test(folded))
    return { from: ymd(ty, 1), to: ymd(ty + 1, 1), label: { year: ty } };
  if (/\b(?:annee derniere|last year|an dernier)\b/.test(folded))
    return { from: ymd(ty - 1, 1), to: ymd(ty, 1), label: { year: ty - 1 } };
  const m = MONTHS.findIndex((names) => words.some((w) => names.includes(w)));
  // « may » is the month only after « in », « of », « since ».
  const may = words.findIndex(
    (w, i) => w === 'may' && /^(?:in|of|since)$/.test(words[i - 1] ?? ''),
  );
  const month = m >= 0 ? m + 1 : may >= 0 ? 5 : undefined;
  if (month) {
    // A month without a year: the latest one not after today.
    const y = year ?? (month > tm ? ty - 1 : ty);
    return monthPeriod(y, month);
  }
  if (year) return { from: ymd(year, 1), to: ymd(year + 1, 1), label: { year } };
  return undefined;
}

export function slotsOf(text: string, today: string): Slots {
  const ts = terms(text);
  const slots: Slots = {};
  const category = ts.map((t) => CATEGORY_OF[t]).find(Boolean);
  if (category) slots.category = category;
  const benefit = ts.map((t) => BENEFIT_OF[t]).find(Boolean);
  if (benefit) slots.benefit = benefit;
  const agency = ts.map((t) => AGENCY_OF[t]).find(Boolean);
  if (agency) slots.agency = agency;
  const period = periodOf(fold(text), today);
  if (period) slots.period = period;
  return slots;
}
