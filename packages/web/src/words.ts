// The words every face's frame says the same way, in French and English; a face spreads them into
// its own words. Pure.
import type { Lang } from './format.ts';

export interface FrameWordsOf {
  /** « République<br>Française »: trusted markup. */
  republic: string;
  skipLinks: string;
  skipToContent: string;
  skipToNav: string;
  switchTo: string;
  switchLang: Lang;
  switchLabel: string;
  mainNav: string;
  signOut: string;
  errorSummaryTitle: string;
  errorPrefix: string;
}

export const FRAME_WORDS: Readonly<Record<Lang, FrameWordsOf>> = {
  fr: {
    republic: 'République<br>Française',
    skipLinks: 'Accès rapide',
    skipToContent: 'Aller au contenu',
    skipToNav: 'Aller au menu',
    switchTo: 'English',
    switchLang: 'en',
    switchLabel: 'Read this page in English',
    mainNav: 'Menu principal',
    signOut: 'Se déconnecter',
    errorSummaryTitle: 'Il y a un problème',
    errorPrefix: 'Erreur : ',
  },
  en: {
    republic: 'République<br>Française',
    skipLinks: 'Quick access',
    skipToContent: 'Skip to content',
    skipToNav: 'Skip to menu',
    switchTo: 'Français',
    switchLang: 'fr',
    switchLabel: 'Lire cette page en français',
    mainNav: 'Main menu',
    signOut: 'Sign out',
    errorSummaryTitle: 'There is a problem',
    errorPrefix: 'Error: ',
  },
};

/** The keys of a table of words whose value is a plain string (the messages a form error names). */
export type StringKey<T> = { [K in keyof T]: T[K] extends string ? K : never }[keyof T];

/** A form's error: the id of the field the summary links to, and the message's key. */
export interface FieldError<K extends string> {
  field: string;
  message: K;
}

/** The words of the pages every face answers the same way (each face says them its way). */
export interface StandardWords {
  expiredTitle: string;
  expiredLead: string;
  csrfTitle: string;
  csrfLead: string;
  notFoundTitle: string;
  notFoundLead: string;
  signIn: string;
  backHome: string;
}

export type StandardPage = 'expired' | 'csrf' | 'notFound';

/**
 * A page every face answers the same way, with its status: a post without a live session (401),
 * a form whose CSRF token is missing or wrong (403), a page that is not there (404).
 */
export function standardMessage(
  w: StandardWords,
  page: StandardPage,
): { title: string; lead: string; link: { href: string; text: string }; status: number } {
  const home = { href: '/', text: w.backHome };
  if (page === 'expired') {
    const link = { href: '/login', text: w.signIn };
    return { title: w.expiredTitle, lead: w.expiredLead, link, status: 401 };
  }
  if (page === 'csrf') return { title: w.csrfTitle, lead: w.csrfLead, link: home, status: 403 };
  return { title: w.notFoundTitle, lead: w.notFoundLead, link: home, status: 404 };
}
