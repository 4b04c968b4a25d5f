// The console's own forms of time: a field's local Paris time to an instant and back (operators
// type the times they read on the pages, which are in Paris time), an age in days, hours, minutes
// and seconds, and a long hash cut short. Pure: Intl knows the time zone's rules, no clock here.
import type { Lang } from '@relais/web/text';

const TZ = 'Europe/Paris';
const NBSP = '\u00a0';
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The Paris wall-clock fields of an instant. */
function wallClock(at: Date): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of parts.formatToParts(at)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

const offsetMs = (at: Date): number => {
  const w = wallClock(at);
  const asUtc = Date.UTC(
    w['year']!,
    w['month']! - 1,
    w['day']!,
    w['hour']!,
    w['minute']!,
    w['second']!,
  );
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
};

/**
 * `2026-11-02T09:30` read as Paris time (a datetime-local field) → the instant, or undefined when
 * it is not a date and time (or does not exist, as 02:30 on the night clocks go forward).
 */
export function parisLocalToDate(value: string): Date | undefined {
  const m = LOCAL.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as number[];
  const naive = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  const check = new Date(naive);
  if (check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d! || h! > 23 || mi! > 59) {
    return undefined;
  }
  // The offset at the guess, then at the answer (it differs across a change of time).
  let at = new Date(naive - offsetMs(new Date(naive)));
  at = new Date(naive - offsetMs(at));
  const w = wallClock(at);
  if (w['hour'] !== h || w['minute'] !== mi) return undefined;
  return at;
}

/** An instant as a datetime-local field shows it in Paris: `2026-11-02T09:30`. */
export function dateToParisLocal(at: Date): string {
  const w = wallClock(at);
  const two = (n: number | undefined) => String(n ?? 0).padStart(2, '0');
  return `${w['year']}-${two(w['month'])}-${two(w['day'])}T${two(w['hour'])}:${two(w['minute'])}`;
}

/** « 2 j 4 h », « 12 min 5 s », « 45 s » / "2 d 4 h", "12 min 5 s": the two largest units. */
export function formatAge(seconds: number, lang: Lang): string {
  const s = Math.max(0, Math.floor(seconds));
  const units: Array<[number, string, string]> = [
    [86_400, 'j', 'd'],
    [3_600, 'h', 'h'],
    [60, 'min', 'min'],
    [1, 's', 's'],
  ];
  const out: string[] = [];
  let rest = s;
  for (const [size, fr, en] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || (out.length === 0 && size === 1))
      out.push(`${n}${NBSP}${lang === 'fr' ? fr : en}`);
    if (out.length === 2) break;
    if (out.length === 1 && n === 0) break;
  }
  return out.join(' ');
}

/** The first characters of a hash, for a table cell (the whole value goes in its title). */
export const shortHash = (hash: string, keep = 12): string =>
  hash.length <= keep ? hash : `${hash.slice(0, keep)}…`;
