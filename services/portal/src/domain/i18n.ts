// Every word of the portal, in French and English: plain words, short sentences, "vous". Pages
// take the citizen's language and never build a sentence from parts of two. Pure.
import type { Lang } from './format.ts';
import { en } from './words-en.ts';
import { fr, type Messages } from './words-fr.ts';

export type { Lang } from './format.ts';
export const LANGS: readonly Lang[] = ['fr', 'en'];
export const isLang = (v: unknown): v is Lang => v === 'fr' || v === 'en';

export type { Messages } from './words-fr.ts';

export const messages: Readonly<Record<Lang, Messages>> = { fr, en };
export const t = (lang: Lang): Messages => messages[lang];
