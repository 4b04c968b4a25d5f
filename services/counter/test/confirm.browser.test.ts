// A citizen confirms a new mandate by signing in once on the agent's screen, FranceConnect-style
// (issue 15 §1), in real headless Chromium on the real chain: Nadia (France Services Lyon 8e)
// starts Camille's mandate, Camille signs in at the local provider (citizens' client, eidas1) and
// the mandate is created for her alone; the provider signs her out again; Nadia's session is the
// same cookie before and after, and no citizen session is left at the counter. Then the refusals:
// someone else signs in for Camille (journaled to her), the confirmation replayed, the citizen's
// callback at the agents' callback, a callback without an agent's session. Then Camille's
// preferences at the counter (read, changed, journaled), her data flows refused (her mandate does
// not grant them), her preferences scope withdrawn by Nadia and refused after; Lucienne's data
// flows, once the CAF received her new address. Screenshots: .relais/screenshots/counter-confirm-*.png.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishHome, type Json } from '@relais/harness';
import { waitFor } from '@relais/testkit';
import { checkAtWidths, launchChromium, skipBrowser, watchedPage } from '@relais/testkit/browser';
import { fillIdentity, refusalCounter, tick } from './support/browser.ts';
import { startWorld, type World } from './support/world.ts';

const SHOTS = path.resolve(import.meta.dirname, '..', '..', '..', '.relais', 'screenshots');
let world: World;
let browser: Browser | undefined;
const problems: string[] = [];
const failures: string[] = [];
const { figures: refusals, attempt } = refusalCounter();

beforeAll(async () => {
  if (skipBrowser) return;
  mkdirSync(SHOTS, { recursive: true });
  world = await startWorld();
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  console.log(
    `counter confirmation refusals: ${refusals.attempts} attempts, ${refusals.successes} successes`,
  );
  await browser?.close();
  await world?.close();
});

async function signInAgent(page: Page, name: string): Promise<void> {
  await page.goto(`${world.url}/login`);
  await page.getByLabel(name).check();
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${world.url}/**`);
}

/** Nadia's form for Camille, confirmed by sign-in; answers at the provider's login page. */
async function startForCamille(page: Page): Promise<void> {
  await page.goto(`${world.url}/mandates/new`);
  await fillIdentity(page, world.camille.identity);
  await tick(page, 'consentements');
  await tick(page, 'préférences');
  await tick(page, '1 jour');
  await tick(page, 'En présence de l’usager');
  await tick(page, 'Il se connecte une fois sur cet écran');
  await page.getByRole('button', { name: 'Créer le mandat' }).click();
  await page.waitForURL(`${world.idp.url}/**`);
}

/** The citizen picks her account at the provider and shares her identity. */
async function citizenSignsIn(page: Page, name: string): Promise<void> {
  await page.getByLabel(name).check();
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('button', { name: 'Transmettre et continuer' }).click();
}

/** The provider asks her to confirm signing out; back at the counter. */
async function citizenSignsOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Me déconnecter' }).click();
  await page.waitForURL(`${world.url}/**`);
}

const camilleCall = (method: string, url: string) =>
  world.relais.call(world.relais.consent.url, method, url, world.camille.token);

async function check(page: Page, label: string): Promise<void> {
  await checkAtWidths(page, {
    label,
    widths: [375, 1280],
    failures,
    shot: (w) => path.join(SHOTS, `counter-confirm-${label}-${w}.png`),
  });
}

describe.skipIf(skipBrowser)(
  'a citizen confirms a mandate by signing in on the agent’s screen',
  () => {
    let callbackUrl = '';
    let camilleFile = '';

    it('Camille signs in once; the mandate is hers, Nadia’s session unchanged, none of hers kept', async () => {
      const { page, context } = await watchedPage(browser!, problems);
      await signInAgent(page, 'Nadia Benkirane');
      const sessionOf = async () =>
        (await context.cookies(world.url)).find((c) => c.name === 'relais-counter-session')?.value;
      const before = await sessionOf();
      await page.goto(`${world.url}/mandates/new`);
      await check(page, 'new-fr');
      await page.getByRole('link', { name: 'English' }).click();
      await check(page, 'new-en');
      await page.getByRole('link', { name: 'Français' }).click();

      const callback = page.waitForRequest((r) => r.url().includes('/mandates/confirm/callback'));
      await startForCamille(page);
      await citizenSignsIn(page, 'Camille Martin');
      callbackUrl = (await callback).url();
      await citizenSignsOut(page);
      expect(page.url()).toMatch(/\/mandates\/[0-9a-f-]{36}$/);
      camilleFile = page.url();
      expect(await page.getByRole('status').textContent()).toContain('confirmé par la connexion');
      expect(await page.locator('.fr-header').textContent()).toContain('Nadia Benkirane');
      await check(page, 'mandate-fr');

      // The agent's session is the same cookie; no confirmation cookie, no citizen session is left.
      expect(await sessionOf()).toBe(before);
      const names = (await context.cookies(world.url)).map((c) => c.name);
      expect(
        names.filter((n) => n !== 'relais-counter-session' && n !== 'relais-counter-lang'),
      ).toEqual([]);
      const mandates = (await camilleCall('GET', '/v1/me/mandates')).body.mandates as Json[];
      expect(mandates).toHaveLength(1);
      expect(mandates[0]).toMatchObject({ confirmation: 'FRANCECONNECT', attestationId: null });
      expect(
        (
          await world.relais.call(
            world.relais.consent.url,
            'GET',
            '/v1/me/mandates',
            world.lucienne.token,
          )
        ).body.mandates,
      ).toEqual([]);
    });

    it('refuses anyone else, a replay, the agents’ callback and a browser without an agent — journaled', async () => {
      const { page } = await watchedPage(browser!, problems);
      await signInAgent(page, 'Nadia Benkirane');
      // Yanis signs in where Camille should: refused, no mandate, journaled to Camille.
      await startForCamille(page);
      await citizenSignsIn(page, 'Yanis Benali');
      const refused = page.waitForResponse((r) => r.url().includes('/mandates/confirm/done'));
      await citizenSignsOut(page);
      expect(attempt((await refused).status())).toBe(403);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(
        'Confirmation refusée',
      );
      await check(page, 'mismatch-fr');
      expect(((await camilleCall('GET', '/v1/me/mandates')).body.mandates as Json[]).length).toBe(
        1,
      );
      const acts = (await camilleCall('GET', '/v1/me/counter-actions')).body.actions as Json[];
      expect(acts).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            action: 'MANDATE_CREATED',
            outcome: 'REFUSED',
            structureName: 'France Services Lyon 8e',
          }),
        ]),
      );

      // Camille's confirmation replayed: used once.
      expect(attempt((await page.goto(callbackUrl))?.status())).toBe(400);
      // Her callback's code and state at the agents' callback: no sign-in under way there.
      const asAgent = callbackUrl.replace('/mandates/confirm/callback', '/auth/callback');
      expect(attempt((await page.goto(asAgent))?.status())).toBe(400);
      // Nadia is still Nadia.
      expect((await page.goto(`${world.url}/`))?.status()).toBe(200);
      expect(await page.locator('.fr-header').textContent()).toContain('Nadia Benkirane');
      // A browser with no agent's session: sent to the agents' sign-in, nothing confirmed.
      const bare = await fetch(callbackUrl, { redirect: 'manual' });
      expect(attempt(bare.status)).toBe(303);
      expect(bare.headers.get('location')).toMatch(/^\/login\?/);
      expect(((await camilleCall('GET', '/v1/me/mandates')).body.mandates as Json[]).length).toBe(
        1,
      );
      expect(refusals.successes).toBe(0);
    });

    it('Camille’s preferences at the counter; her data flows refused; a scope withdrawn, refused after', async () => {
      const { page } = await watchedPage(browser!, problems);
      await signInAgent(page, 'Nadia Benkirane');
      await page.goto(camilleFile);
      await page.getByRole('link', { name: 'Voir et modifier ses préférences' }).click();
      await check(page, 'preferences-fr');
      await tick(page, 'Par courrier postal');
      await page.getByRole('button', { name: 'Enregistrer ses préférences' }).click();
      expect(await page.locator('.fr-error-text').first().textContent()).toContain('nom');
      await check(page, 'preferences-errors-fr');
      await page.getByLabel('Nom sur l’enveloppe').fill('C. MARTIN');
      await page.getByLabel('Ligne 1', { exact: true }).fill('12 rue de la République');
      await page.getByLabel('Ligne 2', { exact: true }).fill('69002 Lyon');
      await page.getByRole('button', { name: 'Enregistrer ses préférences' }).click();
      expect(await page.getByRole('status').textContent()).toContain('Préférences enregistrées');
      expect(await page.getByLabel('Ligne 2', { exact: true }).inputValue()).toBe('69002 Lyon');
      await page.getByRole('link', { name: 'English' }).click();
      // The language switch comes back to this very page (its mandate id included).
      expect(new URL(page.url()).pathname).toMatch(/^\/mandates\/[^/]+\/preferences$/);
      await check(page, 'preferences-en');
      await page.getByRole('link', { name: 'Français' }).click();

      // Her mandate does not grant her data flows: refused by the consent service, journaled.
      expect(attempt((await page.goto(`${camilleFile}/data-flows`))?.status())).toBe(403);
      // Nadia withdraws the preferences scope; the next look at them is refused.
      await page.goto(camilleFile);
      await page.getByRole('button', { name: 'Retirer du mandat — préférences' }).click();
      expect(await page.getByRole('status').textContent()).toContain('retiré du mandat');
      await check(page, 'scope-withdrawn-fr');
      expect(attempt((await page.goto(`${camilleFile}/preferences`))?.status())).toBe(403);
      const acts = (await camilleCall('GET', '/v1/me/counter-actions')).body.actions as Json[];
      const outcome = (action: string, o: string) =>
        acts.some((a) => a['action'] === action && a['outcome'] === o);
      expect(outcome('PREFERENCES_CHANGED', 'DONE')).toBe(true);
      expect(outcome('MANDATE_SCOPE_REVOKED', 'DONE')).toBe(true);
      expect(outcome('DATA_FLOWS_READ', 'REFUSED')).toBe(true);
      expect(outcome('PREFERENCES_READ', 'REFUSED')).toBe(true);
      const mandate = ((await camilleCall('GET', '/v1/me/mandates')).body.mandates as Json[])[0];
      expect(mandate?.['scopes']).toEqual(['CONSENTS']);

      // Lucienne (attestation): once the CAF received her new address, who received her data.
      await page.goto(`${world.url}/mandates/new`);
      await fillIdentity(page, world.lucienne.identity);
      await tick(page, 'consentements');
      await tick(page, 'qui a reçu ses données');
      await tick(page, '31 jours');
      await tick(page, 'En présence de l’usager');
      await page.getByLabel('Numéro de l’attestation signée').fill('FS-LYON8-0002');
      await page.getByRole('button', { name: 'Créer le mandat' }).click();
      const lucienneFile = page.url();
      await page.getByLabel('Donner un consentement au guichet').selectOption('address-update');
      await page.getByRole('button', { name: 'Enregistrer le consentement' }).click();
      await publishHome(world.relais, world.lucienne);
      await waitFor(
        async () => {
          await page.goto(`${lucienneFile}/data-flows`);
          return (await page.locator('#flows tbody tr').count()) > 0;
        },
        { what: 'the CAF’s receipt of her address, at the counter', timeoutMs: 30_000 },
      );
      await check(page, 'data-flows-fr');
      await page.getByRole('link', { name: 'English' }).click();
      expect(new URL(page.url()).pathname).toMatch(/^\/mandates\/[^/]+\/data-flows$/);
      expect(await page.locator('#flows tbody tr').count()).toBeGreaterThan(0);
      await check(page, 'data-flows-en');
      expect(refusals.successes).toBe(0);
    });

    it('no page has an axe-core violation, overflows at 375 px or logs an error', () => {
      expect(failures).toEqual([]);
      expect(problems).toEqual([]);
    });
  },
);
