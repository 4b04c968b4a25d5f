// The knowledge base, written for Relais: one entry per benefit Relais can find for a citizen
// (the eligibility service's rules: services/eligibility/src/domain/rules, explained in
// docs/rules/*.md) and one per common question, in French and English, each with the official
// page to go further (sources: docs/references.md, "Assistant"). Plain words, short sentences.

export type Benefit = 'RSA' | 'PRIME_ACTIVITE' | 'AAH' | 'CSS' | 'ARS' | 'CHEQUE_ENERGIE';

export const BENEFIT_CODES: readonly Benefit[] = [
  'RSA',
  'PRIME_ACTIVITE',
  'AAH',
  'CSS',
  'ARS',
  'CHEQUE_ENERGIE',
];

export interface Bilingual {
  fr: string;
  en: string;
}

export interface KnowledgeEntry {
  id: string;
  title: Bilingual;
  body: { fr: readonly string[]; en: readonly string[] };
  /** The official page to go further. */
  url: string;
  urlText: Bilingual;
  /** Phrasings that lead to it (common questions only; benefits are found by name). */
  examples?: readonly string[];
}

const sp = (fiche: string) => `https://www.service-public.fr/particuliers/vosdroits/${fiche}`;
const onSp: Bilingual = {
  fr: 'La fiche sur service-public.fr',
  en: 'The page on service-public.fr',
};

export const BENEFIT_ENTRIES: Readonly<Record<Benefit, KnowledgeEntry>> = {
  RSA: {
    id: 'benefit-rsa',
    title: { fr: 'Le revenu de solidarité active (RSA)', en: 'The RSA (minimum income)' },
    body: {
      fr: [
        'Le RSA assure un revenu minimum aux personnes de 25 ans ou plus (ou plus jeunes avec un enfant, ou après deux ans de travail) qui ont peu ou pas de ressources, avec un accompagnement vers l’emploi.',
        'Le montant dépend des ressources et de la composition du foyer. La Caf (ou la MSA) le verse pour le département.',
      ],
      en: [
        'The RSA is a minimum income for people aged 25 or over (or younger with a child, or after two years of work) with little or no income, with support to find work.',
        'The amount depends on the household’s income and make-up. The Caf (or the MSA) pays it on behalf of the département.',
      ],
    },
    url: sp('F19775'),
    urlText: onSp,
  },
  PRIME_ACTIVITE: {
    id: 'benefit-prime-activite',
    title: { fr: 'La prime d’activité', en: 'The prime d’activité (in-work bonus)' },
    body: {
      fr: [
        'La prime d’activité complète chaque mois les revenus des personnes de 18 ans ou plus qui travaillent et gagnent peu (salariés, indépendants, apprentis et étudiants sous conditions).',
        'Elle dépend des revenus du foyer des trois derniers mois. La demande se fait en ligne auprès de la Caf (ou de la MSA).',
      ],
      en: [
        'The prime d’activité tops up, every month, the income of people aged 18 or over who work and earn little (employees, self-employed, apprentices and students under conditions).',
        'It depends on the household’s income over the last three months. You claim online with the Caf (or the MSA).',
      ],
    },
    url: sp('F2882'),
    urlText: onSp,
  },
  AAH: {
    id: 'benefit-aah',
    title: {
      fr: 'L’allocation aux adultes handicapés (AAH)',
      en: 'The AAH (disabled adult allowance)',
    },
    body: {
      fr: [
        'L’AAH assure un minimum de ressources aux adultes dont le taux d’incapacité est d’au moins 80 %, ou de 50 à 79 % avec une restriction d’accès à l’emploi reconnue.',
        'La MDPH reconnaît le handicap, puis la Caf (ou la MSA) verse l’allocation selon les ressources.',
      ],
      en: [
        'The AAH is a minimum income for adults with an incapacity rate of at least 80 %, or of 50 to 79 % with a recognised restriction in finding work.',
        'The MDPH recognises the disability; the Caf (or the MSA) then pays the allowance according to income.',
      ],
    },
    url: sp('F12242'),
    urlText: onSp,
  },
  CSS: {
    id: 'benefit-css',
    title: {
      fr: 'La Complémentaire santé solidaire (CSS)',
      en: 'The Complémentaire santé solidaire (CSS)',
    },
    body: {
      fr: [
        'La CSS aide à payer les dépenses de santé (médecin, pharmacie, hôpital, lunettes, dentiste). Elle est gratuite quand les ressources annuelles du foyer sont sous un plafond, et coûte une petite participation au-dessus, jusqu’à ce plafond augmenté de 35 %.',
        'Le plafond dépend du nombre de personnes du foyer et est revalorisé chaque 1er avril. L’Assurance maladie (CPAM) la gère ; un seul dossier suffit pour tout le foyer.',
      ],
      en: [
        'The CSS helps you pay for health care (doctor, pharmacy, hospital, glasses, dentist). It is free when the household’s yearly income is under a ceiling, and costs a small contribution above it, up to that ceiling plus 35 %.',
        'The ceiling depends on the number of people in the household and is revised every 1 April. The Assurance maladie (CPAM) handles it; one claim covers the whole household.',
      ],
    },
    url: sp('F10027'),
    urlText: onSp,
  },
  ARS: {
    id: 'benefit-ars',
    title: {
      fr: 'L’allocation de rentrée scolaire (ARS)',
      en: 'The back-to-school allowance (ARS)',
    },
    body: {
      fr: [
        'L’ARS aide à payer la rentrée des enfants de 6 à 18 ans qui vont à l’école ou sont apprentis, sous un plafond de ressources qui dépend du nombre d’enfants.',
        'Elle est versée une fois, à la rentrée, par la Caf (ou la MSA) ; pour un enfant de 16 à 18 ans, il faut déclarer qu’il est toujours scolarisé.',
      ],
      en: [
        'The ARS helps pay for the start of the school year of children aged 6 to 18 at school or in an apprenticeship, under an income ceiling that depends on the number of children.',
        'It is paid once, at the start of the school year, by the Caf (or the MSA); for a child aged 16 to 18 you state that the child is still at school.',
      ],
    },
    url: sp('F1878'),
    urlText: onSp,
  },
  CHEQUE_ENERGIE: {
    id: 'benefit-cheque-energie',
    title: { fr: 'Le chèque énergie', en: 'The energy voucher (chèque énergie)' },
    body: {
      fr: [
        'Le chèque énergie aide les foyers aux revenus modestes à payer leurs factures d’énergie (électricité, gaz, fioul, bois). Son montant dépend du revenu fiscal de référence et du nombre de personnes du foyer.',
        'Il est en principe envoyé une fois par an, sans démarche ; sinon, la demande se fait sur chequeenergie.gouv.fr.',
      ],
      en: [
        'The energy voucher helps low-income households pay energy bills (electricity, gas, heating oil, wood). Its amount depends on the reference tax income and the number of people in the household.',
        'It is normally sent once a year without a claim; otherwise you claim on chequeenergie.gouv.fr.',
      ],
    },
    url: sp('F33667'),
    urlText: onSp,
  },
};

export const FAQ_ENTRIES: readonly KnowledgeEntry[] = [
  {
    id: 'faq-relais',
    title: { fr: 'Ce que fait Relais', en: 'What Relais does' },
    body: {
      fr: [
        'Relais transmet entre administrations ce que vous leur avez déjà dit (un déménagement, un changement dans le foyer), à celles que la loi désigne ou que vous avez choisies, pour que vous n’ayez pas à le redire.',
        'Avec votre accord, il regarde aussi si vous avez probablement droit à une aide, et vous l’écrit. Sur ce portail, vous voyez qui a reçu quoi, quand et pourquoi.',
      ],
      en: [
        'Relais passes between public services what you already told one of them (a move, a change in the household), to those the law names or you chose, so that you need not say it again.',
        'With your consent it also checks whether you are probably entitled to a benefit, and tells you. On this portal you see who received what, when and why.',
      ],
    },
    url: 'https://www.service-public.fr',
    urlText: { fr: 'service-public.fr', en: 'service-public.fr' },
    examples: [
      'C’est quoi Relais ?',
      'À quoi sert ce site ?',
      'Comment marche Relais ?',
      'What is Relais?',
      'What does this portal do?',
    ],
  },
  {
    id: 'faq-move',
    title: { fr: 'Déclarer un déménagement', en: 'Telling public services you moved' },
    body: {
      fr: [
        'Quand la mairie enregistre votre déménagement, Relais transmet la nouvelle adresse aux impôts (la loi le prévoit) et aux organismes à qui vous avez donné votre accord (par exemple la Caf ou l’Assurance maladie).',
        'Pour les autres organismes, le service en ligne de changement d’adresse de service-public.fr les prévient en une fois.',
      ],
      en: [
        'When the town hall records your move, Relais passes the new address to the tax office (the law says so) and to the bodies you gave your consent to (for example the Caf or the health insurance).',
        'For the others, service-public.fr’s online change-of-address service tells them all at once.',
      ],
    },
    url: sp('R11193'),
    urlText: {
      fr: 'Le changement d’adresse en ligne',
      en: 'The online change of address',
    },
    examples: [
      'J’ai déménagé, à qui dois-je le dire ?',
      'Dois-je déclarer mon déménagement à chaque administration ?',
      'Faut-il prévenir la Caf de mon changement d’adresse ?',
      'I moved, who do I have to tell?',
      'Do I need to report my new address to every agency?',
    ],
  },
  {
    id: 'faq-safety',
    title: { fr: 'Comment vos données sont protégées', en: 'How your data is protected' },
    body: {
      fr: [
        'Relais ne vend rien et ne transmet une information qu’à une administration autorisée par la loi ou par votre accord, et seulement les champs nécessaires.',
        'Chaque administration vous connaît sous un pseudonyme qui lui est propre ; votre numéro de sécurité sociale ne circule pas. Chaque transmission est inscrite dans un journal que vous voyez ici, avec sa preuve.',
      ],
      en: [
        'Relais sells nothing and passes information only to a public service allowed by law or by your consent, and only the fields it needs.',
        'Each public service knows you under a pseudonym of its own; your social security number does not travel. Every delivery is written in a log you see here, with its proof.',
      ],
    },
    url: 'https://www.cnil.fr/fr/les-droits-pour-maitriser-vos-donnees-personnelles',
    urlText: { fr: 'Vos droits sur vos données (CNIL)', en: 'Your rights over your data (CNIL)' },
    examples: [
      'Mes données sont-elles vendues ?',
      'Est-ce que mes informations sont en sécurité ?',
      'Relais utilise mon numéro de sécurité sociale ?',
      'Is my data sold?',
      'Is my information safe with you?',
    ],
  },
  {
    id: 'faq-rights',
    title: {
      fr: 'Une information fausse, vos droits',
      en: 'Wrong information, your rights',
    },
    body: {
      fr: [
        'Relais transmet ce que l’administration d’origine a enregistré : pour corriger une information, adressez-vous à elle (la mairie pour une adresse, les impôts pour un revenu).',
        'Vous avez un droit d’accès et de rectification ; si une administration ne vous répond pas, vous pouvez saisir la CNIL.',
      ],
      en: [
        'Relais passes on what the originating public service recorded: to correct it, ask that service (the town hall for an address, the tax office for an income).',
        'You have a right of access and correction; if a public service does not answer, you can complain to the CNIL.',
      ],
    },
    url: 'https://www.cnil.fr/fr/plaintes',
    urlText: { fr: 'Adresser une plainte à la CNIL', en: 'Complain to the CNIL' },
    examples: [
      'Une information sur moi est fausse, comment la corriger ?',
      'Mon adresse transmise est erronée',
      'Comment faire une plainte à la CNIL ?',
      'My data is wrong, how do I correct it?',
      'How do I file a complaint about my data?',
    ],
  },
  {
    id: 'faq-proof',
    title: { fr: 'La preuve de chaque transmission', en: 'The proof of each delivery' },
    body: {
      fr: [
        'Chaque transmission est inscrite dans un journal chaîné : chaque ligne contient l’empreinte de la précédente, si bien qu’une ligne modifiée ou retirée se verrait.',
        'Sur la page « Qui a reçu mes données », « Vérifier » recalcule cette preuve pour une ligne.',
      ],
      en: [
        'Every delivery is written in a chained log: each line holds the fingerprint of the one before, so a line changed or removed would show.',
        'On the “Who received my data” page, “Verify” recomputes that proof for one line.',
      ],
    },
    url: '/access-log',
    urlText: { fr: 'Qui a reçu mes données', en: 'Who received my data' },
    examples: [
      'Que veut dire la preuve ?',
      'Comment vérifier qu’une ligne n’a pas été modifiée ?',
      'What is the proof next to each line?',
      'How can I check the log was not tampered with?',
    ],
  },
  {
    id: 'faq-level',
    title: { fr: 'Les lignes masquées', en: 'Hidden lines' },
    body: {
      fr: [
        'Les informations de santé et de handicap ne sont montrées qu’après une connexion d’un niveau de sécurité plus élevé (eIDAS substantiel).',
        'Reconnectez-vous à ce niveau pour les voir.',
      ],
      en: [
        'Health and disability information is shown only after a sign-in at a higher security level (eIDAS substantial).',
        'Sign in again at that level to see it.',
      ],
    },
    url: '/login?level=eidas2',
    urlText: { fr: 'Me reconnecter', en: 'Sign in again' },
    examples: [
      'Pourquoi certaines lignes sont cachées ?',
      'Je ne vois pas mes données de santé',
      'Why are some lines hidden?',
      'Why can’t I see my health data?',
    ],
  },
  {
    id: 'faq-receipt',
    title: { fr: 'Le reçu de votre accord', en: 'The receipt of your consent' },
    body: {
      fr: [
        'Chaque accord donné ou retiré a un reçu signé que vous pouvez télécharger depuis « Mes accords ».',
        'La page « Vérifier un reçu » confirme qu’il est authentique et dit ce qu’il contient.',
      ],
      en: [
        'Every consent given or withdrawn has a signed receipt you can download from “My consents”.',
        'The “Verify a receipt” page confirms it is genuine and says what it holds.',
      ],
    },
    url: '/receipts/verify',
    urlText: { fr: 'Vérifier un reçu', en: 'Verify a receipt' },
    examples: [
      'Où trouver le reçu de mon accord ?',
      'Comment vérifier un reçu ?',
      'Where is the receipt of my consent?',
      'How do I check a receipt?',
    ],
  },
  {
    id: 'faq-preferences',
    title: { fr: 'Comment vous recevez les messages', en: 'How you get messages' },
    body: {
      fr: [
        'Vous choisissez sur la page « Mes préférences » comment recevoir les messages de Relais (sur ce portail, par e-mail, par courrier postal) et en quelle langue.',
      ],
      en: [
        'On the “My preferences” page you choose how Relais’ messages reach you (on this portal, by e-mail, by post) and in which language.',
      ],
    },
    url: '/preferences',
    urlText: { fr: 'Mes préférences', en: 'My preferences' },
    examples: [
      'Comment recevoir les messages par e-mail ?',
      'Changer la langue des courriers',
      'Je veux recevoir les lettres par la poste',
      'How do I get messages by e-mail?',
      'Change the language of my letters',
    ],
  },
];

export const HUMAN_HELP = {
  franceServices: 'https://www.france-services.gouv.fr',
  allo3939: sp('F33683'),
} as const;
