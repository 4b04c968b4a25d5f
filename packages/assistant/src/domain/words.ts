// Small helpers the answer templates share: one phrase in the citizen's language, dates, counts,
// names of agencies with their usual acronym, the human help.
import { formatDate } from '@relais/web/text';
import type { AnswerLink } from './answer.ts';
import { HUMAN_HELP } from './knowledge.ts';
import type { Lang } from './records.ts';
import { agencyMatches, type Period } from './slots.ts';

export const tr = (lang: Lang, fr: string, en: string): string => (lang === 'fr' ? fr : en);

export const day = (iso: string, lang: Lang): string => formatDate(iso, lang);

/** « 1 fois », « 3 fois » / "once", "3 times". */
export const times = (n: number, lang: Lang): string =>
  lang === 'fr' ? `${n}\u00a0fois` : n === 1 ? 'once' : `${n} times`;

const ACRONYMS: ReadonlyArray<readonly [string, string]> = [
  ['caf', 'CAF'],
  ['cpam', 'CPAM'],
  ['dgfip', 'DGFiP'],
  ['mdph', 'MDPH'],
  ['cnav', 'CNAV'],
];

/** « Caisse d’allocations familiales du Rhône (CAF) ». */
export function agencyName(id: string, name: string | null, fallback: string): string {
  const base = name ?? fallback;
  const acronym = ACRONYMS.find(([key]) => agencyMatches(key, id))?.[1];
  return acronym && !base.includes(acronym) ? `${base} (${acronym})` : base;
}

const MONTH_NAMES = {
  fr: [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
} as const;

/** « en mars 2026 » / "in March 2026". */
export function periodText(p: Period, lang: Lang): string {
  const { year, month } = p.label;
  const m = month ? `${MONTH_NAMES[lang][month - 1]} ` : '';
  return tr(lang, `en ${m}${year}`, `in ${m}${year}`);
}

export function humanHelpLinks(lang: Lang): AnswerLink[] {
  return [
    {
      href: HUMAN_HELP.franceServices,
      text: tr(
        lang,
        'Un conseiller France Services, près de chez vous, sans rendez-vous',
        'A France Services adviser near you, no appointment needed',
      ),
    },
    {
      href: HUMAN_HELP.allo3939,
      text: tr(
        lang,
        'Allô Service Public : 3939, du lundi au vendredi',
        'Allô Service Public: 3939 (in French), Monday to Friday',
      ),
    },
  ];
}
