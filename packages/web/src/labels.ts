// The catalog's identifiers in plain words (purposes, data categories, sectors, contracts, fields,
// legal bases), French and English. An identifier without words here is shown as it is. Pure.
import type { Catalog, DataCategory, LegalBasis } from '@relais/contracts';
import type { Lang } from './format.ts';

type Words = Readonly<Record<Lang, string>>;
const w = (fr: string, en: string): Words => ({ fr, en });

export const CATEGORY_WORDS: Readonly<Record<DataCategory, Words>> = {
  identity: w('votre identité', 'your identity'),
  address: w('votre adresse', 'your address'),
  family: w('votre famille et votre foyer', 'your family and household'),
  income: w('vos revenus', 'your income'),
  employment: w('votre emploi', 'your employment'),
  health: w('votre santé', 'your health'),
  disability: w('un handicap', 'a disability'),
  education: w('votre scolarité', 'your schooling'),
  contact: w('vos coordonnées', 'your contact details'),
};

const PURPOSE_WORDS: Readonly<Record<string, Words>> = {
  'address-update': w('mettre à jour votre adresse', 'keep your address up to date'),
  'household-update': w('mettre à jour votre foyer', 'keep your household up to date'),
  'benefit-review': w(
    'réexaminer vos aides quand votre situation change',
    'review your benefits when your situation changes',
  ),
  'care-coverage': w('adapter la prise en charge de vos soins', 'adapt your healthcare cover'),
  'proactive-eligibility': w(
    'détecter les aides auxquelles vous avez probablement droit',
    'find the benefits you are probably entitled to',
  ),
  'death-notification': w('informer d’un décès', 'report a death'),
  'birth-notification': w('informer d’une naissance', 'report a birth'),
  'tax-household-update': w('mettre à jour votre foyer fiscal', 'update your tax household'),
  'resources-assessment': w(
    'calculer vos aides selon vos revenus',
    'assess benefits on your income',
  ),
  'aah-payment': w(
    'verser l’allocation aux adultes handicapés',
    'pay the disabled adult allowance',
  ),
  'school-allowance': w(
    'verser l’allocation de rentrée scolaire',
    'pay the back-to-school allowance',
  ),
};

const SECTOR_WORDS: Readonly<Record<string, Words>> = {
  'civil-status': w('l’état civil', 'civil registration'),
  local: w('les communes', 'town halls'),
  family: w('les caisses d’allocations familiales', 'family allowance funds'),
  health: w('l’Assurance maladie', 'health insurance'),
  tax: w('les impôts', 'the tax administration'),
  employment: w('France Travail', 'France Travail'),
  pensions: w('les caisses de retraite', 'pension funds'),
  disability: w('les maisons des personnes handicapées', 'disability centres'),
  education: w('l’Éducation nationale', 'national education'),
  relais: w('Relais', 'Relais'),
};

const CONTRACT_WORDS: Readonly<Record<string, Words>> = {
  AddressChanged: w('Changement d’adresse', 'Change of address'),
  HouseholdCompositionChanged: w('Changement dans le foyer', 'Change in the household'),
  IncomeAssessed: w('Avis d’impôt sur le revenu', 'Income tax assessment'),
  JobseekerRegistered: w('Inscription comme demandeur d’emploi', 'Registration as a jobseeker'),
  EmploymentStatusChanged: w('Changement de situation professionnelle', 'Change of work situation'),
  DisabilityRecognitionGranted: w('Reconnaissance d’un handicap', 'Recognition of a disability'),
  SchoolEnrolmentConfirmed: w('Inscription scolaire', 'School enrolment'),
  BenefitClaimed: w('Demande d’une aide', 'Claim for a benefit'),
  BirthDeclared: w('Déclaration de naissance', 'Birth declaration'),
  DeathDeclared: w('Déclaration de décès', 'Death declaration'),
  CivilUnionRegistered: w('Mariage ou Pacs', 'Marriage or civil partnership'),
  HousingSituationDeclared: w('Situation de logement', 'Housing situation'),
  BenefitPaymentsRecorded: w('Prestations versées par la CAF', 'Benefits paid by the CAF'),
  MonthlyResourcesDeclared: w('Ressources mensuelles déclarées', 'Monthly resources declared'),
  DisabilityFileStated: w('État du dossier AAH à la MDPH', 'AAH file at the MDPH'),
  WorkUnfitnessRecognised: w('Inaptitude au travail reconnue', 'Unfitness for work recognised'),
};

const FIELD_WORDS: Readonly<Record<string, Words>> = {
  street: w('rue', 'street'),
  additionalLine: w('complément d’adresse', 'address line 2'),
  postcode: w('code postal', 'postcode'),
  cityCode: w('code de la commune', 'town code'),
  city: w('commune', 'town'),
  effectiveDate: w('date d’effet', 'effective date'),
  members: w('membres du foyer', 'household members'),
  taxYear: w('année d’imposition', 'tax year'),
  referenceTaxIncomeCents: w('revenu fiscal de référence', 'reference tax income'),
  registrationDate: w('date d’inscription', 'registration date'),
  compensated: w('indemnisation', 'compensation'),
  dailyAllowanceCents: w('allocation journalière', 'daily allowance'),
  status: w('situation', 'status'),
  monthlyNetIncomeCents: w('revenu mensuel net', 'monthly net income'),
  decisionKind: w('décision', 'decision'),
  incapacityRate: w('taux d’incapacité', 'incapacity rate'),
  substantialEmploymentRestriction: w('restriction d’accès à l’emploi', 'employment restriction'),
  periodStart: w('début', 'start'),
  periodEnd: w('fin', 'end'),
  schoolYear: w('année scolaire', 'school year'),
  benefit: w('aide', 'benefit'),
  claimedOn: w('date de la demande', 'claim date'),
  dateOfDeath: w('date du décès', 'date of death'),
  communeOfDeathCode: w('commune du décès', 'town of death'),
  situation: w('situation de logement', 'housing situation'),
  housingAidMonthlyCents: w('aide au logement versée', 'housing aid paid'),
  month: w('mois', 'month'),
  familyBenefitsCents: w('prestations familiales versées', 'family benefits paid'),
  aahCents: w('AAH versée', 'AAH paid'),
  months: w('ressources des 12 derniers mois', 'resources of the last 12 months'),
  spouseMonths: w('ressources du conjoint', 'spouse’s resources'),
  spouseAahCents: w('AAH versée au conjoint', 'AAH paid to the spouse'),
  statedOn: w('date de l’état du dossier', 'date of the file’s state'),
  aahDecisionInForce: w('décision AAH en cours', 'AAH decision in force'),
  aahRequestPending: w('demande d’AAH en attente', 'AAH request pending'),
  recognisedOn: w('date de la reconnaissance', 'date of recognition'),
  basis: w('fondement', 'basis'),
};

const BASIS_WORDS: Readonly<Record<LegalBasis | 'unknown', Words>> = {
  consent: w('votre accord', 'your consent'),
  'legal-obligation': w('obligation légale', 'legal obligation'),
  'public-task': w('mission de service public', 'public task'),
  unknown: w('base inconnue', 'unknown basis'),
};

export const SECTOR_PREFIX = 'sector:';

/** Words for the catalog's identifiers, in one language. */
export function labels(catalog: Catalog, lang: Lang) {
  const agencies = new Map(catalog.agencies.map((a) => [a.id, a.name]));
  const contracts = new Map(catalog.contracts.map((c) => [c.fullName, c]));
  return {
    category: (c: string) => CATEGORY_WORDS[c as DataCategory]?.[lang] ?? c,
    categories: (cs: readonly string[]) =>
      cs.map((c) => CATEGORY_WORDS[c as DataCategory]?.[lang] ?? c).join(', '),
    purpose: (p: string) => PURPOSE_WORDS[p]?.[lang] ?? p,
    sector: (s: string) => SECTOR_WORDS[s]?.[lang] ?? s,
    /** An agency id (its catalog name) or `sector:<sector>` (every agency of that field). */
    recipient: (r: string) =>
      r.startsWith(SECTOR_PREFIX)
        ? lang === 'fr'
          ? `toutes les administrations du domaine : ${SECTOR_WORDS[r.slice(SECTOR_PREFIX.length)]?.fr ?? r}`
          : `every public service of: ${SECTOR_WORDS[r.slice(SECTOR_PREFIX.length)]?.en ?? r}`
        : (agencies.get(r) ?? r),
    contract: (fullName: string) => {
      const name = contracts.get(fullName)?.name ?? fullName.split('.').at(-1) ?? fullName;
      return CONTRACT_WORDS[name]?.[lang] ?? name;
    },
    field: (f: string) => FIELD_WORDS[f]?.[lang] ?? f,
    basis: (b: string) => BASIS_WORDS[b as LegalBasis]?.[lang] ?? b,
    /** The data categories of a contract's fields (what a delivery of them touches). */
    categoriesOf: (fullName: string, fields: readonly string[]): string[] => {
      const c = contracts.get(fullName);
      if (!c) return [];
      return [
        ...new Set(
          c.fields.filter((f) => f.topLevel && fields.includes(f.name)).map((f) => f.category),
        ),
      ];
    },
  };
}

export type Labels = ReturnType<typeof labels>;
