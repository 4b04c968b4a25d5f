// Each benefit a notice can be about: its names, who pays it, how to claim it (online and
// without internet). The claim routes come from the official pages listed in `sources` and in
// the README ("Sources for the claim routes"); re-check them when a service changes its site.
import type { Benefit, Language } from './types.ts';

export interface LocalizedText {
  fr: string;
  en: string;
}

export function pick(text: LocalizedText, language: Language): string {
  return language === 'FR' ? text.fr : text.en;
}

export interface ClaimRoute {
  /** The online route, one sentence, followed in the notice by `onlineUrl`. */
  online: LocalizedText;
  onlineUrl: string;
  /** Without internet: the paper form or the office, one or two sentences. */
  paper: LocalizedText;
  /** The official information page (service-public.fr fiche). */
  infoUrl: string;
}

export interface BenefitInfo {
  benefit: Benefit;
  /** The name alone: "Complémentaire santé solidaire", "back-to-school allowance". */
  name: LocalizedText;
  /** The acronym or short name used in French by everyone, English readers included. */
  short: string;
  /** With its article: "la Complémentaire santé solidaire (CSS)". */
  the: LocalizedText;
  /** After "droit"/"entitled": "à la Complémentaire santé solidaire (CSS)", "to the …". */
  to: LocalizedText;
  /** What it is for, one short sentence. */
  what: LocalizedText;
  /** Who decides and pays. */
  payer: LocalizedText;
  /** A yearly amount paid once, said after the amount ("paid once, at the end of August"). */
  oneOff?: LocalizedText;
  claim: ClaimRoute;
  /** Pages the claim route was read from. */
  sources: string[];
}

export const BENEFITS: Readonly<Record<Benefit, BenefitInfo>> = {
  CSS: {
    benefit: 'CSS',
    name: { fr: 'Complémentaire santé solidaire', en: 'Complémentaire santé solidaire' },
    short: 'CSS',
    the: {
      fr: 'la Complémentaire santé solidaire (CSS)',
      en: 'the Complémentaire santé solidaire (CSS)',
    },
    to: {
      fr: 'à la Complémentaire santé solidaire (CSS)',
      en: 'to the Complémentaire santé solidaire (CSS)',
    },
    what: {
      fr: 'Elle aide à payer vos dépenses de santé : médecin, pharmacie, hôpital, lunettes, dentiste.',
      en: 'It is a public top-up health cover. It helps you pay for health care: doctor, pharmacy, hospital, glasses, dentist.',
    },
    payer: {
      fr: 'l’Assurance Maladie (votre caisse primaire, la CPAM)',
      en: 'the Assurance Maladie (national health insurance, your local CPAM)',
    },
    claim: {
      online: {
        fr: 'Faites la demande en ligne dans votre compte ameli, rubrique « Mes démarches »',
        en: 'Claim online in your ameli account, under “Mes démarches”',
      },
      onlineUrl: 'https://www.ameli.fr',
      paper: {
        fr: 'Sans internet : remplissez le formulaire cerfa n° 12504 et déposez-le à votre caisse d’assurance maladie (CPAM). Un seul dossier suffit pour tout le foyer.',
        en: 'Without internet: fill in form cerfa no. 12504 and hand it in to your health insurance office (CPAM). One claim covers the whole household.',
      },
      infoUrl: 'https://www.service-public.fr/particuliers/vosdroits/F10027',
    },
    sources: [
      'https://www.service-public.fr/particuliers/vosdroits/F10027',
      'https://complementaire-sante-solidaire.gouv.fr/en/node/155',
      'https://www.ameli.fr/assure/actualites/acces-aux-soins-demander-la-complementaire-sante-solidaire-c-est-simple-avec-le-compte-ameli',
    ],
  },
  ARS: {
    benefit: 'ARS',
    name: { fr: 'allocation de rentrée scolaire', en: 'back-to-school allowance' },
    short: 'ARS',
    the: {
      fr: 'l’allocation de rentrée scolaire (ARS)',
      en: 'the back-to-school allowance (ARS)',
    },
    to: {
      fr: 'à l’allocation de rentrée scolaire (ARS)',
      en: 'to the back-to-school allowance (ARS)',
    },
    what: {
      fr: 'Elle aide à payer la rentrée de vos enfants de 6 à 18 ans : fournitures, vêtements.',
      en: 'The allocation de rentrée scolaire helps you pay for the start of the school year of your children aged 6 to 18: school supplies, clothes.',
    },
    payer: {
      fr: 'la Caf (ou la MSA si vous dépendez du régime agricole)',
      en: 'the Caf, the family benefits office (or the MSA if you are in the farming scheme)',
    },
    oneOff: {
      fr: 'versés une fois, à la rentrée',
      en: 'paid once, for the start of the school year',
    },
    claim: {
      online: {
        fr: 'Si vous recevez déjà une aide de la Caf, l’ARS est versée sans démarche pour un enfant de 6 à 15 ans. Pour un enfant de 16 à 18 ans, déclarez en ligne qu’il est toujours élève ou apprenti, dans votre espace Mon Compte sur caf.fr',
        en: 'If you already receive a benefit from the Caf, the ARS is paid without a claim for a child aged 6 to 15. For a child aged 16 to 18, state online that the child is still at school or an apprentice, in your “Mon Compte” space on caf.fr',
      },
      onlineUrl: 'https://www.caf.fr',
      paper: {
        fr: 'Si vous ne recevez aucune aide de la Caf : remplissez le dossier de demande (déclaration de situation et de ressources) et envoyez-le à votre Caf.',
        en: 'If you receive no benefit from the Caf: fill in the claim form (statement of situation and income) and send it to your Caf.',
      },
      infoUrl: 'https://www.service-public.fr/particuliers/vosdroits/F1878',
    },
    sources: [
      'https://www.service-public.fr/particuliers/vosdroits/F1878',
      'https://www.infos-nantes.fr/rentree-scolaire-2025-a-16-ans-cette-declaration-est-obligatoire-pour-toucher-lallocation',
      'https://econostrum.info/allocation-de-rentree-scolaire-demander/',
    ],
  },
  RSA: {
    benefit: 'RSA',
    name: { fr: 'revenu de solidarité active', en: 'revenu de solidarité active' },
    short: 'RSA',
    the: {
      fr: 'le revenu de solidarité active (RSA)',
      en: 'the RSA (revenu de solidarité active)',
    },
    to: {
      fr: 'au revenu de solidarité active (RSA)',
      en: 'to the RSA (revenu de solidarité active)',
    },
    what: {
      fr: 'Il vous assure un revenu minimum et un accompagnement vers l’emploi.',
      en: 'It is a minimum income. It comes with support to find work.',
    },
    payer: {
      fr: 'la Caf (ou la MSA), pour votre département',
      en: 'the Caf, the family benefits office (or the MSA), on behalf of your département',
    },
    claim: {
      online: {
        fr: 'Faites la demande en ligne sur caf.fr, rubrique « Mes démarches », puis « Demander le RSA » (ou sur msa.fr si vous dépendez du régime agricole)',
        en: 'Claim online on caf.fr, under “Mes démarches”, then “Demander le RSA” (or on msa.fr if you are in the farming scheme)',
      },
      onlineUrl: 'https://www.caf.fr',
      paper: {
        fr: 'Sans internet : remplissez le formulaire cerfa n° 15481 et déposez-le à la Caf ou à la MSA, aux services de votre département, au CCAS de votre commune ou auprès d’une association habilitée.',
        en: 'Without internet: fill in form cerfa no. 15481 and hand it in to the Caf or the MSA, to your département’s services, to your town’s social action centre (CCAS) or to an approved association.',
      },
      infoUrl: 'https://www.service-public.fr/particuliers/vosdroits/F19775',
    },
    sources: [
      'https://www.service-public.fr/particuliers/vosdroits/F19775',
      'https://service-public.fr/particuliers/vosdroits/R1350?lang=en',
      'https://www.aide-sociale.fr/demande-rsa',
    ],
  },
  PRIME_ACTIVITE: {
    benefit: 'PRIME_ACTIVITE',
    name: { fr: 'prime d’activité', en: 'prime d’activité' },
    short: 'prime d’activité',
    the: {
      fr: 'la prime d’activité',
      en: 'the prime d’activité',
    },
    to: {
      fr: 'à la prime d’activité',
      en: 'to the prime d’activité',
    },
    what: {
      fr: 'Elle complète les revenus des personnes qui travaillent et gagnent peu. Elle est versée chaque mois.',
      en: 'It is a top-up for people who work and earn little. It is paid every month.',
    },
    payer: {
      fr: 'la Caf (ou la MSA si vous dépendez du régime agricole)',
      en: 'the Caf, the family benefits office (or the MSA if you are in the farming scheme)',
    },
    claim: {
      online: {
        fr: 'Faites la demande en ligne sur caf.fr (ou sur msa.fr si vous dépendez du régime agricole)',
        en: 'Claim online on caf.fr (or on msa.fr if you are in the farming scheme)',
      },
      onlineUrl: 'https://www.caf.fr',
      paper: {
        fr: 'Il n’y a pas de formulaire papier : la demande se fait en ligne. Sans internet, votre Caf ou une maison France Services peut vous aider à la faire.',
        en: 'There is no paper form: the claim is made online. Without internet, your Caf or a France Services centre can help you make it.',
      },
      infoUrl: 'https://www.service-public.fr/particuliers/vosdroits/F2882',
    },
    sources: [
      'https://www.service-public.fr/particuliers/vosdroits/F2882',
      'https://uzes.fr/demarches/formalites-administratives/etat-civil/actes-de-naissance?xml=F2882',
      'https://ussel19.fr/demarches/pacs?xml=F33375',
    ],
  },
  AAH: {
    benefit: 'AAH',
    name: { fr: 'allocation aux adultes handicapés', en: 'allocation aux adultes handicapés' },
    short: 'AAH',
    the: {
      fr: 'l’allocation aux adultes handicapés (AAH)',
      en: 'the AAH (allocation aux adultes handicapés)',
    },
    to: {
      fr: 'à l’allocation aux adultes handicapés (AAH)',
      en: 'to the AAH (allocation aux adultes handicapés)',
    },
    what: {
      fr: 'Elle vous assure un minimum de ressources si votre handicap vous empêche de travailler ou limite votre travail.',
      en: 'It is an allowance for disabled adults. It gives you a minimum income if your disability prevents you from working or limits your work.',
    },
    payer: {
      fr: 'la Caf (ou la MSA), après l’accord de la MDPH (maison départementale des personnes handicapées)',
      en: 'the Caf (or the MSA), after the approval of the MDPH (the disability office of your département)',
    },
    claim: {
      online: {
        fr: 'Faites la demande à la MDPH de votre département, en ligne si votre MDPH le propose (service « MDPH en ligne »)',
        en: 'Claim from the MDPH of your département, online if your MDPH offers it (“MDPH en ligne” service)',
      },
      onlineUrl: 'https://mdphenligne.cnsa.fr',
      paper: {
        fr: 'Sans internet : remplissez le formulaire cerfa n° 15692, joignez un certificat médical de moins d’un an (cerfa n° 15695), une pièce d’identité et un justificatif de domicile, et envoyez le tout à votre MDPH.',
        en: 'Without internet: fill in form cerfa no. 15692, add a medical certificate less than one year old (cerfa no. 15695), an identity document and a proof of address, and send them to your MDPH.',
      },
      infoUrl: 'https://www.service-public.fr/particuliers/vosdroits/F12242',
    },
    sources: [
      'https://www.service-public.fr/particuliers/vosdroits/F12242',
      'https://www.service-public.fr/particuliers/vosdroits/R19993?lang=en',
      'https://monparcourshandicap.gouv.fr/demarches/demarches-pour-demander-laah',
      'https://handicap.paris.fr/demarches-mdph',
    ],
  },
  CHEQUE_ENERGIE: {
    benefit: 'CHEQUE_ENERGIE',
    name: { fr: 'chèque énergie', en: 'energy voucher' },
    short: 'chèque énergie',
    the: { fr: 'le chèque énergie', en: 'the energy voucher (chèque énergie)' },
    to: { fr: 'au chèque énergie', en: 'to the energy voucher (chèque énergie)' },
    what: {
      fr: 'Il aide à payer vos factures d’énergie : électricité, gaz, fioul, bois.',
      en: 'It helps you pay your energy bills: electricity, gas, heating oil, wood.',
    },
    payer: {
      fr: 'l’État ; le chèque est envoyé par l’Agence de services et de paiement (ASP)',
      en: 'the State; the voucher is sent by the Agence de services et de paiement (ASP)',
    },
    oneOff: { fr: 'envoyés une fois par an', en: 'sent once a year' },
    claim: {
      online: {
        fr: 'Le chèque est en principe envoyé sans démarche. Si vous ne l’avez pas reçu, faites la demande en ligne sur chequeenergie.gouv.fr',
        en: 'The voucher is normally sent without a claim. If you have not received it, claim online on chequeenergie.gouv.fr',
      },
      onlineUrl: 'https://chequeenergie.gouv.fr',
      paper: {
        fr: 'Sans internet : vous pouvez faire la demande par courrier, ou appeler le 0 805 204 805 (appel gratuit).',
        en: 'Without internet: you can claim by post, or call 0 805 204 805 (free call, in French).',
      },
      infoUrl: 'https://www.service-public.fr/particuliers/vosdroits/F33667',
    },
    sources: [
      'https://chequeenergie.gouv.fr',
      'https://www.service-public.fr/particuliers/vosdroits/F33667',
      'https://www.boursorama.com/actualite-economique/actualites/cheque-energie-le-gouvernement-ouvre-un-guichet-numerique-de-reclamation-8b5dc13167069fe70bce9980efd120ea',
      'https://www.mes-allocs.fr/guides/aide-logement/cheque-energie/cheque-energie-contact',
    ],
  },
  ASPA: {
    benefit: 'ASPA',
    name: {
      fr: 'allocation de solidarité aux personnes âgées',
      en: 'allocation de solidarité aux personnes âgées',
    },
    short: 'ASPA',
    the: {
      fr: 'l’allocation de solidarité aux personnes âgées (ASPA, le « minimum vieillesse »)',
      en: 'the ASPA (allocation de solidarité aux personnes âgées, the old-age minimum income)',
    },
    to: {
      fr: 'à l’allocation de solidarité aux personnes âgées (ASPA)',
      en: 'to the ASPA (allocation de solidarité aux personnes âgées)',
    },
    what: {
      fr: 'Elle complète vos ressources, retraites comprises, jusqu’à un minimum garanti à partir de 65 ans.',
      en: 'It tops up your income, pensions included, to a guaranteed minimum from the age of 65.',
    },
    payer: {
      fr: 'votre caisse de retraite : l’Assurance retraite (Carsat, CNAV), ou la MSA si vous avez travaillé dans l’agriculture',
      en: 'your pension fund: the Assurance retraite (Carsat, CNAV), or the MSA if you worked in farming',
    },
    claim: {
      online: {
        fr: 'Faites la demande en ligne dans votre espace personnel sur lassuranceretraite.fr (ou sur msa.fr si vous dépendez de la MSA)',
        en: 'Claim online in your personal space on lassuranceretraite.fr (or on msa.fr if the MSA pays your pension)',
      },
      onlineUrl: 'https://www.lassuranceretraite.fr',
      paper: {
        fr: 'Sans internet : demandez le formulaire de demande d’ASPA à votre caisse de retraite ou à votre mairie, remplissez-le et envoyez-le à la caisse qui vous verse votre retraite.',
        en: 'Without internet: ask your pension fund or your town hall for the ASPA claim form, fill it in and send it to the fund that pays your pension.',
      },
      infoUrl: 'https://www.service-public.fr/particuliers/vosdroits/F16871',
    },
    sources: [
      'https://www.service-public.fr/particuliers/vosdroits/F16871',
      'https://www.lassuranceretraite.fr',
      'https://www.msa.fr',
    ],
  },
};

export function benefitInfo(benefit: Benefit): BenefitInfo {
  return BENEFITS[benefit];
}
