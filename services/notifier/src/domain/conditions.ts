// One sentence per condition of the explanation, in French or English. Known condition ids
// (`css.free-ceiling`, …) get a sentence written for them; an unknown id gets a generic sentence
// around its English label. Money values are euro cents as digits.
import { formatCount, formatDate, listText, moneyText, valueText } from './format.ts';
import type { ExplainedCondition, Language } from './types.ts';

type Phrase = (c: ExplainedCondition, language: Language) => string;

interface ConditionPhrases {
  satisfied: Phrase;
  /** Said only when not meeting it still matters (e.g. why the CSS is not free). */
  unsatisfied?: Phrase;
}

const fr = (language: Language) => language === 'FR';

function fact(c: ExplainedCondition, name: string): string | number | boolean | null | undefined {
  return c.facts?.[name];
}

function numberFact(c: ExplainedCondition, name: string): number | undefined {
  const v = fact(c, name);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

/** ", en vigueur depuis le 1er avril 2025" */
function since(c: ExplainedCondition, language: Language): string {
  if (!c.parameterFrom) return '';
  const d = formatDate(c.parameterFrom, language);
  return fr(language) ? `, en vigueur depuis le ${d}` : `, in force since ${d}`;
}

/** " (9 800 €)" */
function observedMoney(c: ExplainedCondition, language: Language): string {
  const v = moneyText(c.observedValue, language);
  return v ? ` (${v})` : '';
}

/** " pour 3 personnes" */
function persons(c: ExplainedCondition, language: Language): string {
  const n = numberFact(c, 'persons');
  const where =
    fact(c, 'territory') === 'dom' ? (fr(language) ? ', en outre-mer' : ', overseas') : '';
  if (n === undefined) return where;
  if (fr(language)) return ` pour ${formatCount(n, language)} personne${n > 1 ? 's' : ''}${where}`;
  return ` for ${formatCount(n, language)} ${n > 1 ? 'people' : 'person'}${where}`;
}

/** " : 10 339 € pour 1 personne, en vigueur depuis le 1er avril 2025" */
function ceiling(c: ExplainedCondition, language: Language): string {
  const v = moneyText(c.parameterValue, language);
  const rest = `${persons(c, language)}${since(c, language)}`;
  if (!v) return rest;
  return `${fr(language) ? ' :' : ':'} ${v}${rest}`;
}

function ceilingSentence(
  subject: { fr: string; en: string },
  what: { fr: string; en: string },
  met: boolean,
): Phrase {
  return (c, language) =>
    fr(language)
      ? `${subject.fr}${observedMoney(c, language)} ${met ? 'ne dépassent pas' : 'dépassent'} le plafond ${what.fr}${ceiling(c, language)}.`
      : `${subject.en}${observedMoney(c, language)} ${met ? 'are not above' : 'are above'} the ceiling ${what.en}${ceiling(c, language)}.`;
}

function ages(c: ExplainedCondition, language: Language): string {
  const raw = fact(c, 'ages') ?? c.observedValue;
  if (raw === undefined || raw === null || raw === '') return '';
  const list = String(raw)
    .split(/[,;]\s*/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (list.length === 0) return '';
  return fr(language)
    ? ` (${list.length > 1 ? 'âges' : 'âge'} : ${listText(list, language)} ans)`
    : ` (${list.length > 1 ? 'ages' : 'age'}: ${listText(list, language)})`;
}

const KNOWN: Record<string, ConditionPhrases> = {
  'css.free-ceiling': {
    satisfied: ceilingSentence(
      { fr: 'Vos ressources annuelles', en: 'Your yearly resources' },
      { fr: 'de la CSS gratuite', en: 'of the free CSS' },
      true,
    ),
    unsatisfied: (c, language) =>
      ceilingSentence(
        { fr: 'Vos ressources annuelles', en: 'Your yearly resources' },
        { fr: 'de la CSS gratuite', en: 'of the free CSS' },
        false,
      )(c, language) +
      (fr(language)
        ? ' C’est pourquoi une participation vous serait demandée.'
        : ' This is why you would pay a contribution.'),
  },
  'css.contribution-ceiling': {
    satisfied: ceilingSentence(
      { fr: 'Vos ressources annuelles', en: 'Your yearly resources' },
      { fr: 'de la CSS avec participation', en: 'of the CSS with a contribution' },
      true,
    ),
  },
  'css.contribution-by-age': {
    satisfied: (c, language) =>
      fr(language)
        ? `La participation dépend de l’âge de chaque personne du foyer au 1er janvier${ages(c, language)}. Ce barème est ${c.parameterFrom ? `en vigueur depuis le ${formatDate(c.parameterFrom, language)}` : 'fixé par la loi'}.`
        : `The contribution depends on the age of each person in the household on 1 January${ages(c, language)}. This scale has been ${c.parameterFrom ? `in force since ${formatDate(c.parameterFrom, language)}` : 'set by law'}.`,
  },
  'ars.school-age': {
    satisfied: (c, language) => {
      const n = numberFact(c, 'schoolAge');
      if (fr(language)) {
        return n !== undefined && n > 1
          ? `Vous avez ${n} enfants en âge d’aller à l’école pour cette rentrée (de 6 à 18 ans).`
          : 'Vous avez un enfant en âge d’aller à l’école pour cette rentrée (de 6 à 18 ans).';
      }
      return n !== undefined && n > 1
        ? `You have ${n} children of school age for this school year (6 to 18).`
        : 'You have a child of school age for this school year (6 to 18).';
    },
  },
  'ars.income-ceiling': {
    satisfied: (c, language) => {
      const year = fact(c, 'incomeYear');
      const children = numberFact(c, 'children');
      const income = moneyText(c.observedValue, language);
      const limit = moneyText(c.parameterValue, language);
      if (fr(language)) {
        const kids =
          children === undefined
            ? ''
            : ` pour ${children} enfant${children > 1 ? 's' : ''} à charge`;
        return `Les revenus de votre foyer${year ? ` en ${year}` : ''}${income ? ` (${income})` : ''} ne dépassent pas le plafond${limit ? ` de ${limit}` : ''}${kids}${since(c, language)}.`;
      }
      const kids =
        children === undefined
          ? ''
          : ` for ${children} dependent ${children > 1 ? 'children' : 'child'}`;
      return `Your household’s income${year ? ` in ${year}` : ''}${income ? ` (${income})` : ''} is not above the ceiling${limit ? ` of ${limit}` : ''}${kids}${since(c, language)}.`;
    },
  },
  'ars.amount-by-age': {
    satisfied: (c, language) =>
      fr(language)
        ? `Le montant dépend de l’âge de chaque enfant${c.parameterFrom ? ` (barème en vigueur depuis le ${formatDate(c.parameterFrom, language)})` : ''}.`
        : `The amount depends on the age of each child${c.parameterFrom ? ` (scale in force since ${formatDate(c.parameterFrom, language)})` : ''}.`,
  },
  'rsa.age-or-child': {
    satisfied: (_c, language) =>
      fr(language)
        ? 'Une personne de votre foyer a 25 ans ou plus, ou vous avez un enfant.'
        : 'Someone in your household is 25 or older, or you have a child.',
  },
  'rsa.amount-above-threshold': {
    satisfied: (c, language) => {
      const resources = moneyText(
        (fact(c, 'resources') ?? c.observedValue)?.toString() ?? undefined,
        language,
      );
      const base = moneyText(c.parameterValue, language);
      if (fr(language)) {
        return `Vos ressources du mois${resources ? ` (${resources})` : ''} sont inférieures au montant forfaitaire du RSA pour votre foyer${base ? ` (montant de base : ${base}${since(c, language)})` : ''}.`;
      }
      return `Your monthly resources${resources ? ` (${resources})` : ''} are below the RSA lump sum for your household${base ? ` (base amount: ${base}${since(c, language)})` : ''}.`;
    },
  },
};

function genericSentence(c: ExplainedCondition, language: Language): string {
  const observed = valueText(c.observedValue, c.unit, language);
  const reference = valueText(c.parameterValue, c.unit, language);
  const details: string[] = [];
  if (observed) details.push(fr(language) ? `votre situation : ${observed}` : `yours: ${observed}`);
  if (reference) {
    details.push(
      fr(language)
        ? `valeur de référence : ${reference}${since(c, language)}`
        : `reference value: ${reference}${since(c, language)}`,
    );
  } else if (c.parameterFrom) {
    details.push(
      fr(language)
        ? `règle en vigueur depuis le ${formatDate(c.parameterFrom, language)}`
        : `rule in force since ${formatDate(c.parameterFrom, language)}`,
    );
  }
  const label = c.label.trim().replace(/\.$/, '');
  const suffix = details.length ? ` (${details.join(fr(language) ? ' ; ' : '; ')})` : '';
  return fr(language)
    ? `Condition remplie : ${label}${suffix}.`
    : `Condition met: ${label}${suffix}.`;
}

/** The sentence for a condition, or undefined when it is not worth telling the citizen. */
export function conditionSentence(c: ExplainedCondition, language: Language): string | undefined {
  const known = c.id ? KNOWN[c.id] : undefined;
  if (c.satisfied) return known ? known.satisfied(c, language) : genericSentence(c, language);
  return known?.unsatisfied?.(c, language);
}

/** Condition ids with a sentence of their own. */
export const KNOWN_CONDITION_IDS: readonly string[] = Object.keys(KNOWN);
