// Money, dates and HTML, formatted by hand so a notice reads the same on every machine (no ICU
// differences). French spaces are no-break spaces (U+00A0): "12 345,67 €" never splits across
// lines, and U+00A0 exists in the PDF standard fonts' encoding where U+202F does not.
import type { Language, ValueUnit } from './types.ts';

export const NBSP = '\u00a0';

function groupThousands(n: number, separator: string): string {
  const digits = String(n);
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += separator;
    out += digits[i];
  }
  return out;
}

/**
 * Euro cents as a citizen reads them: "12 345,67 €" in French, "€12,345.67" in English; whole
 * euros without decimals ("9 800 €", "€9,800"). The sign is dropped: sentences say whether it is
 * paid or received.
 */
export function formatEuros(cents: number, language: Language): string {
  const abs = Math.round(Math.abs(cents));
  const euros = Math.floor(abs / 100);
  const rest = abs % 100;
  const decimals = rest === 0 ? '' : String(rest).padStart(2, '0');
  if (language === 'FR') {
    return `${groupThousands(euros, NBSP)}${decimals ? `,${decimals}` : ''}${NBSP}€`;
  }
  return `€${groupThousands(euros, ',')}${decimals ? `.${decimals}` : ''}`;
}

/** A whole number the French or English way ("12 345", "12,345"). */
export function formatCount(n: number, language: Language): string {
  const s = groupThousands(Math.abs(Math.trunc(n)), language === 'FR' ? NBSP : ',');
  return n < 0 ? `-${s}` : s;
}

const INTEGER = /^-?\d+$/;

/** Euro cents given as digits ("1234500"); anything else is shown as it is. */
export function moneyText(value: string | undefined, language: Language): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  return INTEGER.test(v) ? formatEuros(Number(v), language) : v;
}

/** A value read according to its unit (unknown conditions). */
export function valueText(
  value: string | undefined,
  unit: ValueUnit | undefined,
  language: Language,
): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  switch (unit) {
    case 'EUR-cents':
      return moneyText(v, language);
    case 'count':
      return INTEGER.test(v) ? formatCount(Number(v), language) : v;
    case 'percent':
      return /^-?\d+(\.\d+)?$/.test(v)
        ? `${language === 'FR' ? v.replace('.', ',') : v}${language === 'FR' ? `${NBSP}%` : '%'}`
        : v;
    case 'years':
      return INTEGER.test(v) ? (language === 'FR' ? `${v} ans` : `${v} years`) : v;
    default:
      return v;
  }
}

const MONTHS_FR = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "2025-04-01" → "1er avril 2025" / "1 April 2025"; anything else is returned as it is. */
export function formatDate(date: string, language: Language): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  const [, y, mo, d] = m;
  const day = Number(d);
  const month = (language === 'FR' ? MONTHS_FR : MONTHS_EN)[Number(mo) - 1];
  if (!month || day < 1 || day > 31) return date;
  if (language === 'FR') return `${day === 1 ? '1er' : day} ${month} ${y}`;
  return `${day} ${month} ${y}`;
}

/** The period of a notice in a sentence: "en 2026", "pour l'année scolaire 2025-2026". */
export function periodText(period: string, language: Language): string {
  if (/^\d{4}$/.test(period)) return language === 'FR' ? `en ${period}` : `in ${period}`;
  if (/^\d{4}-\d{4}$/.test(period)) {
    return language === 'FR' ? `pour l’année scolaire ${period}` : `for the ${period} school year`;
  }
  return language === 'FR' ? `pour la période ${period}` : `for the period ${period}`;
}

/** "34, 36" → "34 et 36 ans" / "34 and 36". */
export function listText(items: string[], language: Language): string {
  if (items.length <= 1) return items.join('');
  const and = language === 'FR' ? ' et ' : ' and ';
  return `${items.slice(0, -1).join(', ')}${and}${items.at(-1)}`;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"']+/g;

/** Escapes a paragraph, then makes its http(s) addresses links (never `javascript:` and the like). */
export function paragraphHtml(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    let url = match[0];
    // A sentence's closing punctuation is not part of the address.
    const trailing = /[.,;:!?)]+$/.exec(url)?.[0] ?? '';
    url = url.slice(0, url.length - trailing.length);
    const start = match.index;
    out += escapeHtml(text.slice(last, start));
    out += `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
    last = start + url.length;
  }
  return out + escapeHtml(text.slice(last));
}
