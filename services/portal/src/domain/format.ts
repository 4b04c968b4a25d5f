// Dates and amounts as a French reader expects them (« 28 novembre 2026 », « 10 339 € »), with
// no-break spaces so they never wrap; English pages get English forms. Times in Paris time. Pure.
export type Lang = 'fr' | 'en';

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
