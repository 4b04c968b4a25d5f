// The pages' words, in French and English. French is the default, as on FranceConnect.
import type { EidasLevel } from '../domain/eidas.ts';
import type { IdentityClaim } from '../domain/claims.ts';
import type { Gender } from '../domain/citizens.ts';
import type { AgentRole } from '../domain/agents.ts';

export type Lang = 'fr' | 'en';
export const LANGS: readonly Lang[] = ['fr', 'en'];

export function isLang(value: unknown): value is Lang {
  return value === 'fr' || value === 'en';
}

export interface Words {
  langName: string;
  /** ' :' in French (no-break space), ':' in English. */
  colon: string;
  switchTo: string;
  brand: string;
  brandNote: string;
  skip: string;
  login: {
    title: string;
    intro: (service: string) => string;
    levelAsked: (level: string) => string;
    reasonLevel: string;
    legend: string;
    reaches: (level: string) => string;
    tooLow: (level: string) => string;
    submit: string;
    cancel: string;
    errorNone: string;
    errorLevel: (name: string, reached: string, asked: string) => string;
    demoNote: string;
  };
  /** The login step for a client of the agents' audience (ProConnect's shape). */
  agentLogin: {
    brandNote: string;
    title: string;
    legend: string;
    errorNone: string;
    demoNote: string;
    roles: Record<AgentRole, string>;
    rolesLine: (roles: string) => string;
  };
  consent: {
    title: (service: string) => string;
    signedInAs: (name: string, level: string) => string;
    intro: (service: string) => string;
    subject: string;
    subjectValue: string;
    none: string;
    submit: string;
    refuse: string;
    note: string;
  };
  errors: {
    summary: string;
    title: string;
    expired: string;
    expiredHelp: string;
    notFound: string;
    badRequest: string;
    server: string;
    protocol: string;
    code: string;
  };
  logout: {
    title: string;
    intro: (service: string) => string;
    submit: string;
    stay: string;
    done: string;
    doneText: string;
  };
  levels: Record<EidasLevel, string>;
  claims: Record<IdentityClaim, string>;
  genders: Record<Gender, string>;
  bornAbroad: string;
  noUsageName: string;
  date: (isoDate: string) => string;
}

const date = (locale: string) => (iso: string) =>
  new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${iso}T00:00:00Z`));

const fr: Words = {
  langName: 'Français',
  colon: '\u00a0:',
  switchTo: 'English',
  brand: 'Relais · identité de démonstration',
  brandNote: 'Fournisseur d’identité local, à la manière de FranceConnect',
  skip: 'Aller au contenu',
  login: {
    title: 'Choisissez votre compte de démonstration',
    intro: (s) => `Le service «\u00a0${s}\u00a0» vous demande de vous identifier.`,
    levelAsked: (l) => `Niveau de garantie demandé\u00a0: ${l}.`,
    reasonLevel:
      'Votre connexion actuelle n’atteint pas le niveau demandé\u00a0: identifiez-vous avec un compte qui l’atteint.',
    legend: 'Comptes de démonstration',
    reaches: (l) => `atteint le niveau ${l}`,
    tooLow: (l) => `n’atteint pas le niveau demandé\u00a0: au plus ${l}`,
    submit: 'Se connecter',
    cancel: 'Annuler et revenir au service',
    errorNone: 'Choisissez un compte de démonstration dans la liste.',
    errorLevel: (n, r, a) =>
      `Le compte de ${n} atteint au plus le niveau ${r}\u00a0; le service demande le niveau ${a}. Choisissez un autre compte.`,
    demoNote:
      'Ces comptes sont fictifs. Aucun mot de passe n’est demandé\u00a0: cette étape tient la place de votre fournisseur d’identité.',
  },
  agentLogin: {
    brandNote: 'Fournisseur d’identité local des agents, à la manière de ProConnect',
    title: 'Choisissez votre compte d’agent de démonstration',
    legend: 'Comptes d’agents de démonstration',
    errorNone: 'Choisissez un compte d’agent dans la liste.',
    demoNote:
      'Ces comptes d’agents sont fictifs. Aucun mot de passe n’est demandé\u00a0: cette étape tient la place du fournisseur d’identité de votre administration.',
    roles: {
      operator: 'opérateur ou opératrice Relais',
      steward: 'responsable des contrats',
      'france-services-agent': 'agent France Services',
    },
    rolesLine: (r) => `Rôles Relais\u00a0: ${r}`,
  },
  consent: {
    title: (s) => `Transmettre vos données à «\u00a0${s}\u00a0»\u00a0?`,
    signedInAs: (n, l) => `Vous êtes connecté·e en tant que ${n}, niveau ${l}.`,
    intro: (s) => `Si vous continuez, «\u00a0${s}\u00a0» recevra les données suivantes\u00a0:`,
    subject: 'Identifiant de connexion',
    subjectValue: 'un identifiant propre à ce service, différent pour chaque service',
    none: 'Aucune donnée d’identité\u00a0: seulement un identifiant propre à ce service.',
    submit: 'Transmettre et continuer',
    refuse: 'Refuser et revenir au service',
    note: 'Ces données viennent de votre fournisseur d’identité. Elles ne sont transmises qu’à ce service.',
  },
  errors: {
    summary: 'Il y a un problème',
    title: 'Une erreur est survenue',
    expired: 'Cette demande de connexion a expiré ou n’existe pas.',
    expiredHelp: 'Revenez sur le service et cliquez à nouveau sur le bouton de connexion.',
    notFound: 'Cette page n’existe pas.',
    badRequest: 'La demande est mal formée.',
    server: 'Le fournisseur d’identité n’a pas pu traiter la demande. Réessayez plus tard.',
    protocol: 'Le service a fait une demande de connexion que le fournisseur d’identité refuse.',
    code: 'Code d’erreur',
  },
  logout: {
    title: 'Se déconnecter\u00a0?',
    intro: (s) => `Le service «\u00a0${s}\u00a0» demande la fin de votre session de connexion.`,
    submit: 'Me déconnecter',
    stay: 'Rester connecté·e',
    done: 'Vous êtes déconnecté·e',
    doneText: 'Votre session auprès du fournisseur d’identité est terminée.',
  },
  levels: {
    eidas1: 'faible (eidas1)',
    eidas2: 'substantiel (eidas2)',
    eidas3: 'élevé (eidas3)',
  },
  claims: {
    given_name: 'Prénoms',
    family_name: 'Nom de naissance',
    preferred_username: 'Nom d’usage',
    birthdate: 'Date de naissance',
    gender: 'Sexe',
    birthplace: 'Lieu de naissance',
    birthcountry: 'Pays de naissance',
    email: 'Adresse électronique',
  },
  genders: { female: 'féminin', male: 'masculin' },
  bornAbroad: 'né·e hors de France',
  noUsageName: 'aucun',
  date: date('fr-FR'),
};

const en: Words = {
  langName: 'English',
  colon: ':',
  switchTo: 'Français',
  brand: 'Relais · demonstration identity',
  brandNote: 'Local identity provider, in the manner of FranceConnect',
  skip: 'Skip to content',
  login: {
    title: 'Choose your demonstration account',
    intro: (s) => `The service “${s}” asks you to identify yourself.`,
    levelAsked: (l) => `Level of assurance asked for: ${l}.`,
    reasonLevel:
      'Your current sign-in does not reach the level asked for: sign in with an account that reaches it.',
    legend: 'Demonstration accounts',
    reaches: (l) => `reaches the ${l} level`,
    tooLow: (l) => `does not reach the level asked for: at most ${l}`,
    submit: 'Sign in',
    cancel: 'Cancel and go back to the service',
    errorNone: 'Choose a demonstration account from the list.',
    errorLevel: (n, r, a) =>
      `${n}’s account reaches the ${r} level at most; the service asks for ${a}. Choose another account.`,
    demoNote:
      'These accounts are fictitious. No password is asked for: this step stands in for your identity provider.',
  },
  agentLogin: {
    brandNote: 'Local identity provider for agents, in the manner of ProConnect',
    title: 'Choose your demonstration agent account',
    legend: 'Demonstration agent accounts',
    errorNone: 'Choose an agent account from the list.',
    demoNote:
      'These agent accounts are fictitious. No password is asked for: this step stands in for your administration’s identity provider.',
    roles: {
      operator: 'Relais operator',
      steward: 'contract steward',
      'france-services-agent': 'France Services agent',
    },
    rolesLine: (r) => `Relais roles: ${r}`,
  },
  consent: {
    title: (s) => `Share your data with “${s}”?`,
    signedInAs: (n, l) => `You are signed in as ${n}, level ${l}.`,
    intro: (s) => `If you continue, “${s}” will receive the following data:`,
    subject: 'Sign-in identifier',
    subjectValue: 'an identifier specific to this service, different for every service',
    none: 'No identity data: only an identifier specific to this service.',
    submit: 'Share and continue',
    refuse: 'Refuse and go back to the service',
    note: 'This data comes from your identity provider. It is sent to this service only.',
  },
  errors: {
    summary: 'There is a problem',
    title: 'Something went wrong',
    expired: 'This sign-in request has expired or does not exist.',
    expiredHelp: 'Go back to the service and press its sign-in button again.',
    notFound: 'This page does not exist.',
    badRequest: 'The request is malformed.',
    server: 'The identity provider could not handle the request. Try again later.',
    protocol: 'The service made a sign-in request that the identity provider refuses.',
    code: 'Error code',
  },
  logout: {
    title: 'Sign out?',
    intro: (s) => `The service “${s}” asks to end your sign-in session.`,
    submit: 'Sign me out',
    stay: 'Stay signed in',
    done: 'You are signed out',
    doneText: 'Your session with the identity provider has ended.',
  },
  levels: {
    eidas1: 'low (eidas1)',
    eidas2: 'substantial (eidas2)',
    eidas3: 'high (eidas3)',
  },
  claims: {
    given_name: 'Given names',
    family_name: 'Birth name',
    preferred_username: 'Usage name',
    birthdate: 'Date of birth',
    gender: 'Sex',
    birthplace: 'Place of birth',
    birthcountry: 'Country of birth',
    email: 'Email address',
  },
  genders: { female: 'female', male: 'male' },
  bornAbroad: 'born outside France',
  noUsageName: 'none',
  date: date('en-GB'),
};

export const WORDS: Record<Lang, Words> = { fr, en };
