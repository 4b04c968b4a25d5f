// What identifies a person, to search log lines for: the demo citizens' pivots, their pseudonyms in
// every sector, their names and birth dates (infra/citizens), the postal address and birth date the
// demo gives; and any NIR-shaped number or e-mail address, whoever's.
import type { Citizen } from '@relais/idp';

export interface Needle {
  /** The kind of identifier, and whose. */
  what: string;
  pattern: RegExp;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A word or phrase, whatever its case. */
const word = (what: string, text: string): Needle => ({
  what,
  pattern: new RegExp(`\\b${escape(text)}\\b`, 'i'),
});
/** An identifier, anywhere. */
const exact = (what: string, text: string): Needle => ({ what, pattern: new RegExp(escape(text)) });

/**
 * A French NIR: sex, year, month (01-12, or 20 and 30-42 for the unknown and the special cases),
 * département (or 2A/2B), commune, order, and the key — with or without spaces.
 */
export const NIR =
  /(?<!\d)[12] ?\d{2} ?(?:0[1-9]|1[0-2]|20|3\d|4[0-2]) ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3}(?: ?\d{2})?(?!\d)/;
export const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

export function identifiersOf(
  citizens: Array<
    Pick<Citizen, 'handle' | 'name' | 'identity'> & {
      pivot: string;
      pseudonyms: Record<string, string>;
    }
  >,
): Needle[] {
  return [
    { what: 'NIR-shaped number', pattern: NIR },
    { what: 'e-mail address', pattern: EMAIL },
    ...citizens.flatMap((c) => [
      exact(`${c.handle}'s pivot`, c.pivot),
      ...Object.entries(c.pseudonyms).map(([sector, p]) =>
        exact(`${c.handle}'s ${sector} pseudonym`, p),
      ),
      word(`${c.handle}'s name`, c.name),
      word(`${c.handle}'s given names`, c.identity.given_name),
      word(`${c.handle}'s family name`, c.identity.family_name),
      word(`${c.handle}'s birth date`, c.identity.birthdate),
    ]),
    // What the proactive demo gives as Camille's birth date and postal address.
    word('a birth date of the demo', '1991-06-12'),
    word('a postal address of the demo', 'rue de la République'),
  ];
}

/** Every line that holds one of the needles: `line <n> (<what>): <line>`. */
export function findIdentifiers(lines: readonly string[], needles: readonly Needle[]): string[] {
  return lines.flatMap((line, i) =>
    needles
      .filter((n) => n.pattern.test(line))
      .map((n) => `line ${i} (${n.what}): ${line.slice(0, 600)}`),
  );
}
