// Questions the assistant must not answer, whatever else they say: an attempt to change its
// rules (« ignore tes règles », « you are now… »), a request for someone else's records
// (« les données de Camille », « my neighbour's address »), or code. It answers only from the
// signed-in citizen's records; these get a refusal that says so, and nothing is looked up.
import { fold } from './normalise.ts';

const INJECTION = [
  /\b(?:ignore[rz]?|oublie[rz]?|forget|disregard|bypass|contourne[rz]?|override|desactive[rz]?|disable)\b.{0,40}\b(?:regles?|rules?|instructions?|consignes?|restrictions?|limites?|filtres?|filters?|securite|security|guardrails?|policy|politique)\b/,
  /\b(?:system prompt|prompt systeme|ton prompt|your prompt|mode developpeur|developer mode|dev mode|jailbreak|dan mode|mode admin|admin mode|as an admin|en tant qu admin|sudo|root access)\b/,
  /\b(?:tu es maintenant|you are now|act as|agis comme|fais comme si|pretend (?:to be|you are)|joue le role|role ?play)\b/,
  /\b(?:select .{1,40} from|drop table|union select|insert into|script|javascript|eval)\b/,
  /(?:<\s*script|\{\{|\$\{|;--)/,
];

/** Someone else, named or not, whose records are asked for. */
const OTHER_PERSON =
  /\b(?:mon (?:voisin|mari|ex|frere|pere|fils|collegue|patron|conjoint|copain)|ma (?:voisine|femme|soeur|mere|fille|collegue|copine|conjointe)|my (?:neighbou?r|wife|husband|ex|brother|sister|mother|father|son|daughter|colleague|boss|partner)|(?:un |une |d un |d une )?autres? (?:personnes?|usagers?|citoyens?|citoyennes?|utilisateurs?|gens)|another (?:person|citizen|user)|other (?:people|citizens|users)|tous les (?:citoyens|usagers|utilisateurs|francais)|toutes les personnes|all (?:the )?(?:citizens|users|people)|everyone|everybody|tout le monde|someone else|somebody else|quelqu un d autre)\b/;

const RECORD_WORDS =
  /\b(?:donnees?|infos?|informations?|dossiers?|data|records?|adresses?|address(?:es)?|revenus?|income|courriers?|notices?|accords?|consents?|details|fichiers?|files?|historique|history|log|journal)\b/;

/** « les données de Camille », « Camille's data », « l'adresse de M. Martin ». */
function namesSomeoneElse(raw: string): boolean {
  const ofName =
    /\b(?:donn[ée]es?|infos?|informations?|dossiers?|data|records?|adresses?|address|revenus?|income|courriers?|notices?|accords?|consents?|details|fichiers?|files?|historique|history)\s+(?:personnelles\s+)?(?:de|d’|d'|du|of|for|from|about)\s*(?:M\.|Mme|Madame|Monsieur|Mr\.?|Mrs\.?|Ms\.?)?\s*([A-ZÀ-Ý][a-zà-ÿ]+)/u;
  const possessive =
    /\b([A-ZÀ-Ý][a-zà-ÿ]+)(?:’s|'s)\s+(?:data|records|address|income|notices|consents|file|details)\b/u;
  const m = ofName.exec(raw) ?? possessive.exec(raw);
  if (!m) return false;
  // Bodies and places are not people: « les données de la CAF », « de Lyon » after « mon ».
  const name = fold(m[1] ?? '');
  const notPeople = new Set([
    'caf',
    'cpam',
    'relais',
    'france',
    'lyon',
    'paris',
    'mon',
    'ma',
    'mes',
    'my',
    'moi',
    'la',
    'le',
    'les',
    'l',
  ]);
  if (notPeople.has(name)) return false;
  const before = raw.slice(0, m.index).trim().split(/\s+/).at(-1)?.toLowerCase() ?? '';
  return !['mon', 'ma', 'mes', 'my', 'our', 'nos', 'notre'].includes(before);
}

export type Refusal = 'injection' | 'someone-else';

/** Why the question is refused, or undefined when it may be answered. */
export function refusalOf(raw: string): Refusal | undefined {
  const f = fold(raw);
  if (INJECTION.some((re) => re.test(f))) return 'injection';
  if (namesSomeoneElse(raw)) return 'someone-else';
  if (OTHER_PERSON.test(f) && RECORD_WORDS.test(f)) return 'someone-else';
  return undefined;
}
