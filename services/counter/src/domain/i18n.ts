// Every word of the counter, in French and English. Pure.
import type { Lang } from '@relais/web/text';
import { en } from './words-en.ts';
import { fr, type Messages } from './words-fr.ts';

export { isLang, type Lang } from '@relais/web/text';
export type { Messages } from './words-fr.ts';

export const messages: Readonly<Record<Lang, Messages>> = { fr, en };
export const t = (lang: Lang): Messages => messages[lang];
