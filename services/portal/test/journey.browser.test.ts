// A citizen's whole journey through the portal in real headless Chromium, on the real broker and
// the whole chain (startRelais): sign in at eidas1 → grant CAF the address → the mairie publishes
// a move → the delivery in "who received my data" with a valid proof → revoke → the next move is
// not delivered to the CAF → an income drop gives a notice, shown and opened (the funnel counts
// it) → preferences changed → sign out. Then step-up to eidas2, and the unknown identity.
// Screenshots: /tmp/portal-journey-*.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publish, type Json } from '@relais/harness';
import { launchChromium, skipBrowser } from '@relais/testkit/browser';
import { waitFor } from '@relais/testkit';
import { startWorld, type World } from './support/world.ts';

let world: World;
let browser: Browser | undefined;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  if (skipBrowser) return;
  world = await startWorld();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  page.on('console', (m) => {
    // Pages refused on purpose (400, 403, 404) are reported as failed loads.
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

const shot = (name: string) =>
  page.screenshot({ path: `/tmp/portal-journey-${name}.png`, fullPage: true });

/** The provider's login page: pick the account, sign in, share (unless shared before). */
async function atProvider(name: string): Promise<void> {
  await page.getByLabel(name).check();
  await page.getByRole('button', { name: 'Se connecter' }).click();
  const share = page.getByRole('button', { name: 'Transmettre et continuer' });
  const back = await Promise.race([
    share.waitFor().then(() => false),
    page.waitForURL(`${world.url}/**`).then(() => true),
  ]);
  if (!back) await share.click();
}

/** Ticks a DSFR radio or checkbox by its label (the input itself is drawn by its label). */
async function tick(label: string): Promise<void> {
  await page
    .locator('label.fr-label', { hasText: label })
    .filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) })
    .click();
}

async function accessLog(): Promise<Json[]> {
  const res = await world.relais.call(
    world.relais.consent.url,
    'GET',
    '/v1/me/access-log',
    await world.devToken(),
  );
  return res.body.records as Json[];
}

describe.skipIf(skipBrowser)('the journey', () => {
  let firstMove: string;

  it('signs in at eidas1 through the provider and lands home, in French', async () => {
    await page.goto(world.url);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr');
    await shot('welcome');
    await page.getByRole('button', { name: /S’identifier avec\s+FranceConnect/ }).click();
    await page.waitForURL(`${world.idp.url}/**`);
    expect(new URL(page.url()).searchParams.get('acr_values') ?? 'eidas1').toBe('eidas1');
    await atProvider('Camille Martin');
    await page.waitForURL(`${world.url}/`);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      'Bonjour Camille',
    );
    await shot('home');
  });

  it('grants the CAF her address, and Relais the facts for benefits, in plain words', async () => {
    const caf = world.relais.id('caf');
    await page.goto(`${world.url}/consents/new`);
    await tick('mettre à jour votre adresse');
    await page.locator('#recipient').selectOption(caf);
    await tick('votre adresse');
    await page.getByRole('button', { name: 'Donner mon accord' }).click();
    await page.waitForURL(`${world.url}/consents`);
    await expect(page.getByText('Votre accord est enregistré').count()).resolves.toBe(1);
    await shot('consents');

    await page.goto(`${world.url}/consents/new`);
    await tick('détecter les aides auxquelles vous avez probablement droit');
    await page.locator('#recipient').selectOption(world.relais.id('relais'));
    for (const c of [
      'votre adresse',
      'votre famille et votre foyer',
      'vos revenus',
      'votre emploi',
    ])
      await tick(c);
    await page.getByRole('button', { name: 'Donner mon accord' }).click();
    await page.waitForURL(`${world.url}/consents`);
    expect(await page.getByRole('button', { name: 'Retirer mon accord' }).count()).toBe(2);
  });

  it('downloads the receipt of a consent and verifies it on the page', async () => {
    await page.goto(`${world.url}/consents`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Télécharger le reçu' }).first().click(),
    ]);
    const file = await download.path();
    const { readFileSync } = await import('node:fs');
    const receipt = readFileSync(file, 'utf8');
    expect(receipt).toMatch(/^eyJ/);
    await page.goto(`${world.url}/receipts/verify`);
    await page.getByLabel(/Reçu/).fill(receipt);
    await page.getByRole('button', { name: 'Vérifier le reçu' }).click();
    await expect(page.getByText('Ce reçu est authentique').count()).resolves.toBe(1);
    await shot('receipt');
    await page.getByLabel(/Reçu/).fill(`${receipt.slice(0, -4)}AAAA`);
    await page.getByRole('button', { name: 'Vérifier le reçu' }).click();
    await expect(page.getByText('Ce reçu n’est pas valide').count()).resolves.toBe(1);
  });

  it('shows the mairie’s move delivered to the CAF, with a valid hash-chain proof', async () => {
    firstMove = await publish(
      world.relais,
      'mairie-lyon',
      'fr.gouv.residence.AddressChanged',
      world.camille.pseudonyms['local']!,
      world.relais.facts.move('69002'),
    );
    const caf = world.relais.id('caf');
    await waitFor(
      async () =>
        (await accessLog()).some((r) => r['recipient'].id === caf && r['eventId'] === firstMove),
      { what: 'the delivery to the CAF in the access log', timeoutMs: 30_000 },
    );
    await page.goto(`${world.url}/access-log`);
    const cafName = world.relais.catalog.agencies.find((a) => a.id === caf)!.name;
    await expect(page.getByRole('heading', { name: cafName }).count()).resolves.toBeGreaterThan(0);
    await shot('access-log');
    await page
      .locator('li.portal-item', { has: page.getByRole('heading', { name: cafName }) })
      .getByRole('link', { name: 'Vérifier' })
      .first()
      .click();
    await page.waitForURL(`${world.url}/access-log/**`);
    expect((await page.locator('#proof-status').textContent())?.trim()).toBe('Preuve valide');
    await shot('proof');
  });

  it('withdraws the CAF’s consent in one click: the next move is not delivered to the CAF', async () => {
    const caf = world.relais.id('caf');
    await page.goto(`${world.url}/consents`);
    await page
      .locator('li.portal-item', { hasText: 'mettre à jour votre adresse' })
      .getByRole('button', { name: 'Retirer mon accord' })
      .click();
    await page.waitForURL(`${world.url}/consents`);
    await expect(page.getByText('Votre accord est retiré').count()).resolves.toBe(1);
    const second = await publish(
      world.relais,
      'mairie-lyon',
      'fr.gouv.residence.AddressChanged',
      world.camille.pseudonyms['local']!,
      world.relais.facts.move('69003'),
    );
    // A positive marker: the same move reached Relais (her other consent) and the DGFiP (law).
    const log = await waitFor(
      async () => {
        const records = await accessLog();
        const ofSecond = records.filter((r) => r['eventId'] === second);
        return ofSecond.some((r) => r['recipient'].id === world.relais.id('dgfip')) &&
          ofSecond.some((r) => r['recipient'].id === world.relais.id('relais'))
          ? records
          : undefined;
      },
      { what: 'the second move delivered to the DGFiP and to Relais', timeoutMs: 30_000 },
    );
    expect(log.filter((r) => r['eventId'] === second && r['recipient'].id === caf)).toEqual([]);
    expect(log.filter((r) => r['eventId'] === firstMove && r['recipient'].id === caf)).toHaveLength(
      1,
    );
    const inbox = await world.relais.inbox('caf');
    expect(inbox.map((e) => e['id'])).toContain(firstMove);
    expect(inbox.map((e) => e['id'])).not.toContain(second);
  });

  it('gets a notice when her income drops, reads it (the funnel counts it opened)', async () => {
    const r = world.relais;
    await publish(
      r,
      'caf',
      'fr.gouv.family.HouseholdCompositionChanged',
      world.camille.pseudonyms['family']!,
      r.facts.household('1991-03-12'),
    );
    await publish(
      r,
      'dgfip',
      'fr.gouv.tax.IncomeAssessed',
      world.camille.pseudonyms['tax']!,
      r.facts.income(2_500_000, r.on.year(-1), '1991-03-12'),
    );
    await publish(
      r,
      'dgfip',
      'fr.gouv.tax.IncomeAssessed',
      world.camille.pseudonyms['tax']!,
      r.facts.income(900_000, r.on.year(), '1991-03-12'),
    );
    const token = await world.devToken();
    await waitFor(
      async () =>
        (
          (await r.call(r.notifier.service.url, 'GET', '/v1/me/notices', token)).body
            .notices as Json[]
        ).length > 0,
      { what: 'the notice', timeoutMs: 45_000 },
    );
    await page.goto(`${world.url}/notices`);
    await expect(page.getByText('Nouveau').count()).resolves.toBe(1);
    await shot('notices');
    await page.getByRole('link', { name: 'Lire le message' }).first().click();
    await page.waitForURL(`${world.url}/notices/**`);
    const text = (await page.locator('article').textContent()) ?? '';
    expect(text).toMatch(/probablement droit/);
    // The explanation, the estimated amount, how to claim.
    for (const heading of ['Ce que nous avons trouvé', 'Combien', 'Comment faire la demande'])
      await expect(page.getByRole('heading', { level: 2, name: heading }).count()).resolves.toBe(1);
    expect(text).toMatch(/\d\u00a0€|\d €/);
    await shot('notice');
    const funnel = await r.call(r.notifier.service.url, 'GET', '/v1/funnel', r.operatorToken());
    const opened = (funnel.body.benefits as Json[]).reduce((n, b) => n + Number(b['opened']), 0);
    expect(opened).toBeGreaterThanOrEqual(1);
    await page.goto(`${world.url}/notices`);
    await expect(page.getByText('Nouveau').count()).resolves.toBe(0);
  });

  it('changes her preferences, with the errors named first', async () => {
    await page.goto(`${world.url}/preferences`);
    await tick('Par courriel');
    await page.getByRole('button', { name: 'Enregistrer mes préférences' }).click();
    await expect(page.locator('#error-summary').count()).resolves.toBe(1);
    await expect(page.evaluate(() => (globalThis as any).document.activeElement.id)).resolves.toBe(
      'error-summary',
    );
    await shot('preferences-error');
    await page.getByLabel(/Adresse électronique/).fill('camille.martin@example.org');
    await page.getByRole('button', { name: 'Enregistrer mes préférences' }).click();
    await expect(page.getByText('Vos préférences sont enregistrées').count()).resolves.toBe(1);
    const prefs = await world.relais.call(
      world.relais.notifier.service.url,
      'GET',
      '/v1/me/notice-preferences',
      await world.devToken(),
    );
    expect(prefs.body).toMatchObject({
      channels: ['PORTAL', 'EMAIL'],
      email: 'camille.martin@example.org',
    });
  });

  it('steps up to eidas2 for revoking everything, with the same account', async () => {
    await page.goto(`${world.url}/consents/revoke-all`);
    await page.waitForURL(`${world.idp.url}/**`);
    await expect(
      page.getByText('Votre connexion actuelle n’atteint pas le niveau demandé').count(),
    ).resolves.toBe(1);
    await atProvider('Camille Martin');
    await page.waitForURL(`${world.url}/consents/revoke-all`);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      'Retirer tous mes accords',
    );
    await shot('revoke-all');
  });

  it('signs out (RP-initiated logout at the provider), back on the portal', async () => {
    await page.goto(world.url);
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(`${world.idp.url}/**`);
    // oidc-provider asks for confirmation; FranceConnect would not.
    await page.getByRole('button', { name: 'Me déconnecter' }).click();
    await page.waitForURL(`${world.url}/signed-out**`);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      'Vous êtes déconnecté·e',
    );
    await page.goto(`${world.url}/consents`);
    await page.waitForURL(`${world.idp.url}/**`);
    expect(problems).toEqual([]);
  });
});
