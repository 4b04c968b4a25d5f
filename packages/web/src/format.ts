// Dates, numbers and amounts as a French reader expects them (« 28 novembre 2026 », « 10 339 € »),
// with no-break spaces so they never wrap; English pages get English forms. Times in Paris time.
// Pure: the pages of every Relais face (portal, console) share these.
export type Lang = 'fr' | 'en';
export const LANGS: readonly Lang[] = ['fr', 'en'];
export const isLang = (v: unknown): v is Lang => v === 'fr' || v === 'en';

const NBSP = '\u00a0';
const TZ = 'Europe/Paris';

const dateFormats = {
  fr: new Intl.DateTimeFormat('fr-FR', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: TZ,
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: TZ,
  }),
};
const timeFormats = {
  fr: new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone: TZ }),
  en: new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: TZ }),
};
const secondsFormat = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZone: TZ,
});

const parse = (at: string | Date): Date | undefined => {
  const d = typeof at === 'string' ? new Date(at) : at;
  return Number.isNaN(d.getTime()) ? undefined : d;
};

/** « 28 novembre 2026 » / "28 November 2026"; '' for a date that is not one. */
export function formatDate(at: string | Date, lang: Lang): string {
  const d = parse(at);
  return d ? dateFormats[lang].format(d).replace(/ /g, NBSP) : '';
}

/** « 28 novembre 2026 à 14 h 05 » / "28 November 2026 at 14:05". */
export function formatDateTime(at: string | Date, lang: Lang): string {
  const d = parse(at);
  if (!d) return '';
  const [h, m] = timeFormats[lang].format(d).split(':');
  return lang === 'fr'
    ? `${formatDate(d, lang)}${NBSP}à ${h}${NBSP}h${NBSP}${m}`
    : `${formatDate(d, lang)} at ${h}:${m}`;
}

/**
 * « 28 novembre 2026 à 14:05:09 » / "28 November 2026 at 14:05:09": to the second, for operators
 * who line events up.
 */
export function formatInstant(at: string | Date, lang: Lang): string {
  const d = parse(at);
  if (!d) return '';
  return `${formatDate(d, lang)}${lang === 'fr' ? `${NBSP}à ` : ' at '}${secondsFormat.format(d)}`;
}

/** « 10 339 » (narrow no-break space between thousands) / "10,339". */
export function formatNumber(n: number, lang: Lang, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    maximumFractionDigits,
  }).format(n);
}

/** « 10 339 € » (narrow no-break space between thousands, no-break space before €). */
export function formatEuros(cents: number, lang: Lang): string {
  const euros = cents / 100;
  const whole = Number.isInteger(euros);
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    style: 'currency',
    currency: 'EUR',
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(euros);
}

/** The calendar date YYYY-MM-DD of an instant in Paris (what a date field shows). */
export function parisDay(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(at);
}
