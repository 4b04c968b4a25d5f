// Every word of the portal, in French and English: plain words, short sentences, "vous". Pages
// take the citizen's language and never build a sentence from parts of two. Pure.
import type { Lang } from '@relais/web/text';
import { en } from './words-en.ts';
import { fr, type Messages } from './words-fr.ts';

export { isLang, LANGS, type Lang } from '@relais/web/text';

export type { Messages } from './words-fr.ts';

export const messages: Readonly<Record<Lang, Messages>> = { fr, en };
export const t = (lang: Lang): Messages => messages[lang];
