// Three citizens' records for the evaluation, in the shapes the portal reads from the consent
// service and the notifier. Each holds values found nowhere else (ids, amounts, subjects), so an
// answer that shows another citizen's data is caught. Notice texts follow the notifier's layout.
import type { CitizenRecords, Vocabulary } from '../domain/records.ts';

export type CitizenKey = 'camille' | 'yanis' | 'josette';

/** The evaluation's « today »: fixed, so no figure depends on the day it runs. */
export const EVAL_TODAY = '2026-11-20';

const AGENCIES: Record<string, string> = {
  caf: 'Caisse d’allocations familiales du Rhône',
  cpam: 'Caisse primaire d’assurance maladie du Rhône',
  dgfip: 'Direction générale des Finances publiques',
  relais: 'Relais',
  'france-travail': 'France Travail',
};

const w = (fr: string, en: string) => ({ fr, en });
const CATEGORIES: Record<string, { fr: string; en: string }> = {
  address: w('votre adresse', 'your address'),
  income: w('vos revenus', 'your income'),
  family: w('votre famille et votre foyer', 'your family and household'),
  employment: w('votre emploi', 'your employment'),
  health: w('votre santé', 'your health'),
};
const PURPOSES: Record<string, { fr: string; en: string }> = {
  'address-update': w('mettre à jour votre adresse', 'keep your address up to date'),
  'proactive-eligibility': w(
    'détecter les aides auxquelles vous avez probablement droit',
    'find the benefits you are probably entitled to',
  ),
  'resources-assessment': w(
    'calculer vos aides selon vos revenus',
    'assess benefits on your income',
  ),
};
const BASES: Record<string, { fr: string; en: string }> = {
  consent: w('votre accord', 'your consent'),
  'legal-obligation': w('obligation légale', 'legal obligation'),
  'public-task': w('mission de service public', 'public task'),
};
const CONTRACTS: Record<string, { fr: string; en: string }> = {
  'fr.gouv.residence.AddressChanged': w('Changement d’adresse', 'Change of address'),
  'fr.gouv.tax.IncomeAssessed': w('Avis d’impôt sur le revenu', 'Income tax assessment'),
  'fr.gouv.employment.JobseekerRegistered': w(
    'Inscription comme demandeur d’emploi',
    'Registration as a jobseeker',
  ),
};

/** The portal's labels, reduced to what the fixtures name. */
export function vocabulary(lang: 'fr' | 'en'): Vocabulary {
  return {
    category: (c) => CATEGORIES[c]?.[lang] ?? c,
    purpose: (p) => PURPOSES[p]?.[lang] ?? p,
    recipient: (r) => AGENCIES[r] ?? r,
    basis: (b) => BASES[b]?.[lang] ?? b,
    contract: (c) => CONTRACTS[c]?.[lang] ?? c,
  };
}

const RULE = '-'.repeat(60);

function noticeText(
  fr: { subject: string; why: string[]; amount: string[] },
  en: typeof fr,
): string {
  const part = (lang: 'fr' | 'en', n: typeof fr) => {
    const h =
      lang === 'fr'
        ? [
            'Ce que nous avons trouvé',
            'Pourquoi nous pensons que vous y avez droit',
            'Combien',
            'Ce n’est pas une décision',
            'Comment faire la demande',
            'Ne plus recevoir ces messages',
          ]
        : [
            'What we found',
            'Why we think you are entitled to it',
            'How much',
            'This is not a decision',
            'How to claim',
            'Stop these messages',
          ];
    const t = (a: string, b: string) => (lang === 'fr' ? a : b);
    const sections = [
      [
        h[0],
        t('Bonjour,', 'Hello,'),
        t(
          'Avec votre accord, Relais a regardé les informations que les administrations ont déjà sur vous.',
          'With your consent, Relais looked at the information public services already hold about you.',
        ),
      ],
      [h[1], ...n.why],
      [
        h[2],
        ...n.amount,
        t(
          'C’est une estimation : le montant réel peut être différent.',
          'This is an estimate: the real amount may be different.',
        ),
      ],
      [
        h[3],
        t(
          'Ce message n’est pas une décision. Seul l’organisme qui verse l’aide peut décider, après avoir étudié votre demande.',
          'This message is not a decision. Only the body that pays the benefit can decide, after looking at your claim.',
        ),
      ],
      [
        h[4],
        t(
          'Faites la demande en ligne : https://www.ameli.fr',
          'Claim online: https://www.ameli.fr',
        ),
        t(
          'Sans internet : remplissez le formulaire cerfa n° 12504.',
          'Without internet: fill in form cerfa no. 12504.',
        ),
      ],
      [
        h[5],
        t(
          'Pour ne plus recevoir ces messages : https://portail.example/preferences',
          'To stop these messages: https://portail.example/preferences',
        ),
      ],
    ];
    return [n.subject, ...sections.map((s) => s.join('\n\n'))].join('\n\n\n') + '\n';
  };
  return `English version below.\n\n${part('fr', fr)}\n${RULE}\n\n${part('en', en)}`;
}

const camille: CitizenRecords & { texts: Record<string, string> } = {
  consents: [
    {
      id: 'cons-cam-caf',
      purpose: 'address-update',
      recipient: 'caf',
      categories: ['address'],
      grantedAt: '2026-03-01T10:00:00Z',
      expiresAt: null,
      revokedAt: '2026-04-02T08:00:00Z',
      status: 'revoked',
    },
    {
      id: 'cons-cam-cpam',
      purpose: 'address-update',
      recipient: 'cpam',
      categories: ['address'],
      grantedAt: '2026-03-01T10:05:00Z',
      expiresAt: '2027-03-01T00:00:00Z',
      revokedAt: null,
      status: 'active',
    },
    {
      id: 'cons-cam-relais',
      purpose: 'proactive-eligibility',
      recipient: 'relais',
      categories: ['address', 'family', 'income', 'employment'],
      grantedAt: '2026-03-01T10:10:00Z',
      expiresAt: null,
      revokedAt: null,
      status: 'active',
    },
  ],
  access: [
    ...(['caf', 'cpam', 'dgfip', 'relais'] as const).map((a, i) => ({
      accessId: `acc-cam-m1-${a}`,
      eventId: 'evt-cam-move1',
      recipient: { id: a, name: AGENCIES[a] ?? null },
      contract: 'fr.gouv.residence.AddressChanged',
      fields: ['street', 'postcode', 'city'],
      categories: ['address'],
      legalBasis: a === 'dgfip' ? 'legal-obligation' : 'consent',
      consentId:
        a === 'caf'
          ? 'cons-cam-caf'
          : a === 'cpam'
            ? 'cons-cam-cpam'
            : a === 'relais'
              ? 'cons-cam-relais'
              : null,
      purpose: a === 'relais' ? 'proactive-eligibility' : 'address-update',
      recordedAt: `2026-03-12T09:0${i}:00Z`,
    })),
    ...(['cpam', 'dgfip', 'relais'] as const).map((a, i) => ({
      accessId: `acc-cam-m2-${a}`,
      eventId: 'evt-cam-move2',
      recipient: { id: a, name: AGENCIES[a] ?? null },
      contract: 'fr.gouv.residence.AddressChanged',
      fields: ['street', 'postcode', 'city'],
      categories: ['address'],
      legalBasis: a === 'dgfip' ? 'legal-obligation' : 'consent',
      consentId: a === 'cpam' ? 'cons-cam-cpam' : a === 'relais' ? 'cons-cam-relais' : null,
      purpose: a === 'relais' ? 'proactive-eligibility' : 'address-update',
      recordedAt: `2026-06-18T14:1${i}:00Z`,
    })),
    {
      accessId: 'acc-cam-income',
      eventId: 'evt-cam-income',
      recipient: { id: 'relais', name: 'Relais' },
      contract: 'fr.gouv.tax.IncomeAssessed',
      fields: ['referenceTaxIncomeCents'],
      categories: ['income'],
      legalBasis: 'consent',
      consentId: 'cons-cam-relais',
      purpose: 'proactive-eligibility',
      recordedAt: '2026-09-05T07:30:00Z',
    },
  ],
  hiddenAccess: 0,
  notices: [
    {
      noticeId: 'ntc-cam-css',
      benefit: 'CSS',
      period: '2026',
      subject: 'Vous avez probablement droit à la Complémentaire santé solidaire (CSS)',
      createdAt: '2026-09-06T08:00:00Z',
      openedAt: null,
      claimedAt: null,
    },
  ],
  texts: {
    'ntc-cam-css': noticeText(
      {
        subject: 'Vous avez probablement droit à la Complémentaire santé solidaire (CSS)',
        why: [
          'Vos ressources annuelles (9 000 €) ne dépassent pas le plafond de la CSS gratuite : 10 339 € pour 1 personne, en vigueur depuis le 1er avril 2025.',
        ],
        amount: ['La CSS serait gratuite pour vous : vous ne paieriez rien.'],
      },
      {
        subject: 'You are probably entitled to the Complémentaire santé solidaire (CSS)',
        why: [
          'Your yearly resources (€9,000) are not above the ceiling of the free CSS: €10,339 for 1 person, in force since 1 April 2025.',
        ],
        amount: ['The CSS would be free for you: you would pay nothing.'],
      },
    ),
  },
};

const yanis: CitizenRecords & { texts: Record<string, string> } = {
  consents: [
    {
      id: 'cons-yan-relais',
      purpose: 'proactive-eligibility',
      recipient: 'relais',
      categories: ['family', 'income', 'employment'],
      grantedAt: '2026-01-15T09:00:00Z',
      expiresAt: null,
      revokedAt: null,
      status: 'active',
    },
  ],
  access: [
    {
      accessId: 'acc-yan-job-caf',
      eventId: 'evt-yan-job',
      recipient: { id: 'caf', name: AGENCIES['caf'] ?? null },
      contract: 'fr.gouv.employment.JobseekerRegistered',
      fields: ['registrationDate'],
      categories: ['employment'],
      legalBasis: 'public-task',
      consentId: null,
      purpose: 'resources-assessment',
      recordedAt: '2026-02-03T11:00:00Z',
    },
    {
      accessId: 'acc-yan-job-relais',
      eventId: 'evt-yan-job',
      recipient: { id: 'relais', name: 'Relais' },
      contract: 'fr.gouv.employment.JobseekerRegistered',
      fields: ['registrationDate'],
      categories: ['employment'],
      legalBasis: 'consent',
      consentId: 'cons-yan-relais',
      purpose: 'proactive-eligibility',
      recordedAt: '2026-02-03T11:01:00Z',
    },
    {
      accessId: 'acc-yan-income',
      eventId: 'evt-yan-income',
      recipient: { id: 'relais', name: 'Relais' },
      contract: 'fr.gouv.tax.IncomeAssessed',
      fields: ['referenceTaxIncomeCents'],
      categories: ['income'],
      legalBasis: 'consent',
      consentId: 'cons-yan-relais',
      purpose: 'proactive-eligibility',
      recordedAt: '2026-07-21T07:00:00Z',
    },
  ],
  hiddenAccess: 1,
  notices: [
    {
      noticeId: 'ntc-yan-rsa',
      benefit: 'RSA',
      period: '2026',
      subject: 'Vous avez probablement droit au revenu de solidarité active (RSA)',
      createdAt: '2026-07-22T08:00:00Z',
      openedAt: '2026-07-23T18:00:00Z',
      claimedAt: null,
    },
    {
      noticeId: 'ntc-yan-ars',
      benefit: 'ARS',
      period: '2026-2027',
      subject: 'Vous avez probablement droit à l’allocation de rentrée scolaire (ARS)',
      createdAt: '2026-08-02T08:00:00Z',
      openedAt: null,
      claimedAt: null,
    },
  ],
  texts: {
    'ntc-yan-rsa': noticeText(
      {
        subject: 'Vous avez probablement droit au revenu de solidarité active (RSA)',
        why: [
          'Les ressources de votre foyer (612 € par mois) sont inférieures au montant forfaitaire du RSA pour 3 personnes : 1 308 €, en vigueur depuis le 1er avril 2026.',
        ],
        amount: ['Montant estimé : environ 696 € par mois.'],
      },
      {
        subject: 'You are probably entitled to the RSA (revenu de solidarité active)',
        why: [
          'Your household’s resources (€612 a month) are below the RSA lump sum for 3 people: €1,308, in force since 1 April 2026.',
        ],
        amount: ['Estimated amount: about €696 a month.'],
      },
    ),
    'ntc-yan-ars': noticeText(
      {
        subject: 'Vous avez probablement droit à l’allocation de rentrée scolaire (ARS)',
        why: [
          'Vous avez 2 enfants en âge d’aller à l’école pour cette rentrée (de 6 à 18 ans).',
          'Les revenus de votre foyer (7 344 €) ne dépassent pas le plafond de l’ARS pour 2 enfants : 33 950 €.',
        ],
        amount: ['Montant estimé : environ 859 €, versés une fois, à la rentrée.'],
      },
      {
        subject: 'You are probably entitled to the back-to-school allowance (ARS)',
        why: [
          'You have 2 children of school age for this school year (6 to 18).',
          'Your household’s income (€7,344) is not above the ARS ceiling for 2 children: €33,950.',
        ],
        amount: ['Estimated amount: about €859, paid once, for the start of the school year.'],
      },
    ),
  },
};

const josette: CitizenRecords & { texts: Record<string, string> } = {
  consents: [],
  access: [
    {
      accessId: 'acc-jos-dgfip',
      eventId: 'evt-jos-move',
      recipient: { id: 'dgfip', name: AGENCIES['dgfip'] ?? null },
      contract: 'fr.gouv.residence.AddressChanged',
      fields: ['street', 'postcode', 'city'],
      categories: ['address'],
      legalBasis: 'legal-obligation',
      consentId: null,
      purpose: 'address-update',
      recordedAt: '2026-10-09T10:00:00Z',
    },
  ],
  hiddenAccess: 0,
  notices: [],
  texts: {},
};

export const CITIZENS: Readonly<
  Record<CitizenKey, CitizenRecords & { texts: Record<string, string> }>
> = {
  camille,
  yanis,
  josette,
};

/** Values that belong to one citizen only (ids, amounts, subjects): none may show in another's answer. */
export function markersOf(key: CitizenKey): string[] {
  const c = CITIZENS[key];
  const ids = [
    ...c.consents.map((x) => x.id),
    ...c.access.map((x) => x.accessId),
    ...c.notices.map((x) => x.noticeId),
  ];
  const amounts: Record<CitizenKey, string[]> = {
    camille: ['9 000', '9,000', '10 339', '10,339'],
    yanis: ['612', '1 308', '1,308', '696', '7 344', '7,344', '859'],
    josette: ['9 octobre 2026', '9 October 2026'],
  };
  return [...ids, ...amounts[key]];
}
