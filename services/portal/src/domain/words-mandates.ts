// The words of "who acted for me" (issue 15), in French and English, kept apart from the portal's
// main tables. Pure.
import type { Lang } from '@relais/web/text';

const fr = {
  title: 'Qui a agi pour moi',
  lead: 'Les mandats que vous avez donnés à un guichet France Services, et tout ce que ses agents ont fait — ou tenté — pour vous.',
  mandatesTitle: 'Mes mandats',
  noMandates: 'Vous n’avez donné aucun mandat.',
  mandateOf: (structure: string, date: string) => `${structure} — mandat du ${date}`,
  until: (date: string) => `jusqu’au ${date}`,
  status: { active: 'actif', expired: 'expiré', revoked: 'retiré' } as Record<string, string>,
  scopes: {
    CONSENTS: 'vos consentements',
    NOTICES: 'vos avis et courriers',
    PREFERENCES: 'vos préférences',
    DATA_FLOWS: 'qui a reçu vos données',
  } as Record<string, string>,
  withdrawScope: (scope: string) => `Retirer : ${scope}`,
  withdrawAll: 'Retirer tout le mandat',
  withdrawn: 'C’est fait : le mandat ne permet plus cela, dès maintenant.',
  actionsTitle: 'Ce que les agents ont fait pour moi',
  noActions: 'Aucun agent n’a agi pour vous.',
  actedUnder: (structure: string, date: string) =>
    `Un agent de ${structure} agissant sous votre mandat du ${date}`,
  triedWithout: (structure: string) => `Un agent de ${structure}, sans mandat valable`,
  refused: 'refusé',
  done: 'fait',
  actions: {
    MANDATE_CREATED: 'a créé le mandat',
    MANDATE_SCOPE_REVOKED: 'a retiré une partie du mandat',
    CITIZEN_OPENED: 'a ouvert votre dossier',
    CONSENTS_READ: 'a consulté vos consentements',
    CONSENT_GRANTED: 'a enregistré un consentement pour vous (au guichet)',
    CONSENT_REVOKED: 'a retiré un consentement',
    NOTICES_READ: 'a consulté vos avis',
    NOTICE_READ: 'a lu un avis',
    LETTER_PRINTED: 'a imprimé le courrier d’un avis',
    PREFERENCES_READ: 'a consulté vos préférences',
    PREFERENCES_CHANGED: 'a changé vos préférences',
    DATA_FLOWS_READ: 'a consulté qui a reçu vos données',
  } as Record<string, string>,
  colWho: 'Qui',
  colWhat: 'Quoi',
  colWhen: 'Quand',
  colOutcome: 'Résultat',
};

export type MandateWords = typeof fr;

const en: MandateWords = {
  title: 'Who acted for me',
  lead: 'The mandates you gave a France Services counter, and everything its agents did — or tried — for you.',
  mandatesTitle: 'My mandates',
  noMandates: 'You have given no mandate.',
  mandateOf: (structure, date) => `${structure} — mandate of ${date}`,
  until: (date) => `until ${date}`,
  status: { active: 'active', expired: 'expired', revoked: 'withdrawn' },
  scopes: {
    CONSENTS: 'your consents',
    NOTICES: 'your notices and letters',
    PREFERENCES: 'your preferences',
    DATA_FLOWS: 'who received your data',
  },
  withdrawScope: (scope) => `Withdraw: ${scope}`,
  withdrawAll: 'Withdraw the whole mandate',
  withdrawn: 'Done: the mandate no longer allows this, from now on.',
  actionsTitle: 'What agents did for me',
  noActions: 'No agent has acted for you.',
  actedUnder: (structure, date) => `An agent of ${structure} acting under your mandate of ${date}`,
  triedWithout: (structure) => `An agent of ${structure}, without a valid mandate`,
  refused: 'refused',
  done: 'done',
  actions: {
    MANDATE_CREATED: 'created the mandate',
    MANDATE_SCOPE_REVOKED: 'withdrew part of the mandate',
    CITIZEN_OPENED: 'opened your file',
    CONSENTS_READ: 'read your consents',
    CONSENT_GRANTED: 'recorded a consent for you (at the counter)',
    CONSENT_REVOKED: 'withdrew a consent',
    NOTICES_READ: 'read your notices',
    NOTICE_READ: 'read a notice',
    LETTER_PRINTED: 'printed a notice’s letter',
    PREFERENCES_READ: 'read your preferences',
    PREFERENCES_CHANGED: 'changed your preferences',
    DATA_FLOWS_READ: 'read who received your data',
  },
  colWho: 'Who',
  colWhat: 'What',
  colWhen: 'When',
  colOutcome: 'Outcome',
};

export const mandateWords = (lang: Lang): MandateWords => (lang === 'fr' ? fr : en);
