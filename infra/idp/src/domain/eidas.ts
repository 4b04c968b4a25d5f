// eIDAS levels of assurance as FranceConnect names them in `acr_values` and the `acr` claim:
// eidas1 = low (faible), eidas2 = substantial (substantiel), eidas3 = high (élevé).
// Regulation (EU) 910/2014 art. 8; FranceConnect+ serves eidas2 and eidas3 only.

export const EIDAS_LEVELS = ['eidas1', 'eidas2', 'eidas3'] as const;
export type EidasLevel = (typeof EIDAS_LEVELS)[number];

export function isEidasLevel(value: unknown): value is EidasLevel {
  return typeof value === 'string' && (EIDAS_LEVELS as readonly string[]).includes(value);
}

export function rank(level: EidasLevel): number {
  return EIDAS_LEVELS.indexOf(level) + 1;
}

/** True when a login at `reached` satisfies a request for at least `required`. */
export function satisfies(reached: EidasLevel, required: EidasLevel): boolean {
  return rank(reached) >= rank(required);
}

export type AcrValuesParse =
  { ok: true; levels: EidasLevel[]; minimum: EidasLevel } | { ok: false; reason: string };

/**
 * `acr_values` is required (FranceConnect v2) and lists eIDAS levels separated by spaces. The
 * least of them is what the login must reach: an eidas2 identity satisfies a request for eidas1.
 */
export function parseAcrValues(raw: string | undefined): AcrValuesParse {
  if (raw === undefined || raw.trim() === '') {
    return { ok: false, reason: '"acr_values" is required: eidas1, eidas2 or eidas3' };
  }
  const values = raw.trim().split(/\s+/);
  const unknown = values.filter((v) => !isEidasLevel(v));
  if (unknown.length > 0) {
    return {
      ok: false,
      reason: `"acr_values" accepts eidas1, eidas2 and eidas3 only, got "${unknown.join(' ')}"`,
    };
  }
  const levels = values.filter(isEidasLevel);
  const minimum = levels.reduce((a, b) => (rank(b) < rank(a) ? b : a));
  return { ok: true, levels, minimum };
}
