// The limits of an estimate, said in the notice's language. The eligibility rules write their
// caveats in English; the ones they write today have a French version here. A caveat given in
// both languages is used as it is; an English one without a French version is summed up in
// French by one general sentence (the English notice still lists it).
import type { Caveat, Language } from './types.ts';

const FRENCH: Record<string, string> = {
  // CSS (services/eligibility/src/domain/rules/css.ts)
  'Resources are those of the last 12 months; Relais uses the reference tax income, an approximation that can be wrong either way.':
    'La CSS regarde vos ressources des 12 derniers mois. Relais a utilisé votre revenu fiscal de référence : le résultat peut être un peu différent.',
  'Housing benefits and the forfait logement count as resources and are not added here.':
    'Les aides au logement comptent dans vos ressources. Relais ne les a pas ajoutées.',
  'A child in shared residence counts half; Relais counts whole persons.':
    'Un enfant en résidence alternée compte pour une demi-personne. Relais l’a compté comme une personne entière.',
  // ARS (rules/ars.ts)
  'From 16 to 18 a child must still be in school or an apprentice with low pay; Relais assumes so.':
    'De 16 à 18 ans, l’enfant doit être encore élève, ou apprenti avec un petit salaire. Relais a supposé que c’est le cas.',
  'Just above the ceiling a reduced (differential) ARS may be paid; it is not estimated here.':
    'Un peu au-dessus du plafond, une ARS réduite peut être versée. Relais ne l’a pas calculée.',
  'Income is the household’s net taxable income of year N-2 as Relais knows it.':
    'Relais a utilisé le revenu net imposable de votre foyer d’il y a deux ans, tel qu’il le connaît.',
  // RSA (rules/rsa.ts)
  'Resources are the foyer’s average over the last 3 months; Relais only knows declared incomes.':
    'Le RSA regarde vos ressources des 3 derniers mois. Relais ne connaît que les revenus déclarés.',
  'Family benefits (allocations familiales, ASF) count as resources and are not deducted here.':
    'Les prestations familiales (allocations familiales, ASF) comptent dans vos ressources. Relais ne les a pas retirées.',
  'The RSA majoré for isolated parents and the RSA jeune actif are not estimated.':
    'Le RSA majoré pour les parents seuls et le RSA jeune actif ne sont pas calculés.',
  'Residence, nationality and stay conditions are not checked.':
    'Relais n’a pas vérifié les conditions de résidence, de nationalité et de séjour.',
  'Housing situation unknown: the forfait logement is deducted, so the estimate is a minimum.':
    'Relais ne connaît pas votre logement. Il a retiré le forfait logement : le montant réel peut être plus élevé.',
};

const GENERAL_FR =
  'Relais a simplifié certaines règles : le résultat réel peut être différent (détails dans la version anglaise).';

/** The caveats to print in this language, in order, without repeating the general sentence. */
export function caveatTexts(caveats: readonly Caveat[], language: Language): string[] {
  const out: string[] = [];
  for (const c of caveats) {
    if (typeof c !== 'string') {
      out.push(language === 'FR' ? c.fr : c.en);
      continue;
    }
    if (language === 'EN') {
      out.push(c);
      continue;
    }
    const french = FRENCH[c.trim()];
    if (french) out.push(french);
    else if (!out.includes(GENERAL_FR)) out.push(GENERAL_FR);
  }
  return out;
}
