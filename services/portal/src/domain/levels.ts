// eIDAS levels (FranceConnect's acr) and what needs which: pages that show health or disability
// data, and revoking every consent at once, need a substantial sign-in (eidas2). Pure.
import type { DataCategory } from '@relais/contracts';

export const EIDAS_LEVELS = ['eidas1', 'eidas2', 'eidas3'] as const;
export type EidasLevel = (typeof EIDAS_LEVELS)[number];

export const isEidasLevel = (v: unknown): v is EidasLevel =>
  typeof v === 'string' && (EIDAS_LEVELS as readonly string[]).includes(v);

/** True when a sign-in at `acr` is at least `required`. */
export function reaches(acr: EidasLevel, required: EidasLevel): boolean {
  return EIDAS_LEVELS.indexOf(acr) >= EIDAS_LEVELS.indexOf(required);
}

/** GDPR art. 9 categories the portal shows only after a substantial sign-in. */
export const STEP_UP_CATEGORIES: ReadonlySet<DataCategory> = new Set(['health', 'disability']);
export const STEP_UP_LEVEL: EidasLevel = 'eidas2';

export const touchesSensitive = (categories: Iterable<string>): boolean =>
  [...categories].some((c) => STEP_UP_CATEGORIES.has(c as DataCategory));
