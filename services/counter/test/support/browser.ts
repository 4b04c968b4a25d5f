// What the counter's Chromium tests share: the refused attempts' figures, a DSFR tick by label,
// the new mandate's identity filled in as on the citizen's identity document, an agent's sign-in.
import type { Page } from 'playwright-core';
import type { PivotIdentity } from '@relais/identity';

/** Every refused attempt, and how many got through (must stay 0). */
export function refusalCounter() {
  const figures = { attempts: 0, successes: 0 };
  return {
    figures,
    /** A refused attempt: counted, and a success when `ok` (default: it answered 200). */
    attempt(status: number | undefined, ok = status === 200): number | undefined {
      figures.attempts += 1;
      if (ok) figures.successes += 1;
      return status;
    },
  };
}

/** Ticks a DSFR radio or checkbox by its label. */
export const tick = (page: Page, label: string) =>
  page.locator('label.fr-label', { hasText: label }).first().click();

/** The new mandate's identity fields, as on the citizen's identity document. */
export async function fillIdentity(page: Page, id: PivotIdentity): Promise<void> {
  await page.getByLabel('Prénoms').fill(id.given_name);
  await page.getByLabel('Nom de naissance').fill(id.family_name);
  await page.getByLabel('Date de naissance').fill(id.birthdate);
  await tick(page, id.gender === 'female' ? 'Femme' : 'Homme');
  await page.getByLabel('Code INSEE de la commune').fill(id.birthplace);
  await page.getByLabel('Code INSEE du pays').fill(id.birthcountry);
}
