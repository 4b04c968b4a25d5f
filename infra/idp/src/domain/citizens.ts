// The demo accounts of the local identity provider: each demo citizen's pivot identity (identité
// pivot) as FranceConnect transmits it, and the highest eIDAS level the account can reach.
// Never a NIR: FranceConnect does not transmit one, and neither does Relais.
import { AccountsFileError, readEntry } from './accounts-file.ts';
import { isEidasLevel, type EidasLevel } from './eidas.ts';

export { AccountsFileError } from './accounts-file.ts';

export type Gender = 'female' | 'male';

/** The claims FranceConnect's pivot identity and its complementary data carry. */
export interface PivotIdentity {
  /** Given names, separated by spaces (prénoms). */
  given_name: string;
  /** Birth name (nom de naissance), upper case as FranceConnect sends it. */
  family_name: string;
  /** Usage name (nom d'usage), '' when none. */
  preferred_username: string;
  /** YYYY-MM-DD. */
  birthdate: string;
  gender: Gender;
  /** INSEE code of the commune of birth (5 characters, 2A/2B in Corsica), '' when born abroad. */
  birthplace: string;
  /** INSEE code of the country of birth, 99100 for France. */
  birthcountry: string;
  email: string;
}

export interface Citizen {
  handle: string;
  /** The name the demo narrates; shown on the login page only. */
  name: string;
  identity: PivotIdentity;
  /** Shown on the consent page beside the INSEE codes; never sent as claims. */
  birthplaceName: string;
  birthcountryName: string;
  /** The highest level a login with this account reaches. */
  eidasMax: EidasLevel;
}

export class CitizensFileError extends AccountsFileError {
  override name = 'CitizensFileError';
  constructor(problems: string[]) {
    super('citizens file', problems);
  }
}

const NAME_CHARS = /^[A-Za-zÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸàâäçéèêëîïôöùûüÿÆŒæœ' -]+$/;
const FAMILY_CHARS = /^[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸÆŒ' -]+$/;
const COMMUNE = /^(?:[0-8][0-9AB]|9[0-8AB]|2[AB])[0-9]{3}$/;
const COUNTRY = /^99[0-9]{3}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// A NIR (numéro d'inscription au répertoire): 13 digits, or 15 with its key, starting 1 or 2
// (Corsica's 2A/2B included).
const NIR = /^[12]\s?\d{2}\s?\d{2}\s?(?:\d{2}|2A|2B)\s?\d{3}\s?\d{3}(?:\s?\d{2})?$/i;
const NIR_KEYS = /^(?:nir|nss|insee|numero_?securite_?sociale|social_?security(?:_?number)?)$/i;

function validDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function findNir(value: unknown, where: string, problems: string[]): void {
  if (typeof value === 'string' && NIR.test(value.trim())) {
    problems.push(`${where}: looks like a NIR; demo accounts never carry one`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => findNir(v, `${where}[${i}]`, problems));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (NIR_KEYS.test(k)) problems.push(`${where}.${k}: demo accounts never carry a NIR`);
      findNir(v, `${where}.${k}`, problems);
    }
  }
}

/**
 * Reads the parsed `citizens.yaml` (its `citizens` list). Every problem names the citizen, the
 * field and what was expected; nothing is half-loaded.
 */
export function parseCitizens(doc: unknown): Citizen[] {
  const problems: string[] = [];
  const list = (doc as { citizens?: unknown } | null)?.citizens;
  if (!Array.isArray(list)) throw new CitizensFileError(['"citizens" must be a list']);
  findNir(list, 'citizens', problems);
  const out: Citizen[] = [];
  const seen = new Set<string>();
  const reading = {
    list: 'citizens',
    nonEmpty: false,
    hint: 'quote dates and codes',
    seen,
    problems,
  };
  list.forEach((raw: unknown, i) => {
    const { entry, handle, at, text } = readEntry(reading, raw, i);
    const name = text(entry, 'name');
    const eidas = entry['eidas_max'];
    if (!isEidasLevel(eidas))
      problems.push(`${at('eidas_max')}: expected eidas1, eidas2 or eidas3`);
    const id = entry['identity'];
    if (id === null || typeof id !== 'object') {
      problems.push(`${at('identity')}: expected the pivot identity (given_name, family_name, …)`);
      return;
    }
    const identity = id as Record<string, unknown>;
    const p = 'identity.';
    const given = text(identity, 'given_name', p);
    const family = text(identity, 'family_name', p);
    const usage = identity['preferred_username'] ?? '';
    const birthdate = text(identity, 'birthdate', p);
    const gender = identity['gender'];
    const birthplace = text(identity, 'birthplace', p);
    const birthcountry = text(identity, 'birthcountry', p);
    const email = text(identity, 'email', p);
    if (given && !NAME_CHARS.test(given)) problems.push(`${at(p + 'given_name')}: letters only`);
    if (family && !FAMILY_CHARS.test(family)) {
      problems.push(`${at(p + 'family_name')}: upper-case letters, as FranceConnect sends it`);
    }
    if (typeof usage !== 'string' || (usage !== '' && !FAMILY_CHARS.test(usage))) {
      problems.push(`${at(p + 'preferred_username')}: '' or an upper-case usage name`);
    }
    if (birthdate && !validDate(birthdate)) {
      problems.push(`${at(p + 'birthdate')}: expected a date YYYY-MM-DD`);
    }
    if (gender !== 'female' && gender !== 'male') {
      problems.push(`${at(p + 'gender')}: expected female or male`);
    }
    if (!COUNTRY.test(birthcountry)) {
      problems.push(
        `${at(p + 'birthcountry')}: expected an INSEE country code 99XXX (99100: France)`,
      );
    }
    if (birthcountry === '99100' ? !COMMUNE.test(birthplace) : birthplace !== '') {
      problems.push(
        `${at(p + 'birthplace')}: expected the INSEE code of the commune when born in France, '' otherwise`,
      );
    }
    if (email && !EMAIL.test(email))
      problems.push(`${at(p + 'email')}: expected an e-mail address`);
    const birthplaceName =
      typeof entry['birthplace_name'] === 'string' ? entry['birthplace_name'] : '';
    const birthcountryName = text(entry, 'birthcountry_name');
    if (birthcountry === '99100' && birthplaceName === '') {
      problems.push(`${at('birthplace_name')}: expected the commune's name, shown beside its code`);
    }
    // No digital identity at all (issue 15): enrolled in Relais, never an account here.
    if (entry['offline'] === true) return;
    out.push({
      handle,
      name,
      identity: {
        given_name: given,
        family_name: family,
        preferred_username: typeof usage === 'string' ? usage : '',
        birthdate,
        gender: gender === 'male' ? 'male' : 'female',
        birthplace,
        birthcountry,
        email,
      },
      birthplaceName,
      birthcountryName,
      eidasMax: isEidasLevel(eidas) ? eidas : 'eidas1',
    });
  });
  if (problems.length > 0) throw new CitizensFileError(problems);
  return out;
}
